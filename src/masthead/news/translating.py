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
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.models import Locale, Page

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

    def __init__(self, instance: Page, user, *args, **kwargs) -> None:
        super().__init__(instance, *args, **kwargs)
        self.page = instance
        self.user = user
        untranslated = list(self.fields["locales"].queryset)
        reasons = {locale: why_not_translatable(instance, locale, user) for locale in untranslated}
        self.allowed = {locale.pk for locale, reason in reasons.items() if not reason}
        widget = self.fields["locales"].widget
        widget.disabled_values = [locale.pk for locale in untranslated if reasons[locale]]
        self.fields["locales"].help_text = " ".join(
            f"{language_name(locale.language_code)}: {reason}"
            for locale, reason in reasons.items()
            if reason
        )
        self.show_submit = bool(self.allowed)
        if not instance.permissions_for_user(user).can_edit():
            # Copying the pages below would add pages the person has no say over.
            self.fields["include_subtree"].widget = forms.HiddenInput()

    def clean_locales(self):
        locales = self.cleaned_data["locales"]
        refused = [locale for locale in locales if locale.pk not in self.allowed]
        if refused:
            raise forms.ValidationError(
                [why_not_translatable(self.page, locale, self.user) for locale in refused]
            )
        return locales

    def clean_include_subtree(self) -> bool:
        wanted = self.cleaned_data["include_subtree"]
        return wanted and self.page.permissions_for_user(self.user).can_edit()


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
