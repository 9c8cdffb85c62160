"""Scale-out is configured by environment variables alone: the task queue and media storage."""

import json
import os
import secrets
import subprocess
import sys

import pytest

SHOW = """
import json
from masthead import settings
print(json.dumps({
    "tasks": settings.TASKS["default"],
    "rq_queues": getattr(settings, "RQ_QUEUES", None),
    "rq": getattr(settings, "RQ", None),
    "media": settings.STORAGES["default"],
}))
"""


def settings_with(**env: str) -> subprocess.CompletedProcess:
    """Load masthead.settings in a fresh interpreter with only these variables set."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "MEDIA_", "REDIS_", "TASKS_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(**env: str) -> dict:
    result = settings_with(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_keeps_tasks_in_the_database_and_media_on_disk():
    config = loaded()
    assert config["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert config["rq_queues"] is None
    assert config["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_redis_url_sends_tasks_through_rq_on_that_server():
    config = loaded(REDIS_URL="redis://redis.internal:6379/2", MASTHEAD_TASK_LEASE_SECONDS="300")
    assert config["tasks"] == {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    assert config["rq_queues"] == {
        "default": {"URL": "redis://redis.internal:6379/2", "DEFAULT_TIMEOUT": 300}
    }
    assert config["rq"] == {"JOB_CLASS": "django_tasks_rq.Job"}


def test_tasks_backend_overrides_the_choice():
    config = loaded(
        REDIS_URL="redis://redis.internal:6379/0", TASKS_BACKEND="django_tasks_db.DatabaseBackend"
    )
    assert config["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize("switch", [{"MEDIA_STORAGE": "s3"}, {}])
def test_media_go_to_s3_with_settings_from_the_environment(switch):
    config = loaded(
        **switch,
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    assert config["media"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "endpoint_url": "https://s3.example.net",
            "region_name": "eu-north-1",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "not-a-real-secret",
            "custom_domain": "media.example.org",
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }


def test_s3_without_a_bucket_is_refused():
    result = settings_with(MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_scaled_out_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "-m", "masthead", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "MEDIA_", "REDIS_", "DATABASE_URL"))
        }
        | {
            "DEBUG": "0",
            "MASTHEAD_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "example.org",
            # Nothing answers there: the checks must not need the services themselves.
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
