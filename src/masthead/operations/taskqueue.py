"""The background task queue, seen from outside: is it reachable, how much is waiting.

Masthead runs on django-tasks with one of two queues. The embedded default,
django_tasks_db, keeps tasks as rows in the site's own database. Scaled-out
sites choose a Redis-based backend (django-tasks-rq) through ``TASKS_BACKEND``;
its queues are the ``RQ_QUEUES`` django-rq reads (settings.py builds them from
``REDIS_URL``).
"""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Health probes and scrapes must fail fast rather than hang on a lost server.
REDIS_TIMEOUT_SECONDS = 2


def backend_path() -> str:
    return settings.TASKS.get("default", {}).get("BACKEND", "")


def uses_redis() -> bool:
    """Whether tasks go through Redis (any backend whose path names RQ)."""
    return "rq" in backend_path().lower()


def uses_database() -> bool:
    return backend_path().startswith("django_tasks_db.")


def queue_names() -> list[str]:
    from django_tasks import task_backends

    return sorted(task_backends["default"].queues)


@lru_cache(maxsize=4)
def _redis_from_url(url: str):
    import redis

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )


def rq_queue(name: str):
    """The RQ queue called ``name``, on a connection of its own that gives up quickly.

    Not django-rq's connection: the worker's blocking reads must wait for work,
    while a probe must answer within seconds when Redis is gone.
    """
    from rq import Queue

    url = getattr(settings, "RQ_QUEUES", {}).get(name, {}).get("URL") or getattr(
        settings, "REDIS_URL", ""
    )
    if not url:
        raise ImproperlyConfigured(f"Neither RQ_QUEUES[{name!r}] nor REDIS_URL is configured.")
    return Queue(name, connection=_redis_from_url(url))


def check_reachable() -> None:
    """Raise if the queue cannot be reached: a Redis PING, or a read of the task table."""
    if uses_redis():
        for name in queue_names():
            rq_queue(name).connection.ping()
    elif uses_database():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


def waiting_count() -> int | None:
    """How many tasks wait to be run; None for backends that keep no queue."""
    if uses_redis():
        return sum(rq_queue(name).count for name in queue_names())
    if uses_database():
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    return None
