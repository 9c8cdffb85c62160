"""Kill ``masthead worker`` in the middle of a task: the task still gets done.

The workers are the real thing (``python -m masthead worker``) in subprocesses,
killed with SIGKILL, so nothing of theirs can clean up. They must see the rows
this test writes, so those tests commit (``transaction=True``) and hand the
worker the same database: PostgreSQL's test database itself, or on SQLite a
file copy of pytest-django's in-memory one (SQLite's backup API), read back
with the sqlite3 module.

Without core.task_recovery, the database queue leaves the killed worker's task
RUNNING for ever, and RQ files it as failed; both tests check the first state
before seeing the task through.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from slow_tasks import wait_for_release

from masthead.core import task_recovery

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEST_REDIS_URL = os.environ.get("MASTHEAD_TEST_REDIS_URL", "")
# This test's own database on the test Redis server, emptied before use.
REDIS_DATABASE = 5

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class WorkerDatabase:
    """The database the worker subprocesses use, and a way to read tasks back from it."""

    def __init__(self, folder: Path):
        self.vendor = connection.vendor
        self.path = folder / "worker.sqlite3"
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )

    def task(self) -> tuple[str, list[str]]:
        """Status and worker ids of the one slow task."""
        sql = (
            f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table} "
            "WHERE task_path LIKE '%wait_for_release'"
        )
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as db:
                ((status, worker_ids),) = db.execute(sql).fetchall()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                ((status, worker_ids),) = cursor.fetchall()
        return status, json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids


def start_worker(database: WorkerDatabase, folder: Path, log_name: str, **extra_env: str):
    """``masthead worker`` in its own session, so a test can kill it with all its children."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=database.url,
        MASTHEAD_VAR_DIR=str(folder / "var"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        LOG_LEVEL="WARNING",
        **extra_env,
    )
    log = (folder / log_name).open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "masthead", "worker", "--publish-interval", "1"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def kill_worker(worker: subprocess.Popen, folder: Path) -> None:
    """SIGKILL for the worker and every process it started: a machine lost mid-task.

    The process that ran the task (its ``started-<pid>`` file names it) is
    killed too, in case it was not the worker itself: RQ's forking worker runs
    each job in a child in a session of its own, which would outlive a killed
    worker (systemd kills the unit's whole cgroup).
    """
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    for started in folder.glob("started-*"):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(started.name.split("-")[1]), signal.SIGKILL)


def wait_for(condition, timeout: float, what: str, folder: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(p.read_text()[-3000:] for p in sorted(folder.glob("worker-*.log")))
    raise AssertionError(f"Timed out waiting for {what}. Worker output:\n{logs}")


def attempts_started(folder: Path) -> int:
    return len(list(folder.glob("started-*")))


@committed
def test_database_task_of_a_killed_worker_runs_again_when_a_worker_starts(tmp_path):
    result = wait_for_release.enqueue(str(tmp_path))
    database = WorkerDatabase(tmp_path)

    first = start_worker(database, tmp_path, "worker-1.log")
    try:
        wait_for(lambda: attempts_started(tmp_path) == 1, 60, "the task to start", tmp_path)
    finally:
        kill_worker(first, tmp_path)
    status, worker_ids = database.task()
    assert status == TaskResultStatus.RUNNING, "the killed worker's task is left running"
    assert len(worker_ids) == 1

    (tmp_path / "release").touch()
    second = start_worker(database, tmp_path, "worker-2.log")
    try:
        wait_for(
            lambda: database.task()[0] == TaskResultStatus.SUCCESSFUL,
            60,
            f"task {result.id} to succeed",
            tmp_path,
        )
    finally:
        stop_worker(second)
    assert attempts_started(tmp_path) == 2
    assert (tmp_path / "finished").exists()
    assert len(database.task()[1]) == 2, "one claim per worker"


@pytest.mark.django_db
def test_running_tasks_are_requeued_only_when_their_worker_is_gone():
    """The lease covers workers on other machines; this machine's dead ones count at once."""
    now = timezone.now()
    lease = timedelta(seconds=600)
    here = task_recovery.worker_id()  # this very process: alive
    host = here.split(":")[0]
    dead_here = f"{host}:999999999:12345"  # no such PID
    elsewhere = "other-machine:4242:777"

    def running(started_ago: timedelta, *workers: str) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING,
            started_at=now - started_ago,
            worker_ids=list(workers),
            task_path="slow_tasks.wait_for_release",
            args_kwargs={"args": ["/nowhere"], "kwargs": {}},
            backend_name="default",
            run_after=now,
        )

    alive = running(timedelta(seconds=30), here)
    dead = running(timedelta(seconds=30), dead_here)
    remote_recent = running(timedelta(seconds=30), elsewhere)
    remote_expired = running(lease + timedelta(seconds=1), elsewhere)
    hopeless = running(lease * 2, *[elsewhere] * task_recovery.MAX_ATTEMPTS)

    requeued = task_recovery.requeue_abandoned_db_tasks(now)

    assert sorted(requeued) == sorted([str(dead.pk), str(remote_expired.pk)])
    status = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert status[alive.pk] == status[remote_recent.pk] == TaskResultStatus.RUNNING
    assert status[dead.pk] == status[remote_expired.pk] == TaskResultStatus.READY
    assert status[hopeless.pk] == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=hopeless.pk).exception_class_path == (
        task_recovery.LOST_WORKER_ERROR
    )
    assert task_recovery.requeue_abandoned_db_tasks(now) == [], "a second pass changes nothing"


