from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.database import refresh_planner_statistics
from masthead.core.roles import ensure_newsroom_roles
from masthead.core.storage import ensure_var_dirs


class Command(BaseCommand):
    help = "Create or update the database and the newsroom's roles and workflow. Safe to repeat."

    def handle(self, *args, **options):
        ensure_var_dirs()
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        writers, editors, workflow = ensure_newsroom_roles()
        refresh_planner_statistics()
        self.stdout.write(
            f"Database ready. Roles: {writers.name} submit, {editors.name} publish "
            f"(workflow “{workflow.name}”)."
        )
