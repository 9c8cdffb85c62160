"""While the database is away, readers of cached pages notice nothing.

``masthead serve`` on the embedded SQLite database; the database file is moved
away under the running server (each request opens it afresh, as SQLite runs
with CONN_MAX_AGE=0), which makes every query fail as a lost database does.
"""

from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from servers import app_server, masthead, masthead_env

MAKE_STORIES = """
from masthead.news.authoring import add_article, add_section, ensure_news_site
home = ensure_news_site("Outage Gazette", "127.0.0.1", 80)
section = add_section(home, "Weather")
for title in ("Storm warning for the coast", "Ferries cancelled for the day"):
    print("STORY", add_article(section, title, paragraphs=["Stay indoors."]).url)
"""


def get(url: str) -> tuple[int, str, str]:
    """Status, the X-Cache header and the body."""
    try:
        with urlopen(url, timeout=20) as response:  # noqa: S310 - our own server
            return response.status, response.headers.get("X-Cache", ""), response.read().decode()
    except HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), error.read().decode()


@pytest.fixture
def newsroom(tmp_path):
    var_dir = tmp_path / "var"
    env = masthead_env(var_dir, ALLOWED_HOSTS="127.0.0.1")
    masthead(env, "setup", "-v", "0")
    made = masthead(env, "shell", "-c", MAKE_STORIES)
    stories = [line.split()[1] for line in made.splitlines() if line.startswith("STORY")]
    with app_server(env) as base:
        yield base, var_dir / "masthead.sqlite3", stories


def test_cached_pages_are_served_while_the_database_is_away(newsroom):
    base, database, (read_before, not_read_before) = newsroom
    # The very first page also creates the site's settings rows, a change that
    # keeps that one render out of the cache; by the third it is stored.
    assert "hit" in [get(base + read_before)[1] for _ in range(3)]

    away = database.with_name("away.sqlite3")
    database.rename(away)
    try:
        status, cache, html = get(base + read_before)
        assert (status, cache) == (200, "hit") and "Storm warning for the coast" in html
        status, _, html = get(base + not_read_before)
        assert status == 503 and "briefly unavailable" in html
    finally:
        database.unlink(missing_ok=True)  # the empty file SQLite made meanwhile
        away.rename(database)

    status, _, html = get(base + not_read_before)
    assert status == 200 and "Ferries cancelled for the day" in html
