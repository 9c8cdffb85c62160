"""Every reader page the page cache cannot answer is limited per address; what must work is not.

Search has its own tests (tests/discovery/test_search_limits.py); these are the
other uncached reader pages, which share ``MASTHEAD_READER_LIMIT``.
"""

import pytest
from django.test import Client

from masthead.core.reader_limits import counted_as
from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db
LIMIT = 2
ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def reader_limit(settings):
    settings.MASTHEAD_READER_LIMIT = LIMIT
    settings.MASTHEAD_READER_LIMIT_SECONDS = 60


@pytest.fixture
def story(section):
    return add_article(section, "Harbour market reopens", paragraphs=["Stalls are back."])


def limited_addresses(story) -> dict[str, str]:
    return {
        "oEmbed": f"/oembed/?url=http://testserver{story.url}",
        "embed card": f"/embed/{story.pk}/",
        "newsletter sign-up page": "/newsletters/",
        "check your inbox": "/newsletters/check-your-inbox/",
        "ask for a new link": "/newsletters/new-link/",
    }


def get(url: str, address: str = ADDRESS):
    return Client().get(url, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    "name",
    ["oEmbed", "embed card", "newsletter sign-up page", "check your inbox", "ask for a new link"],
)
def test_uncached_reader_pages_answer_429_over_the_limit(story, name):
    url = limited_addresses(story)[name]
    assert [get(url).status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Please wait a moment" in refused.content.decode()
    assert get(url, address="198.51.100.20").status_code == 200


def test_embeds_and_newsletter_pages_are_counted_apart(story):
    for _ in range(LIMIT):
        get(f"/embed/{story.pk}/")
    assert get(f"/embed/{story.pk}/").status_code == 429
    assert get("/newsletters/").status_code == 200


def test_unsubscribing_is_never_refused(home):
    # One-click unsubscribes come from a mail provider's few addresses.
    answers = [get("/newsletters/unsubscribe/not-a-real-token/") for _ in range(LIMIT + 3)]
    assert {response.status_code for response in answers} == {400}


def test_ipv6_clients_are_counted_per_64_network_and_ipv4_per_address():
    assert counted_as("2001:db8:1:2:aaaa::1") == counted_as("2001:db8:1:2:bbbb::2")
    assert counted_as("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert counted_as("203.0.113.7") != counted_as("203.0.113.8")
    assert counted_as(None) == "unknown"


def test_a_refusal_costs_no_query_yet_shows_the_current_menu(
    story, home, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from masthead.news.authoring import add_section

    url = f"/embed/{story.pk}/"
    for _ in range(LIMIT + 1):
        get(url)
    with django_assert_num_queries(0):
        refused = get(url)
    assert refused.status_code == 429
    assert "Culture" not in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        add_section(home, "Culture")
    assert ">Culture</a>" in get(url).content.decode()
