"""Django-style settings module used as a context fixture."""
import os

import boto3
from openai import OpenAI

DEBUG = False
SECRET_KEY = "ctxval_py_secret_key"  # expect ctxval_py_secret_key: key=SECRET_KEY kind=literal env=
PROD_DATABASE_PASSWORD: str = 'ctxval_py_prod_db'  # expect ctxval_py_prod_db: key=PROD_DATABASE_PASSWORD kind=literal env=production

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": "ctxval_py_dict_password",  # expect ctxval_py_dict_password: key=PASSWORD kind=literal env=
        "HOST": "db.internal",
    },
}

CACHES = {'staging': {'api_token_staging': "ctxval_py_staging"}}  # expect ctxval_py_staging: key=api_token_staging kind=literal env=staging

os.environ["AWS_SECRET_ACCESS_KEY"] = "ctxval_py_environ"  # expect ctxval_py_environ: key=AWS_SECRET_ACCESS_KEY kind=literal env=
os.environ.setdefault("TEST_STRIPE_KEY", "ctxval_py_setdefault")  # expect ctxval_py_setdefault: key=TEST_STRIPE_KEY kind=literal env=test
os.putenv("SENTRY_AUTH_TOKEN", "ctxval_py_putenv")  # expect ctxval_py_putenv: key=SENTRY_AUTH_TOKEN kind=literal env=

client = OpenAI(api_key="ctxval_py_openai")  # expect ctxval_py_openai: key=api_key kind=literal env= call=OpenAI
s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIA0000",
    aws_secret_access_key="ctxval_py_boto",  # expect ctxval_py_boto: key=aws_secret_access_key kind=literal env= call=boto3.client
    endpoint_url="http://localhost:4566",
)

DEFAULT_HEADERS = [
    "Accept: application/json",
    "X-Api-Key: ctxval_py_list_header",  # expect ctxval_py_list_header: key=X-Api-Key kind=literal env=
]
SENTRY_DSN = (
    "https://ctxval_py_continued@o1.ingest.sentry.io/1"  # expect ctxval_py_continued: key=SENTRY_DSN kind=literal env=
)

REDIS_URL = "redis://:ctxval_py_redis@localhost:6379/0"
# expect ctxval_py_redis: key=REDIS_URL kind=literal env=development

# old key, rotated: api_key = "ctxval_py_comment"
# expect ctxval_py_comment: key=api_key kind=comment env=


class Settings:
    webhook_secret: str = "ctxval_py_class_field"  # expect ctxval_py_class_field: key=webhook_secret kind=literal env=

    def __init__(self):
        self.github_token = "ctxval_py_self_attr"  # expect ctxval_py_self_attr: key=github_token kind=literal env=
        self.headers = {"Authorization": f"Bearer ctxval_py_fstring"}  # expect ctxval_py_fstring: key=Authorization kind=literal env=


def connect():
    """Docstring mentioning ctxval_py_docstring should be a literal without key."""
    # expect ctxval_py_docstring: key= kind=literal env=
    return requests.get(url, headers={"X-Api-Key": "ctxval_py_header"})  # expect ctxval_py_header: key=X-Api-Key kind=literal env=

# Code, not a literal: the tree overrides the line's "key = value" shape.
RegEnumKey = win32api.ctxval_py_attribute  # expect ctxval_py_attribute: key=RegEnumKey kind=unknown env=
