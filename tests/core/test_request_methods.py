"""Reader addresses answer GET and HEAD; POST, PUT, PATCH and DELETE get a 405 at once.

The caches in front (the page cache, nginx) keep copies for GET and HEAD only,
so before this any other method made Masthead render the page again, past
both of them: what an attacker needs to keep the server busy cheaply. Found
by wapiti's ``methods`` module (bench/security_scan.py).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masthead.news.authoring import add_article, add_author
from masthead.newsletters.models import NewsletterList

pytestmark = pytest.mark.django_db

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture
def addresses(section) -> dict[str, str]:
    writer = add_author("Aram Vardanyan", role="Reporter")
    story = add_article(
        section, "Harbour ferry returns", paragraphs=["It sailed."], authors=[writer], tags=["Sea"]
    )
    NewsletterList.objects.create(name="Daily headlines", slug="daily")
    return {
        "home": "/",
        "section": section.url,
        "story": story.url,
        "author": writer.url,
        "authors": writer.get_parent().url,
        "tag": "/tags/sea/",
        "search": reverse("search") + "?q=ferry",
        "search feed": reverse("search-feed") + "?q=ferry",
        "site feed": reverse("distribution:site-rss"),
        "comments feed": reverse("distribution:comments-atom", args=[story.pk]),
        "newsletter sign-up": reverse("newsletters:signup"),
        "check your inbox": reverse("newsletters:check_inbox"),
    }


@pytest.mark.parametrize("method", UNSAFE)
def test_other_methods_are_refused_without_rendering_anything(client, addresses, method):
    for name, address in addresses.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.generic(method, address, HTTP_SEC_FETCH_SITE="same-origin")
        assert response.status_code == 405, name
        assert "GET" in response["Allow"] and method not in response["Allow"], name
        assert not response.content, name
        # Finding the page is all the work done: nothing of it is rendered.
        assert len(queries) <= 6, (name, [query["sql"] for query in queries])


def test_reading_still_works(client, addresses):
    for name, address in addresses.items():
        assert client.get(address).status_code == 200, name
        assert client.head(address).status_code == 200, name


def test_pages_say_which_methods_they_take(client, addresses):
    response = client.options(addresses["story"])
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_readers_forms_still_post_to_their_own_addresses(client, addresses):
    """The comment form and the sign-up box post elsewhere, so they are unaffected."""
    response = Client().post(
        reverse("newsletters:subscribe"),
        {
            "email": "reader@example.org",
            "lists": NewsletterList.objects.get(slug="daily").pk,
            "source": "/",
        },
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302
