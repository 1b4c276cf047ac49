# frozen_string_literal: true

# Rails-style initializer used as a context fixture.
require "stripe"

STRIPE_SECRET_KEY = "ctxval_rb_constant" # expect ctxval_rb_constant: key=STRIPE_SECRET_KEY kind=literal env=
Stripe.api_key = 'ctxval_rb_setter' # expect ctxval_rb_setter: key=api_key kind=literal env=
ENV["PROD_GITHUB_TOKEN"] = "ctxval_rb_env" # expect ctxval_rb_env: key=PROD_GITHUB_TOKEN kind=literal env=production
ENV.store("SENTRY_DSN_STAGING", "ctxval_rb_env_store") # expect ctxval_rb_env_store: key=SENTRY_DSN_STAGING kind=literal env=staging
token = ENV.fetch("SLACK_TOKEN", "ctxval_rb_fetch_default") # expect ctxval_rb_fetch_default: key=SLACK_TOKEN kind=literal env=

client = Stripe::StripeClient.new(api_key: "ctxval_rb_kwarg_new") # expect ctxval_rb_kwarg_new: key=api_key kind=literal env= call=Stripe::StripeClient
Aws.config.update(secret_access_key: "ctxval_rb_kwarg_method") # expect ctxval_rb_kwarg_method: key=secret_access_key kind=literal env= call=update

DATABASE = {
  adapter: "postgresql",
  host: "db.internal",
  password: "ctxval_rb_hash_symbol_key", # expect ctxval_rb_hash_symbol_key: key=password kind=literal env=
  "url" => "postgres://app:ctxval_rb_hash_rocket@db.internal/app", # expect ctxval_rb_hash_rocket: key=url kind=literal env=development
  :test_api_key => "ctxval_rb_symbol_rocket", # expect ctxval_rb_symbol_rocket: key=test_api_key kind=literal env=test
}

class Mailer
  def initialize
    @smtp_password = "ctxval_rb_ivar" # expect ctxval_rb_ivar: key=@smtp_password kind=literal env=
    self.webhook_secret = "ctxval_rb_self" # expect ctxval_rb_self: key=webhook_secret kind=literal env=
  end
end

set :session_secret, "ctxval_rb_sinatra_set" # expect ctxval_rb_sinatra_set: key=session_secret kind=literal env=

# api_key = "ctxval_rb_comment"
# expect ctxval_rb_comment: key=api_key kind=comment env=
