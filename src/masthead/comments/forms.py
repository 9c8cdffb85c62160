"""The "Leave a Reply" form: what a reader may send, and the words for what went wrong."""

from django import forms
from django.utils.html import format_html

from masthead.core.numbers import whole_number
from masthead.core.text import describe_characters, refused_characters

from .models import MAX_COMMENT_CHARS, MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS
from .text import normalise_newlines

HONEYPOT_FIELD = "contact_fax"
REMEMBER_LABEL = "Save my name, email, and website in this browser for the next time I comment."


def required_label(text: str) -> str:
    return format_html('{} <span class="required" aria-hidden="true">*</span>', text)


def _refuse_control_characters(value: str, what: str, **allowed: bool) -> str:
    found = refused_characters(value, **allowed)
    if found:
        raise forms.ValidationError(
            f"{what} contains invisible control characters that cannot be published "
            f"({describe_characters(found)}). Please remove them and send it again."
        )
    return value


class CommentForm(forms.Form):
    """Comment, name and email are required; the website and the cookie are the reader's choice.

    No field carries a ``maxlength``: a browser would cut a long paste silently, so
    the server counts instead and says how much is too much, keeping every word.
    """

    comment = forms.CharField(
        label=required_label("Comment"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45, "required": True}),
        error_messages={"required": "Please type your comment."},
    )
    author = forms.CharField(
        label=required_label("Name"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True, "size": 30}),
        error_messages={"required": "Please enter your name."},
    )
    email = forms.CharField(
        label=required_label("Email"),
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "required": True,
                "size": 30,
                "aria-describedby": "email-notes",
            }
        ),
        error_messages={"required": "Please enter your email address (it is never published)."},
    )
    url = forms.CharField(
        label="Website",
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url", "size": 30}),
    )
    remember = forms.BooleanField(label=REMEMBER_LABEL, required=False)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    contact_fax = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

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
        _refuse_control_characters(text, "Your comment", multiline=True)
        if len(text) > MAX_COMMENT_CHARS:
            raise forms.ValidationError(
                f"Your comment is too long: {len(text):,} characters, and the most we can "
                f"publish is {MAX_COMMENT_CHARS:,}. Please shorten it by "
                f"{len(text) - MAX_COMMENT_CHARS:,} characters."
            )
        return text

    def clean_author(self) -> str:
        name = " ".join(self.cleaned_data["author"].split())
        _refuse_control_characters(name, "Your name")
        if not name:
            raise forms.ValidationError("Please enter your name.")
        if len(name) > MAX_NAME_CHARS:
            raise forms.ValidationError(
                f"Your name is too long: please keep it under {MAX_NAME_CHARS} characters."
            )
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        _refuse_control_characters(email, "Your email address", direction_marks=False)
        try:
            email = forms.EmailField(max_length=MAX_EMAIL_CHARS).clean(email)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                "Please enter a valid email address, like name@example.com "
                f"(at most {MAX_EMAIL_CHARS} characters). It is never published."
            ) from error
        return email.lower()

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url:
            return ""
        _refuse_control_characters(url, "Your website address", direction_marks=False)
        invalid = forms.ValidationError(
            "Please enter a valid web address, like https://example.com "
            f"(at most {MAX_URL_CHARS} characters), or leave Website empty."
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
            raise forms.ValidationError("The comment you are replying to could not be found.")
        return parent

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
