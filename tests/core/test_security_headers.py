"""Every response says what the browser may load and which device features it may use."""

import pytest
from django.test import Client
from django.urls import reverse

from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(section):
    return add_article(section, "Harbour ferry returns", paragraphs=["The ferry sailed again."])


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


def test_reader_pages_allow_no_script_and_no_framing(client, story):
    for path in ["/", story.url, "/search/?q=ferry", "/no-such-page/"]:
        response = client.get(path)
        policy = directives(response)
        assert "script-src" not in policy and policy["default-src"] == "'none'", path
        assert policy["frame-ancestors"] == "'none'"
        assert policy["form-action"] == "'self'"
        # Only this site, for tools reading robots.txt from inside the page (Lighthouse).
        assert policy["connect-src"] == "'self'"
        assert "camera=()" in response["Permissions-Policy"]


def test_the_embed_card_may_be_framed_by_other_sites(client, story):
    response = client.get(reverse("distribution:embed", args=[story.pk]))
    assert directives(response)["frame-ancestors"] == "*"
    assert "script-src" not in directives(response)


def test_cached_pages_carry_the_policy_too(client, story, settings):
    settings.MASTHEAD_PAGE_CACHE = True
    first = client.get(story.url)
    again = Client().get(story.url)
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Permissions-Policy"] == first["Permissions-Policy"]


def test_the_admin_keeps_scripts_to_this_site(client, django_user_model, story):
    client.force_login(django_user_model.objects.create_superuser("desk", "d@g.test", "pw"))
    policy = directives(client.get("/admin/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    # Signed-in staff see Wagtail's user bar (a script) on stories.
    assert directives(client.get(story.url))["script-src"] == "'self' 'unsafe-inline'"


def test_the_csrf_cookie_is_out_of_scripts_reach_and_signing_in_still_works(django_user_model):
    """No script on any page can read the CSRF cookie; the form's own token is what counts."""
    django_user_model.objects.create_superuser("desk", "d@g.test", "a long passphrase")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/admin/login/")
    assert page.cookies["csrftoken"]["httponly"]
    token = page.context["csrf_token"]
    signed_in = browser.post(
        "/admin/login/",
        {"username": "desk", "password": "a long passphrase", "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302
    assert browser.get("/admin/").status_code == 200
