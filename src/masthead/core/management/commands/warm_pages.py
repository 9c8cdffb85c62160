import time

from django.core.management.base import BaseCommand

from masthead.core.warming import render_live_pages


class Command(BaseCommand):
    help = (
        "Render every live page once, so that image sizes and formats are made now "
        "rather than on the first readers' visits (run after the demo or an import)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        pages = render_live_pages()
        self.stdout.write(
            f"Prepared {pages} pages and their pictures in {time.perf_counter() - started:.1f} s."
        )
