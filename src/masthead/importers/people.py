"""WordPress authors as Masthead author profiles (``/authors/<slug>/``).

The display name becomes the profile's name; the email address is kept in the
profile's private field for the newsroom and is never shown to readers. A
profile that already exists with the same email address is reused rather than
duplicated, so importing into a running Masthead site links the stories to the
writers it already has. A post whose author the export does not declare gets a
profile named after the login, and the report says so.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from masthead.news.authoring import add_author
from masthead.news.models import AuthorIndexPage, AuthorPage

from .mapping import find_item, fingerprint, record_item
from .models import WordPressItem
from .redirects import RedirectWriter, feed_url
from .wxr import Author

EMAIL_MAX = 254
NAME_MAX = 255


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > EMAIL_MAX:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def author_name(author: Author) -> str:
    full = " ".join(part for part in (author.first_name, author.last_name) if part)
    return (author.display_name or full or author.login)[:NAME_MAX]


class People:
    """Author profiles by WordPress login, created or updated once per run."""

    def __init__(self, run):
        self.run = run
        self.declared: dict[str, Author] = {}
        self.pages: dict[str, int | None] = {}

    def declare(self, author: Author) -> None:
        """Import one ``<wp:author>`` from the export's header (its own transaction)."""
        if not author.login:
            self.run.report.skip("authors", "no login")
            return
        self.declared[author.login] = author
        self.run.report.found("authors")
        self.pages[author.login] = self._import(author)

    def page_id_for(self, login: str) -> int | None:
        """The profile for a post's ``dc:creator``; one is made for undeclared logins."""
        if not login:
            return None
        if login not in self.pages:
            self.run.report.repair(
                "authors missing from the export's list: profile made from login"
            )
            self.run.report.found("authors")
            stand_in = Author(
                login=login, wp_number=None, email="", display_name="", first_name="", last_name=""
            )
            self.declared[login] = stand_in
            self.pages[login] = self._import(stand_in)
        return self.pages[login]

    def wordpress_user_id(self, login: str) -> int | None:
        author = self.declared.get(login)
        return author.wp_number if author else None

    def _import(self, author: Author) -> int | None:
        run, report = self.run, self.run.report
        email = clean_email(author.email)
        if author.email and not email:
            report.repair("invalid author email addresses left empty")
        name = author_name(author)
        content_hash = fingerprint({"name": name, "email": email})
        existing = find_item(run.source, WordPressItem.Kind.AUTHOR, author.login)
        page = None
        if existing is not None and existing.page_id:
            page = AuthorPage.objects.filter(pk=existing.page_id).first()
            if page is not None and existing.content_hash == content_hash:
                report.count("authors", "unchanged")
                return page.pk
        if page is None and email:
            page = AuthorPage.objects.filter(email__iexact=email).first()
        if run.dry_run or not AuthorIndexPage.objects.exists():
            report.count("authors", "updated" if page else "created")
            return page.pk if page else None
        with transaction.atomic():
            if page is None:
                page = add_author(name, email=email)
                outcome = "created"
            else:
                if page.title != name or page.email != email:
                    page.title, page.email = name, email
                    page.save_revision(log_action=False).publish(log_action=False)
                outcome = "updated"
            record_item(
                existing,
                source=run.source,
                kind=WordPressItem.Kind.AUTHOR,
                wp_id=author.login,
                content_hash=content_hash,
                wp_number=author.wp_number,
                page=page,
            )
            redirects = RedirectWriter(run)
            nicename = slugify(author.login) or author.login
            redirects.add_page(f"/author/{nicename}/", page)
            redirects.add_link(
                f"/author/{nicename}/feed/", feed_url("author", page.url, slug=page.slug)
            )
            redirects.save()
        report.count("authors", outcome)
        return page.pk