def test_worker_ids_name_this_process_and_fit_the_database_worker():
    worker = task_recovery.worker_id()
    assert len(worker) <= task_recovery.WORKER_ID_MAX_LENGTH
    assert worker.split(":")[1] == str(os.getpid())
    assert not task_recovery.is_dead_local_worker(worker)
    assert not task_recovery.is_dead_local_worker("not-a-masthead-worker-id")


needs_redis = pytest.mark.skipif(
    not TEST_REDIS_URL, reason="needs MASTHEAD_TEST_REDIS_URL (scripts/test.sh sets it)"
)


@pytest.fixture
def rq_url(settings) -> Iterator[str]:
    """Tasks go to RQ, as with REDIS_URL set, on a database of the test Redis server of
    their own (emptied before and after); yields its URL."""
    import redis

    url = TEST_REDIS_URL.rsplit("/", 1)[0] + f"/{REDIS_DATABASE}"
    redis.Redis.from_url(url).flushdb()
    settings.RQ_QUEUES = {
        "default": {"URL": url, "DEFAULT_TIMEOUT": settings.MASTHEAD_TASK_LEASE_SECONDS}
    }
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield url
    redis.Redis.from_url(url).flushdb()


def task_status(task_id: str) -> str:
    from django_tasks import task_backends

    return task_backends["default"].get_result(task_id).status


def kill_rq_worker_mid_task(folder: Path, redis_url: str) -> str:
    """Start a Redis worker on a slow task, kill it mid-task; returns the task's id."""
    result = wait_for_release.enqueue(str(folder))
    database = WorkerDatabase(folder)  # the worker's periodic jobs need one
    first = start_worker(database, folder, "worker-1.log", REDIS_URL=redis_url)
    try:
        wait_for(lambda: attempts_started(folder) == 1, 60, "the job to start", folder)
    finally:
        kill_worker(first, folder)
    assert task_status(result.id) == TaskResultStatus.RUNNING
    return result.id


def finish_with_a_new_worker(folder: Path, redis_url: str, task_id: str) -> None:
    (folder / "release").touch()
    second = start_worker(WorkerDatabase(folder), folder, "worker-2.log", REDIS_URL=redis_url)
    try:
        wait_for(
            lambda: task_status(task_id) == TaskResultStatus.SUCCESSFUL,
            60,
            f"job {task_id} to succeed",
            folder,
        )
    finally:
        stop_worker(second)
    assert attempts_started(folder) == 2
    assert (folder / "finished").exists()


@needs_redis
@committed
def test_rq_job_of_a_killed_worker_runs_again_when_a_worker_starts(tmp_path, rq_url):
    task_id = kill_rq_worker_mid_task(tmp_path, rq_url)
    finish_with_a_new_worker(tmp_path, rq_url, task_id)


@needs_redis
@committed
def test_rq_job_lost_on_another_machine_runs_again_once_rq_gives_it_up(tmp_path, rq_url, settings):
    import django_rq

    task_id = kill_rq_worker_mid_task(tmp_path, rq_url)
    # As if the worker had run elsewhere: nobody here can tell whether it still runs.
    connection = django_rq.get_connection("default")
    connection.hset(f"rq:job:{task_id}", "worker_name", "other-machine:4242:777")
    assert task_recovery.requeue_abandoned_rq_jobs() == []

    # RQ gives a job up a minute after its timeout (the lease) has passed; the
    # recovery is asked about a moment after that instead of waiting for it.
    lease = timedelta(seconds=settings.MASTHEAD_TASK_LEASE_SECONDS)
    later = timezone.now() + lease + timedelta(seconds=90)
    assert task_recovery.requeue_abandoned_rq_jobs(later) == [task_id]
    assert task_status(task_id) == TaskResultStatus.READY
    finish_with_a_new_worker(tmp_path, rq_url, task_id)
