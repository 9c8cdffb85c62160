"""A reader comments and replies in a real Chromium; the comments appear once approved.

The comment section uses no JavaScript (article pages carry no scripts): the
Reply link reloads the story with the form set to reply. Also checked with
axe-core, and once more with JavaScript switched off.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from masthead.comments.decisions import apply_action
from masthead.comments.models import Comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def story(live_server, article, rules, settings):
    settings.MASTHEAD_COMMENT_MIN_FILL_SECONDS = 0
    rules.flood_seconds = 0
    rules.save()
    return live_server.url + article.url


def fill_form(page, text: str, name: str = "", email: str = "") -> None:
    form = page.locator("#commentform")
    form.get_by_role("textbox", name="Comment").fill(text)
    if name:
        form.get_by_role("textbox", name="Name").fill(name)
    if email:
        form.get_by_role("textbox", name="Email").fill(email)


def serious_violations(page) -> list[str]:
    found = Axe().run(page, context="#comments").response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]


def test_a_reader_comments_and_replies(story, chromium, test_results_dir):
    context = chromium.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.goto(story)
    expect(page.get_by_role("heading", name="Leave a Reply")).to_be_visible()
    expect(page.get_by_text("Your email address will not be published.")).to_be_visible()

    fill_form(page, "The new reading room is wonderful.", "Lena Holm", "lena@reader.test")
    page.get_by_label("Save my name, email, and website in this browser").check()
    page.get_by_role("button", name="Post Comment").click()

    held = page.locator(".comment--held")
    expect(held).to_contain_text("The new reading room is wonderful.")
    expect(held).to_contain_text("Your comment is awaiting moderation")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    apply_action([comment.pk], "approve")
    page.goto(story)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Lena Holm")
    expect(page.locator(".comment--held")).to_have_count(0)
    expect(page.locator("#comments-title")).to_have_text("1 comment")

    # Reply: the form comes back set to reply, filled in from the remembered details.
    page.get_by_role("link", name="Reply to Lena Holm").click()
    expect(page.locator("#reply-title-text")).to_have_text("Reply to Lena Holm")
    expect(page.get_by_role("link", name="Cancel reply")).to_be_visible()
    email = page.locator("#commentform").get_by_role("textbox", name="Email")
    expect(email).to_have_value("lena@reader.test")
    fill_form(page, "And the café downstairs is open on Sundays too.")
    page.get_by_role("button", name="Post Comment").click()

    reply = Comment.objects.latest("pk")
    assert (reply.parent_id, reply.status) == (comment.pk, Comment.Status.APPROVED)
    nested = page.locator(f"#comment-{comment.pk} .children #comment-{reply.pk}")
    expect(nested).to_contain_text("And the café downstairs is open on Sundays too.")
    expect(page.locator("#comments-title")).to_have_text("2 comments")

    assert not serious_violations(page)
    page.locator("#comments").screenshot(path=str(test_results_dir / "comments-thread.png"))
    context.close()


def test_replying_without_javascript(story, chromium, article):
    top = Comment.objects.create(
        article=article,
        author_name="Omar",
        author_email="omar@reader.test",
        body="Does anyone know the opening hours?",
        status=Comment.Status.APPROVED,
    )
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(story)
    page.get_by_role("link", name="Reply to Omar").click()
    expect(page.locator("#reply-title-text")).to_have_text("Reply to Omar")
    fill_form(page, "Ten to six, every day but Monday.", "Lena Holm", "lena@reader.test")
    page.get_by_role("button", name="Post Comment").click()
    reply = Comment.objects.latest("pk")
    assert reply.parent_id == top.pk
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("awaiting moderation")
    context.close()
