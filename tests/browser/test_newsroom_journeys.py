"""The newsroom's staff at work, in a real Chromium: the journeys of docs/newsroom-guide.md.

1. A writer files a story with a picture uploaded on the spot and submits it for
   review; an editor finds it on the dashboard, approves it, and readers see it.
2. A moderator sees a held comment counted on the dashboard and approves it there.
3. A story scheduled ahead shows on the calendar and goes live when the worker's
   ``publish_scheduled`` job runs.
4. Share links name the address the site is served at, port included.

Screenshots go to ``test-results/``; with ``MASTHEAD_GUIDE_SCREENSHOTS=1`` they go
to ``docs/images/newsroom-guide/`` instead, so the guide's pictures are made here.
"""

import io
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from newsroom_staff import sign_in as sign_in_through_the_form
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect

from masthead.comments.models import Comment
from masthead.core.roles import EDITORS, MODERATORS, WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article, add_author, add_section, ensure_news_site
from masthead.news.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test wrote, so the data must be committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-browser-tests"
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images" / "newsroom-guide"
HEADLINE = "Harbour festival returns after four years"
PARAGRAPH = "Boats, music and food stalls fill the quay this weekend as the festival comes back."
ALT_TEXT = "Fishing boats decked with flags along the quay at sunset"


# The newsroom ----------------------------------------------------------------


@pytest.fixture
def shots(test_results_dir) -> Path:
    """Where screenshots go: the guide's folder when it is being illustrated."""
    if os.environ.get("MASTHEAD_GUIDE_SCREENSHOTS") == "1":
        GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
        return GUIDE_IMAGES
    return test_results_dir


def shoot(page: Page, folder: Path, name: str, **options) -> None:
    options.setdefault("animations", "disabled")
    page.screenshot(path=str(folder / f"{name}.jpg"), type="jpeg", quality=70, **options)


