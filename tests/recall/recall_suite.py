#!/usr/bin/env python3
"""Non-circular recall suite (issue 9).

Every case is written from a *format* -- a configuration file syntax, a
framework's documented secret, a published token layout -- never from the
signature database: this script does not open signatures/*.json. Secrets are
fresh random values in the documented alphabet and length (seeded PRNG), so
the suite measures whether the scanner finds credentials it has never seen.

usage: recall_suite.py BINARY [--floors tests/recall/floors.json]
                              [--min-per-form FORM=PCT ...] [--list-misses]
                              [--seed N] [--keep DIR] [--json FILE]
                              [--write-floors FILE]

The whole generated tree is scanned once with
    BINARY scan TREE -f json --fail-on none --show-secrets
A positive case is found when a finding with a location in the case's file
carries a secret equal to or containing the expected secret (for decoded
forms the expected secret is the decoded value; the location must still be
the encoded text's file). A `found-low` case (password hashes) additionally
needs that finding to be at severity low or info. A negative case (a
placeholder, an environment lookup, an identifier, an empty value) is
flagged when any finding at medium or above has a location in its file.

Prints found/total per form and file kind, per form, and per provider for
the provider-token form; exits 1 when a form is below its floor
(floors.json: form -> minimum percent, "ALL" for all positives together,
"negatives-flagged-max" for the most negatives allowed at medium or above;
--min-per-form overrides), 2 when the scan fails or floors.json names an
unknown form. See README.md in this directory.
"""
import argparse
import base64
import binascii
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import urllib.parse
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 20261205

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits
ALNUM = LOWER + UPPER + DIGITS
B62 = DIGITS + UPPER + LOWER  # base62 order used by GitHub/npm checksums
HEX = "0123456789abcdef"
HEXU = "0123456789ABCDEF"
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"
WORDCH = ALNUM + "_"
BASE32 = UPPER + "234567"
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
CRYPT64 = "./" + DIGITS + UPPER + LOWER
# Symbols a password may hold in every file kind used here (no quotes,
# backslash, '#', ';', '<', '&', ':' or whitespace).
PW_SYMBOLS = "!%*+-.=@^_~"
DJANGO_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"
# WordPress salt generator alphabet minus quote and backslash.
WP_ALPHABET = ALNUM + "!@#$%^&*()-_ []{}<>~`+=,.;:/?|"

# A random value never contains these (case-insensitive), nor a character
# repeated four times in a row: the suite must not lean on (or trip over)
# placeholder detection.
BANNED = ("example", "test", "dummy", "sample", "fake", "placeholder", "changeme", "demo", "mock",
          "secret", "passw", "redact", "your", "todo", "fixme", "lorem", "xxx", "abcd", "1234",
          "qwer", "asdf", "none", "null", "true", "false", "foo", "bar", "baz", "key", "token",
          "insecure", "admin", "user", "pass")


