"""Starting a translation: "Translate" for the translators of an edition, not only its editors.

Wagtail's simple_translation lets someone translate a story only if they may
edit the original. A newsroom's Armenian translator may not edit the English
edition, on purpose, yet translating its stories is their job. Here the right
to translate a story into an edition is the right to add a story to its
section in that edition, which is what the translation becomes; the original
is only read. The same rule says which languages the form offers, and a
posted language the person may not add to is refused with a reason.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.contrib.simple_translation.forms import (
    CheckboxSelectMultipleWithDisabledOptions,
    SubmitTranslationForm,
)
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.models import Locale, Page

from masthead.core.choice_fields import WholeIdsChoiceField
from masthead.core.editions import language_name


def why_not_translatable(page: Page, locale: Locale, user) -> str:
    """Why ``user`` may not translate ``page`` into ``locale``, or "" if they may."""
    parent = page.get_parent()
    if parent.is_root():
        # An edition's home page: made by ensure_editions, by those who run the site.
        return "" if page.permissions_for_user(user).can_edit() else "Only editors may."
    parent_translation = parent.get_translation_or_none(locale)
    edition = language_name(locale.language_code)
    if parent_translation is None:
        return f"“{parent.title}” has no {edition} version yet: translate it first."
    if not parent_translation.permissions_for_user(user).can_add_subpage():
        return f"You may not add stories to “{parent_translation.title}” ({edition})."
    return ""


def translatable_locales(page: Page, user) -> list[Locale]:
    """The languages ``user`` may translate ``page`` into, of those it is not in yet."""
    missing = Locale.objects.exclude(
        pk__in=page.get_translations(inclusive=True).values("locale_id")
    )
    return [locale for locale in missing if not why_not_translatable(page, locale, user)]


class TranslatePageForm(SubmitTranslationForm):
    """Wagtail's form, offering only the languages this person may translate into."""

    # Wagtail's field looked a posted twenty-digit id up as it came: SQLite's
    # OverflowError, a 500. This one refuses it as an invalid choice.
    locales = WholeIdsChoiceField(
        label="Locales",
        queryset=Locale.objects.none(),
        widget=CheckboxSelectMultipleWithDisabledOptions,
    )

    def __init__(self, instance: Page, user, *args, **kwargs) -> None:
        super().__init__(instance, *args, **kwargs)
        untranslated = list(self.fields["locales"].queryset)
        # Why each language cannot be chosen ("" when it can), worked out once.
        self.reasons = {
            locale.pk: why_not_translatable(instance, locale, user) for locale in untranslated
        }
        self.may_edit_original = instance.permissions_for_user(user).can_edit()
        widget = self.fields["locales"].widget
        widget.disabled_values = [pk for pk, reason in self.reasons.items() if reason]
        self.fields["locales"].help_text = " ".join(
            f"{language_name(locale.language_code)}: {self.reasons[locale.pk]}"
            for locale in untranslated
            if self.reasons[locale.pk]
        )
        self.show_submit = not all(self.reasons.values())
        if not self.may_edit_original:
            # Copying the pages below would add pages the person has no say over.
            self.fields["include_subtree"].widget = forms.HiddenInput()

    def clean_locales(self):
        locales = self.cleaned_data["locales"]
        refused = [self.reasons[locale.pk] for locale in locales if self.reasons[locale.pk]]
        if refused:
            raise forms.ValidationError(refused)
        return locales

    def clean_include_subtree(self) -> bool:
        return self.cleaned_data["include_subtree"] and self.may_edit_original


class TranslatePageView(SubmitPageTranslationView):
    """Served at simple_translation's own address (see masthead.urls), so its buttons lead here."""

    def get_object(self) -> Page:
        page = get_object_or_404(Page, id=self.kwargs["page_id"]).specific
        if page.is_root():
            raise Http404
        user = self.request.user
        if not (page.permissions_for_user(user).can_edit() or translatable_locales(page, user)):
            raise PermissionDenied
        return page

    def get_form(self) -> TranslatePageForm:
        data = self.request.POST if self.request.method == "POST" else None
        return TranslatePageForm(self.object, self.request.user, data)
