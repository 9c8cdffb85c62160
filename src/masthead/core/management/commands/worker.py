import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.scheduling import PUBLISH_INTERVAL_SECONDS, run_periodic_jobs, run_publisher


class Command(BaseCommand):
    help = (
        "Run background tasks from the queue and, every minute, the periodic jobs "
        "(scheduled publishing and the like). Stop with Ctrl-C."
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
        if options["batch"]:
            run_periodic_jobs()
            call_command("db_worker", batch=True, reload=False, startup_delay=False)
            return
        stop = threading.Event()
        publisher = threading.Thread(
            target=run_publisher, args=(stop, options["publish_interval"]), daemon=True
        )
        publisher.start()
        try:
            call_command("db_worker", reload=False, verbosity=options["verbosity"])
        finally:
            stop.set()
