from django.core.management.base import BaseCommand

from masthead.core.roles import ensure_translator_roles
from masthead.news.editions import ensure_edition_homes, other_edition_homes


class Command(BaseCommand):
    help = (
        "With MASTHEAD_LANGUAGES naming two or more languages: a Locale and a published home "
        "page for every edition, and a translators' group for each edition but the default "
        "(masthead setup runs it). Does nothing with one language."
    )

    def handle(self, *args, **options):
        for page in ensure_edition_homes():
            self.stdout.write(f"Edition page made: {page.locale.language_code} {page.url_path}")
        for group in ensure_translator_roles(other_edition_homes()):
            self.stdout.write(f"Translators' group: {group.name}")
