#!/usr/bin/env bash
# Deployment script used as a context fixture.
set -euo pipefail

export AWS_SECRET_ACCESS_KEY=ctxval_sh_export_word # expect ctxval_sh_export_word: key=AWS_SECRET_ACCESS_KEY kind=literal env=
export PROD_DATABASE_URL="postgres://deploy:ctxval_sh_export_string@db.example.com/app" # expect ctxval_sh_export_string: key=PROD_DATABASE_URL kind=literal env=production
GITHUB_TOKEN='ctxval_sh_plain_raw' # expect ctxval_sh_plain_raw: key=GITHUB_TOKEN kind=literal env=
readonly STAGING_API_KEY="ctxval_sh_readonly" # expect ctxval_sh_readonly: key=STAGING_API_KEY kind=literal env=staging

deploy() {
  local redis_url="redis://:ctxval_sh_local@localhost:6379" # expect ctxval_sh_local: key=redis_url kind=literal env=development
  SENTRY_AUTH_TOKEN=ctxval_sh_env_prefix ./scripts/release.sh # expect ctxval_sh_env_prefix: key=SENTRY_AUTH_TOKEN kind=literal env=
  npm config set //registry.npmjs.org/:_authToken ctxval_sh_npm_config # expect ctxval_sh_npm_config: key=//registry.npmjs.org/:_authToken kind=literal env=
  curl -H "Authorization: Bearer ctxval_sh_curl_header" https://api.example.com # expect ctxval_sh_curl_header: key=Authorization kind=literal env=
  declare -A secrets
  secrets[test_token]=ctxval_sh_assoc # expect ctxval_sh_assoc: key=test_token kind=literal env=test
}

docker_env=(
  "DOCKER_PASSWORD=ctxval_sh_array_item" # expect ctxval_sh_array_item: key=DOCKER_PASSWORD kind=literal env=
  "REGISTRY=registry.internal"
)

# export SLACK_TOKEN=ctxval_sh_comment
# expect ctxval_sh_comment: key=SLACK_TOKEN kind=comment env=
