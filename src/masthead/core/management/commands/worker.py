"""``masthead worker``: background tasks and periodic jobs, whichever queue is configured.

One command for both queues, so that deployment does not change with the
queue: the database's by default (django-tasks-db's ``db_worker``), RQ's when
REDIS_URL is set (django-rq's ``rqworker``, with its scheduler for tasks that
run later). Either way the periodic jobs run in a thread beside it, and tasks
a killed worker left unfinished are queued again (core.task_recovery).
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend

from masthead.core.scheduling import PUBLISH_INTERVAL_SECONDS, run_periodic_jobs, run_publisher
from masthead.core.task_recovery import requeue_abandoned_tasks, worker_id

logger = logging.getLogger(__name__)

# django-tasks-rq's jobs run the Task they name; RQ's plain Job class cannot.
RQ_JOB_CLASS = "django_tasks_rq.Job"
# Jobs run in the worker process, like the database worker's: RQ's default
# worker forks a process per job, which made a queue of Wagtail's small index
# updates eight times slower (100 jobs: 44 s against 5.6 s, docs/deployment.md).
RQ_WORKER_CLASS = "rq.worker.SimpleWorker"


class Command(BaseCommand):
    help = (
        "Run background tasks from the queue (the database's, or Redis's when REDIS_URL is "
        "set) and, every minute, the periodic jobs (scheduled publishing and the like). "
        "Stop with Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=PUBLISH_INTERVAL_SECONDS,
            help="Seconds between checks for pages due to go live (default: %(default)s).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the periodic jobs once and every queued task, then exit.",
        )

    def handle(self, *args, **options):
        backend = task_backends["default"]
        if isinstance(backend, DatabaseBackend):
            run_tasks = self.database_worker
        elif isinstance(backend, RQBackend):
            run_tasks = self.rq_worker
        else:
            raise CommandError(
                f"The task backend {type(backend).__name__} has no worker to run: "
                "use the database (default) or set REDIS_URL."
            )
        # Tasks a killed worker left half-done go back in the queue first. A
        # failure here must not keep the worker from starting: it retries every minute.
        try:
            requeue_abandoned_tasks()
        except Exception:
            logger.exception("Could not look for abandoned tasks; trying again in a minute")
        if options["batch"]:
            run_periodic_jobs()
            run_tasks(backend, batch=True, verbosity=options["verbosity"])
            return
        stop = threading.Event()
        publisher = threading.Thread(
            target=run_publisher, args=(stop, options["publish_interval"]), daemon=True
        )
        publisher.start()
        try:
            run_tasks(backend, batch=False, verbosity=options["verbosity"])
        finally:
            stop.set()

    def database_worker(self, backend: DatabaseBackend, batch: bool, verbosity: int) -> None:
        """django-tasks-db's worker, under an id that tells whether its process still runs."""
        call_command(
            "db_worker",
            batch=batch,
            reload=False,
            startup_delay=not batch,
            worker_id=worker_id(),
            verbosity=verbosity,
        )

    def rq_worker(self, backend: RQBackend, batch: bool, verbosity: int) -> None:
        """django-rq's worker on the backend's queues; its scheduler runs delayed tasks."""
        call_command(
            "rqworker",
            *sorted(backend.queues),
            job_class=RQ_JOB_CLASS,
            worker_class=RQ_WORKER_CLASS,
            name=worker_id(),
            with_scheduler=True,
            burst=batch,
            verbosity=verbosity,
        )
