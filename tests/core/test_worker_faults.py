"""Kill ``masthead worker`` in the middle of a task: the task still gets done.

The workers are the real thing (``masthead worker``) in subprocesses, killed
with SIGKILL, so nothing of theirs can clean up. They must see the rows this
test writes, so those tests commit (``transaction=True``) and hand the worker
the same database (servers.SharedDatabase: PostgreSQL's test database itself,
or on SQLite a file copy of pytest-django's in-memory one), read back from it.

Without core.task_recovery, the database queue leaves the killed worker's task
RUNNING for ever, and RQ files it as failed; both tests check the first state
before seeing the task through.
"""

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from servers import SharedDatabase, masthead_env, until, worker
from slow_tasks import wait_for_release

from masthead.core import task_recovery

HERE = Path(__file__).resolve().parent
TEST_REDIS_URL = os.environ.get("MASTHEAD_TEST_REDIS_URL", "")
# This test's own database on the test Redis server, emptied before use.
REDIS_DATABASE = 5

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def slow_task(database: SharedDatabase) -> tuple[str, list[str]]:
    """Status and worker ids of the one slow task."""
    ((status, worker_ids),) = database.rows(
        f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table} "
        "WHERE task_path LIKE '%wait_for_release'"
    )
    return status, json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids


def start_worker(database: SharedDatabase, folder: Path, log_name: str, **extra_env: str):
    """``masthead worker`` on the test's database, able to import the slow task."""
    env = masthead_env(
        folder / "var",
        DATABASE_URL=database.url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        LOG_LEVEL="WARNING",
        **extra_env,
    )
    return worker(env, folder / log_name, "--publish-interval", "1")


def kill_worker(process: subprocess.Popen, folder: Path) -> None:
    """SIGKILL for the worker and every process it started: a machine lost mid-task.

    The process that ran the task (its ``started-<pid>`` file names it) is
    killed too, in case it was not the worker itself: RQ's forking worker runs
    each job in a child in a session of its own, which would outlive a killed
    worker (systemd kills the unit's whole cgroup).
    """
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for started in folder.glob("started-*"):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(started.name.split("-")[1]), signal.SIGKILL)


def attempts_started(folder: Path) -> int:
    return len(list(folder.glob("started-*")))


def kill_a_worker_mid_task(database: SharedDatabase, folder: Path, **extra_env: str) -> None:
    """Start a worker on the queued slow task; kill it once the task runs."""
    with start_worker(database, folder, "worker-1.log", **extra_env) as first:
        try:
            until(
                lambda: attempts_started(folder) == 1,
                60,
                "the task to start",
                [folder / "worker-1.log"],
            )
        finally:
            kill_worker(first, folder)


def finish_with_a_new_worker(
    database: SharedDatabase, folder: Path, succeeded: Callable[[], bool], **extra_env: str
) -> None:
    """Release the slow task and start a second worker: the task runs again, to the end."""
    (folder / "release").touch()
    logs = [folder / "worker-1.log", folder / "worker-2.log"]
    with start_worker(database, folder, "worker-2.log", **extra_env):
        until(succeeded, 60, "the task to succeed", logs)
    assert attempts_started(folder) == 2
    assert (folder / "finished").exists()


@committed
def test_database_task_of_a_killed_worker_runs_again_when_a_worker_starts(tmp_path):
    wait_for_release.enqueue(str(tmp_path))
    database = SharedDatabase(tmp_path)
    kill_a_worker_mid_task(database, tmp_path)
    status, worker_ids = slow_task(database)
    assert status == TaskResultStatus.RUNNING, "the killed worker's task is left running"
    assert len(worker_ids) == 1

    finish_with_a_new_worker(
        database, tmp_path, lambda: slow_task(database)[0] == TaskResultStatus.SUCCESSFUL
    )
    assert len(slow_task(database)[1]) == 2, "one claim per worker"


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
    # The worker's periodic jobs need a database.
    kill_a_worker_mid_task(SharedDatabase(folder), folder, REDIS_URL=redis_url)
    assert task_status(result.id) == TaskResultStatus.RUNNING
    return result.id


def finish_rq_job_with_a_new_worker(folder: Path, redis_url: str, task_id: str) -> None:
    finish_with_a_new_worker(
        SharedDatabase(folder),
        folder,
        lambda: task_status(task_id) == TaskResultStatus.SUCCESSFUL,
        REDIS_URL=redis_url,
    )


@needs_redis
@committed
def test_rq_job_of_a_killed_worker_runs_again_when_a_worker_starts(tmp_path, rq_url):
    task_id = kill_rq_worker_mid_task(tmp_path, rq_url)
    finish_rq_job_with_a_new_worker(tmp_path, rq_url, task_id)


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
    finish_rq_job_with_a_new_worker(tmp_path, rq_url, task_id)
