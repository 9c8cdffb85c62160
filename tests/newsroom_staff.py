"""Newsroom staff for the admin tests: group members, and a story's form as the admin posts it.

Imported as a plain module (``tests/`` is on the path), like ``servers``.
"""

from django.contrib.auth.models import Group, User
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

PASSWORD = "pw-for-tests-only"
OPENING = [("paragraph", rich_text("<p>Opening words.</p>"))]


def member(name: str, group: str, *, superuser: bool = False) -> User:
    """An account in one of the newsroom's groups (Writers, Editors, Moderators)."""
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(name, f"{name}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, site: str, username: str, password: str = PASSWORD) -> None:
    """Sign ``page`` (a Playwright page) in through the admin's form and wait for the dashboard."""
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def story_form(
    title: str, slug: str = "", body: list | None = None, byline: dict | None = None, **fields
) -> dict:
    """What the admin's story form posts: every field empty but the headline and an opening.

    ``byline`` is the author formset's data as the page printed it (see
    tests/news/test_bylines.py); without it the story has no authors. Other
    fields, and buttons such as ``**{"action-submit": "1"}``, go in ``fields``.
    """
    data = {
        "title": title,
        "slug": slug,
        "standfirst": "",
        "dateline_place": "",
        "dateline_source": "",
        "body": streamfield(body if body is not None else OPENING),
        "source_signoff": "",
        "excerpt": "",
        "tags": "",
        "featured_image_caption": "",
        "related_pins": inline_formset([]),
        "related_exclusions": inline_formset([]),
        **fields,
    }
    if byline is None:
        data["article_authors"] = inline_formset([])
        return nested_form_data(data)
    return {**nested_form_data(data), **byline}


def verified_by_passkey(client, user):
    """``client``'s session as after a passkey's ceremony, which a test client cannot perform."""
    from django.test import RequestFactory
    from django_otp import login as otp_login
    from django_otp_webauthn.models import WebAuthnCredential

    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    otp_login(request, WebAuthnCredential.objects.filter(user=user).first())
    request.session.save()
    return client
