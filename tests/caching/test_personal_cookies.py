"""The cookies that make a reader's pages their own: registered by the apps that set them."""

import re
from pathlib import Path

from django.conf import settings

from masthead.caching.middleware import personal_cookies
from masthead.comments.section import COOKIE_NAME

NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"


def test_comments_registers_its_cookie_and_the_session_is_always_personal():
    assert COOKIE_NAME in personal_cookies()
    assert settings.SESSION_COOKIE_NAME in personal_cookies()


def test_nginx_passes_every_personal_cookie_to_the_app():
    # The shipped nginx map must skip its cache for the same cookies the app does.
    line = next(line for line in NGINX.read_text().splitlines() if "masthead_commenter" in line)
    names = set(re.search(r"\(([^)]*)\)=", line).group(1).split("|"))
    assert names == set(personal_cookies())
