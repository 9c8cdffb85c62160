"""Page listings offer a user only the bulk actions they may take."""

import re

import pytest
from django.urls import reverse
from newsroom_staff import member

from masthead.core.roles import EDITORS, WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db


def bulk_buttons(client, user, page) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_explore", args=(page.pk,))).content.decode()
    footer = html[html.index("data-bulk-action-footer") :]
    footer = footer[: footer.index("</section>")]
    return set(re.findall(r'aria-label="([^"]+) selected pages"', footer))


@pytest.fixture
def stories(section):
    ensure_newsroom_roles()
    add_article(section, "Council votes on budget", paragraphs=["Published words."])
    add_article(section, "Harbour reopens", paragraphs=["Published words."])
    return section


def test_writers_see_no_bulk_publish_unpublish_or_delete_on_published_stories(client, stories):
    assert bulk_buttons(client, member("writer", WRITERS), stories) == set()


def test_editors_still_see_what_they_may_do(client, stories):
    assert {"Publish", "Unpublish", "Delete"} <= bulk_buttons(
        client, member("editor", EDITORS), stories
    )


def test_a_writer_may_delete_their_own_draft_so_delete_is_offered(client, stories):
    writer = member("writer", WRITERS)
    draft = add_article(stories, "My draft", paragraphs=["Words."], publish=False)
    draft.owner = writer
    draft.save()
    assert bulk_buttons(client, writer, stories) == {"Delete", "Move"}
