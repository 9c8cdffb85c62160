"""``{% newsletter_signup %}``: the sign-up box on the home page and under every story."""

from django import template

from ..forms import SignupForm

register = template.Library()


@register.inclusion_tag("newsletters/signup_box.html", takes_context=True)
def newsletter_signup(context) -> dict:
    request = context.get("request")
    source = request.path if request is not None else ""
    return {
        "form": SignupForm(initial={"source": source}),
        "request": request,
    }
