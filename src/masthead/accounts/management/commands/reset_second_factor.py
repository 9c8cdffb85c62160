"""``masthead reset_second_factor USERNAME``: for the colleague who lost their phone.

Removes the account's authenticator app, backup codes and passkeys and signs
it out everywhere, so that the next sign-in with the password alone leads to setting
up a new app (at once, if the site requires two-step sign-in).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from masthead.accounts import second_factor
from masthead.accounts.sessions import end_other_sessions


class Command(BaseCommand):
    help = "Remove a staff account's two-step sign-in (lost phone, passkeys) and sign it out."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account is called {username!r}.") from None
        had_it = second_factor.is_set_up(user)
        second_factor.turn_off(user)
        ended = end_other_sessions(user, None)
        if had_it:
            self.stdout.write(
                f"Two-step sign-in removed for {username}; {ended} session(s) signed out. "
                "They set up a new app after their next sign-in."
            )
        else:
            self.stdout.write(f"{username} had no two-step sign-in; {ended} session(s) signed out.")
