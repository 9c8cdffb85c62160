"""The search form: every field optional, every bad value a message, never an error page.

The section and author lists are read as ``(slug, name)`` pairs and drawn by
:class:`QuickSelect`, not as page objects drawn option by option through
Django's widget templates: on a newsroom with 50 authors that took 18 ms of
CPU, a third of a whole search page, and now takes about 3. Only the chosen
section or author is read as a page, to filter by.
"""

from datetime import date

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from masthead.core.editions import in_served_edition
from masthead.news.models import AuthorPage, SectionPage

# Dates a search can mean. Outside them, turning a day into a time range in the
# site's time zone (and the day after the last one) overflows Python's datetime.
EARLIEST_DATE = date(1000, 1, 1)
LATEST_DATE = date(9998, 12, 31)
DATE_RANGE_MESSAGE = _("Enter a date between 1000-01-01 and 9998-12-31.")

SORT_CHOICES = [("relevance", _("Most relevant first")), ("newest", _("Newest first"))]


class QuickSelect(forms.Select):
    """A ``<select>`` of plain ``(value, label)`` choices, written out in one pass."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) == chosen else "", label)
                for choice, label in self.choices
            ),
        )
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attributes), options)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    section = forms.ChoiceField(label=_("Section"), required=False, widget=QuickSelect)
    author = forms.ChoiceField(label=_("Author"), required=False, widget=QuickSelect)
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = (
            SectionPage.objects.live()
            .filter(in_served_edition())
            .order_by("title")
            .values_list("slug", "title")
        )
        # Profiles are rarely translated, and a translated one keeps its slug: each once.
        authors: dict[str, str] = {}
        for slug, title in AuthorPage.objects.live().order_by("title").values_list("slug", "title"):
            authors.setdefault(slug, title)
        self.fields["section"].choices = [("", _("All sections")), *sections]
        self.fields["author"].choices = [("", _("Any author")), *authors.items()]
        self.fields["section"].error_messages["invalid_choice"] = _("There is no such section.")
        self.fields["author"].error_messages["invalid_choice"] = _("There is no such author.")
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = _("Enter a date as YYYY-MM-DD.")

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(DATE_RANGE_MESSAGE)
        return day

    def _page(self, name: str, model):
        slug = self.cleaned_data.get(name)
        if not slug:
            return None
        pages = model.objects.live().filter(slug=slug)
        if model is SectionPage:  # sections keep their slug in every edition
            pages = pages.filter(in_served_edition())
        page = pages.order_by("path").first()
        if page is None:  # unpublished since the choices were read
            raise forms.ValidationError(self.fields[name].error_messages["invalid_choice"])
        return page

    def clean_section(self) -> SectionPage | None:
        return self._page("section", SectionPage)

    def clean_author(self) -> AuthorPage | None:
        return self._page("author", AuthorPage)

    def clean_date_from(self) -> date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def valid_value(self, name: str):
        """The field's cleaned value, or None when it is empty or was rejected."""
        if not self.is_bound or name in self.errors:
            return None
        return getattr(self, "cleaned_data", {}).get(name)
