from django import forms


class CodeForm(forms.Form):
    """One code, from the authenticator app or a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        help_text="The six-digit code your authenticator app shows now, or a backup code.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class AppCodeForm(CodeForm):
    """The first code from a newly added app, which proves it was set up right."""

    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        strip=True,
        help_text="After adding the account, type the six-digit code the app shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasskeyNameForm(forms.Form):
    """The name a new passkey is listed under, so that the right one can be removed later."""

    name = forms.CharField(
        label="Name of the passkey",
        max_length=64,
        strip=True,
        help_text="Where it lives, for example “Work laptop” or “Blue security key”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
