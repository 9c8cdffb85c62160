"""Search that a crawler cannot take down: fresh searches limited per address, stored ones never.

The limit counts what reaches the search view; the page cache answers repeated
searches before that, so they cost nothing and are never refused.
"""

from types import SimpleNamespace

import pytest
from django.test import Client, override_settings
from newsroom_staff import member

from masthead.core import reader_limits
from masthead.core.roles import EDITORS, ensure_newsroom_roles

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def search_limit(settings):
    settings.MASTHEAD_SEARCH_LIMIT = LIMIT
    settings.MASTHEAD_READER_LIMIT_SECONDS = 60


@pytest.fixture
def harbour(story):
    return story("Harbour market reopens", "Stalls are back on the quay.", days_ago=2)


def clock_at(monkeypatch, seconds: float) -> None:
    """The limits' clock (only theirs) at ``seconds`` since the epoch."""
    monkeypatch.setattr(reader_limits, "time", SimpleNamespace(time=lambda: seconds))


def search(words: str, address: str = "203.0.113.7", client: Client | None = None, **headers):
    return (client or Client()).get("/search/", {"q": words}, REMOTE_ADDR=address, **headers)


def fresh_searches(count: int, address: str = "203.0.113.7") -> list:
    return [search(f"harbour quay{n}", address) for n in range(count)]


def test_fresh_searches_over_the_limit_get_the_429_page_with_retry_after(harbour, monkeypatch):
    clock_at(monkeypatch, 60 * 1000 + 45)  # 15 s before the window ends
    answered = fresh_searches(LIMIT)
    assert [response.status_code for response in answered] == [200] * LIMIT
    refused = search("harbour stalls")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    html = refused.content.decode()
    assert "<h1>Please wait a moment</h1>" in html
    assert "Please try again within a minute." in html
    assert 'class="site-search"' in html  # the site's own page, header and all
    assert refused["Cache-Control"] == "no-store"


def test_the_feed_shares_the_searches_count(harbour):
    fresh_searches(LIMIT)
    feed = Client().get("/search/feed/", {"q": "harbour"}, REMOTE_ADDR="203.0.113.7")
    assert feed.status_code == 429 and "Retry-After" in feed


def test_another_address_is_not_affected(harbour):
    fresh_searches(LIMIT + 2)
    assert search("harbour stalls", address="198.51.100.20").status_code == 200


def test_one_ipv6_customer_is_one_address_whatever_its_last_64_bits(harbour):
    for n in range(LIMIT):
        assert search(f"harbour quay{n}", address=f"2001:db8:1:2::{n + 1}").status_code == 200
    assert search("harbour stalls", address="2001:db8:1:2:ffff::9").status_code == 429
    assert search("harbour stalls", address="2001:db8:1:3::1").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(harbour, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(LIMIT + 1):
        search(f"harbour quay{n}", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    refused = search("harbour stalls", "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = search("harbour stalls", "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert refused.status_code == 429
    assert other.status_code == 200


def test_signed_in_staff_are_never_limited(harbour, client):
    ensure_newsroom_roles()
    client.force_login(member("editor", EDITORS))
    statuses = [search(f"harbour quay{n}", client=client).status_code for n in range(LIMIT + 3)]
    assert statuses == [200] * (LIMIT + 3)
    # None of those were counted: a reader at the same address has the whole limit.
    assert [response.status_code for response in fresh_searches(LIMIT + 1)] == [200] * LIMIT + [429]


def test_searches_the_page_cache_answers_are_not_counted(harbour, settings):
    settings.MASTHEAD_PAGE_CACHE = True
    popular = [search("harbour") for _ in range(LIMIT * 4)]
    assert [response.status_code for response in popular] == [200] * (LIMIT * 4)
    assert all(response["X-Cache"] == "hit" for response in popular[1:])
    answered = fresh_searches(LIMIT - 1)
    assert [response.status_code for response in answered] == [200] * (LIMIT - 1)
    assert search("harbour stalls").status_code == 429
    assert search("Harbour").status_code == 200  # still stored, still served


@override_settings(MASTHEAD_SEARCH_LIMIT=0)
def test_zero_turns_the_limit_off(harbour):
    assert {response.status_code for response in fresh_searches(LIMIT * 3)} == {200}


@override_settings(MASTHEAD_SEARCH_LIMIT=1, MASTHEAD_READER_LIMIT_SECONDS=3600)
def test_the_limit_and_window_come_from_settings(harbour, monkeypatch):
    clock_at(monkeypatch, 3600 * 500 + 10)
    assert search("harbour").status_code == 200
    refused = search("quay")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3590"
    assert "Please try again within an hour." in refused.content.decode()


def test_the_next_window_starts_a_new_count(harbour, monkeypatch):
    clock_at(monkeypatch, 60 * 1000 + 59)
    assert fresh_searches(LIMIT + 1)[-1].status_code == 429
    clock_at(monkeypatch, 60 * 1001)
    assert search("harbour stalls").status_code == 200