class Gen:
    """Seeded generator of unique random values."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used = set()

    def ok(self, v):
        low = v.lower()
        if any(w in low for w in BANNED):
            return False
        run = 1
        for a, b in zip(v, v[1:]):
            run = run + 1 if a == b else 1
            if run >= 4:
                return False
        return v not in self.used

    def s(self, alphabet, n):
        while True:
            v = "".join(self.r.choice(alphabet) for _ in range(n))
            if self.ok(v):
                self.used.add(v)
                return v

    def choice(self, seq):
        return self.r.choice(seq)

    def randint(self, a, b):
        return self.r.randint(a, b)

    def digits(self, n):
        return str(self.r.randint(1, 9)) + self.s(DIGITS, n - 1)

    def pw(self, lo=8, hi=24, symbols=PW_SYMBOLS, min_symbols=0):
        """A password: letters and digits, up to three symbols, first char alnum."""
        while True:
            n = self.r.randint(lo, hi)
            chars = [self.r.choice(ALNUM) for _ in range(n)]
            for _ in range(self.r.randint(min_symbols, 3) if symbols else 0):
                chars[self.r.randint(1, n - 1)] = self.r.choice(symbols)
            v = "".join(chars)
            if (any(c.isdigit() for c in v) and any(c.islower() for c in v) and any(c.isupper() for c in v)
                    and v[0].isalnum() and sum(not c.isalnum() for c in v) >= min_symbols and self.ok(v)):
                self.used.add(v)
                return v

    def user(self):
        return self.choice(["deploy", "svc_app", "jmartin", "backup", "ci-bot", "ops", "app", "reporting",
                            "etl", "webmaster", "mreyes", "kwilson", "root", "postgres", "build"])

    def host(self):
        return self.choice(["db1.prod.brightwave.net", "pg.lumen-analytics.io", "mysql.shopfront.com",
                            "10.20.3.14", "db.internal.tidewater.org", "sql-eu.ordrly.app",
                            "ftp.kestrel-media.com", "files.orbital.dev", "mail.harbor-labs.com"])


def b64(s):
    return base64.b64encode(s.encode()).decode()


def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def crc_token(g, prefix, body_len=30):
    """GitHub / npm format: prefix + 30 base62 + base62(CRC32(random part)), 6 chars."""
    body = g.s(ALNUM, body_len)
    return prefix + body + b62(binascii.crc32(body.encode()) & 0xFFFFFFFF, 6)


def camel(env):
    parts = env.lower().split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


# ---------------------------------------------------------------------------
# Published token formats (provider-token form). Facts: prefix, alphabet and
# length as documented by the provider or in the team's research notes
# credential-facts.md; generators written here, independent of signatures/.
# Each entry: id -> (generator, env var name, URL host, query parameter).
# ---------------------------------------------------------------------------
def _anthropic(g, kind):
    return "sk-ant-" + kind + "-" + g.s(WORDCH + "-", 93) + "AA"


def _mapbox(g):
    payload = json.dumps({"u": g.s(LOWER, 8), "a": "c" + g.s(LOWER + DIGITS, 24)}, separators=(",", ":"))
    head = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return "sk." + head + "." + g.s(B64URL, 22)


PROVIDERS = OrderedDict([
    ("github-classic-pat", (lambda g: crc_token(g, "ghp_"), "GITHUB_TOKEN", "api.github.com", "access_token")),
    ("github-fine-grained-pat", (lambda g: "github_pat_11" + g.s(B62, 20) + "_" + g.s(B62, 59), "GH_TOKEN",
                                 "api.github.com", "access_token")),
    ("github-oauth", (lambda g: crc_token(g, "gho_"), "GITHUB_OAUTH_TOKEN", "api.github.com", "access_token")),
    ("github-app-installation", (lambda g: crc_token(g, "ghs_"), "GITHUB_APP_TOKEN", "api.github.com", "token")),
    ("gitlab-pat", (lambda g: "glpat-" + g.s(ALNUM + "_-", 20), "GITLAB_TOKEN", "gitlab.com", "private_token")),
    ("gitlab-runner", (lambda g: "glrt-" + g.s(ALNUM + "_-", 20), "CI_RUNNER_TOKEN", "gitlab.com", "token")),
    ("slack-bot", (lambda g: "xoxb-" + g.digits(12) + "-" + g.digits(13) + "-" + g.s(ALNUM, 24),
                   "SLACK_BOT_TOKEN", "slack.com", "token")),
    ("slack-user", (lambda g: "xoxp-" + g.digits(12) + "-" + g.digits(12) + "-" + g.digits(13) + "-" + g.s(HEX, 32),
                    "SLACK_USER_TOKEN", "slack.com", "token")),
    ("slack-webhook", (lambda g: "https://hooks.slack.com/services/T" + g.s(UPPER + DIGITS, 8) + "/B" +
                       g.s(UPPER + DIGITS, 10) + "/" + g.s(ALNUM, 24), "SLACK_WEBHOOK_URL", None, None)),
    ("stripe-live-secret", (lambda g: "sk_live_51" + g.s(ALNUM, g.randint(22, 97)), "STRIPE_SECRET_KEY",
                            "api.stripe.com", "key")),
    ("stripe-restricted", (lambda g: "rk_live_51" + g.s(ALNUM, g.randint(22, 97)), "STRIPE_RESTRICTED_KEY",
                           "api.stripe.com", "key")),
    ("stripe-webhook-secret", (lambda g: "whsec_" + g.s(ALNUM, 32), "STRIPE_WEBHOOK_SECRET", None, "secret")),
    ("aws-secret-key", (None, "AWS_SECRET_ACCESS_KEY", None, None)),  # pair, built in place_provider
    ("google-api-key", (lambda g: "AIza" + g.s(ALNUM + "_-", 35), "GOOGLE_API_KEY", "maps.googleapis.com", "key")),
    ("google-oauth-client-secret", (lambda g: "GOCSPX-" + g.s(ALNUM + "_-", 28), "GOOGLE_CLIENT_SECRET",
                                    "oauth2.googleapis.com", "client_secret")),
    ("npm", (lambda g: crc_token(g, "npm_"), "NPM_TOKEN", "registry.npmjs.org", "token")),
    ("pypi", (lambda g: "pypi-AgEIcHlwaS5vcmcCJ" + g.s(B64URL, g.randint(150, 157)), "PYPI_API_TOKEN",
              "upload.pypi.org", "token")),
    ("openai-project", (lambda g: "sk-proj-" + g.s(ALNUM + "_-", 74) + "T3BlbkFJ" + g.s(ALNUM + "_-", 74),
                        "OPENAI_API_KEY", "api.openai.com", "api_key")),
    ("openai-legacy", (lambda g: "sk-" + g.s(ALNUM, 20) + "T3BlbkFJ" + g.s(ALNUM, 20), "OPENAI_KEY",
                       "api.openai.com", "api_key")),
    ("anthropic-api", (lambda g: _anthropic(g, "api03"), "ANTHROPIC_API_KEY", "api.anthropic.com", "api_key")),
    ("anthropic-admin", (lambda g: _anthropic(g, "admin01"), "ANTHROPIC_ADMIN_KEY", "api.anthropic.com",
                         "api_key")),
    ("huggingface", (lambda g: "hf_" + g.s(UPPER + LOWER, 34), "HF_TOKEN", "huggingface.co", "token")),
    ("twilio-api-key", (lambda g: "SK" + g.s(HEX, 32), "TWILIO_API_KEY", "api.twilio.com", "key")),
    ("sendgrid", (lambda g: "SG." + g.s(ALNUM + "_-", 22) + "." + g.s(ALNUM + "_-", 43), "SENDGRID_API_KEY",
                  "api.sendgrid.com", "api_key")),
    ("mailgun", (lambda g: "key-" + g.s(HEX, 32), "MAILGUN_API_KEY", "api.mailgun.net", "api_key")),
    ("shopify-admin", (lambda g: "shpat_" + g.s(HEX, 32), "SHOPIFY_ACCESS_TOKEN", "bluefin-store.myshopify.com",
                       "access_token")),
    ("dockerhub-pat", (lambda g: "dckr_pat_" + g.s(ALNUM + "_-", 27), "DOCKERHUB_TOKEN", "hub.docker.com",
                       "token")),
    ("vault-service", (lambda g: "hvs." + g.s(ALNUM + "_-", g.randint(90, 100)), "VAULT_TOKEN",
                       "vault.brightwave.net:8200", "token")),
    ("terraform-cloud", (lambda g: g.s(ALNUM, 14) + ".atlasv1." + g.s(ALNUM + "_-", 67), "TFE_TOKEN",
                         "app.terraform.io", "token")),
    ("digitalocean", (lambda g: "dop_v1_" + g.s(HEX, 64), "DIGITALOCEAN_ACCESS_TOKEN", "api.digitalocean.com",
                      "token")),
    ("cloudflare-user-token", (lambda g: "cfut_" + g.s(ALNUM, 40) + g.s(HEX, 8), "CLOUDFLARE_API_TOKEN",
                               "api.cloudflare.com", "token")),
    ("supabase-pat", (lambda g: "sbp_" + g.s(LOWER + DIGITS, 40), "SUPABASE_ACCESS_TOKEN", "api.supabase.com",
                      "token")),
    ("sentry-user", (lambda g: "sntryu_" + g.s(HEX, 64), "SENTRY_AUTH_TOKEN", "sentry.io", "token")),
    ("linear", (lambda g: "lin_api_" + g.s(ALNUM, 40), "LINEAR_API_KEY", "api.linear.app", "key")),
    ("notion", (lambda g: "ntn_" + g.s(DIGITS, 11) + g.s(ALNUM, 35), "NOTION_TOKEN", "api.notion.com", "token")),
    ("flyio", (lambda g: "fo1_" + g.s(ALNUM + "_-", 43), "FLY_API_TOKEN", "api.fly.io", "token")),
    ("netlify", (lambda g: "nfp_" + g.s(ALNUM, 36), "NETLIFY_AUTH_TOKEN", "api.netlify.com", "access_token")),
    ("heroku", (lambda g: "HRKU-AA" + g.s(ALNUM + "_-", 58), "HEROKU_API_KEY", "api.heroku.com", "token")),
    ("render", (lambda g: "rnd_" + g.s(ALNUM, 32), "RENDER_API_KEY", "api.render.com", "token")),
    ("atlassian-api", (lambda g: "ATATT3xFfGF0" + g.s(ALNUM + "_-", 170) + "=" + g.s(HEXU, 8), "JIRA_API_TOKEN",
                       "bluefin.atlassian.net", "token")),
    ("bitbucket-app-password", (lambda g: "ATBB" + g.s(ALNUM, 32), "BITBUCKET_APP_PASSWORD", "api.bitbucket.org",
                                "token")),
    ("azure-devops-pat", (lambda g: g.s(ALNUM, 76) + "AZDO" + g.s(ALNUM, 4), "AZURE_DEVOPS_PAT",
                          "dev.azure.com", "token")),
    ("azure-client-secret", (lambda g: g.s(ALNUM, 3) + g.s(DIGITS, 1) + "Q~" + g.s(ALNUM + "_~.-", 34),
                             "AZURE_CLIENT_SECRET", "login.microsoftonline.com", "client_secret")),
    ("age-secret-key", (lambda g: "AGE-SECRET-KEY-1" + g.s(BECH32, 58), "SOPS_AGE_KEY", None, None)),
    ("postman", (lambda g: "PMAK-" + g.s(HEX, 24) + "-" + g.s(HEX, 34), "POSTMAN_API_KEY", "api.getpostman.com",
                 "apikey")),
    ("databricks", (lambda g: "dapi" + g.s(HEX, 32), "DATABRICKS_TOKEN", "adb-4412.azuredatabricks.net", "token")),
    ("grafana-service-account", (lambda g: "glsa_" + g.s(ALNUM, 32) + "_" + g.s(HEX, 8), "GRAFANA_TOKEN",
                                 "grafana.brightwave.net", "token")),
    ("newrelic-user-key", (lambda g: "NRAK-" + g.s(UPPER + DIGITS, 27), "NEW_RELIC_API_KEY", "api.newrelic.com",
                           "api_key")),
    ("pulumi", (lambda g: "pul-" + g.s(HEX, 40), "PULUMI_ACCESS_TOKEN", "api.pulumi.com", "token")),
    ("doppler", (lambda g: "dp.pt." + g.s(ALNUM, 43), "DOPPLER_TOKEN", "api.doppler.com", "token")),
    ("rubygems", (lambda g: "rubygems_" + g.s(HEX, 48), "GEM_HOST_API_KEY", "rubygems.org", "key")),
    ("planetscale", (lambda g: "pscale_tkn_" + g.s(ALNUM + "_-", 43), "PLANETSCALE_SERVICE_TOKEN",
                     "api.planetscale.com", "token")),
    ("groq", (lambda g: "gsk_" + g.s(ALNUM, 52), "GROQ_API_KEY", "api.groq.com", "api_key")),
    ("replicate", (lambda g: "r8_" + g.s(ALNUM, 37), "REPLICATE_API_TOKEN", "api.replicate.com", "token")),
    ("telegram-bot", (lambda g: g.digits(10) + ":AA" + g.s(ALNUM + "_-", 33), "TELEGRAM_BOT_TOKEN", None, None)),
    ("discord-webhook", (lambda g: "https://discord.com/api/webhooks/" + g.digits(19) + "/" +
                         g.s(ALNUM + "_-", 68), "DISCORD_WEBHOOK_URL", None, None)),
    ("square-access-token", (lambda g: "EAAA" + g.s(ALNUM + "_-", 60), "SQUARE_ACCESS_TOKEN",
                             "connect.squareup.com", "access_token")),
    ("mapbox-secret", (_mapbox, "MAPBOX_SECRET_TOKEN", "api.mapbox.com", "access_token")),
    ("alibaba-access-key", (None, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", None, None)),  # pair
    ("buildkite", (lambda g: "bkua_" + g.s(HEX, 40), "BUILDKITE_API_TOKEN", "api.buildkite.com", "access_token")),
    ("prefect", (lambda g: "pnu_" + g.s(ALNUM, 36), "PREFECT_API_KEY", "api.prefect.cloud", "key")),
    ("contentful-pat", (lambda g: "CFPAT-" + g.s(ALNUM + "_-", 43), "CONTENTFUL_MANAGEMENT_TOKEN",
                        "api.contentful.com", "access_token")),
    ("mailchimp", (lambda g: g.s(HEX, 32) + "-us" + str(g.randint(1, 21)), "MAILCHIMP_API_KEY",
                   "us6.api.mailchimp.com", "apikey")),
    ("airtable-pat", (lambda g: "pat" + g.s(ALNUM, 14) + "." + g.s(HEX, 64), "AIRTABLE_API_KEY", "api.airtable.com",
                      "api_key")),
    ("figma", (lambda g: "figd_" + g.s(ALNUM + "_-", 40), "FIGMA_TOKEN", "api.figma.com", "token")),
    ("dynatrace", (lambda g: "dt0c01." + g.s(UPPER + DIGITS, 24) + "." + g.s(UPPER + DIGITS, 64), "DT_API_TOKEN",
                   "bluefin.live.dynatrace.com", "Api-Token")),
    ("perplexity", (lambda g: "pplx-" + g.s(ALNUM, 48), "PERPLEXITY_API_KEY", "api.perplexity.ai", "api_key")),
    ("nuget", (lambda g: "oy2" + g.s(LOWER + DIGITS, 43), "NUGET_API_KEY", "api.nuget.org", "apikey")),
])

PROVIDER_KINDS = ["env", "yaml", "json", "python", "javascript", "typescript", "go", "shell-export", "dockerfile",
                  "docker-compose", "tfvars", "properties", "xml", "markdown-fence", "log-line", "url-query"]


class Suite:
    def __init__(self, seed):
        self.g = Gen(seed)
        self.cases = []
        self.n = 0

    def add(self, form, kind, relpath, text, secret, expect="found", provider=None, same_file=False):
        if same_file:  # another secret of the previous case's file
            path = self.cases[-1]["path"]
        else:
            self.n += 1
            path = "c%04d/%s" % (self.n, relpath)
        if expect != "negative":
            assert secret and (secret in text or expect == "found-decoded"), (form, kind, secret)
        anchor = secret
        if expect == "found-decoded" and secret not in text:
            anchor = encoded_anchor(text, secret)
            assert anchor, (form, kind, "no encoded form of the secret in the text")
        self.cases.append({"form": form, "kind": kind, "path": path, "text": text, "secret": secret,
                           "expect": "found" if expect == "found-decoded" else expect, "provider": provider,
                           "anchor": anchor, "line": line_of(text, anchor)})

    # -- group 1: assignments that are not a quoted key = "value" -----------
    def form1(self):
        g = self.g
        F = "1.yaml-password"
        for i in range(5):
            p = g.pw()
            self.add(F, "config.yml", "config/config.yml",
                     "server:\n  port: 8080\ndatabase:\n  host: %s\n  user: %s\n  password: %s\n  pool: 5\n"
                     % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, "spring application.yml", "src/main/resources/application.yml",
                     "spring:\n  datasource:\n    url: jdbc:postgresql://%s:5432/orders\n    username: %s\n"
                     "    password: %s\n  jpa:\n    open-in-view: false\n" % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, "helm values.yaml", "charts/api/values.yaml",
                     "replicaCount: 2\nimage:\n  repository: registry.brightwave.net/api\n  tag: 1.8.2\n"
                     "postgresql:\n  auth:\n    username: %s\n    password: %s\n    database: api\n" % (g.user(), p), p)
            p = g.pw()
            self.add(F, "ansible group_vars", "inventories/prod/group_vars/all.yml",
                     "---\nansible_user: %s\nsmtp_host: %s\nsmtp_password: %s\nntp_servers:\n  - 0.pool.ntp.org\n"
                     % (g.user(), g.host(), p), p)
        F = "1.yaml-secret-key-base"
        for i in range(4):
            v = g.s(HEX, 128)
            self.add(F, "rails secrets.yml", "config/secrets.yml",
                     "development:\n  secret_key_base: <%%= ENV['DEV_SKB'] %%>\n\nproduction:\n  secret_key_base: %s\n" % v,
                     v)
            v = g.s(HEX, 128)
            self.add(F, "decrypted credentials.yml", "config/credentials.yml",
                     "aws:\n  region: eu-west-1\nsecret_key_base: %s\n" % v, v)
            v = g.s(HEX, 128)
            self.add(F, "app.yml", "deploy/app.yml",
                     "app:\n  name: storefront\n  env: production\n  secret_key_base: %s\n" % v, v)
        F = "1.yaml-api-key"
        for i in range(4):
            v = g.s(HEX, 32)
            self.add(F, "datadog.yaml", "etc/datadog-agent/datadog.yaml",
                     "site: datadoghq.eu\napi_key: %s\nlogs_enabled: true\n" % v, v)
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "service config.yaml", "config/services.yaml",
                     "geocoder:\n  provider: opencage\n  api_key: %s\n  timeout: 5\n" % v, v)
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "compose environment map", "docker-compose.yml",
                     "services:\n  worker:\n    image: bluefin/worker:2\n    environment:\n      api_key: %s\n"
                     "      queue: default\n" % v, v)
        F = "1.properties-password"
        for i in range(4):
            p = g.pw()
            self.add(F, "spring application.properties", "src/main/resources/application.properties",
                     "server.port=8080\nspring.datasource.url=jdbc:mysql://%s:3306/shop\nspring.datasource.username=%s\n"
                     "spring.datasource.password=%s\nspring.jpa.show-sql=false\n" % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, "gradle.properties", "gradle.properties",
                     "org.gradle.jvmargs=-Xmx2g\nsigning.keyId=%s\nsigning.password=%s\nossrhUsername=%s\n"
                     % (g.s(HEXU, 8), p, g.user()), p)
            p = g.pw()
            self.add(F, "hibernate.properties (spaces)", "conf/hibernate.properties",
                     "hibernate.dialect = org.hibernate.dialect.PostgreSQLDialect\nhibernate.connection.username = %s\n"
                     "hibernate.connection.password = %s\n" % (g.user(), p), p)
            p = g.pw()
            self.add(F, "mail.properties (colon)", "conf/mail.properties",
                     "mail.smtp.host: %s\nmail.smtp.port: 587\nmail.smtp.user: %s\nmail.smtp.password: %s\n"
                     % (g.host(), g.user(), p), p)
        F = "1.ini-mixed-case"
        for i in range(5):
            p = g.pw()
            key = g.choice(["AdminPassword", "DbPassword", "ServicePassword", "SqlPassword", "FtpPassword"])
            self.add(F, ".ini", "setup/install.ini",
                     "[Setup]\nInstallDir=C:\\Program Files\\Bluefin\nAdminUser=%s\n%s=%s\nLanguage=en-US\n"
                     % (g.user(), key, p), p)
            p = g.pw()
            key = g.choice(["SmtpPassword", "MailPassword", "LdapBindPassword", "ProxyPassword"])
            self.add(F, ".cfg", "conf/service.cfg",
                     "[Mail]\nSmtpServer = %s\nSmtpUser = %s\n%s = %s\n" % (g.host(), g.user(), key, p), p)
            p = g.pw()
            key = g.choice(["DatabasePassword", "ReplicationPassword", "MasterPassword", "RootPassword"])
            self.add(F, ".conf", "etc/bluefin/bluefin.conf",
                     "[database]\nHost=%s\nPort=5432\n%s=%s\n" % (g.host(), key, p), p)
        F = "1.name-suffix-pass"
        for i in range(4):
            for kind, path, fmt in (
                    (".env", ".env", "APP_ENV=production\n{k}={v}\nLOG_LEVEL=info\n"),
                    ("shell export", "scripts/deploy.sh", "#!/bin/sh\nset -eu\nexport {k}='{v}'\n./migrate --up\n"),
                    ("Dockerfile ENV", "Dockerfile", "FROM python:3.12-slim\nWORKDIR /srv\nENV {k}={v}\nCMD [\"gunicorn\", \"app:app\"]\n"),
                    ("docker-compose env list", "docker-compose.yml",
                     "services:\n  db:\n    image: mariadb:11\n    environment:\n      - {k}={v}\n"),
                    ("python constant", "app/settings_local.py", "DEBUG = False\n{k} = \"{v}\"\n")):
                k = g.choice(["DB_PASS", "SMTP_PWD", "LDAP_PASSWD", "MYSQL_ROOT_PASS", "FTP_PWD", "REDIS_PASS",
                              "ADMIN_PASSWD", "SFTP_PASS", "MQ_PWD"])
                p = g.pw()
                self.add(F, kind, path, fmt.format(k=k, v=p), p)
        F = "1.json-pass-key"
        for i in range(5):
            p = g.pw()
            k = g.choice(["pass", "passwd", "pwd", "db_pass"])
            self.add(F, "config.json", "config/config.json",
                     json.dumps({"db": {"host": g.host(), "user": g.user(), k: p, "port": 5432}}, indent=2) + "\n", p)
            p = g.pw()
            self.add(F, "sftp.json", ".vscode/sftp.json",
                     json.dumps({"name": "prod", "host": g.host(), "protocol": "sftp", "port": 22,
                                 "username": g.user(), "pass": p, "remotePath": "/var/www"}, indent=4) + "\n", p)
            p = g.pw()
            k = g.choice(["Pwd", "Pass", "smtpPass"])
            self.add(F, "servers.json", "servers.json",
                     json.dumps([{"Name": "mail", "Host": g.host(), "User": g.user(), k: p}], indent=2) + "\n", p)
        F = "1.php-define"
        for i in range(5):
            for kind, path, fmt in (
                    ("config.php single quotes", "includes/config.php", "<?php\ndefine('DB_HOST', 'localhost');\ndefine('{k}', '{v}');\n"),
                    ("settings.inc.php double quotes", "config/settings.inc.php",
                     "<?php\ndefine(\"_DB_SERVER_\", \"{h}\");\ndefine(\"{k}\", \"{v}\");\n"),
                    ("constants.php spaced", "app/constants.php", "<?php\n\ndefine( '{k}', '{v}' );\ndefine( 'WP_DEBUG', false );\n")):
                k = g.choice(["DB_PASSWORD", "SMTP_PASS", "MAIL_PWD", "_DB_PASSWD_", "FTP_PASSWORD", "DB_PASS"])
                p = g.pw()
                self.add(F, kind, path, fmt.format(k=k, v=p, h=g.host()), p)
        F = "1.xml-element"
        for i in range(4):
            p = g.pw()
            self.add(F, "maven settings.xml <password>", "ci/maven-settings.xml",
                     "<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>%s</username>\n"
                     "      <password>%s</password>\n    </server>\n  </servers>\n</settings>\n" % (g.user(), p), p)
            p = g.pw()
            self.add(F, "config.xml <secret>", "conf/config.xml",
                     "<?xml version=\"1.0\"?>\n<config>\n  <oauth>\n    <clientId>%s</clientId>\n"
                     "    <secret>%s</secret>\n  </oauth>\n</config>\n" % (g.s(DIGITS, 12), p), p)
            p = g.pw()
            self.add(F, "hibernate.cfg.xml property", "src/main/resources/hibernate.cfg.xml",
                     "<hibernate-configuration>\n  <session-factory>\n    <property name=\"connection.username\">%s</property>\n"
                     "    <property name=\"connection.password\">%s</property>\n  </session-factory>\n"
                     "</hibernate-configuration>\n" % (g.user(), p), p)
            p = g.pw()
            self.add(F, "App.config appSettings", "App.config",
                     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>\n"
                     "    <add key=\"SmtpUser\" value=\"%s\" />\n    <add key=\"SmtpPassword\" value=\"%s\" />\n"
                     "  </appSettings>\n</configuration>\n" % (g.user(), p), p)
        F = "1.keyword-then-value"
        for i in range(4):
            p = g.pw()
            self.add(F, ".esmtprc", ".esmtprc",
                     "hostname %s:587\nusername \"%s\"\npassword \"%s\"\nstarttls required\n" % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, ".fetchmailrc", ".fetchmailrc",
                     "poll %s protocol imap\n  user \"%s\" password \"%s\" is localuser here\n  ssl\n"
                     % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, ".netrc", ".netrc", "machine %s\n  login %s\n  password %s\n" % (g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, "msmtprc", ".msmtprc",
                     "account default\nhost %s\nport 587\nauth on\nuser %s\npassword %s\ntls on\n"
                     % (g.host(), g.user(), p), p)
        F = "1.log-line"
        for i in range(5):
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "app.log", "logs/app.log",
                     "2026-03-02 10:14:07,311 [INFO] worker started\n2026-03-02 10:14:07,402 [DEBUG] Using API_KEY=%s\n"
                     "2026-03-02 10:14:08,019 [INFO] connected\n" % v, v)
            p = g.pw()
            self.add(F, "ci output", "ci/build-output.txt",
                     "$ ./deploy.sh\n+ mysql -h %s -u %s --password=%s shop\nmysql: [Warning] Using a password on the command line"
                     " interface can be insecure.\n" % (g.host(), g.user(), p), p)
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "stderr dump", "var/worker.err",
                     "Traceback (most recent call last):\nrequests.exceptions.HTTPError: 401 for url "
                     "https://api.vendor.io/v2/jobs\n  headers={'X-Api-Key': '%s', 'Accept': 'application/json'}\n" % v, v)
        F = "1.prose-keyword"
        for i in range(5):
            v = g.s(ALNUM, g.randint(24, 32))
            self.add(F, "notes.md", "docs/notes.md",
                     "# Plugin setup\n\nRegister the plugin, then set the autodesk Key=%s in the settings panel.\n" % v, v)
            v = "spu-" + g.s(ALNUM, 32)
            self.add(F, "support ticket", "support/ticket-4471.txt",
                     "Customer reports the sync fails after login.\nUsing token %s from the portal, error 403.\n" % v, v)
            p = g.pw(12, 20)
            self.add(F, "handover README", "HANDOVER.txt",
                     "Ops handover\n\nThe staging database admin password is %s and it is rotated quarterly.\n" % p, p)

    # -- group 2: framework and tool secrets, credential files --------------
    def form2(self):
        g = self.g
        F = "2.django-secret-key"
        for i in range(5):
            v = g.s(DJANGO_ALPHABET, 50)
            self.add(F, "settings.py", "mysite/settings.py",
                     "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                     "SECRET_KEY = '%s'\nDEBUG = False\n" % v, v)
            v = "django-insecure-" + g.s(DJANGO_ALPHABET, 50)
            self.add(F, "settings.py django-insecure", "project/settings/base.py",
                     "import os\n\nSECRET_KEY = \"%s\"\nALLOWED_HOSTS = []\n" % v, v)
            v = g.s(DJANGO_ALPHABET, 50)
            self.add(F, ".env DJANGO_SECRET_KEY", ".env",
                     "DJANGO_SETTINGS_MODULE=mysite.settings\nDJANGO_SECRET_KEY='%s'\n" % v, v)
            v = g.s(DJANGO_ALPHABET, 50)
            self.add(F, "getenv default", "mysite/settings/production.py",
                     "import os\n\nSECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"%s\")\n" % v, v)
        F = "2.rails-secret-key-base"
        for i in range(4):
            v = g.s(HEX, 128)
            self.add(F, "secrets.yml", "config/secrets.yml", "production:\n  secret_key_base: %s\n" % v, v)
            v = g.s(HEX, 32)
            self.add(F, "config/master.key", "config/master.key", v + "\n", v)
            v = g.s(HEX, 32)
            self.add(F, "config/credentials/production.key", "config/credentials/production.key", v, v)
            v = g.s(HEX, 128)
            self.add(F, ".env SECRET_KEY_BASE", ".env", "RAILS_ENV=production\nSECRET_KEY_BASE=%s\n" % v, v)
        F = "2.laravel-app-key"
        for i in range(4):
            v = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(32))).decode()
            self.add(F, ".env", ".env", "APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:%s\nAPP_DEBUG=false\n" % v, v)
            v = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(32))).decode()
            self.add(F, ".env.production", ".env.production", "APP_KEY=base64:%s\nAPP_URL=https://shop.brightwave.net\n" % v, v)
            v = base64.b64encode(bytes(g.r.getrandbits(8) for _ in range(32))).decode()
            self.add(F, "config/app.php default", "config/app.php",
                     "<?php\n\nreturn [\n    'name' => env('APP_NAME', 'Shop'),\n    'key' => env('APP_KEY', 'base64:%s'),\n"
                     "    'cipher' => 'AES-256-CBC',\n];\n" % v, v)
        F = "2.wordpress-keys-salts"
        names = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
                 "LOGGED_IN_SALT", "NONCE_SALT"]
        for kind, path, fmt in (("wp-config.php", "wp-config.php", "define( '{k}', '{v}' );"),
                                ("wp-config.php compact", "public/wp-config.php", "define('{k}','{v}');"),
                                ("Bedrock .env", ".env", "{k}='{v}'")):
            vals = [g.s(WP_ALPHABET.replace("'", ""), 64) for _ in names]
            body = "\n".join(fmt.format(k=k, v=v) for k, v in zip(names, vals))
            text = ("<?php\ndefine( 'DB_NAME', 'wordpress' );\n" + body + "\n$table_prefix = 'wp_';\n") \
                if path.endswith(".php") else ("WP_ENV=production\n" + body + "\n")
            for j, v in enumerate(vals):  # all eight keys live in one file
                self.add(F, kind, path, text, v, same_file=j > 0)
        F = "2.pgpass"
        for i in range(5):
            p = g.pw()
            self.add(F, "~/.pgpass", "home/ops/.pgpass",
                     "localhost:5432:*:postgres:%s\n%s:5432:orders:%s:%s\n" % (g.pw(), g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, "pgpass.conf", "AppData/Roaming/postgresql/pgpass.conf",
                     "%s:5432:analytics:%s:%s\n" % (g.host(), g.user(), p), p)
        F = "2.filezilla"
        for i in range(4):
            p = g.pw()
            self.add(F, "recentservers.xml base64", "FileZilla/recentservers.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FileZilla3 version=\"3.66.4\" platform=\"windows\">\n"
                     "  <RecentServers>\n    <Server>\n      <Host>%s</Host>\n      <Port>21</Port>\n      <Protocol>0</Protocol>\n"
                     "      <Type>0</Type>\n      <User>%s</User>\n      <Pass encoding=\"base64\">%s</Pass>\n"
                     "      <Logontype>1</Logontype>\n    </Server>\n  </RecentServers>\n</FileZilla3>\n"
                     % (g.host(), g.user(), b64(p)), p, "found-decoded")
            p = g.pw()
            self.add(F, "sitemanager.xml base64", "FileZilla/sitemanager.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FileZilla3>\n  <Servers>\n    <Server>\n"
                     "      <Host>%s</Host>\n      <Port>22</Port>\n      <Protocol>1</Protocol>\n      <User>%s</User>\n"
                     "      <Pass encoding=\"base64\">%s</Pass>\n      <Name>prod web</Name>\n    </Server>\n"
                     "  </Servers>\n</FileZilla3>\n" % (g.host(), g.user(), b64(p)), p, "found-decoded")
            p = g.pw()
            self.add(F, "sitemanager.xml plain (FileZilla 2)", "FileZilla/sitemanager.xml",
                     "<?xml version=\"1.0\"?>\n<FileZilla3>\n  <Servers>\n    <Server>\n      <Host>%s</Host>\n"
                     "      <User>%s</User>\n      <Pass>%s</Pass>\n    </Server>\n  </Servers>\n</FileZilla3>\n"
                     % (g.host(), g.user(), p), p)
        F = "2.jetbrains"
        for i in range(4):
            p = g.pw()
            self.add(F, ".idea/webServers.xml", ".idea/webServers.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"WebServers\">\n"
                     "    <option name=\"servers\">\n      <webServer id=\"%s\" name=\"prod\" url=\"https://%s\">\n"
                     "        <fileTransfer host=\"%s\" port=\"22\" rootFolder=\"/var/www\" accessType=\"SFTP\" "
                     "login=\"%s\" password=\"%s\" />\n      </webServer>\n    </option>\n  </component>\n</project>\n"
                     % (g.s(HEX, 8), g.host(), g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, ".idea/dataSources.xml jdbc-url", ".idea/dataSources.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"DataSourceManagerImpl\">\n"
                     "    <data-source source=\"LOCAL\" name=\"orders@prod\" uuid=\"%s\">\n      <driver-ref>postgresql</driver-ref>\n"
                     "      <jdbc-url>jdbc:postgresql://%s:5432/orders?user=%s&amp;password=%s</jdbc-url>\n"
                     "    </data-source>\n  </component>\n</project>\n" % (uuid(g), g.host(), g.user(), p), p)
            p = g.pw()
            self.add(F, ".idea/dataSources.local.xml property", ".idea/dataSources.local.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"dataSourceStorageLocal\">\n"
                     "    <data-source name=\"crm@prod\" uuid=\"%s\">\n      <user-name>%s</user-name>\n"
                     "      <driver-properties>\n        <property name=\"password\" value=\"%s\" />\n"
                     "      </driver-properties>\n    </data-source>\n  </component>\n</project>\n"
                     % (uuid(g), g.user(), p), p)
        F = "2.dbeaver"
        for i in range(4):
            p = g.pw()
            conn = {"provider": "postgresql", "driver": "postgres-jdbc", "name": "prod-orders", "save-password": True,
                    "configuration": {"host": g.host(), "port": "5432", "database": "orders",
                                      "url": "jdbc:postgresql://db:5432/orders", "type": "prod",
                                      "user": g.user(), "password": p, "auth-model": "native"}}
            self.add(F, "data-sources.json", ".dbeaver/data-sources.json",
                     json.dumps({"folders": {}, "connections": {"postgres-jdbc-" + g.s(HEX, 11): conn}}, indent="\t") + "\n",
                     p)
            p = g.pw()
            conn = {"provider": "mysql", "driver": "mysql8", "name": "shop", "save-password": True,
                    "configuration": {"host": g.host(), "port": "3306", "user": g.user(), "password": p}}
            self.add(F, "workspace data-sources.json", "DBeaverData/workspace6/General/.dbeaver/data-sources.json",
                     json.dumps({"connections": {"mysql8-" + g.s(HEX, 11): conn}}, indent="\t") + "\n", p)
        F = "2.docker-auths"
        for i in range(4):
            u, p = g.user(), g.pw()
            self.add(F, ".dockercfg (legacy)", "home/ci/.dockercfg",
                     json.dumps({"https://index.docker.io/v1/": {"auth": b64(u + ":" + p), "email": u + "@brightwave.net"}})
                     + "\n", p, "found-decoded")
            u, p = g.user(), g.pw()
            self.add(F, "config.json docker.io", "home/ci/.docker/config.json",
                     json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64(u + ":" + p)}}}, indent="\t") + "\n",
                     p, "found-decoded")
            u, p = g.user(), g.pw()
            self.add(F, "config.json ghcr.io", ".docker/config.json",
                     json.dumps({"auths": {"ghcr.io": {"auth": b64(u + ":" + p)}}, "credsStore": ""}, indent="\t") + "\n",
                     p, "found-decoded")
            u, p = g.user(), g.pw()
            reg = g.choice(["registry.brightwave.net:5000", "harbor.lumen-analytics.io", "nexus.tidewater.org:8443"])
            text = ("{\n\t\"HttpHeaders\": {\n\t\t\"User-Agent\": \"Docker-Client/24.0.7 (linux)\"\n\t},\n"
                    "\t\"auths\": {\n\t\t\"%s\": {\n\t\t\t\"email\": \"%s@brightwave.net\",\n\t\t\t\"auth\": \"%s\"\n"
                    "\t\t}\n\t}\n}\n" % (reg, u, b64(u + ":" + p)))
            self.add(F, "config.json private registry, auth last", ".docker/config.json", text, p, "found-decoded")
        F = "2.s3cfg"
        for i in range(4):
            ak = "AKIA" + g.s(BASE32, 16)
            sk = g.s(ALNUM + "+/", 40)
            self.add(F, ".s3cfg AWS", "home/ops/.s3cfg",
                     "[default]\naccess_key = %s\nsecret_key = %s\nhost_base = s3.amazonaws.com\n"
                     "host_bucket = %%(bucket)s.s3.amazonaws.com\nuse_https = True\n" % (ak, sk), sk)
            ak = g.s(UPPER + DIGITS, 20)
            sk = g.s(ALNUM + "+/", 40)
            self.add(F, ".s3cfg S3-compatible", ".s3cfg",
                     "[default]\naccess_key = %s\nsecret_key = %s\nhost_base = fra1.digitaloceanspaces.com\n"
                     "host_bucket = %%(bucket)s.fra1.digitaloceanspaces.com\n" % (ak, sk), sk)
        F = "2.git-credentials"
        for i in range(4):
            p = g.pw(symbols="!*-._~")
            self.add(F, "user with %40", "home/dev/.git-credentials",
                     "https://%s%%40brightwave.net:%s@github.com\n" % (g.user(), p), p)
            p = g.pw(symbols="!*-._~")
            self.add(F, "user with raw @", ".git-credentials",
                     "https://%s@brightwave.net:%s@gitlab.brightwave.net\n" % (g.user(), p), p)
        F = "2.http-auth-basic"
        for i in range(3):
            for kind, path, fmt in HTTP_KINDS_BASIC:
                u, p = g.user(), g.pw()
                self.add(F, kind, path, fmt.format(h=b64(u + ":" + p), host=g.host()), p, "found-decoded")
        F = "2.http-auth-bearer"
        for i in range(3):
            for kind, path, fmt in HTTP_KINDS_BEARER:
                v = g.s(ALNUM, g.randint(32, 48))
                self.add(F, kind, path, fmt.format(t=v, host=g.host()), v)
        F = "2.curl-user"
        for i in range(4):
            for kind, path, fmt in (
                    ("shell script", "scripts/backup.sh", "#!/bin/bash\nset -e\ncurl -fsS -u {u}:{p} https://{h}/api/export -o out.json\n"),
                    ("markdown doc", "docs/api.md", "## Export\n\n```sh\ncurl -u '{u}:{p}' https://{h}/api/export\n```\n"),
                    ("Makefile", "Makefile", "export:\n\tcurl --user {u}:{p} https://{h}/api/export > export.json\n"),
                    ("CI yaml", ".gitlab-ci.yml", "deploy:\n  script:\n    - curl -sf -u {u}:{p} -T dist.tgz https://{h}/upload/\n")):
                u, p = g.user(), g.pw(symbols="-._~")
                self.add(F, kind, path, fmt.format(u=u, p=p, h=g.host()), p)
        F = "2.kubernetes-secret"
        for i in range(4):
            p = g.pw()
            self.add(F, "secret.yaml data", "k8s/db-secret.yaml",
                     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  namespace: prod\ntype: Opaque\n"
                     "data:\n  username: %s\n  password: %s\n" % (b64(g.user()), b64(p)), p, "found-decoded")
            v = g.s(ALNUM, 40)
            self.add(F, "multi-document manifest", "deploy/app.yaml",
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n---\n"
                     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-keys\ntype: Opaque\ndata:\n  API_KEY: %s\n"
                     % b64(v), v, "found-decoded")
            p = g.pw()
            self.add(F, "secret.json", "k8s/secret.json",
                     json.dumps({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "smtp"}, "type": "Opaque",
                                 "data": {"smtp-password": b64(p)}}, indent=2) + "\n", p, "found-decoded")
            p = g.pw()
            self.add(F, "stringData", "k8s/redis-secret.yaml",
                     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: redis\ntype: Opaque\nstringData:\n"
                     "  redis-password: %s\n" % p, p)
        F = "2.password-hash"
        for i in range(4):
            h = "$2y$10$" + g.s(CRYPT64, 53)
            self.add(F, ".htpasswd bcrypt", "public/.htpasswd", "%s:%s\n" % (g.user(), h), h, "found-low")
            h = "$apr1$" + g.s(CRYPT64, 8) + "$" + g.s(CRYPT64, 22)
            self.add(F, ".htpasswd apr1", "conf/.htpasswd", "%s:%s\n" % (g.user(), h), h, "found-low")
            h = "$6$" + g.s(CRYPT64, 16) + "$" + g.s(CRYPT64, 86)
            self.add(F, "shadow sha512crypt", "etc/shadow",
                     "daemon:*:19000:0:99999:7:::\n%s:%s:19800:0:99999:7:::\n" % (g.user(), h), h, "found-low")
            h = "$2b$12$" + g.s(CRYPT64, 53)
            self.add(F, "users.yml bcrypt", "config/users.yml",
                     "users:\n  - name: %s\n    password_hash: \"%s\"\n" % (g.user(), h), h, "found-low")

    # -- group 6: decoding -------------------------------------------------
    def form6(self):
        g = self.g
        tokgens = [("ghp", PROVIDERS["github-classic-pat"][0]), ("glpat", PROVIDERS["gitlab-pat"][0]),
                   ("xoxb", PROVIDERS["slack-bot"][0]), ("sk_live", PROVIDERS["stripe-live-secret"][0]),
                   ("npm", PROVIDERS["npm"][0]), ("SG", PROVIDERS["sendgrid"][0])]
        F = "6.base64"
        for i in range(3):
            for name, gen in tokgens:
                t = gen(g)
                self.add(F, "k8s Secret data: provider token", "k8s/%s-secret.yaml" % name.lower(),
                         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-tokens\ntype: Opaque\ndata:\n  token: %s\n"
                         % b64(t), t, "found-decoded")
            t = PROVIDERS["github-classic-pat"][0](g)
            self.add(F, "Basic header x-access-token:ghp", "scripts/clone.sh",
                     "#!/bin/sh\ngit -c http.extraHeader=\"Authorization: Basic %s\" clone https://github.com/bluefin/infra.git\n"
                     % b64("x-access-token:" + t), t, "found-decoded")
            t = PROVIDERS["dockerhub-pat"][0](g)
            self.add(F, "docker config.json auth user:dckr_pat", ".docker/config.json",
                     json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64("bluefinci:" + t)}}}, indent="\t")
                     + "\n", t, "found-decoded")
            t = PROVIDERS["mailgun"][0](g)
            self.add(F, "Basic header api:key- in .http", "requests/mailgun.http",
                     "POST https://api.mailgun.net/v3/mg.brightwave.net/messages\nAuthorization: Basic %s\n"
                     "Content-Type: application/x-www-form-urlencoded\n\nfrom=ops@brightwave.net&to=oncall@brightwave.net\n"
                     % b64("api:" + t), t, "found-decoded")
        F = "6.percent-encoding"
        for i in range(4):
            p = g.pw(symbols="@:/#?!%+", min_symbols=1)
            enc = urllib.parse.quote(p, safe="")
            self.add(F, ".env DATABASE_URL", ".env",
                     "DATABASE_URL=postgres://%s:%s@%s:5432/app\n" % (g.user(), enc, g.host()), p, "found-decoded")
            p = g.pw(symbols="@:/#?!%+", min_symbols=1)
            self.add(F, ".git-credentials encoded password", "home/dev/.git-credentials",
                     "https://%s:%s@github.com\n" % (g.user(), urllib.parse.quote(p, safe="")), p, "found-decoded")
            v = g.s(ALNUM, 20) + g.choice("+/=") + g.s(ALNUM, 19)
            self.add(F, "form body client_secret", "scripts/token.sh",
                     "#!/bin/sh\ncurl -s https://login.brightwave.net/oauth/token \\\n  -d 'grant_type=client_credentials"
                     "&client_id=%s&client_secret=%s'\n" % (g.s(HEX, 16), urllib.parse.quote(v, safe="")), v,
                     "found-decoded")
            t = PROVIDERS["slack-webhook"][0](g)
            self.add(F, "webhook URL inside a query parameter", "logs/access.log",
                     "10.1.4.7 - - [02/Mar/2026:10:14:07 +0000] \"GET /relay?target=%s HTTP/1.1\" 200 12\n"
                     % urllib.parse.quote(t, safe=""), t, "found-decoded")
        F = "6.string-escapes"
        for i in range(4):
            t = PROVIDERS["slack-webhook"][0](g)
            self.add(F, "JSON \\/ in URL", "config/notify.json",
                     "{\"channel\": \"#deploys\", \"webhook\": \"%s\"}\n" % t.replace("/", "\\/"), t, "found-decoded")
            p = g.pw(symbols="@!%+", min_symbols=1)
            esc = "".join("\\u%04x" % ord(c) if not c.isalnum() else c for c in p)
            self.add(F, "JSON \\u escapes in password", "config/db.json",
                     "{\"db\": {\"user\": \"%s\", \"password\": \"%s\"}}\n" % (g.user(), esc), p, "found-decoded")
            t = PROVIDERS["stripe-live-secret"][0](g)
            inner = json.dumps({"stripe_secret_key": t})
            self.add(F, "JSON string holding JSON", "config/settings.json",
                     json.dumps({"name": "billing", "config": inner}, indent=2) + "\n", t)
            p = g.pw(symbols="!%+")
            p = p[:5] + "\"" + p[5:]
            self.add(F, "YAML double-quoted with \\\"", "config/app.yaml",
                     "mail:\n  user: %s\n  password: \"%s\"\n" % (g.user(), p.replace("\"", "\\\"")), p, "found-decoded")

    # -- group 3: generated after the negatives (session 12) ---------------
    # Built after the negatives, so every earlier case keeps its random
    # values. Random tokens in identifier-like alphabets: many services issue
    # keys in a lower-case or base64url alphabet with '-' and '_' (32-64
    # characters), or as UUIDs (Heroku API keys, Snyk and Postmark tokens).
    # Such values look like kebab-case or snake_case names, or like request
    # ids; under a key that names a secret they are secrets. Then Meta app
    # tokens, keys in request headers and X bearer tokens under other names.
    def form3(self):
        g = self.g
        lower_token_chars = LOWER + DIGITS + "-_"

        def lower_token(n):
            while True:
                v = g.s(lower_token_chars, n)
                if v[0].isalnum() and v[-1].isalnum() and ("-" in v or "_" in v) and "--" not in v:
                    return v

        services = ["ORBITAL", "KESTREL_MAPS", "TIDEWATER", "LUMEN", "HARBOR_QUEUE", "ORDRLY"]
        F = "3.lowercase-token"
        for i in range(4):
            v = lower_token(g.randint(32, 64))
            svc = services[i % len(services)]
            self.add(F, ".env", ".env", "APP_ENV=production\n%s_API_KEY=%s\nLOG_LEVEL=info\n" % (svc, v), v)
            v = lower_token(g.randint(32, 64))
            self.add(F, "yaml", "config/integrations.yml",
                     "%s:\n  base_url: https://api.%s.net\n  api_secret: %s\n" % (svc.lower(), svc.lower(), v), v)
            v = lower_token(g.randint(32, 64))
            self.add(F, "json", "config/services.json",
                     json.dumps({"service": svc.lower(), "accessToken": v, "timeout": 30}, indent=2) + "\n", v)
        F = "3.uuid-token"
        for i in range(4):
            v = uuid(g)
            self.add(F, ".env", ".env", "HEROKU_APP=storefront\nDEPLOY_API_KEY=%s\n" % v, v)
            v = uuid(g)
            self.add(F, "yaml", "config/ci.yml", "scanner:\n  org: bluefin\n  auth_token: %s\n" % v, v)
            v = uuid(g)
            self.add(F, "json", "config/postmark.json", json.dumps({"serverToken": v, "from": "ops@bluefin.io"}) + "\n", v)
            v = uuid(g)
            self.add(F, "python", "app/settings.py", "API_TOKEN = \"%s\"\nTIMEOUT = 30\n" % v, v)
        # Meta app access tokens in a Graph API URL, a constant, a JSON config.
        for i in range(2):
            t = meta_app_token(g)
            self.add("provider-token", "shell curl URL", "scripts/debug_token.sh",
                     "#!/bin/sh\ncurl -s \"https://graph.facebook.com/v19.0/debug_token?input_token=$1&access_token=%s\"\n"
                     % t, t, provider="meta-app-access-token")
            t = meta_app_token(g)
            self.add("provider-token", "python constant", "app/social.py", "GRAPH_APP_TOKEN = \"%s\"\n" % t, t,
                     provider="meta-app-access-token")
            t = meta_app_token(g)
            self.add("provider-token", "json", "config/social.json",
                     json.dumps({"graph": {"version": "v19.0", "appToken": t}}) + "\n", t,
                     provider="meta-app-access-token")
        # A key in a custom request header on a curl or wget command line.
        F = "3.header-key"
        for i in range(2):
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "shell curl -H", "scripts/sync_items.sh",
                     "#!/bin/sh\nset -eu\ncurl -fsS -H \"X-API-Key: %s\" https://api.tidewater.org/v2/items > items.json\n"
                     % v, v)
            v = g.s(ALNUM, g.randint(24, 40))
            self.add(F, "markdown wget --header", "docs/export.md",
                     "Download the nightly export:\n\n```sh\nwget --header='X-Auth-Token: %s' "
                     "https://files.harbor-labs.com/export.csv\n```\n" % v, v)
            v = g.s(ALNUM + "-_", 20)
            self.add(F, "CI yaml curl PRIVATE-TOKEN", ".gitlab-ci.yml",
                     "release:\n  script:\n    - 'curl --header \"PRIVATE-TOKEN: %s\" "
                     "https://git.brightwave.net/api/v4/projects/12/releases'\n" % v, v)
        # X (Twitter) app-only bearer tokens under names that do not say so.
        # The expected secret is what follows the leading A's.
        for i in range(2):
            t = x_bearer_token(g, "%2B")
            self.add("provider-token", "javascript object", "src/social/config.js",
                     "export const social = {\n  appToken: \"%s\",\n};\n" % t, t[21:], provider="x-bearer-any-name")
            t = x_bearer_token(g, "%2F")
            self.add("provider-token", "yaml", "config/feeds.yml", "feeds:\n  search:\n    token: %s\n" % t, t[21:],
                     provider="x-bearer-any-name")
        # Near misses: identifiers and request ids under secret-like keys.
        N = "negative"
        for kind, path, text in [
            (".env identifier", ".env", "SECRET_NAME=prod-db-credentials-v2\nTOKEN_ISSUER=auth-gateway-eu-west-1\n"),
            ("curl header variable", "scripts/call.sh",
             "#!/bin/sh\ncurl -H \"X-API-Key: $API_KEY\" -H 'X-Auth-Token: ${AUTH_TOKEN}' https://api.tidewater.org/v2/me\n"),
            ("yaml secret reference", "k8s/values.yaml", "db:\n  secret_ref: orders-api-db-password\n  token_audience: orders_api_v3\n"),
            ("json idempotency token", "fixtures/request.json",
             json.dumps({"ClientRequestToken": "6f1c2a7e-93b4-4d21-8e0f-5a9c3b7d1e42", "Name": "nightly"}) + "\n"),
            ("json request id", "logs/event.json",
             json.dumps({"requestId": "0b8e4f12-7c3a-4e65-9d21-c4f7a8b3e590", "status": 200}) + "\n"),
        ]:
            self.add(N, kind, path, text, None, "negative")

    # -- group 4: commented-out secrets, human passwords in URLs, HTTP auth on
    # command lines, long values, Android build fields, newer token formats.
    # Generated after every earlier group so that their values do not change.
    def form4(self):
        g = self.g

        def token(n):  # letters and digits that switch often, as issued tokens do
            while True:
                v = g.s(ALNUM, n)
                if sum((a.isdigit()) != (b.isdigit()) for a, b in zip(v, v[1:])) >= 6:
                    return v

        F = "4.commented-out"
        for i in range(2):
            v = token(g.randint(24, 40))
            self.add(F, "python comment", "app/settings.py",
                     "import os\n\n# PARTNER_API_SECRET = \"%s\"\nPARTNER_API_SECRET = os.environ[\"PARTNER_API_SECRET\"]\n"
                     % v, v)
            v = g.s(HEX, 32)
            self.add(F, "ruby comment", "config/initializers/partners.rb",
                     "# config.x.tidewater.key = \"%s\"\nconfig.x.tidewater.key = ENV.fetch(\"TIDEWATER_KEY\")\n" % v, v)
            v = token(g.randint(24, 40))
            self.add(F, "php line comment", "config/mail.php",
                     "<?php\n//$mailer_secret = '%s';\n$mailer_secret = getenv('MAILER_SECRET');\n" % v, v)
            v = token(g.randint(24, 40))
            self.add(F, "javascript comment", "src/api/client.js",
                     "// const apiToken = '%s';\nconst apiToken = process.env.API_TOKEN;\n" % v, v)
        # Human passwords: a short word and a year ("Lark2024"), the kind a
        # Shannon-entropy floor of 3 bits per character rejects.
        words = ["Lark", "Fern", "Moth", "Dusk", "Vale", "Pike", "Gust", "Wren"]

        def human_password():
            return g.choice(words) + g.choice(["2021", "2023", "2024", "2025"])

        F = "4.url-human-password"
        for i in range(2):
            p = human_password()
            self.add(F, ".env postgres", ".env",
                     "DATABASE_URL=postgres://%s:%s@%s:5432/orders\n" % (g.user(), p, g.host()), p)
            p = human_password()
            self.add(F, "json mysql", "config/db.json",
                     json.dumps({"primary": "mysql://%s:%s@%s:3306/shop" % (g.user(), p, g.host())}) + "\n", p)
            p = human_password()
            self.add(F, "compose mongodb", "docker-compose.yml",
                     "services:\n  api:\n    environment:\n      MONGO_URL: mongodb://%s:%s@mongo:27017/app\n" % (g.user(), p),
                     p)
        F = "4.http-auth-cli"
        for i in range(2):
            u, p = g.user(), g.pw(14, 20, symbols="")
            self.add(F, "curl -u continued", "scripts/token.sh",
                     "#!/bin/sh\ncurl -s -X POST https://auth.lumen-analytics.io/oauth2/token \\\n"
                     "  -u %s:%s \\\n  -d grant_type=client_credentials\n" % (u, p), p)
            v = g.s(HEX, 40)
            self.add(F, "Authorization: Token", "docs/api.md",
                     "```sh\ncurl -H \"Authorization: Token %s\" https://tracker.ordrly.app/api/v2/issues/\n```\n" % v, v)
            v = g.s(HEX, 40)
            self.add(F, "curl -d form field", "scripts/devices.sh",
                     "#!/bin/sh\ncurl https://api.kestrel-media.com/v1/devices -d access_token=%s\n" % v, v)
        F = "4.keyword-affix"
        for i in range(2):
            v = g.s(HEX, 32)
            self.add(F, "notes secret_key", "NOTES.md", "orbital secret_key: %s\n" % v, v)
            v = "ak_" + token(24)
            self.add(F, "notes x-api-key", "docs/integrations.txt", "harborqueue x-api-key: %s\n" % v, v)
            v = token(24)
            self.add(F, "notes credentials", "docs/vendors.md", "tidewater sandbox credentials: %s\n" % v, v)
        # Names that say auth or credentials without key, token or secret.
        F = "4.auth-credential-names"
        for i in range(2):
            v = token(g.randint(24, 40))
            self.add(F, ".env *_AUTH", ".env", "SERVICE_NAME=ledger\nLEDGER_SERVICE_AUTH=\"%s\"\n" % v, v)
            v = token(g.randint(24, 40))
            self.add(F, "json credentials", "config/partner.json", json.dumps({"partner": "tidewater", "credentials": v}) + "\n", v)
            v = token(g.randint(24, 40))
            self.add(F, "yaml creds", "config/sync.yml", "sync:\n  endpoint: https://sync.orbital.dev\n  creds: %s\n" % v, v)
        F = "4.long-value"
        for i in range(2):
            v = g.s(ALNUM + "-_", g.randint(70, 110))
            self.add(F, "python password kwarg", "app/registry.py",
                     "auth = httpx.BasicAuth(\n    username=\"__token__\", password=\"%s\"\n)\n" % v, v)
            v = g.s(B64, g.randint(150, 200))
            self.add(F, "json long token", "config/messaging.json", json.dumps({"channel_token": v}) + "\n", v)
        F = "4.android-build-config"
        for i in range(2):
            v = g.s(HEX, 32)
            self.add(F, "build.gradle", "app/build.gradle",
                     "android {\n    defaultConfig {\n        buildConfigField 'String', 'WEATHER_API_KEY', '\"%s\"'\n    }\n}\n" % v,
                     v)
            v = token(40)
            self.add(F, "build.gradle.kts", "app/build.gradle.kts",
                     "android {\n    defaultConfig {\n        buildConfigField(\"String\", \"SYNC_TOKEN\", \"\\\"%s\\\"\")\n"
                     "    }\n}\n" % v, v)
        # Token formats: age post-quantum identities, Azure App Configuration
        # connection strings, OpenShift OAuth tokens, AppSync API keys, New
        # Relic admin keys, Twitch stream keys, Dependency-Track API keys,
        # Vault legacy tokens under other VAULT_ names, a bare storage AccountKey.
        for i in range(2):
            t = "AGE-SECRET-KEY-PQ-1" + g.s(BECH32, 58)
            self.add("provider-token", "age identity file", "secrets/age-pq.txt",
                     "# created: 2026-10-02T09:00:00Z\n# public key: age1pq1%s\n%s\n" % (g.s(BECH32.lower(), 60), t), t,
                     provider="age-pq-identity")
            sec = g.s(B64, 43) + "="
            self.add("provider-token", "appsettings.json", "appsettings.json",
                     json.dumps({"ConnectionStrings": {"AppConfig": "Endpoint=https://orbital-cfg.azconfig.io;Id=%s-l0-s0:%s;Secret=%s"
                                                       % (g.s(ALNUM, 4), g.s(ALNUM, 20), sec)}}, indent=2) + "\n", sec,
                     provider="azure-app-configuration")
            t = "sha256~" + g.s(B64URL, 43)
            self.add("provider-token", "oc login", "scripts/deploy.sh",
                     "#!/bin/sh\noc login --token=%s --server=https://api.ocp.tidewater.org:6443\noc rollout restart deploy/api\n" % t,
                     t, provider="openshift-oauth")
            t = "da2-" + g.s(LOWER + DIGITS, 26)
            self.add("provider-token", "amplify config", "src/aws-exports.js",
                     "const awsmobile = {\n  aws_appsync_authenticationType: 'API_KEY',\n  aws_appsync_apiKey: '%s',\n};\n" % t, t,
                     provider="aws-appsync")
            t = "NRAA-" + g.s(HEX, 27)
            self.add("provider-token", "curl header", "scripts/deployments.sh",
                     "curl -X POST https://api.newrelic.com/v2/applications/42/deployments.json -H 'X-Api-Key:%s'\n" % t, t,
                     provider="newrelic-admin")
            t = "live_" + g.digits(9) + "_" + g.s(ALNUM, 30)
            self.add("provider-token", "ffmpeg rtmp", "scripts/stream.sh",
                     "ffmpeg -re -i intro.mp4 -c copy -f flv rtmp://live.twitch.tv/app/%s\n" % t, t, provider="twitch-stream-key")
            t = "odt_" + g.s(ALNUM, 32)
            self.add("provider-token", "bom upload", ".github/workflows/sbom.yml",
                     "jobs:\n  sbom:\n    steps:\n      - run: curl -X POST https://dtrack.orbital.dev/api/v1/bom -H \"X-Api-Key: %s\" -F bom=@bom.json\n"
                     % t, t, provider="dependency-track")
            t = "s." + g.s(ALNUM, 24)
            self.add("provider-token", ".env", "deploy/vault.env",
                     "VAULT_ADDR=https://vault.harbor-labs.com:8200\nVAULT_CLIENT_TOKEN=%s\n" % t, t, provider="vault-legacy")
            k = g.s(B64, 86) + "=="
            self.add("provider-token", "runbook", "docs/runbook.txt", "Nightly export storage:\nAccountKey=%s\n" % k, k,
                     provider="azure-storage-bare")
        # Azure keys in Microsoft's identifiable format: a four-character
        # marker at a fixed offset names the service, whatever the variable.
        azure = [
            ("azure-storage-identifiable", lambda: g.s(B64, 76) + "+ASt" + g.s(B64, 6) + "=="),
            ("azure-cosmosdb-identifiable", lambda: g.s(B64, 76) + "ACDb" + g.s(B64, 6) + "=="),
            ("azure-servicebus-identifiable", lambda: g.s(B64, 33) + "+ASb" + g.s(B64, 5) + "="),
            ("azure-functions-identifiable", lambda: g.s(B64URL, 44) + "AzFu" + g.s(B64URL, 5) + g.choice("AQgw") + "=="),
            ("azure-search-identifiable", lambda: g.s(ALNUM, 42) + "AzSe" + g.choice("ABCD") + g.s(ALNUM, 5)),
            ("azure-acr-identifiable", lambda: g.s(B64, 42) + "+ACR" + g.choice("ABCD") + g.s(ALNUM, 5)),
            ("azure-redis-identifiable", lambda: g.s(ALNUM, 33) + "AzCa" + g.choice("ABCDEFGHIJKLMNOP") + g.s(ALNUM, 5) + "="),
            ("azure-ai-services-identifiable",
             lambda: g.s(ALNUM, 52) + "JQQJ9" + g.choice("9DH") + g.s(ALNUM, 18) + "ACOG" + g.s(ALNUM, 4)),
        ]
        for pid, gen in azure:
            t = gen()
            self.add("provider-token", "app settings json", "config/appsettings.Production.json",
                     json.dumps({"Integrations": {"Primary": t}}, indent=2) + "\n", t, provider=pid)
            t = gen()
            self.add("provider-token", "terraform output", "infra/outputs.txt", "primary = \"%s\"\n" % t, t, provider=pid)
        # Wallet seed phrases (words of the BIP-39 English list), session and
        # OAuth tokens, cluster join tokens, and passwords in Windows, SQL,
        # connection-string and network-device forms.
        bip39 = ["ability", "absent", "absorb", "abstract", "access", "accident", "account", "achieve", "acoustic",
                 "acquire", "across", "action", "actress", "adapt", "address", "adjust", "advance", "advice",
                 "aerobic", "affair", "afford", "agent", "airport", "album", "alcohol", "alert", "alien", "alley",
                 "almost", "alpha", "amateur", "amazing", "amount", "analyst", "anchor", "ancient", "angle", "animal",
                 "ankle", "announce", "annual", "antenna", "antique", "anxiety", "apology", "appear", "approve",
                 "arctic", "arena", "armor", "arrange", "arrest", "arrive", "artefact", "artist", "aspect", "assault",
                 "asset", "assist", "asthma", "athlete", "attack", "attend", "auction", "august", "author", "autumn",
                 "avocado", "awake", "awesome", "awkward"]
        for i in range(2):
            m = " ".join(g.choice(bip39) for _ in range(12))
            self.add("provider-token", ".env mnemonic", ".env", "DEPLOYER_MNEMONIC=\"%s\"\nCHAIN_ID=1\n" % m, m,
                     provider="bip39-mnemonic")
            m = " ".join(g.choice(bip39) for _ in range(24))
            self.add("provider-token", "wallet json", "wallet/backup.json", json.dumps({"seedPhrase": m}) + "\n", m,
                     provider="bip39-mnemonic")
            t = "xoxc-" + g.digits(11) + "-" + g.digits(12) + "-" + g.digits(13) + "-" + g.s(HEX, 64)
            self.add("provider-token", "python session", "tools/slack_export.py",
                     "from slack_sdk import WebClient\nclient = WebClient(token=\"%s\")\n" % t, t, provider="slack-client-session")
            t = "sk-ant-oat01-" + g.s(B64URL, 93) + "AA"
            self.add("provider-token", "workflow env", ".github/workflows/claude.yml",
                     "jobs:\n  review:\n    steps:\n      - uses: ./actions/review\n        env:\n          CLAUDE_CODE_OAUTH_TOKEN: %s\n" % t,
                     t, provider="anthropic-oauth")
            t = "SWMTKN-1-" + g.s(LOWER + DIGITS, 50) + "-" + g.s(LOWER + DIGITS, 25)
            self.add("provider-token", "swarm join", "scripts/join.sh",
                     "#!/bin/sh\ndocker swarm join --token %s 10.4.0.2:2377\n" % t, t, provider="docker-swarm-join")
            v = g.s(B64, 43)
            self.add("provider-token", "gpp Groups.xml", "SYSVOL/Policies/Machine/Preferences/Groups/Groups.xml",
                     "<Groups><User name=\"LocalAdmin\"><Properties action=\"U\" cpassword=\"%s\" userName=\"LocalAdmin\"/></User></Groups>\n" % v,
                     v, provider="windows-gpp")
            t = g.s(ALNUM, 6) + "_" + g.s(ALNUM, 29) + "_mmk"
            self.add("provider-token", "GeoIP.conf", "etc/GeoIP.conf",
                     "AccountID %s\nLicenseKey %s\nEditionIDs GeoLite2-City\n" % (g.digits(6), t), t, provider="maxmind-license")
            t = "sm_pat_" + g.s(ALNUM, 16)
            self.add("provider-token", "cli login", "scripts/platform.sh", "#!/bin/sh\nsettlemint login --token %s\n" % t, t,
                     provider="settlemint-pat")
        # Vault: an unseal key share typed on a command line, an AppRole
        # secret ID (a UUID) beside its role ID.
        for i in range(2):
            k = g.s(B64, 44)
            self.add("provider-token", "vault operator unseal", "docs/runbooks/unseal.md",
                     "```sh\nkubectl -n vault exec -ti vault-0 -- vault operator unseal %s\n```\n" % k, k, provider="vault-unseal-cli")
            sid = uuid(g)
            self.add("provider-token", "vault agent approle", "config/vault-agent.hcl.env",
                     "VAULT_ROLE_ID=%s\nVAULT_SECRET_ID=%s\n" % (uuid(g), sid), sid, provider="vault-approle")
        # OAuth client secrets as positional arguments of OmniAuth and
        # Devise provider declarations.
        F = "4.oauth-provider-args"
        for i in range(2):
            v = g.s(HEX, 40)
            self.add(F, "omniauth builder", "config/initializers/omniauth.rb",
                     "Rails.application.config.middleware.use OmniAuth::Builder do\n  provider :github, '%s', '%s', scope: 'read:user'\nend\n"
                     % (g.s(HEX, 20), v), v)
            v = g.s(HEX, 32)
            self.add(F, "devise omniauth", "config/initializers/devise.rb",
                     "Devise.setup do |config|\n  config.omniauth :facebook, '%s', '%s'\nend\n" % (g.digits(15), v), v)
        # A PEM private key split over string literals joined by the
        # language's concatenation (Java +, PHP ., Python adjacent literals).
        F = "4.split-pem"
        for i in range(2):
            for kind, path, head, join, tail in [
                ("java +", "src/main/java/Keys.java", "static final String KEY =\n    ", " +\n    ", ";\n"),
                ("php .", "config/keys.php", "<?php\n$key = ", " .\n    ", ";\n"),
                ("python adjacent", "app/keys.py", "KEY = (\n    ", "\n    ", "\n)\n"),
            ]:
                body = ["MIIEpAIBAAKCAQEA" + g.s(B64, 48)] + [g.s(B64, 64) for _ in range(6)]
                lines = ["-----BEGIN RSA PRIVATE KEY-----"] + body + ["-----END RSA PRIVATE KEY-----"]
                text = head + join.join('"%s\\n"' % l for l in lines) + tail
                self.add(F, kind, path, text, body[0])
        F = "4.system-passwords"
        system_forms = [
            ("unattend.xml", "images/autounattend.xml", "!#%",
             "<UserAccounts>\n  <AdministratorPassword>\n    <Value>%s</Value>\n    <PlainText>true</PlainText>\n"
             "  </AdministratorPassword>\n</UserAccounts>\n"),
            ("schtasks /rp", "ops/tasks.cmd", "!#",
             "schtasks /create /tn Backup /tr C:\\ops\\backup.cmd /sc daily /ru CORP\\svc_backup /rp %s\n"),
            ("ConvertTo-SecureString", "deploy/connect.ps1", "!#",
             "$pw = ConvertTo-SecureString \"%s\" -AsPlainText -Force\n$cred = New-Object PSCredential(\"CORP\\deploy\", $pw)\n"),
            ("sql create user", "db/migrations/007_users.sql", "!#",
             "CREATE USER 'metrics'@'%%' IDENTIFIED BY '%s';\nGRANT SELECT ON app.* TO 'metrics'@'%%';\n"),
            ("libpq conninfo", "lib/db.php", "",
             "<?php\n$db = pg_connect(\"host=pg.internal dbname=orders user=orders password=%s\");\n"),
            ("mysqli_connect", "includes/connect.php", "!#",
             "<?php\n$link = mysqli_connect(\"db.internal\", \"shop\", \"%s\", \"shop\");\n"),
            ("cisco enable secret", "configs/branch-rtr.cfg", "",
             "hostname branch-rtr\n!\nenable secret 0 %s\n!\ninterface Gi0/0\n"),
        ]
        for i in range(2):
            for kind, path, symbols, template in system_forms:
                p = g.pw(12, 18, symbols=symbols)
                self.add(F, kind, path, template % p, p)
        N = "negative"
        for kind, path, text in [
            ("hardhat default mnemonic", "hardhat.config.js",
             "module.exports = { networks: { hardhat: { accounts: { mnemonic: \"test test test test test test test test test test test junk\" } } } };\n"),
            ("sql prose identified by", "docs/schema.md", "Each row is identified by 'order_id' and the tenant.\n"),
            ("schtasks prompt", "ops/tasks.cmd", "schtasks /create /tn Backup /tr backup.cmd /ru CORP\\svc_backup /rp *\n"),
        ]:
            self.add(N, kind, path, text, None, "negative")
        N = "negative"
        for kind, path, text in [
            ("comment prose", "src/auth.py", "# token: the value from the partner dashboard, see docs/setup.md\n"),
            ("comment base64 sentence", "src/encrypt.ts",
             "/** For example: \"rawKey\": \"%s\" */\n" % base64.b64encode(b"Greetings from the storage team").decode()),
            ("curl -u variables", "scripts/upload.sh", "#!/bin/sh\ncurl -u \"$NEXUS_USER:$NEXUS_PASSWORD\" -T app.jar https://nexus.orbital.dev/\n"),
            ("gradle property reference", "app/build.gradle",
             "android {\n    defaultConfig {\n        buildConfigField 'String', 'API_KEY', \"\\\"${apiKey}\\\"\"\n    }\n}\n"),
        ]:
            self.add(N, kind, path, text, None, "negative")

    # -- provider tokens from published formats -----------------------------
    def providers(self):
        g = self.g
        n = len(PROVIDER_KINDS)
        for i, (pid, (gen, env, host, param)) in enumerate(PROVIDERS.items()):
            kinds = [PROVIDER_KINDS[(i * 6 + j) % n] for j in range(6)]
            for kind in kinds:
                if pid == "aws-secret-key":
                    ak, tok = "AKIA" + g.s(BASE32, 16), g.s(ALNUM + "+/", 40)
                    pair = [("AWS_ACCESS_KEY_ID", ak), (env, tok)]
                elif pid == "alibaba-access-key":
                    ak, tok = "LTAI" + g.s(ALNUM, 20), g.s(ALNUM, 30)
                    pair = [("ALIBABA_CLOUD_ACCESS_KEY_ID", ak), (env, tok)]
                else:
                    tok = gen(g)
                    pair = [(env, tok)]
                path, text = place_provider(g, kind, pair, tok, host, param)
                self.add("provider-token", kind, path, text, tok, provider=pid)

    def negatives(self):
        g = self.g
        F = "negative"
        values = ["${DB_PASSWORD}", "<your-password>", "changeme", "", "None", "null", "{{ .Values.db.password }}",
                  "%(db_password)s", "$DB_PASSWORD", "********", "your_api_key_here", "REPLACE_ME",
                  "<%= ENV['SECRET_KEY_BASE'] %>", "${{ secrets.API_TOKEN }}", "passwordField", "${env:DB_PASS}"]
        kinds = [
            ("yaml", "config/config.yml", "database:\n  user: app\n  password: {v}\n"),
            (".env", ".env", "APP_ENV=production\nDB_PASSWORD={v}\n"),
            ("properties", "application.properties", "spring.datasource.password={v}\n"),
            ("json", "config.json", "{{\"db\": {{\"password\": \"{v}\"}}}}\n"),
            ("ini", "app.ini", "[db]\nAdminPassword={v}\n"),
            ("xml", "settings.xml", "<server><id>r</id><password>{v}</password></server>\n"),
        ]
        for v in values:
            for kind, path, fmt in kinds:
                if v == "None" and kind != "yaml":
                    continue
                self.add(F, kind, path, fmt.format(v=v), v, "negative")
        code = [
            ("python environ", "app/settings.py", "import os\nPASSWORD = os.environ[\"PASSWORD\"]\n"),
            ("python getenv", "app/config.py", "import os\nAPI_KEY = os.getenv(\"API_KEY\")\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY')\n"),
            ("python None", "app/db.py", "def connect(host, user, password=None):\n    return Client(host, user, password=password)\n"),
            ("python identifier", "app/forms.py", "password = forms.CharField(widget=forms.PasswordInput)\nsecret_key = settings.SECRET_KEY\n"),
            ("js process.env", "src/config.js", "module.exports = {\n  apiKey: process.env.API_KEY,\n  password: process.env.DB_PASSWORD,\n};\n"),
            ("ts identifier", "src/login.ts", "const password: string = passwordField.value;\nconst token = await auth.getToken();\n"),
            ("go os.Getenv", "cmd/main.go", "package main\n\nimport \"os\"\n\nvar dbPassword = os.Getenv(\"DB_PASSWORD\")\n"),
            ("java getenv", "src/main/java/App.java", "class App {\n  String password = System.getenv(\"DB_PASSWORD\");\n}\n"),
            ("ruby ENV", "config/initializers/keys.rb", "Rails.application.config.secret_key_base = ENV[\"SECRET_KEY_BASE\"]\n"),
            ("php env()", "config/database.php", "<?php\nreturn ['password' => env('DB_PASSWORD', ''), 'key' => env('APP_KEY')];\n"),
            ("php define getenv", "wp-config.php", "<?php\ndefine('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));\n"),
            ("shell variable", "scripts/run.sh", "#!/bin/sh\nmysql -u app --password=\"$MYSQL_PASSWORD\" shop\n"),
            ("compose interpolation", "docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n"),
            ("dockerfile ARG", "Dockerfile", "FROM node:20\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\n"),
            ("k8s secretKeyRef", "k8s/deploy.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n"),
            ("terraform var", "main.tf", "resource \"aws_db_instance\" \"db\" {\n  password = var.db_password\n}\n"),
            ("markdown instructions", "docs/setup.md", "Set `DB_PASSWORD=<your-password>` and `API_KEY=<your-api-key>` in `.env`.\n"),
            ("log masked", "logs/app.log", "2026-03-02 10:14:07 [DEBUG] Using API_KEY=****************\n"),
            ("pgpass wildcard", ".pgpass", "localhost:5432:*:postgres:*\n"),
            ("k8s empty data", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  password: \"\"\n"),
            ("docker config credsStore", ".docker/config.json", "{\n  \"auths\": {\"ghcr.io\": {}},\n  \"credsStore\": \"desktop\"\n}\n"),
            ("ini empty", "setup.ini", "[Setup]\nAdminPassword=\nServicePassword=\n"),
            ("xml placeholder", "App.config", "<appSettings><add key=\"SmtpPassword\" value=\"${SMTP_PASSWORD}\" /></appSettings>\n"),
            ("curl variable", "scripts/export.sh", "#!/bin/sh\ncurl -u \"$API_USER:$API_PASS\" https://api.brightwave.net/export\n"),
            ("bearer variable", "docs/api.md", "```sh\ncurl -H \"Authorization: Bearer $TOKEN\" https://api.brightwave.net/v1/me\n```\n"),
        ]
        for kind, path, text in code:
            self.add(F, kind, path, text, None, "negative")
        # Placeholders stored base64-encoded (issue 9): the encoded form of a
        # placeholder is a placeholder. Built from the formats that encode
        # (Kubernetes data:, Docker auth, Basic headers), no randomness, so
        # the random stream of the cases above is unchanged.
        encoded = [
            ("k8s data: base64 placeholder", "k8s/app-secret.yaml",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n"
             "  DB_PASSWORD: %s\n  API_KEY: %s\n  SIGNING_KEY: %s\n"
             % (b64("changeme"), b64("your-api-key-here"), b64("example-signing-key-0001"))),
            ("docker auth user:placeholder", ".docker/config.json",
             json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64("ci-bot:your_password")},
                                   "registry.brightwave.net": {"auth": b64("deploy:placeholder-token")}}}, indent="\t") + "\n"),
            ("Basic header of user:placeholder", "docs/auth.md",
             "```\nAuthorization: Basic %s\n```\n" % b64("api:REPLACE_ME_with_your_key")),
            (".env base64 placeholder", ".env", "APP_ENV=production\nAPI_SECRET=%s\nJWT_SECRET=%s\n"
             % (b64("example-secret-value"), b64("placeholder-jwt-secret"))),
            ("json base64 placeholder", "config/keys.json",
             json.dumps({"token": b64("your-api-token-goes-here"), "secret": b64("dummy-secret-for-docs")}) + "\n"),
        ]
        # Public demo credentials published by their vendors (the MinIO play
        # server's keys, Stripe's API-reference sample test key), as READMEs
        # and vendored samples quote them.
        minio_ak, minio_sk = "Q3AM3UQ867SPQQA43P2F", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG"
        demo = [
            ("MinIO play in a README", "README.md",
             "## Try it\n\n```sh\nmc alias set play https://play.min.io %s %s\nmc ls play\n```\n" % (minio_ak, minio_sk)),
            ("MinIO play in a sample config", "config/storage.json",
             json.dumps({"endpoint": "play.min.io", "accessKey": minio_ak, "secretKey": minio_sk, "secure": True},
                        indent=2) + "\n"),
            ("MinIO play in .env", ".env", "S3_ENDPOINT=https://play.min.io\nAWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n"
             % (minio_ak, minio_sk)),
            ("Stripe API-reference sample key", "app/billing.py",
             "import stripe\n\nstripe.api_key = \"sk_test_BQokikJOvBiI2HlWgH4olfQ2\"\n"),
        ]
        for kind, path, text in encoded + demo:
            self.add(F, kind, path, text, None, "negative")

    # -- group 5 (generated after every other group, so no earlier value
    # changes): formats found missing against other scanners' examples.
    def form5(self):
        g = self.g
        # Token formats: Dropbox legacy long-lived tokens (ten A's at a fixed
        # offset; the random tail is the secret), Dropbox app secrets, Meta
        # app tokens returned by the client-credentials grant (app id, '|' or
        # %7C, 27 base64url characters), Slack xoxs- session tokens, Lob keys
        # under a name that does not say Lob, Aiven tokens under *_AIVEN_API_KEY,
        # Alibaba STS secrets, App Configuration strings without "Endpoint=".
        for i in range(2):
            tail = g.s(B64URL, 43)
            self.add("provider-token", "python client", "sync/backup.py",
                     "import dropbox\n\ndbx = dropbox.Dropbox(\"%s%s%s\")\n" % (g.s(ALNUM, 11), "A" * 10, tail), tail,
                     provider="dropbox-long-lived")
            v = g.s(LOWER + DIGITS, 15)
            self.add("provider-token", ".env", ".env", "DROPBOX_APP_KEY=%s\nDROPBOX_APP_SECRET=%s\n" % (g.s(LOWER + DIGITS, 15), v), v,
                     provider="dropbox-app-secret")
            t = g.digits(g.choice([15, 16])) + "|" + g.s(B64URL, 27)
            self.add("provider-token", "saved token response", "tests/fixtures/graph_app_token.json",
                     json.dumps({"access_token": t, "token_type": "bearer"}) + "\n", t, provider="meta-app-token-grant")
            app, tok = g.digits(g.choice([15, 16])), g.s(B64URL, 27)
            self.add("provider-token", "curl query (%7C)", "scripts/insights.sh",
                     "#!/bin/sh\ncurl \"https://graph.facebook.com/v19.0/app/subscriptions?access_token=%s%%7C%s\"\n" % (app, tok),
                     app + "|" + tok, "found-decoded", provider="meta-app-token-grant")
            t = "xoxs-%s-%s-%s-%s" % (g.digits(10), g.digits(11), g.digits(13), g.s(HEX, 64))
            self.add("provider-token", ".env", "tools/.env", "SLACK_TOKEN=%s\n" % t, t, provider="slack-legacy-session")
            t = "live_" + g.s(HEX, 35)
            self.add("provider-token", ".env other name", "mailer/.env", "LETTERS_API_KEY=%s\n" % t, t, provider="lob-unnamed")
            t = g.s(B64, 372)
            self.add("provider-token", ".env affixed name", ".env.production", "FLASK_APP_AIVEN_API_KEY=\"%s\"\n" % t, t,
                     provider="aiven-affixed")
            sec = g.s(ALNUM, 36)
            self.add("provider-token", "sts response", "tests/fixtures/assume_role.json",
                     json.dumps({"Credentials": {"AccessKeyId": "STS." + g.s(ALNUM, 25), "AccessKeySecret": sec,
                                                 "Expiration": "2026-11-02T10:00:00Z"}}, indent=2) + "\n", sec,
                     provider="alibaba-sts-secret")
            sec = g.s(B64, 43) + "="
            self.add("provider-token", "notes", "docs/appconfig.txt",
                     "store: https://orbital-cfg.azconfig.io;Id=%s-l0-s0:%s;Secret=%s\n" % (g.s(ALNUM, 4), g.s(ALNUM, 20), sec),
                     sec, provider="azure-app-configuration-bare")
        # Firefox saved logins: DER (key id F8 00..01, 3DES-CBC or AES-256-CBC)
        # in base64; the part after the fixed key id is the secret.
        kid = b"\xf8" + b"\x00" * 14 + b"\x01"

        def ff_login(aes):
            rnd = lambda n: bytes(g.randint(0, 255) for _ in range(n))
            if aes:
                alg = b"\x30\x1d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x01\x2a\x04\x10" + rnd(16)
                ct = b"\x04\x20" + rnd(32)
            else:
                alg = b"\x30\x14\x06\x08\x2a\x86\x48\x86\xf7\x0d\x03\x07\x04\x08" + rnd(8)
                ct = b"\x04\x10" + rnd(16)
            inner = b"\x04\x10" + kid + alg + ct
            return base64.b64encode(b"\x30" + bytes([len(inner)]) + inner).decode()
        for aes in (False, True):
            p = ff_login(aes)
            store = {"nextId": 2, "logins": [{"id": 1, "hostname": "https://" + g.host(), "httpRealm": None,
                                              "usernameField": "email", "passwordField": "password",
                                              "encryptedUsername": ff_login(aes), "encryptedPassword": p, "encType": 1}]}
            self.add("provider-token", "profile logins.json", ".mozilla/firefox/x7k2.default-release/logins.json",
                     json.dumps(store, indent=2) + "\n", p[p.index("EEPgAAAAAAAAAAAAAAAAAAAE") + 24:],
                     provider="firefox-saved-login")
        # A command's credential flag at the start of a continued line.
        F = "5.continued-flag"
        for i in range(2):
            u, p = g.user(), g.pw(20, 40, symbols="")
            self.add(F, "curl -u at line start", "docs/oauth.md",
                     "```sh\ncurl -X POST https://auth.%s/oauth2/token?grant_type=client_credentials \\\n-u %s:%s\n```\n"
                     % (g.host(), u, p), p)
        # One access key id in two files: beside its secret in one, alone in
        # another. The lone copy is still a finding (the paired copy folds
        # into the secret's finding).
        F = "5.lone-key-id"
        for i in range(2):
            ak, sk = "AKIA" + g.s(BASE32, 16), g.s(ALNUM + "+/", 40)
            self.add(F, ".env pair (the secret)", "deploy/aws.env",
                     "AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n" % (ak, sk), sk)
            self.add(F, "notes (the same key id alone)", "docs/aws-notes.md",
                     "Production uploads use access key id %s; its secret is in the vault.\n" % ak, ak)
        # A password of letters only (a word or a run of letters a person
        # chose) under a password's name, in client configuration files.
        F = "5.word-password"
        for i in range(2):
            w = g.s(LOWER, g.randint(8, 12))
            self.add(F, "ftp client json", ".ftpconfig",
                     json.dumps({"protocol": "sftp", "host": g.host(), "user": g.user(), "pass": w, "remote": "/var/www"},
                                indent=2) + "\n", w)
            w = g.s(UPPER, 1) + g.s(LOWER, g.randint(7, 11))
            self.add(F, "vscode sftp json", ".vscode/sftp.json",
                     json.dumps({"name": "staging", "host": g.host(), "username": g.user(), "password": w}, indent=2) + "\n", w)
        # A secret hard-coded as the default of an environment lookup, a
        # fallback after || / ?? / ?:, a ${VAR:-default} placeholder, or a
        # Gradle DSL credential without '='.
        F = "5.env-default"
        for i in range(2):
            v = g.pw(12, 20, symbols="!%*+-.=@^_~")
            self.add(F, "python getenv default", "app/settings.py",
                     "import os\n\nDB_PASSWORD = os.environ.get(\"DB_PASSWORD\", \"%s\")\n" % v, v)
            v = g.pw(12, 20)
            self.add(F, "laravel env() default", "config/database.php",
                     "<?php\nreturn [\n    'mysql' => [\n        'password' => env('DB_PASSWORD', '%s'),\n    ],\n];\n" % v, v)
            v = g.s(ALNUM, 32)
            self.add(F, "javascript || fallback", "src/config.js",
                     "export const apiToken = process.env.PARTNER_API_TOKEN || '%s';\n" % v, v)
            v = g.pw(14, 22)
            self.add(F, "kotlin ?: fallback", "build.gradle.kts",
                     "val repoPassword: String? by project\ncredentials {\n    password = repoPassword ?: \"%s\"\n}\n" % v, v)
            v = g.pw(12, 20, symbols="")
            self.add(F, "compose ${:-} default", "docker-compose.yml",
                     "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-%s}\n" % v, v)
            v = g.pw(12, 20, symbols="")
            self.add(F, "spring ${:} default", "src/main/resources/application.properties",
                     "spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=${DB_PASSWORD:%s}\n" % v, v)
            v = g.s(ALNUM + "/+", 40)
            self.add(F, "gradle secretKey", "build.gradle",
                     "repositories {\n    maven {\n        url \"s3://%s-builds/maven2\"\n        credentials(AwsCredentials) {\n"
                     "            accessKey \"AKIA%s\"\n            secretKey \"%s\"\n        }\n    }\n}\n"
                     % (g.s(LOWER, 8), g.s(BASE32, 16), v), v)
        # Password hashes in modular crypt format on their own (not in a
        # shadow or htpasswd line): expected at low or info.
        F = "5.bare-hash"
        for i in range(2):
            h = "$6$%s$%s" % (g.s(CRYPT64, 16), g.s(CRYPT64, 86))
            self.add(F, ".env sha512-crypt", "deploy/.env", "ADMIN_USER=ops\nADMIN_PASSWORD_HASH='%s'\n" % h, h, "found-low")
            h = "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (g.s(B64, 22), g.s(B64, 43))
            self.add(F, "yaml argon2id", "config/users.yml", "users:\n  - name: ops\n    hash: \"%s\"\n" % h, h, "found-low")
        # A lone token in a file named for a secret (Docker/Kubernetes secrets
        # mounted as files), a token as the whole Authorization header, and a
        # Tines webhook URL with its secret.
        F = "5.secret-file"
        for i in range(2):
            v = g.s(ALNUM, 32)
            self.add(F, "docker secret file", "secrets/db_password", "%s\n" % v, v)
            v = g.s(ALNUM + "-_", 40)
            self.add(F, "extension names it", "config/app.clientSecret", "# issued by the partner portal\n%s\n" % v, v)
        F = "5.auth-header-raw"
        for i in range(2):
            v = g.s(ALNUM + "-_", 48)
            self.add(F, "wget --header", "scripts/export.sh",
                     "#!/bin/sh\nwget -q --header=\"Authorization: %s\" -O out.csv https://reports.%s/export\n" % (v, g.host()), v)
        for i in range(2):
            t = "https://%s-%d.tines.com/webhook/%s/%s" % (g.s(LOWER, 6), g.randint(100, 9999), g.s(HEX, 32), g.s(HEX, 32))
            self.add("provider-token", "siem forwarder", "siem/forward.py",
                     "import requests\n\nTINES_URL = \"%s\"\nrequests.post(TINES_URL, json={\"alert\": 1})\n" % t, t,
                     provider="tines-webhook")
        # XML elements whose names hold a secret word among others.
        F = "5.xml-element"
        for i in range(2):
            v = g.s(ALNUM + "+/", 40)
            self.add(F, "aws-style element", "config/storage.xml",
                     "<Storage>\n  <AccessKeyId>AKIA%s</AccessKeyId>\n  <SecretAccessKey>%s</SecretAccessKey>\n</Storage>\n"
                     % (g.s(BASE32, 16), v), v)
            v = g.pw(14, 20, symbols="!%*+-.=@^_~")
            self.add(F, "dotted element", "conf/mailer.xml", "<mailer>\n  <smtp.password>%s</smtp.password>\n</mailer>\n" % v, v)
        # C preprocessor definitions (firmware, Arduino sketches): '#' is a
        # directive there, not a comment.
        F = "5.c-define"
        for i in range(2):
            v = g.pw(12, 20, symbols="!%*+-.=@^_~")
            self.add(F, "arduino wifi password", "firmware/sketch/sketch.ino",
                     "#include <WiFi.h>\n\n#define WIFI_SSID \"lab-%s\"\n#define WIFI_PASSWORD \"%s\"\n" % (g.s(LOWER, 4), v), v)
            v = g.s(ALNUM, 32)
            self.add(F, "header api token", "include/cloud_config.h",
                     "#ifndef CLOUD_CONFIG_H\n#define CLOUD_CONFIG_H\n#define CLOUD_API_TOKEN \"%s\"\n#endif\n" % v, v)
            p = g.pw(14, 20, symbols="")
            self.add(F, "ftp url macro", "src/update.c",
                     "#define FIRMWARE_URL \"ftp://%s:%s@%s/images/fw.bin\"\n" % (g.user(), p, g.host()), p)
        # Stock passwords (a product default or a tutorial's) in the files
        # that store a user's own credentials: reported, at low or info.
        F = "5.stock-password"
        for i, stock in enumerate(["admin123", "password1", "letmein", "Passw0rd"]):
            self.add(F, ".netrc", ".netrc", "machine %s login %s password %s\n" % (g.host(), g.user(), stock), stock,
                     "found-low")
        self.add(F, ".pgpass", "db/.pgpass", "db.internal:5432:orders:%s:postgres1\n" % g.user(), "postgres1", "found-low")

        # Group 5's negatives: a label, a schema type, a numeric default,
        # a required variable, an empty fallback, a URL whose userinfo word
        # is a placeholder.
        for kind, path, text in [
            ("i18n label", "locales/en.json", json.dumps({"login": {"username": "Username", "password": "Password"}}) + "\n"),
            ("schema type", "api/schema.yml", "User:\n  properties:\n    password: string\n    username: string\n"),
            ("numeric default under a token name", "scripts/worker.sh", "#!/bin/sh\nRETRIES=\"${SESSION_TOKEN_RETRIES:-18336}\"\n"),
            ("required, no default", "docker-compose.yml",
             "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}\n"),
            ("empty fallback", "src/config.js", "export const apiToken = process.env.PARTNER_API_TOKEN || '';\n"),
            ("url userinfo word", "docs/mirror.md", "Clone with `git clone https://git:mirrorpass@git.internal.example/app.git`.\n"),
        ]:
            self.add("negative", kind, path, text, None, "negative")

    def form7(self):
        g = self.g
        rnd_b64 = lambda n: base64.b64encode(bytes(g.randint(0, 255) for _ in range(n))).decode()
        # Kubernetes Secret manifests: every entry of data (base64) and
        # stringData is a secret by the manifest's structure, whatever its
        # name; kind may come after data, and a List holds Secrets as items.
        F = "7.k8s-secret-data"
        for i in range(2):
            v = rnd_b64(g.choice([32, 48, 64]))
            self.add(F, "data, neutral name", "deploy/%s-secret.yaml" % g.choice(["orders", "billing", "search"]),
                     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-keys\n  namespace: prod\ntype: Opaque\n"
                     "data:\n  signing: %s\n" % v, v)
            v = rnd_b64(32)
            self.add(F, "data before kind (kubectl get -o yaml)", "backup/secrets/app.yaml",
                     "apiVersion: v1\ndata:\n  ca.crt: %s\n  session: %s\nkind: Secret\nmetadata:\n  name: app\n"
                     "  namespace: default\ntype: Opaque\n" % (base64.b64encode(b"-----BEGIN CERTIFICATE-----\nMIIC\n").decode(), v), v)
            v = rnd_b64(24)
            self.add(F, "List item", "cluster/export.yaml",
                     "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    hmac: %s\n  kind: Secret\n  metadata:\n"
                     "    name: webhook-hmac\n  type: Opaque\nkind: List\nmetadata:\n  resourceVersion: \"\"\n" % v, v)
            v = g.s(ALNUM, 32)  # text: the finding carries it decoded
            self.add(F, "helm-rendered, second document", "rendered/all.yaml",
                     "---\n# Source: api/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\n"
                     "data:\n  LOG_LEVEL: info\n---\n# Source: api/templates/secret.yaml\napiVersion: v1\nkind: Secret\n"
                     "metadata:\n  name: api\ntype: Opaque\ndata:\n  upstream: \"%s\"\n" % b64(v), v, "found-decoded")
            v = g.pw(16, 24, symbols="")
            self.add(F, "stringData, neutral name", "k8s/queue.yaml",
                     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: queue\nstringData:\n  amqp-client: %s\n" % v, v)
        # Letters-only values that switch case like random strings do
        # (not a word, not camelCase) under a secret's name or a CLI flag.
        F = "7.random-letters"
        def mixed(n):
            """n random letters, each upper or lower case by a coin flip, that switch case six times or more."""
            while True:
                v = "".join(g.choice([c.lower(), c.upper()]) for c in g.s(LOWER, n))
                if sum(a.isupper() != b.isupper() for a, b in zip(v, v[1:])) >= 6:
                    return v
        for i in range(2):
            v = mixed(16)
            self.add(F, "curl -u", "scripts/fetch.sh", "#!/bin/sh\ncurl -u %s:%s https://%s/export\n" % (g.user(), v, g.host()), v)
            v = mixed(20)
            self.add(F, ".env secret", "services/.env", "PARTNER_API_SECRET=%s\n" % v, v)
        for i in range(2):
            t = "b_" + g.s(ALNUM + "_-", 44)
            self.add("provider-token", ".env", ".env.local", "BEAMER_API_KEY=%s\n" % t, t, provider="beamer")
        # A password in an HTML password field, a secret as a Terraform
        # variable's default, shared keys in network device configuration,
        # a registry token in an .npmrc whatever its shape.
        F = "7.html-password"
        for i in range(2):
            p = g.pw(10, 16, symbols="!#%")
            self.add(F, "PHP template, type first", "admin/templates/login.php",
                     "<form action=\"/login\" method=\"post\">\n  <input type=\"text\" name=\"user\" value=\"admin\">\n"
                     "  <input type=\"password\" name=\"pass\" value=\"%s\">\n</form>\n" % p, p)
            p = g.pw(10, 16, symbols="!#%")
            self.add(F, "JSP, value first", "webapp/setup.jsp",
                     "<td><input value='%s' name='dbPassword' type='password' size='20'/></td>\n" % p, p)
        F = "7.terraform-default"
        for i in range(2):
            p = g.pw(16, 24, symbols="")
            self.add(F, "variables.tf block", "modules/db/variables.tf",
                     "variable \"master_password\" {\n  description = \"RDS master password\"\n  type        = string\n"
                     "  default     = \"%s\"\n}\n" % p, p)
            t = g.s(ALNUM, 32)
            self.add(F, "one-line block", "monitoring.tf", "variable \"datadog_api_key\" { default = \"%s\" }\n" % t, t)
        F = "7.network-config"
        for i in range(2):
            k = g.s(ALNUM, 16)
            self.add(F, "TACACS+ key", "configs/access-sw%02d.cfg" % i,
                     "hostname access-sw\n!\naaa new-model\ntacacs-server host 10.1.%d.5\ntacacs-server key 0 %s\n!\n" % (i, k), k)
            k = g.s(ALNUM, 20)
            self.add(F, "IKE pre-shared key", "configs/branch-rtr.cfg",
                     "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\ncrypto isakmp key %s address 198.51.100.%d\n"
                     % (k, 10 + i), k)
            k = g.s(ALNUM, 14)
            self.add(F, "RADIUS host key", "configs/wlc.cfg",
                     "radius-server host 10.9.0.%d auth-port 1812 acct-port 1813 key %s\n" % (20 + i, k), k)
        F = "7.npmrc-registry"
        for i in range(2):
            t = g.s(ALNUM, 40)
            self.add(F, "GitHub Packages", "web/.npmrc",
                     "@%s:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=%s\n" % (g.user(), t), t)
            t = g.s(ALNUM + "-_", 64)
            self.add(F, "private registry", ".npmrc",
                     "registry=https://pkgs.%s/npm/\n//pkgs.%s/npm/:_authToken=%s\nalways-auth=true\n" % (g.host(), g.host(), t), t)
        for i in range(2):
            t = "CCDB1_%s_%s" % (g.s(ALNUM, 22), g.s(ALNUM, 40))
            self.add("provider-token", "shell", "ops/cockroach.sh", "#!/bin/sh\nccloud auth login --api-key %s\n" % t, t,
                     provider="cockroach-cloud")
            t = "flp_" + g.s(ALNUM, 46)
            self.add("provider-token", "python", "llm/client.py", "token = \"%s\"\n" % t, t, provider="friendli")
            t = "key_" + g.s(HEX, 64)
            self.add("provider-token", ".env", "agents/.env", "CURSOR_API_KEY=%s\n" % t, t, provider="cursor")
            t = "sk-" + g.s(ALNUM, 48)
            self.add("provider-token", "python, no provider name", "art/render.py", "headers = {\"Authorization\": \"Bearer %s\"}\n" % t,
                     t, provider="sk-48")
            h = "$krb5asrep$23$%s@CORP.TIDEWATER.LOCAL:%s$%s" % (g.user(), g.s(HEX, 32), g.s(HEX, 232))
            self.add("7.kerberos-hash", "AS-REP hash file", "loot/asrep_hashes.txt", h + "\n", h, "found-low")
        # Assignments aligned in columns (more than three spaces around the
        # operator) and .NET NetworkCredential constructors.
        F = "7.aligned-and-dotnet"
        for i in range(2):
            p = g.pw(12, 18, symbols="!#%")
            self.add(F, "Ruby hash aligned", "config/deploy/production.rb",
                     "set :db, {\n  :adapter        => 'postgresql',\n  :username       => '%s',\n  :password       => '%s',\n}\n"
                     % (g.user(), p), p)
            t = g.s(ALNUM, 32)
            self.add(F, "PHP array aligned", "config/services.php",
                     "<?php\nreturn [\n    'region'        => 'eu-west-1',\n    'client_secret'     => '%s',\n];\n" % t, t)
            p = g.pw(14, 20, symbols="")
            self.add(F, "C# NetworkCredential", "src/Mail/Relay.cs",
                     "client.Credentials = new NetworkCredential(\"%s\", \"%s\");\n" % (g.user(), p), p)
        # Group 7's negatives: a ConfigMap, a Secret's public entries, a
        # Helm template, a Secret's kind in another document, a word.
        for kind, path, text in [
            ("ConfigMap data", "k8s/config.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ui\ndata:\n  theme: %s\n" % rnd_b64(30)),
            ("Secret's namespace and certificate", "k8s/sa-token.yaml",
             "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\ndata:\n  namespace: %s\n  ca.crt: %s\n"
             % (base64.b64encode(b"payments-prod").decode(), base64.b64encode(b"-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2g\n").decode())),
            ("Helm template", "charts/api/templates/secret.yaml",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.password | b64enc | quote }}\n"),
            ("kind in another document", "k8s/split.yaml",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n---\napiVersion: example.io/v1\nkind: Widget\ndata:\n  blob: %s\n"
             % rnd_b64(30)),
            ("PascalCase word under a secret name", "services/.env.example", "SECRET_BACKEND=HashiCorpVault\n"),
            ("empty password field", "templates/login.html", "<input type=\"password\" name=\"pw\" value=\"\" autocomplete=\"off\">\n"),
            ("Terraform variable without default", "variables.tf",
             "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n"),
            (".npmrc token from the environment", "app/.npmrc", "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}\n"),
        ]:
            self.add("negative", kind, path, text, None, "negative")

    def form8(self):
        g = self.g
        # Hard-coded credentials in code that is not an assignment: a
        # comparison of a named variable with a literal (==, ===, !=, !==,
        # equals), Objective-C string literals (@"..."), C arrays
        # (name[N] = "..."), and XML settings whose value attribute comes
        # first, or whose element or attributes are spaced.
        F = "8.comparison"
        for i in range(2):
            p = g.pw(12, 18, symbols="!#%")
            self.add(F, "JS strict equality", "src/routes/admin.js",
                     "router.post('/login', (req, res) => {\n  if (req.body.user === '%s' && req.body.password === '%s') {\n"
                     "    return res.json({ ok: true });\n  }\n});\n" % (g.user(), p), p)
            t = g.s(ALNUM, 24)
            self.add(F, "Java equals", "src/main/java/com/acme/ApiFilter.java",
                     "if (request.getHeader(\"X-Api-Key\") != null && apiKey.equals(\"%s\")) {\n    chain.doFilter(request, response);\n}\n"
                     % t, t)
            t = g.s(ALNUM, 20)
            self.add(F, "Python inequality", "app/hooks.py",
                     "def verify(hook_token):\n    if hook_token != '%s':\n        abort(401)\n" % t, t)
        F = "8.objc-and-c-arrays"
        for i in range(2):
            p = g.pw(12, 18, symbols="!#%")
            self.add(F, "Objective-C constant", "Classes/Config.m",
                     "static NSString *const kServicePassword = @\"%s\";\n" % p, p)
            t = g.s(ALNUM, 32)
            self.add(F, "Objective-C property", "Classes/Client.m",
                     "self.apiSecret = @\"%s\";\n" % t, t)
            p = g.pw(12, 16, symbols="")
            self.add(F, "C array, sized", "src/auth.c", "static const char admin_password[%d] = \"%s\";\n" % (len(p) + 1, p), p)
            t = g.s(ALNUM, 40)
            self.add(F, "C array, unsized", "src/keys.h", "const char api_token[] = \"%s\";\n" % t, t)
        F = "8.xml-settings"
        for i in range(2):
            t = g.s(ALNUM, 28)
            self.add(F, "appSettings, value first", "Web.config",
                     "<appSettings>\n  <add value=\"%s\" key=\"BillingApiKey\" />\n</appSettings>\n" % t, t)
            p = g.pw(12, 16, symbols="#%")
            self.add(F, "any element, spaced attributes", "conf/datasource.xml",
                     "<datasource>\n  <credential name = \"db_password\" value = \"%s\"/>\n</datasource>\n" % p, p)
            t = g.s(ALNUM, 24)
            self.add(F, "element text with spaces", "conf/feed.xml", "<feed>\n  <auth_token> %s </auth_token>\n</feed>\n" % t, t)
        # AWS key IDs of service bearer tokens (ABIA) and context-specific
        # credentials (ACCA): identifiers, reported at info like AKIA alone.
        F = "8.aws-service-key-ids"
        for i in range(2):
            k = "ABIA" + g.s(BASE32, 16)
            self.add(F, "credentials file", "ci/aws/credentials", "[svc]\naws_access_key_id = %s\n" % k, k)
            k = "ACCA" + g.s(BASE32, 16)
            self.add(F, "JSON log", "logs/session.json", "{\"AccessKeyId\": \"%s\", \"Region\": \"eu-west-1\"}\n" % k, k)
        # Group 8's negatives: comparisons with words, empty strings and
        # other variables, a masked value, punctuation only, a build variable.
        for kind, path, text in [
            ("comparison with a word", "src/auth.js", "if (tokenType === 'Bearer' && password !== '') {\n  next();\n}\n"),
            ("comparison with a field name", "src/form.ts", "if (input.type === 'password') { showToggle(); }\n"),
            ("comparison of two variables", "src/reset.js", "if (password !== passwordConfirmation) { fail(); }\n"),
            ("masked value", "config/app.yml", "smtp:\n  password: \"********\"\n"),
            ("punctuation only", "conf/app.conf", "password = \"-_-.-_-.\"\n"),
            ("XML setting from a variable", "Web.config", "<add value=\"$(ApiKey)\" key=\"ApiKey\" />\n"),
            ("unquoted name in an Apex class", "force-app/main/default/classes/Vault.cls",
             "public class Vault {\n    String password = kQ7vXz2LmR9tWp4N;\n}\n"),
        ]:
            self.add("negative", kind, path, text, None, "negative")


def uuid(g):
    return "%s-%s-4%s-a%s-%s" % (g.s(HEX, 8), g.s(HEX, 4), g.s(HEX, 3), g.s(HEX, 3), g.s(HEX, 12))


def meta_app_token(g):
    """A Meta app access token: the app id (15-16 digits), '|', the 32-hex app secret."""
    return g.digits(g.choice([15, 16])) + "|" + g.s(HEX, 32)


def x_bearer_token(g, escape):
    """An X app-only bearer token: 21 A's, 4 characters, 7 A's, then URL-encoded base64 (`escape`: %2B, %2F)."""
    return "A" * 21 + g.s(ALNUM, 4) + "A" * 7 + g.s(ALNUM, 3) + escape + g.s(ALNUM, 24) + "%3D" + g.s(ALNUM, 50)


HTTP_KINDS_BASIC = [
    ("shell curl -H", "scripts/sync.sh", "#!/bin/sh\ncurl -H 'Authorization: Basic {h}' https://{host}/api/v1/sync\n"),
    ("markdown doc", "docs/integration.md", "Send the header below with every call:\n\n```\nAuthorization: Basic {h}\n```\n"),
    (".http file", "api/requests.http", "GET https://{host}/api/v1/orders\nAuthorization: Basic {h}\nAccept: application/json\n"),
    ("python requests", "tools/report.py",
     "import requests\n\nHEADERS = {{\"Authorization\": \"Basic {h}\"}}\nrequests.get(\"https://{host}/api\", headers=HEADERS)\n"),
    ("javascript fetch", "src/client.js",
     "export async function load() {{\n  return fetch('https://{host}/api', {{ headers: {{ Authorization: 'Basic {h}' }} }});\n}}\n"),
]
HTTP_KINDS_BEARER = [(k, p, f.replace("Basic {h}", "Bearer {t}")) for k, p, f in HTTP_KINDS_BASIC]


def place_provider(g, kind, pair, tok, host, param):
    """Put a token (and its companion id, if any) in one file kind, with the
    provider's documented variable name."""
    env, _ = pair[-1]
    is_url = tok.startswith("https://")

    if kind == "env":
        return ".env", "NODE_ENV=production\n" + "".join("%s=%s\n" % (k, v) for k, v in pair) + "PORT=3000\n"
    if kind == "yaml":
        quote = g.choice(["", "\""])
        return "config/settings.yaml", "service:\n  name: api\ncredentials:\n" + "".join(
            "  %s: %s%s%s\n" % (k.lower(), quote, v, quote) for k, v in pair)
    if kind == "json":
        return "config/credentials.json", json.dumps({"service": "api", "credentials": {camel(k): v for k, v in pair}},
                                                     indent=2) + "\n"
    if kind == "python":
        if len(pair) == 1 and g.choice([0, 1]):
            return "app/clients.py", "from vendor import Client\n\nclient = Client(api_key=\"%s\", timeout=10)\n" % tok
        return "app/config.py", "import logging\n\n" + "".join("%s = \"%s\"\n" % (k, v) for k, v in pair)
    if kind == "javascript":
        return "src/config.js", "module.exports = {\n" + "".join("  %s: '%s',\n" % (camel(k), v) for k, v in pair) + "};\n"
    if kind == "typescript":
        return "src/env.ts", "".join("export const %s: string = \"%s\";\n" % (k, v) for k, v in pair)
    if kind == "go":
        return "internal/config/config.go", "package config\n\nconst (\n" + "".join(
            "\t%s = \"%s\"\n" % (camel(k), v) for k, v in pair) + ")\n"
    if kind == "shell-export":
        return "scripts/env.sh", "#!/usr/bin/env bash\n" + "".join("export %s=\"%s\"\n" % (k, v) for k, v in pair)
    if kind == "dockerfile":
        return "Dockerfile", "FROM node:20-alpine\nWORKDIR /app\n" + "".join("ENV %s=%s\n" % (k, v) for k, v in pair) + \
            "CMD [\"node\", \"server.js\"]\n"
    if kind == "docker-compose":
        return "docker-compose.yml", "services:\n  api:\n    image: bluefin/api:3\n    environment:\n" + "".join(
            "      %s: %s\n" % (k, v) for k, v in pair)
    if kind == "tfvars":
        return "terraform.tfvars", "region = \"eu-west-1\"\n" + "".join("%s = \"%s\"\n" % (k.lower(), v) for k, v in pair)
    if kind == "properties":
        return "config/app.properties", "app.name=api\n" + "".join(
            "%s=%s\n" % (k.lower().replace("_", "."), v) for k, v in pair)
    if kind == "xml":
        return "Web.config", "<?xml version=\"1.0\"?>\n<configuration>\n  <appSettings>\n" + "".join(
            "    <add key=\"%s\" value=\"%s\" />\n" % (k, v) for k, v in pair) + "  </appSettings>\n</configuration>\n"
    if kind == "markdown-fence":
        return "docs/setup.md", "## Local setup\n\nPut these in your shell:\n\n```bash\n" + "".join(
            "export %s=%s\n" % (k, v) for k, v in pair) + "```\n"
    if kind == "log-line":
        return "logs/worker.log", "2026-03-02T10:14:07Z INFO starting worker\n" + "".join(
            "2026-03-02T10:14:07Z DEBUG loaded config %s=%s\n" % (k, v) for k, v in pair)
    if kind == "url-query":
        if is_url:
            return "scripts/notify.sh", "#!/bin/sh\ncurl -sS -X POST -H 'Content-Type: application/json' " \
                "-d '{\"text\":\"deploy finished\"}' %s\n" % tok
        if env == "TELEGRAM_BOT_TOKEN":
            return "scripts/notify.sh", "#!/bin/sh\ncurl -s \"https://api.telegram.org/bot%s/sendMessage?chat_id=%s&text=done\"\n" \
                % (tok, g.digits(9))
        if host is None or len(pair) > 1:
            return "docs/usage.md", "Call it like this:\n\n    GET https://api.brightwave.net/v1/status?%s\n" % "&".join(
                "%s=%s" % (k.lower(), v) for k, v in pair)
        return "docs/usage.md", "Call it like this:\n\n    curl \"https://%s/v1/status?%s=%s&format=json\"\n" % (
            host, param, tok)
    raise ValueError(kind)