def member(username: str, group: str) -> User:
    user = User.objects.create_user(username, f"{username}@gazette.test", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def newsroom(live_server, settings) -> dict:
    """Two sections, the three roles, a writer linked to their profile, an editor, a moderator.

    The Site record keeps Wagtail's default port (80): the live server runs on
    another one, which is what the share links must follow.
    """
    # Search index updates and the like run as soon as a page is saved.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # No autosave: the test database (in-memory SQLite, one connection shared by
    # the live server's threads) breaks when an autosave and the submit arrive
    # together ("no such savepoint", then a 500), which a real database does not.
    # Waiting for "Saving…" to clear still lost that race under load in CI.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    home = ensure_news_site("The Test Gazette", "localhost", 80)
    sections = {name: add_section(home, name) for name in ("Community", "Culture")}
    ensure_newsroom_roles()
    writer = member("anahit", WRITERS)
    profile = add_author("Anahit Petrosyan", role="Staff writer")
    profile.user = writer
    profile.save_revision().publish()
    member("lilit", EDITORS)
    member("mariam", MODERATORS)
    return {"url": live_server.url, "sections": sections, "profile": profile}


@pytest.fixture
def context(chromium: Browser):
    context = chromium.new_context(viewport={"width": 1280, "height": 960}, locale="en-US")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def sign_in(context, site: str, username: str) -> Page:
    """A fresh tab, signed in as ``username``, on the dashboard."""
    context.clear_cookies()
    page = context.new_page()
    sign_in_through_the_form(page, site, username, PASSWORD)
    return page


def photo_jpeg() -> bytes:
    """A small photo-like JPEG: sky, sun, sea and two boats."""
    width, height = 1200, 800
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height // 2):
        shade = y / (height // 2)
        draw.line([(0, y), (width, y)], fill=(int(250 - 60 * shade), int(170 - 40 * shade), 90))
    for y in range(height // 2, height):
        shade = (y - height // 2) / (height // 2)
        draw.line([(0, y), (width, y)], fill=(20, int(70 - 30 * shade), int(120 - 40 * shade)))
    draw.ellipse([760, 240, 900, 380], fill=(255, 220, 120))
    for x in (220, 560):
        draw.polygon([(x, 470), (x + 260, 470), (x + 220, 520), (x + 40, 520)], fill=(60, 30, 20))
        draw.line([(x + 130, 470), (x + 130, 320)], fill=(40, 20, 10), width=6)
        draw.polygon([(x + 135, 330), (x + 220, 450), (x + 135, 450)], fill=(235, 235, 225))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# 1. Filing, review, publishing -----------------------------------------------


def file_a_story(page: Page, site: str, shots: Path) -> None:
    """The writer: Stories → New story → section → headline, paragraph, picture → submit."""
    page.get_by_role("link", name="Stories", exact=True).first.click()
    page.get_by_role("link", name="New story").first.click()
    expect(page.get_by_role("radio", name="Culture")).to_be_visible()
    shoot(page, shots, "choose-section")
    page.get_by_role("radio", name="Culture").check()
    page.get_by_role("button", name="Create a new story").click()

    page.get_by_placeholder("Headline*").fill(HEADLINE)
    first = page.locator("#inline_child_article_authors-0")
    expect(first.locator("[data-chooser-title]")).to_have_text("Anahit Petrosyan")

    body = page.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = body.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.type(PARAGRAPH)

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Image").click()
    body.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(
        {"name": "harbour-festival.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}
    )
    modal.get_by_label("Title").fill("Harbour festival boats")
    modal.get_by_label("Description").fill("Two sailing boats on the sea at sunset")
    modal.get_by_label("Credit").fill("Photo: Davit Sargsyan")
    shoot(page, shots, "image-upload")
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()

    body.get_by_label("Alt text").fill(ALT_TEXT)
    body.get_by_label("Caption", exact=True).fill("The quay on the festival's opening night.")
    # The whole picture block, from the thumbnail to the credit, above the action bar.
    body.get_by_label("Decorative").evaluate("box => box.scrollIntoView({block: 'center'})")
    shoot(page, shots, "picture-block")

    # The same photo as the story's lead picture, chosen from the library this time.
    page.get_by_role("button", name="Choose an image").click()  # the body's is chosen
    modal.get_by_role("link", name=re.compile("Harbour festival boats")).first.click()
    expect(modal).to_be_hidden()
    featured = page.locator("section").filter(
        has=page.get_by_role("heading", name="Featured image", exact=True)
    )
    expect(featured.last.get_by_text("Harbour festival boats")).to_be_visible()

    page.get_by_role("button", name="More actions").click()
    submit = page.get_by_role("button", name="Submit to Editorial review")
    expect(submit).to_be_visible()
    page.wait_for_timeout(300)  # the menu's opening transition, for the screenshot
    shoot(page, shots, "submit-for-review")
    submit.click()
    page.wait_for_url("**/admin/stories/")  # back on the desk, not in the page tree
    expect(page.get_by_role("status")).to_contain_text("submitted for moderation")
    shoot(page, shots, "submitted")

    story = ArticlePage.objects.get(title=HEADLINE)
    assert story.current_workflow_state is not None
    assert not story.live
    assert [a.title for a in story.credited_authors] == ["Anahit Petrosyan"]


def review_and_publish(page: Page, site: str, shots: Path) -> None:
    """The editor: the dashboard's "Waiting for review" → the story → Approve."""
    desk = page.get_by_role("region", name="Today on the desk")
    expect(desk.locator("[data-desk-count=review]")).to_have_text("1")
    shoot(page, shots, "dashboard-editor")
    desk.get_by_role("link", name=HEADLINE).click()
    expect(page.get_by_placeholder("Headline*")).to_have_value(HEADLINE)

    page.get_by_role("button", name="More actions").click()
    approve = page.get_by_role("button", name="Approve and Publish", exact=True)
    expect(approve).to_be_visible()
    page.wait_for_timeout(300)
    shoot(page, shots, "approve")
    approve.click()
    expect(page.get_by_role("status")).to_contain_text("has been updated")
    assert ArticlePage.objects.get(title=HEADLINE).live


def read_it(page: Page, site: str, shots: Path) -> None:
    """A reader: the story on the home page, and its picture, described, on the story."""
    page.goto(site + "/")
    story = page.get_by_role("link", name=HEADLINE, exact=True).first
    expect(story).to_be_visible()
    # The lead picture, linked again beside the headline: decorative there, on purpose.
    lead_picture = page.locator(".lead-story img")
    expect(lead_picture).to_have_attribute("alt", "")
    assert lead_picture.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    shoot(page, shots, "home-page")
    story.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    picture = page.locator(".article__body figure img")
    expect(picture).to_have_attribute("alt", ALT_TEXT)
    page.locator(".article__body figcaption").evaluate(
        "caption => caption.scrollIntoView({block: 'center'})"
    )
    assert picture.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(page.locator(".article__body figcaption")).to_contain_text("Photo: Davit Sargsyan")
    shoot(page, shots, "story-with-picture")


def test_a_writer_files_a_story_and_an_editor_publishes_it(newsroom, context, shots):
    site = newsroom["url"]
    writer = sign_in(context, site, "anahit")
    shoot(writer, shots, "dashboard-writer")
    file_a_story(writer, site, shots)
    writer.close()

    editor = sign_in(context, site, "lilit")
    review_and_publish(editor, site, shots)
    editor.goto(site + "/admin/stories/")
    expect(editor.get_by_role("link", name=HEADLINE)).to_be_visible()
    shoot(editor, shots, "stories-list")
    editor.close()

    context.clear_cookies()  # a reader, signed out
    read_it(context.new_page(), site, shots)


# 2. Comments ----------------------------------------------------------------


def test_a_moderator_approves_a_held_comment_from_the_dashboard(newsroom, context, shots):
    site = newsroom["url"]
    story = add_article(
        newsroom["sections"]["Community"],
        "Library opens on Sundays",
        paragraphs=["The town library will open on Sundays from next month."],
        authors=[newsroom["profile"]],
    )
    Comment.objects.create(
        article=story,
        author_name="Lena Holm",
        author_email="lena@reader.test",
        body="Finally! Will the children's corner be open too?",
        status=Comment.Status.PENDING,
    )

    page = sign_in(context, site, "mariam")
    panel = page.get_by_role("region", name="Reader comments waiting")
    expect(panel.locator("[data-held-count]")).to_have_text("1")
    expect(page.get_by_role("link", name="Comments (1 held)")).to_be_visible()
    shoot(page, shots, "dashboard-held-comments")
    panel.get_by_role("button", name="Approve the comment by Lena Holm").click()

    expect(panel.get_by_text("No comment is waiting.")).to_be_visible()
    expect(page.get_by_role("link", name="Comments", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"held"))).to_have_count(0)
    assert Comment.objects.get().status == Comment.Status.APPROVED

    page.goto(site + story.url)
    expect(page.locator("#comments")).to_contain_text("Will the children's corner be open too?")


# 3. Scheduling --------------------------------------------------------------


def test_a_scheduled_story_is_on_the_calendar_and_goes_live_on_time(newsroom, context, shots):
    site = newsroom["url"]
    go_live_at = timezone.now() + timedelta(seconds=90)
    story = add_article(
        newsroom["sections"]["Community"],
        "New bus timetable from Monday",
        paragraphs=["Buses will run every ten minutes on the harbour line."],
        authors=[newsroom["profile"]],
        go_live_at=go_live_at,
    )
    story.refresh_from_db()
    assert not story.live and story.get_latest_revision().approved_go_live_at is not None

    page = sign_in(context, site, "lilit")
    week = timezone.localdate(go_live_at).isoformat()
    page.goto(f"{site}/admin/stories/calendar/?week={week}")
    day = page.locator(f"[data-day='{week}']")
    entry = day.get_by_role("listitem").filter(has_text=story.title)
    expect(entry).to_contain_text("scheduled")
    expect(entry.locator("time")).to_have_text(timezone.localtime(go_live_at).strftime("%H:%M"))
    shoot(page, shots, "calendar")

    page.goto(site + "/")
    expect(page.get_by_role("link", name=story.title)).to_have_count(0)

    # The worker's job runs once the time has come (the test does not wait for it)...
    with freeze_time(go_live_at + timedelta(seconds=5)):
        call_command("publish_scheduled", verbosity=0)

    story.refresh_from_db()
    assert story.live
    page.goto(site + "/")
    expect(page.get_by_role("link", name=story.title).first).to_be_visible()
    page.goto(f"{site}/admin/stories/calendar/?week={week}")
    expect(day.get_by_role("listitem").filter(has_text=story.title)).to_contain_text("published")


# 4. Share links ---------------------------------------------------------------


def test_share_links_follow_the_port_the_site_is_served_at(newsroom, context, shots):
    site = newsroom["url"]
    assert re.search(r":\d+$", site) and not site.endswith(":80")
    story = add_article(
        newsroom["sections"]["Community"],
        "Ferry fares frozen for the winter",
        paragraphs=["The ferry company will keep its fares at this summer's prices."],
        authors=[newsroom["profile"]],
    )
    page = context.new_page()
    page.goto(site + story.url)
    address = site + story.url
    share = page.get_by_role("region", name="Share this story")
    expect(share.get_by_label("Link to this story")).to_have_value(address)
    links = share.get_by_role("link")
    expect(links).to_have_count(5)
    for link in links.all():
        assert quote(address, safe="") in link.get_attribute("href")
    share.scroll_into_view_if_needed()
    shoot(page, shots, "share-links")
