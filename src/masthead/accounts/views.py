"""The pages of two-step sign-in and of signed-in sessions.

The code page after the password is a page of its own, laid out like the
sign-in page: until the code or the passkey is given the session may not see
the admin. The set-up and sessions pages are ordinary admin pages under Account.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import passkeys, second_factor
from .forms import AppCodeForm, CodeForm, PasskeyNameForm
from .sessions import browser_label, end_other_sessions, end_session, sessions_of

WRONG_CODE = "That code is not right. App codes change every 30 seconds: type the one it shows now."
VERDICT_MESSAGES = {
    second_factor.WRONG: WRONG_CODE,
    second_factor.SLOWED_DOWN: "Too many wrong codes in a row. Wait a few seconds, then try again.",
}


def admin_next(request: HttpRequest) -> str:
    """Where to go after the code: the admin page asked for, never another site."""
    home = reverse("wagtailadmin_home")
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and wanted.startswith(home):
        return wanted
    return home


class VerifyView(View):
    """Second step of signing in: a passkey, a code from the app, or a backup code."""

    template_name = "accounts/verify.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        if not second_factor.pending_verification(request):
            return redirect(admin_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            verdict = second_factor.verify_code(request, form.cleaned_data["code"])
            if verdict == second_factor.VERIFIED:
                return redirect(admin_next(request))
            form.add_error("code", VERDICT_MESSAGES[verdict])
        return self.render(form, status=400)

    def render(self, form: CodeForm, status: int = 200) -> HttpResponse:
        user = self.request.user
        has_passkey = passkeys.has_passkey(user)
        context = {
            "form": form,
            "next": admin_next(self.request),
            "has_passkey": has_passkey,
            "passkeys_here": has_passkey and passkeys.available(self.request),
            "passkey_address": passkeys.passkey_address(),
            # Someone with passkeys only and no backup codes has no code to type.
            "takes_codes": second_factor.has_app(user) or second_factor.backup_codes_left(user),
        }
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"
        return response


class SecondFactorView(WagtailAdminTemplateMixin, View):
    """Account › Two-step sign-in: the app, passkeys, backup codes, or turning it off."""

    template_name = "accounts/second_factor.html"
    page_title = "Two-step sign-in"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": "Account"},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request: HttpRequest) -> HttpResponse:
        if "remove" in request.GET:  # the confirmation; removing takes its POST
            return self.render(remove_passkey=self.own_passkey(request.GET["remove"]))
        # Someone with a passkey sets up an app only if they ask to (action "replace").
        if second_factor.is_set_up(request.user):
            return self.render()
        return self.render(set_up=second_factor.start_set_up(request.user), form=AppCodeForm())

    def own_passkey(self, pk: str) -> WebAuthnCredential:
        """One of the signed-in user's passkeys, or 404: nobody sees or removes another's."""
        passkey = None
        if pk.isascii() and pk.isdigit() and len(pk) < 19:
            passkey = passkeys.passkeys_of(self.request.user).filter(pk=int(pk)).first()
        if passkey is None:
            raise Http404("No such passkey.")
        return passkey

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        action = request.POST.get("action", "")
        if action == "confirm":
            device = second_factor.pending_set_up(user)
            if device is None:  # set up in another tab meanwhile, or never started
                return redirect("accounts:second_factor")
            form = AppCodeForm(request.POST)
            codes = None
            if form.is_valid():
                codes = second_factor.finish_set_up(request, device, form.cleaned_data["code"])
                if codes is None:
                    form.add_error("code", WRONG_CODE)
            if codes is None:
                return self.render(set_up=device, form=form, status=400)
            messages.success(request, "Two-step sign-in is on for your account.")
            return self.render(backup_codes=codes)
        if action == "add_passkey":
            form = PasskeyNameForm(request.POST)
            if not form.is_valid() or not passkeys.available(request):
                return self.render(passkey_form=form, status=400)
            passkeys.remember_name(request, form.cleaned_data["name"])
            return self.render(passkey_name=passkeys.pending_name(request))
        if action == "remove_passkey":
            passkey = self.own_passkey(request.POST.get("passkey", ""))
            if second_factor.is_required(request) and not self.has_factor_besides(passkey):
                messages.error(
                    request,
                    "This site requires two-step sign-in for every account: add another "
                    "passkey or an authenticator app before removing your last passkey.",
                )
                return redirect("accounts:second_factor")
            was_this_sessions = getattr(user, "otp_device", None) == passkey
            passkeys.remove(user, passkey.pk)
            if was_this_sessions:
                second_factor.keep_verified(request)
            messages.success(request, f"The passkey “{passkey.name}” is removed.")
            return redirect("accounts:second_factor")
        if not second_factor.is_set_up(user):
            return redirect("accounts:second_factor")
        if action == "replace":  # a new phone: the old app works until the new one is confirmed
            return self.render(set_up=second_factor.start_set_up(user), form=AppCodeForm())
        if action == "new_codes":
            return self.render(backup_codes=second_factor.new_backup_codes(user))
        if action == "turn_off":
            if second_factor.is_required(request):
                messages.error(request, "This site requires two-step sign-in for every account.")
                return redirect("accounts:second_factor")
            form = CodeForm(request.POST)
            if form.is_valid():
                verdict = second_factor.verify_code(request, form.cleaned_data["code"])
                if verdict == second_factor.VERIFIED:
                    second_factor.turn_off(user)
                    messages.success(
                        request, "Two-step sign-in is off: your password alone signs in."
                    )
                    return redirect("accounts:second_factor")
                form.add_error("code", VERDICT_MESSAGES[verdict])
            return self.render(turn_off_form=form, status=400)
        return redirect("accounts:second_factor")

    def has_factor_besides(self, passkey: WebAuthnCredential) -> bool:
        user = self.request.user
        return (
            second_factor.has_app(user)
            or passkeys.passkeys_of(user).exclude(pk=passkey.pk).exists()
        )

    def render(self, status: int = 200, **extra) -> HttpResponse:
        user = self.request.user
        has_app = second_factor.has_app(user)
        backup_codes_left = second_factor.backup_codes_left(user)
        context = self.get_context_data(
            is_set_up=second_factor.is_set_up(user),
            has_app=has_app,
            required=second_factor.is_required(self.request),
            backup_codes_left=backup_codes_left,
            # Turning off takes a code: from the app, or a backup code.
            can_turn_off=has_app or backup_codes_left > 0,
            turn_off_form=extra.pop("turn_off_form", None) or CodeForm(),
            passkeys=passkeys.passkeys_of(user),
            passkeys_here=passkeys.available(self.request),
            passkey_address=passkeys.passkey_address(),
            passkey_form=extra.pop("passkey_form", None) or PasskeyNameForm(),
            **extra,
        )
        device = extra.get("set_up")
        if device is not None:
            context["qr_code"] = second_factor.qr_code_svg(device)
            context["secret"] = second_factor.secret_for_typing(device)
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"
        return response


class SessionsView(WagtailAdminTemplateMixin, View):
    """Account › Signed-in sessions: every browser signed in as you, and a way to end each."""

    template_name = "accounts/sessions.html"
    page_title = "Signed-in sessions"
    header_icon = "desktop"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": "Account"},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request: HttpRequest) -> HttpResponse:
        current = request.session.session_key
        rows = [
            {
                "record": record,
                "browser": browser_label(record.user_agent),
                "is_current": record.session_key == current,
            }
            for record in sessions_of(request.user)
        ]
        rows.sort(key=lambda row: not row["is_current"])
        return render(request, self.template_name, self.get_context_data(rows=rows))

    def post(self, request: HttpRequest) -> HttpResponse:
        current = request.session.session_key
        if "end_others" in request.POST:
            ended = end_other_sessions(request.user, current)
            messages.success(request, f"Signed out of {ended} other session(s).")
            return redirect("accounts:sessions")
        wanted = request.POST.get("end", "")
        for record in sessions_of(request.user):
            if str(record.pk) == wanted and record.session_key != current:
                end_session(record)
                messages.success(request, "That session is signed out.")
                break
        else:
            messages.error(request, "That session had already ended.")
        return redirect("accounts:sessions")