def encoded_anchor(text, secret):
    """The token of `text` whose decoding holds `secret` (the encoded text)."""
    for line in text.splitlines():  # a quoted string with escaped quotes inside
        if line.count("\"") >= 2:
            part = line[line.index("\"") + 1:line.rindex("\"")]
            if "\\\"" in part and secret in decodings(part):
                return part
    for sep in "\"'<>,& \t\n=;()":
        text = text.replace(sep, "\x00")
    for tok in text.split("\x00"):
        for part in (tok, tok.split("?", 1)[-1], tok.rsplit(":", 1)[-1]):
            if part and secret in decodings(part):
                return part
    return None


def line_of(text, secret):
    if not secret:
        return ""
    idx = text.find(secret)
    start = text.rfind("\n", 0, idx) + 1
    end = text.find("\n", idx)
    return text[start:end if end >= 0 else len(text)]


def mask_line(line, secret):
    """The line with the secret (or its encoded text) masked but for 4 characters."""
    return line.replace(secret, secret[:4] + "*" * max(0, len(secret) - 4)) if secret else line


def build(seed):
    s = Suite(seed)
    s.form1()
    s.form2()
    s.form6()
    s.providers()
    s.negatives()
    s.form3()
    s.form4()
    s.form5()
    s.form7()
    s.form8()
    return s.cases


