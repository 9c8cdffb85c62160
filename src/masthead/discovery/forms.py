"""The search form: every field optional, every bad value a message, never an error page."""

from datetime import date

from django import forms

from masthead.news.models import AuthorPage, SectionPage

# Dates a search can mean. Outside them, turning a day into a time range in the
# site's time zone (and the day after the last one) overflows Python's datetime.
EARLIEST_DATE = date(1000, 1, 1)
LATEST_DATE = date(9998, 12, 31)
DATE_RANGE_MESSAGE = "Enter a date between 1000-01-01 and 9998-12-31."

SORT_CHOICES = [("relevance", "Most relevant first"), ("newest", "Newest first")]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", required=False, strip=True)
    section = forms.ModelChoiceField(
        queryset=SectionPage.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All sections",
    )
    author = forms.ModelChoiceField(
        queryset=AuthorPage.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="Any author",
    )
    date_from = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Published until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label="Sort", choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.live().order_by("title")
        self.fields["author"].queryset = AuthorPage.objects.live().order_by("title")
        self.fields["section"].error_messages["invalid_choice"] = "There is no such section."
        self.fields["author"].error_messages["invalid_choice"] = "There is no such author."
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = "Enter a date as YYYY-MM-DD."

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(DATE_RANGE_MESSAGE)
        return day

    def clean_date_from(self) -> date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def valid_value(self, name: str):
        """The field's cleaned value, or None when it is empty or was rejected."""
        if not self.is_bound or name in self.errors:
            return None
        return getattr(self, "cleaned_data", {}).get(name)
