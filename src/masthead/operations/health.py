"""Readiness checks: can this process serve readers right now?

Each check does the least that proves a dependency answers: one trivial query,
one cache round trip, one look at the task queue. A failure is reported by
the check's name and the exception's class only; exception messages can carry
addresses and credentials, and readiness answers go to whoever asks.
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from . import taskqueue
from .unavailable import close_broken_connections

logger = logging.getLogger("masthead.operations")


class CheckFailed(Exception):
    """A dependency answered, but not as it should."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: float
    error: str = ""

    def as_dict(self) -> dict:
        result = {"ok": self.ok, "ms": self.ms}
        if self.error:
            result["error"] = self.error
        return result


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    cache = caches["default"]
    key = f"masthead:readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise CheckFailed("the cache did not return what was stored")
    finally:
        cache.delete(key)


def check_tasks() -> None:
    taskqueue.check_reachable()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
}


def run_check(name: str, check: Callable[[], None]) -> CheckResult:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:
        ms = round((time.perf_counter() - started) * 1000, 1)
        logger.warning("Readiness check %r failed: %s: %s", name, type(error).__name__, error)
        if isinstance(error, DatabaseError):
            close_broken_connections()
        return CheckResult(name, False, ms, type(error).__name__)
    return CheckResult(name, True, round((time.perf_counter() - started) * 1000, 1))


def run_checks() -> list[CheckResult]:
    return [run_check(name, check) for name, check in CHECKS.items()]
