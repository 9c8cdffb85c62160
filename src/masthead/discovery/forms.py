"""The search form: every field optional, every bad value a message, never an error page."""

from django import forms

from masthead.news.models import AuthorPage, SectionPage

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