def write_tree(cases, root):
    written = {}
    for c in cases:
        full = os.path.join(root, c["path"])
        if c["path"] in written:
            assert written[c["path"]] == c["text"], c["path"]
            continue
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="\n") as f:
            f.write(c["text"])
        written[c["path"]] = c["text"]


NEG_KEY = "negatives-flagged-max"  # floors.json: most negatives allowed to be flagged at medium or above
SEV_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


def evaluate(cases, findings):
    by_path = defaultdict(list)
    for f in findings:
        for loc in f["locations"]:
            by_path[loc["path"]].append(f)
    for c in cases:
        fs = by_path.get(c["path"], [])
        c["hits"] = [(f["rule_id"], f["severity"]) for f in fs]
        if c["expect"] == "negative":
            c["flagged"] = any(SEV_RANK[f["severity"]] >= 2 for f in fs)
            c["flagged_any"] = bool(fs)
            continue
        match = [f for f in fs if c["secret"] in f.get("secret", "")]
        c["encoded"] = [f["rule_id"] for f in fs if f not in match and c["secret"] in decodings(f.get("secret", ""))]
        c["partial"] = [f["rule_id"] for f in fs
                        if f.get("secret") and f["secret"] not in c["secret"] and len(f["secret"]) >= 6
                        and f["secret"] in c["secret"]]
        if c["expect"] == "found-low":
            c["found"] = any(SEV_RANK[f["severity"]] <= 1 for f in match)
            c["above_low"] = bool(match) and not c["found"]
        else:
            c["found"] = bool(match)
        c["rule"] = match[0]["rule_id"] if match else None


