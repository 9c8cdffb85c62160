"""Forms readers fill in: sign up, change their lists, ask for a fresh link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.core.choice_fields import WholeIdsChoiceField

from .addresses import clean_email, clean_name
from .languages import lists_for_edition
from .models import NewsletterList

MAX_SOURCE_LENGTH = 300


def public_lists():
    """The lists offered in the edition being served: its own and the every-language ones."""
    lists = NewsletterList.objects.filter(public=True).order_by("sort_order", "name")
    return lists_for_edition(lists)


class DescribedErrorsMixin:
    """Ids of our own (the comment form on the same page has an ``email`` field too),
    and each invalid field pointed at its error message, for screen readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "newsletter_%s")
        super().__init__(*args, **kwargs)

    def _post_clean(self):
        super()._post_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class NewsletterChoiceField(WholeIdsChoiceField):
    """Checkboxes labelled with each list's name and what it is."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: NewsletterList) -> str:
        return f"{obj.name}: {obj.description}" if obj.description else obj.name


class SignupForm(DescribedErrorsMixin, forms.Form):
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=320,
        error_messages={"required": _("Enter your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lists = NewsletterChoiceField(
        label=_("Newsletters"),
        queryset=NewsletterList.objects.none(),
        error_messages={
            "required": _("Choose at least one newsletter."),
            "invalid_choice": _("That newsletter is not offered any more; choose another."),
            "invalid_pk_value": _("Choose newsletters from the list."),
        },
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, newsletters=None, **kwargs):
        super().__init__(*args, **kwargs)
        # No box is ticked in advance: consent is something the reader gives.
        self.fields["lists"].queryset = public_lists() if newsletters is None else newsletters

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data["email"])

    def clean_name(self) -> str:
        return clean_name(self.cleaned_data.get("name", ""))

    def clean_source(self) -> str:
        """The page the box was on: a path on this site, or nothing."""
        source = (self.cleaned_data.get("source") or "").strip()
        if not source.startswith("/") or source.startswith("//") or len(source) > 300:
            return ""
        if any(char in source for char in "\r\n\\"):
            return ""
        return source


class PreferencesForm(DescribedErrorsMixin, forms.Form):
    lists = NewsletterChoiceField(
        label=_("Send me these newsletters"),
        queryset=NewsletterList.objects.none(),
        required=False,
    )

    def __init__(self, *args, subscriber=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = NewsletterList.objects.all()
        if subscriber is not None:
            mine = subscriber.subscriptions.values("newsletter_id")
            offered = offered.filter(public=True) | offered.filter(pk__in=mine)
        self.fields["lists"].queryset = offered.distinct().order_by("sort_order", "name")


class FreshLinkForm(DescribedErrorsMixin, forms.Form):
    email = forms.CharField(
        label="Your e-mail address",
        max_length=320,
        error_messages={"required": _("Enter your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data["email"])
