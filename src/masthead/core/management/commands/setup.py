from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.database import refresh_planner_statistics
from masthead.core.roles import ensure_newsroom_roles
from masthead.core.site_address import align_default_site, served_address
from masthead.core.static_manifest import uses_manifest
from masthead.core.storage import ensure_var_dirs


class Command(BaseCommand):
    help = (
        "Create or update the database and the newsroom's roles and workflow; in production, "
        "also collect the static files. Safe to repeat."
    )

    def handle(self, *args, **options):
        ensure_var_dirs()
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        writers, editors, workflow = ensure_newsroom_roles()
        align_default_site()
        # Editions (MASTHEAD_LANGUAGES): each language's Locale and home page; a
        # one-language site is left as it is. By name: news owns the home page.
        call_command("ensure_editions", verbosity=options["verbosity"])
        refresh_planner_statistics()
        self.stdout.write(
            f"Database ready. Roles: {writers.name} submit, {editors.name} publish "
            f"(workflow “{workflow.name}”). Site address: {served_address()}/"
        )
        if uses_manifest():
            # Setup is the install and upgrade step, so it is where the hashed,
            # compressed static files are (re)built; `masthead serve` only checks.
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write("Static files collected.")
