"""The "Leave a Reply" form: what a reader may send, and the words for what went wrong."""

from django import forms
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from masthead.core.numbers import whole_number
from masthead.core.text import describe_characters, refused_characters

from .models import MAX_COMMENT_CHARS, MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS
from .text import normalise_newlines

HONEYPOT_FIELD = "contact_fax"
REMEMBER_LABEL = _("Save my name, email, and website in this browser for the next time I comment.")


def required_label(text: str) -> str:
    return format_html('{} <span class="required" aria-hidden="true">*</span>', text)


def grouped(number: int) -> str:
    """12,345 in English, 12 345 in Russian: the reader's language groups the digits."""
    return number_format(number, force_grouping=True)


def _refuse_control_characters(value: str, what: str, **allowed: bool) -> str:
    found = refused_characters(value, **allowed)
    if found:
        raise forms.ValidationError(
            gettext(
                "%(what)s contains invisible control characters that cannot be published "
                "(%(characters)s). Please remove them and send it again."
            )
            % {"what": what, "characters": describe_characters(found)}
        )
    return value


class CommentForm(forms.Form):
    """Comment, name and email are required; the website and the cookie are the reader's choice.

    No field carries a ``maxlength``: a browser would cut a long paste silently, so
    the server counts instead and says how much is too much, keeping every word.
    """

    comment = forms.CharField(
        label=required_label(_("Comment")),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45, "required": True}),
        error_messages={"required": _("Please type your comment.")},
    )
    author = forms.CharField(
        label=required_label(_("Name")),
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True, "size": 30}),
        error_messages={"required": _("Please enter your name.")},
    )
    email = forms.CharField(
        label=required_label(_("Email")),
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "required": True,
                "size": 30,
                "aria-describedby": "email-notes",
            }
        ),
        error_messages={"required": _("Please enter your email address (it is never published).")},
    )
    url = forms.CharField(
        label=_("Website"),
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url", "size": 30}),
    )
    remember = forms.BooleanField(label=REMEMBER_LABEL, required=False)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    contact_fax = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The class's labels were made once, at import, before any language was
        # active: made again here, they are in the reader's language.
        self.fields["comment"].label = required_label(gettext("Comment"))
        self.fields["author"].label = required_label(gettext("Name"))
        self.fields["email"].label = required_label(gettext("Email"))

    def full_clean(self) -> None:
        """Validate, then point each field in error at its message for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                described = [f"{self[name].auto_id}-error"]
                if name == "email":
                    described.append("email-notes")
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": " ".join(described)}
                )

    def clean_comment(self) -> str:
        text = normalise_newlines(self.cleaned_data["comment"])
        _refuse_control_characters(text, gettext("Your comment"), multiline=True)
        if len(text) > MAX_COMMENT_CHARS:
            raise forms.ValidationError(
                gettext(
                    "Your comment is too long: %(length)s characters, and the most we can "
                    "publish is %(most)s. Please shorten it by %(over)s characters."
                )
                % {
                    "length": grouped(len(text)),
                    "most": grouped(MAX_COMMENT_CHARS),
                    "over": grouped(len(text) - MAX_COMMENT_CHARS),
                }
            )
        return text

    def clean_author(self) -> str:
        name = " ".join(self.cleaned_data["author"].split())
        _refuse_control_characters(name, gettext("Your name"))
        if not name:
            raise forms.ValidationError(gettext("Please enter your name."))
        if len(name) > MAX_NAME_CHARS:
            raise forms.ValidationError(
                gettext("Your name is too long: please keep it under %(most)s characters.")
                % {"most": MAX_NAME_CHARS}
            )
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        _refuse_control_characters(email, gettext("Your email address"), direction_marks=False)
        try:
            email = forms.EmailField(max_length=MAX_EMAIL_CHARS).clean(email)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                gettext(
                    "Please enter a valid email address, like name@example.com "
                    "(at most %(most)s characters). It is never published."
                )
                % {"most": MAX_EMAIL_CHARS}
            ) from error
        return email.lower()

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url:
            return ""
        _refuse_control_characters(url, gettext("Your website address"), direction_marks=False)
        invalid = forms.ValidationError(
            gettext(
                "Please enter a valid web address, like https://example.com "
                "(at most %(most)s characters), or leave Website empty."
            )
            % {"most": MAX_URL_CHARS}
        )
        try:
            url = forms.URLField(max_length=MAX_URL_CHARS, assume_scheme="https").clean(url)
        except forms.ValidationError as error:
            raise invalid from error
        if not url.lower().startswith(("http://", "https://")):
            raise invalid
        return url

    def clean_parent(self) -> int | None:
        value = self.cleaned_data["parent"].strip()
        if not value:
            return None
        parent = whole_number(value, minimum=1)
        if parent is None:
            raise forms.ValidationError(
                gettext("The comment you are replying to could not be found.")
            )
        return parent

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
