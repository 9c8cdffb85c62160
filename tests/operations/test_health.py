"""/healthz and /readyz, as a load balancer or an orchestrator calls them."""

import json

import pytest
from operations_helpers import closed_port

SECRET = "s3cret-cache-password"


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: pytest-django fails any query this request makes.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_each_check_with_its_time(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert isinstance(check["ms"], int | float) and check["ms"] >= 0


@pytest.mark.django_db
def test_readyz_names_a_broken_cache_without_leaking_its_address(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    text = response.content.decode()
    assert SECRET not in text and "redis://" not in text and "Traceback" not in text


@pytest.mark.django_db
def test_readyz_pings_redis_for_an_rq_task_backend(client, settings, redis_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server}}
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["tasks"]["ok"] is True


@pytest.mark.django_db
def test_readyz_names_an_unreachable_redis_task_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failing"] == ["tasks"]
    assert SECRET not in response.content.decode()
