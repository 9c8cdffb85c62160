import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.site_address import align_default_site, development_address


class Command(BaseCommand):
    help = "Serve the site for development on http://127.0.0.1:PORT, with the worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background worker."
        )

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            self.stderr.write("The port must be between 1 and 65535.")
            sys.exit(2)
        environ = dict(os.environ)
        if not environ.get("MASTHEAD_BASE_URL"):
            # No public address is configured, so the address served here is the
            # site's: e-mails, workflow notices and the Site record must say so.
            address = development_address(options["host"], options["port"])
            settings.WAGTAILADMIN_BASE_URL = address
            environ["MASTHEAD_BASE_URL"] = address
        align_default_site()
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "masthead", "worker", "-v", "0"], env=environ
            )
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
