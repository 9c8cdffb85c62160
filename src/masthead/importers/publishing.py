"""Updating an imported page from a newer export, quietly.

Wagtail's ``publish()`` announces a publication: other parts of Masthead answer
with breaking-news newsletters and search-engine pings. Refreshing a story
that has been public for years is not news, so a changed story is saved, given
a revision and marked live directly, keeping the dates WordPress had. (New pages
go through :func:`masthead.news.authoring.add_page`, which works the same way.)
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page


@transaction.atomic
def update_page(
    page: Page,
    *,
    publish: bool,
    first_published_at: datetime | None,
    last_published_at: datetime | None,
) -> Page:
    """Save ``page``'s new content as a revision: live, scheduled or draft, as asked."""
    now = timezone.now()
    scheduled = publish and page.go_live_at is not None and page.go_live_at > now
    live = publish and not scheduled
    if not live and page.live:
        # Taken down in WordPress: taken down here, the usual way.
        page.unpublish(log_action=False)
        page.refresh_from_db(fields=["live", "has_unpublished_changes", "live_revision"])
    if live:
        page.live = True
        page.first_published_at = first_published_at or page.first_published_at or now
        page.last_published_at = max(last_published_at or now, page.first_published_at)
    page.save(clean=False)
    revision = page.save_revision(
        log_action=False, clean=False, approved_go_live_at=page.go_live_at if scheduled else None
    )
    page.revisions.exclude(pk=revision.pk).update(approved_go_live_at=None)
    fields = {"has_unpublished_changes": not live}
    if live:
        fields["live_revision"] = revision
    type(page).objects.filter(pk=page.pk).update(**fields)
    return page
