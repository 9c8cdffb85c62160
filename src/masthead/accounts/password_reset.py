"""The admin's "Forgotten password?" form, limited per address and per e-mail.

Each request sends an e-mail, so an unlimited form lets anyone flood a staff
member's inbox, or use the site to send mail to addresses that are not staff
at all, and lets a script try every address it has. The view is Wagtail's own;
only the number of requests is limited. The answer never says whether an
account exists: an address over its limit gets the same refusal either way.
"""

from django.http import HttpResponse
from wagtail.admin.views.account import PasswordResetView

from masthead.core.addresses import client_address
from masthead.core.rate_limits import count_in_window

WINDOW_SECONDS = 3600
RESETS_PER_ADDRESS = 5
RESETS_PER_EMAIL = 3
REFUSAL = (
    "Too many password reset requests. Check your inbox for the link already sent, "
    "or try again in an hour."
)


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data.get("email", "").strip().lower()
        by_address = count_in_window(
            f"password-reset:address:{client_address(self.request)}", WINDOW_SECONDS
        )
        by_email = count_in_window(f"password-reset:email:{email}", WINDOW_SECONDS)
        if by_address > RESETS_PER_ADDRESS or by_email > RESETS_PER_EMAIL:
            form.add_error(None, REFUSAL)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        return super().form_valid(form)