def decodings(s):
    """What a reported secret says once decoded (base64, percent, JSON
    escapes), to tell "reported but not decoded" from "not reported"."""
    out = []
    for part in [s] + s.replace(":", " ").replace("/", " ").split():
        try:
            out.append(base64.b64decode(part + "=" * (-len(part) % 4), validate=True).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            pass
    out.append(urllib.parse.unquote(s))
    try:
        out.append(json.loads("\"" + s + "\""))
    except ValueError:
        pass
    return "\n".join(out)


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def report(cases, floors, list_misses):
    pos = [c for c in cases if c["expect"] != "negative"]
    neg = [c for c in cases if c["expect"] == "negative"]
    forms = OrderedDict()
    for c in pos:
        forms.setdefault(c["form"], OrderedDict()).setdefault(c["kind"], []).append(c)
    print("%-30s %-42s %9s %7s" % ("form", "file kind", "found", "%"))
    totals = OrderedDict()
    for form, kinds in forms.items():
        for kind, cs in kinds.items():
            f = sum(c["found"] for c in cs)
            print("%-30s %-42s %4d/%-4d %6.1f%%" % (form, kind[:42], f, len(cs), pct(f, len(cs))))
        allc = [c for cs in kinds.values() for c in cs]
        f = sum(c["found"] for c in allc)
        totals[form] = (f, len(allc))
    print()
    print("provider-token by provider:")
    prov = OrderedDict()
    for c in pos:
        if c["provider"]:
            prov.setdefault(c["provider"], []).append(c)
    line = []
    for p, cs in prov.items():
        f = sum(c["found"] for c in cs)
        line.append("%-28s %d/%d" % (p, f, len(cs)))
    for i in range(0, len(line), 3):
        print("  " + "   ".join("%-34s" % x for x in line[i:i + 3]))
    print()
    print("%-30s %9s %7s %7s" % ("form total", "found", "%", "floor"))
    failed = []
    for form, (f, n) in totals.items():
        floor = floors.get(form)
        p = pct(f, n)
        mark = ""
        if floor is not None and p + 1e-9 < floor:
            failed.append(form)
            mark = "  BELOW FLOOR"
        print("%-30s %4d/%-4d %6.1f%% %7s%s" % (form, f, n, p, "-" if floor is None else "%g%%" % floor, mark))
    fp = sum(c["found"] for c in pos)
    totals["ALL"] = (fp, len(pos))
    floor = floors.get("ALL")
    mark = ""
    if floor is not None and pct(fp, len(pos)) + 1e-9 < floor:
        failed.append("ALL")
        mark = "  BELOW FLOOR"
    print("%-30s %4d/%-4d %6.1f%% %7s%s" % ("ALL", fp, len(pos), pct(fp, len(pos)),
                                            "-" if floor is None else "%g%%" % floor, mark))
    hashes_high = [c for c in pos if c.get("above_low")]
    if hashes_high:
        print("password hashes reported above low severity: %d" % len(hashes_high))
    nf = [c for c in neg if c["flagged"]]
    na = [c for c in neg if c["flagged_any"]]
    print("negatives flagged at medium or above: %d/%d (any severity: %d)" % (len(nf), len(neg), len(na)))
    cap = floors.get(NEG_KEY)
    if cap is not None and len(nf) > cap:
        failed.append("%s (%d > %g)" % (NEG_KEY, len(nf), cap))
    for c in nf:
        print("  NEGATIVE FLAGGED %-26s %-40s %s  %s" % (c["kind"], c["path"], c["hits"], repr(c["text"][:70])))
    if list_misses:
        print()
        print("misses:")
        for c in pos:
            if not c["found"]:
                extra = ""
                if c.get("above_low"):
                    extra = " [reported above low]"
                elif c["encoded"]:
                    extra = " [reported still encoded by %s]" % ",".join(c["encoded"])
                elif c["partial"]:
                    extra = " [partial match by %s]" % ",".join(c["partial"])
                elif c["hits"]:
                    extra = " [other findings in file: %s]" % ",".join(sorted(set(r for r, _ in c["hits"])))
                print("  %-28s %-36s %-58s len=%-3d %s%s" % (c["form"], c["kind"][:36], c["path"], len(c["secret"]),
                                                            mask_line(c["line"], c["anchor"]), extra))
    return failed, totals


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--floors", default=os.path.join(HERE, "floors.json"))
    ap.add_argument("--min-per-form", action="append", default=[], metavar="FORM=PCT")
    ap.add_argument("--list-misses", action="store_true")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it")
    ap.add_argument("--json", metavar="FILE", help="write per-case results (secrets masked) to FILE")
    ap.add_argument("--write-floors", metavar="FILE",
                    help="write the measured recall of every form, rounded down to 5%%, as floors to FILE")
    args = ap.parse_args()

    floors = {}
    if args.floors and os.path.exists(args.floors):
        with open(args.floors) as f:
            floors = {k: float(v) for k, v in json.load(f).items() if not k.startswith("_")}
    for item in args.min_per_form:
        form, _, v = item.partition("=")
        if not v:
            sys.exit("--min-per-form wants FORM=PCT, got %r" % item)
        floors[form] = float(v)

    cases = build(args.seed)
    root = args.keep or tempfile.mkdtemp(prefix="br-recall-")
    if args.keep:
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
    try:
        write_tree(cases, root)
        r = subprocess.run([os.path.abspath(args.binary), "scan", root, "-f", "json", "--fail-on", "none",
                            "--show-secrets"], capture_output=True, text=True, timeout=900)
        if r.returncode != 0:
            sys.stderr.write("scan failed (exit %d): %s\n" % (r.returncode, r.stderr[-2000:]))
            return 2
        report_json = json.loads(r.stdout)
        findings = report_json["findings"]
        nfiles = len({c["path"] for c in cases})
        if report_json["scan"]["files_scanned"] != nfiles:
            print("warning: %d files written, %d scanned" % (nfiles, report_json["scan"]["files_scanned"]))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    evaluate(cases, findings)
    pos = sum(c["expect"] != "negative" for c in cases)
    print("recall suite: %d positive cases, %d negative cases, seed %d" % (pos, len(cases) - pos, args.seed))
    failed, totals = report(cases, floors, args.list_misses)
    if args.write_floors:
        measured = OrderedDict((form, int(pct(f, n) // 5) * 5) for form, (f, n) in totals.items())
        measured[NEG_KEY] = sum(c["expect"] == "negative" and c["flagged"] for c in cases)
        with open(args.write_floors, "w") as f:
            json.dump(measured, f, indent=2)
            f.write("\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{k: (mask_line(v, c["anchor"]) if k == "line" else v) for k, v in c.items()
                        if k not in ("text", "secret", "anchor")} for c in cases], f, indent=1)
    unknown = [f for f in floors if f not in {c["form"] for c in cases} | {"ALL", NEG_KEY}]
    if unknown:
        sys.stderr.write("floors name unknown forms: %s\n" % ", ".join(unknown))
        return 2
    if failed:
        print("FAIL: below floor: %s" % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
