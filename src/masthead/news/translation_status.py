"""Whether a translation still says what its original says.

"Translate" copies a story into another edition; the original then goes on
changing (a correction, a new paragraph, a changed headline) and the
translation's readers would miss it. Each translation records the version of
the original it follows (``TranslatedFrom``). It is out of date once a newer
version of the original is published: drafts of the original do not count,
because translators translate what readers are shown. The translator reads
the changes in Wagtail's revision comparison, updates the translation and
marks it up to date, which moves the record to the original's live version.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.models import Page, Revision
from wagtail.signals import copy_for_translation_done

from masthead.core.editions import is_multilingual, language_name
from masthead.core.numbers import whole_number

from .models import TranslatedFrom


def followed_revision(source: Page) -> Revision | None:
    """The version of the original a translation made now follows: what readers see."""
    return source.live_revision or source.latest_revision


def record_translation(sender, source_obj, target_obj, **kwargs) -> None:
    """Remember the original's version when "Translate" copies a page."""
    if not isinstance(source_obj, Page) or not isinstance(target_obj, Page):
        return
    TranslatedFrom.objects.update_or_create(
        translation=target_obj,
        defaults={"source": source_obj, "revision": followed_revision(source_obj)},
    )


def out_of_date_q(via: str = "translated_from__") -> Q:
    """Pages whose original has a published version newer than the one they follow.

    Revision ids only grow, so "newer" is a comparison of ids on every database.
    A record whose revision was deleted (revisions pruned) counts as out of date
    while the original is live: nobody can say which version was translated.
    ``via=""`` asks the same of ``TranslatedFrom`` records themselves.
    """
    return Q(**{f"{via}source__live": True}) & (
        Q(**{f"{via}source__live_revision_id__gt": F(f"{via}revision_id")})
        | Q(**{f"{via}revision__isnull": True})
    )


@dataclass(frozen=True)
class Staleness:
    """What the translator is told: which original changed and where to read the changes."""

    source: Page
    language: str  # the original's language, by its own name
    changes_url: str


def staleness(page: Page) -> Staleness | None:
    """Why ``page`` is out of date, or None when it is up to date or not a translation."""
    if not is_multilingual() or page.pk is None:
        return None
    record = (
        TranslatedFrom.objects.filter(Q(translation=page) & out_of_date_q(via=""))
        .select_related("source__locale")
        .first()
    )
    if record is None:
        return None
    source = record.source
    if record.revision_id:
        changes_url = reverse(
            "translation_original_changes",
            args=[page.pk, record.revision_id, source.live_revision_id],
        )
    else:
        changes_url = reverse("wagtailadmin_pages:history", args=[source.pk])
    return Staleness(
        source=source,
        language=language_name(source.locale.language_code),
        changes_url=changes_url,
    )


def mark_up_to_date(page: Page) -> bool:
    """The translation now follows its original's live version; False if it is no translation."""
    record = TranslatedFrom.objects.filter(translation=page).select_related("source").first()
    if record is None:
        return False
    record.revision = followed_revision(record.source)
    record.save(update_fields=["revision", "checked_at"])
    return True


@require_POST
def mark_up_to_date_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The panel's "Mark as up to date", for whoever may edit the translation."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if mark_up_to_date(page):
        messages.success(request, f"“{page.get_admin_display_title()}” is marked as up to date.")
    else:
        messages.error(request, "This page is not a translation: there is nothing to mark.")
    return redirect("wagtailadmin_pages:edit", page.pk)


class OriginalChangesView(RevisionsCompareView):
    """Wagtail's comparison of two versions of the original, for the translation's translators.

    Wagtail shows a comparison only to those who may edit the page; a
    translator of the Armenian edition may not edit the English original, yet
    must read what changed in it. Here the right to edit the translation is
    enough, and only for the original that translation follows.
    """

    def setup(self, request, translation_id, revision_id_a, revision_id_b, *args, **kwargs):
        # An id no database integer holds (twenty digits) is no page's: SQLite
        # would overflow looking up the translation record, a 500.
        if any(
            whole_number(str(id_)) is None for id_ in (translation_id, revision_id_a, revision_id_b)
        ):
            raise Http404("No such translation or version.")
        self.translation_id = translation_id
        record = get_object_or_404(TranslatedFrom, translation_id=translation_id)
        return super().setup(request, record.source_id, revision_id_a, revision_id_b)

    def get_object(self, queryset=None):
        translation = get_object_or_404(Page, pk=self.translation_id)
        if not translation.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return get_object_or_404(Page, pk=self.pk).specific


def connect() -> None:
    copy_for_translation_done.connect(record_translation, dispatch_uid="news-translated-from")
