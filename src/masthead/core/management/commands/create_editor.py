import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from masthead.core.roles import EDITORS, ensure_newsroom_roles


class Command(BaseCommand):
    help = (
        "Create the editor account (a superuser in the Editors group) and print how to log in. "
        "An existing account is left alone unless --reset-password is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="editor@localhost")
        parser.add_argument("--reset-password", action="store_true")

    def handle(self, *args, **options):
        User = get_user_model()
        ensure_newsroom_roles()
        username = options["username"]
        password_file = settings.VAR_DIR / f"{username}-login.txt"
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            user = User.objects.create_superuser(
                username=username, email=options["email"], password=None
            )
            password = secrets.token_urlsafe(12)
        elif options["reset_password"]:
            password = secrets.token_urlsafe(12)
        if password is not None:
            user.set_password(password)
            user.save()
            if not settings.PRODUCTION:
                # Development convenience only: remembered so that `make run` can
                # print it again. Production never writes a password to disk.
                password_file.write_text(password + "\n")
                password_file.chmod(0o600)
        user.groups.add(Group.objects.get(name=EDITORS))

        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(f"Editor login: {admin_url}  username: {username}")
        if password is not None:
            self.stdout.write(f"              password: {password}")
        elif password_file.exists() and not settings.PRODUCTION:
            self.stdout.write(f"              password: {password_file.read_text().strip()}")
        else:
            self.stdout.write("              password: unchanged (--reset-password sets a new one)")
