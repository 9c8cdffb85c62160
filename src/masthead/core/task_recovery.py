"""Queue again the background tasks whose worker died while running them.

Neither task queue does this by itself. django-tasks' database worker marks a
task RUNNING when it claims it and SUCCESSFUL or FAILED when it ends; a worker
killed in between (SIGKILL, the OOM killer, a power cut, a container stopped
without grace) leaves the row RUNNING for ever, and nothing runs it again. RQ,
with REDIS_URL, notices a lost job once its time is up (the job timeout plus a
minute) but then files it as failed ("AbandonedJobError"), where it stays.

:func:`requeue_abandoned_tasks` runs when ``masthead worker`` starts and every
minute after (core.scheduling), and turns both cases into another attempt:

* at once when the worker that took the task was a process of this machine
  that no longer exists: restarting a killed worker resumes its task straight
  away. Workers are named ``host:pid:start-time`` for this (:func:`worker_id`);
* otherwise once the task has run longer than MASTHEAD_TASK_LEASE_SECONDS (RQ:
  once RQ files it as abandoned, a minute after that), for workers on other
  machines, which cannot be asked whether they still run.

Delivery is therefore at least once: a task may run again after a crash, or,
on the database queue, when it outlives the lease on another machine.
Masthead's tasks are written for that: related lists are recomputed from
scratch, newsletter sends take a lease per edition and record every recipient,
a breaking-news alert is created at most once per story, pings only
re-announce, and Wagtail's index updates are idempotent. A task whose worker
dies :data:`MAX_ATTEMPTS` times is given up (marked failed) rather than allowed
to crash workers for ever.
"""

import logging
import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from masthead.core.numbers import whole_number

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LOST_WORKER_ERROR = "masthead.core.task_recovery.WorkerLost"
# db_worker refuses longer worker ids.
WORKER_ID_MAX_LENGTH = 64
# How many of RQ's newest failed jobs are looked at each round for abandoned ones:
# enough for any minute's failures, without reading a year of them every minute.
RECENT_FAILURES = 500


def _process_start(pid: int) -> str:
    """The start time of process ``pid`` in clock ticks since boot; "" if unknown or gone.

    A PID alone is reused; a PID with its start time names one process for good.
    Linux only (/proc), which is where Masthead is deployed; elsewhere recovery
    falls back to the lease.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22 of proc(5); counted after the command name, which may hold spaces.
    return stat.rsplit(")", 1)[1].split()[19]


def _host() -> str:
    return socket.gethostname()[:40]


def worker_id() -> str:
    """This process's worker id for db_worker: ``host:pid:start``, unique across a pool."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_process_start(pid)}"[:WORKER_ID_MAX_LENGTH]


def is_dead_local_worker(worker: str) -> bool:
    """True only when ``worker`` was a process on this machine that no longer runs."""
    host, _, rest = worker.partition(":")
    pid, _, started = rest.partition(":")
    number = whole_number(pid)
    if host != _host() or number is None or not started:
        return False
    return _process_start(number) != started


def requeue_abandoned_db_tasks(now: datetime | None = None) -> list[str]:
    """Put RUNNING database tasks whose worker is gone back in the queue; returns their ids."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease_ends = now - timedelta(seconds=settings.MASTHEAD_TASK_LEASE_SECONDS)
    requeued = []
    running = DBTaskResult.objects.running().only("id", "started_at", "worker_ids")
    for task in running:
        last_worker = task.worker_ids[-1] if task.worker_ids else ""
        expired = task.started_at is None or task.started_at < lease_ends
        if not expired and not is_dead_local_worker(last_worker):
            continue
        # Conditional on the row being as read: a worker that finishes it, or a
        # second worker recovering it, in the meantime wins.
        same_claim = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= MAX_ATTEMPTS:
            same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST_WORKER_ERROR,
                traceback=f"The worker running this task was lost {len(task.worker_ids)} times.",
            )
            logger.error("Task %s lost its worker %s times; marked failed", task.pk, MAX_ATTEMPTS)
        elif same_claim.update(status=TaskResultStatus.READY):
            requeued.append(str(task.pk))
            logger.warning(
                "Task %s was left running by worker %s; queued again", task.pk, last_worker
            )
    return requeued


def requeue_abandoned_rq_jobs(now: datetime | None = None) -> list[str]:
    """Put RQ jobs whose worker is gone back in their queues; returns their ids."""
    import django_rq
    from django_tasks import task_backends
    from django_tasks_rq import Job
    from rq.job import JobStatus
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    timestamp = (now or timezone.now()).timestamp()
    requeued = []
    for name in sorted(task_backends["default"].queues):
        queue = django_rq.get_queue(name, job_class=Job)
        started = StartedJobRegistry(queue=queue, job_class=Job)
        for job_id in started.get_job_ids(cleanup=False):
            job = queue.fetch_job(job_id)
            if job is None or job.get_status() != JobStatus.STARTED:
                continue
            if is_dead_local_worker(job.worker_name or "") and _count_attempt(job):
                started.remove_executions(job)
                queue.enqueue_job(job)
                requeued.append(job_id)
                logger.warning(
                    "RQ job %s was left running by %s; queued again", job_id, job.worker_name
                )
        # RQ files the jobs whose time is up as abandoned (failed) ...
        started.cleanup(timestamp)
        # ... and they go back in the queue from there. RQ's own maintenance may
        # have filed them first, so look at the newest failures, not only these.
        failed = FailedJobRegistry(queue=queue, job_class=Job)
        for job_id in failed.get_job_ids(end=RECENT_FAILURES - 1, desc=True, cleanup=False):
            job = queue.fetch_job(job_id)
            result = job.latest_result() if job else None
            if result is None or "AbandonedJobError" not in (result.exc_string or ""):
                continue
            if _count_attempt(job):
                failed.requeue(job)
                requeued.append(job_id)
                logger.warning("RQ job %s was abandoned by its worker; queued again", job_id)
    return requeued


def _count_attempt(job) -> bool:
    """Record one more lost attempt on an RQ job; False once it has had its share."""
    attempts = job.meta.get("masthead_lost_attempts", 0) + 1
    if attempts >= MAX_ATTEMPTS:
        logger.error("RQ job %s lost its worker %s times; left failed", job.id, attempts)
        return False
    job.meta["masthead_lost_attempts"] = attempts
    job.save_meta()
    return True


def requeue_abandoned_tasks(now: datetime | None = None) -> list[str]:
    """Recover the configured queue's abandoned tasks (a periodic job; quick when none)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_rq import RQBackend

    backend = task_backends["default"]
    close_old_connections()
    try:
        if isinstance(backend, DatabaseBackend):
            return requeue_abandoned_db_tasks(now)
        if isinstance(backend, RQBackend):
            return requeue_abandoned_rq_jobs(now)
        return []
    finally:
        close_old_connections()
