"""`masthead demo --languages en,hy`: the demo newsroom with an Armenian edition of real text."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from masthead.demo.content_files import read_content
from masthead.demo.edition import DEFAULT_SEED, plan_edition
from masthead.news.editions import ensure_edition_homes
from masthead.news.models import ArticlePage, SectionPage

EDITIONS_TESTS = str(Path(__file__).resolve().parents[1] / "editions")
if EDITIONS_TESTS not in sys.path:
    sys.path.append(EDITIONS_TESTS)
from edition_newsroom import parse, turn_editions_on  # noqa: E402

ARMENIAN = read_content("editions.json")["hy"]
HY_HEADLINES = {story["headline"] for story in ARMENIAN["stories"]} | {
    pair["translation"]["headline"] for pair in ARMENIAN["translations"]
}
UDHR_EN, UDHR_HY = (
    ARMENIAN["translations"][0][side]["headline"] for side in ("default", "translation")
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def two_editions(settings, media):
    """A site set up with MASTHEAD_LANGUAGES=en,hy, as `masthead setup` leaves it."""
    turn_editions_on(settings)
    ensure_edition_homes()


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_english_stories_are_the_same_with_an_armenian_edition():
    alone = plan_edition(DEFAULT_SEED)
    both = plan_edition(DEFAULT_SEED, ("hy",))

    assert [s for s in both.stories if s.headline != UDHR_EN] == list(alone.stories)
    assert both.stories[0] == alone.stories[0]  # the same lead on the front page
    (armenian,) = both.other_editions
    assert {story.headline for story in armenian.stories} == HY_HEADLINES
    assert all(story.age and story.authors and story.source_signoff for story in armenian.stories)
    # The sign-off field holds 100 characters; a longer credit would fail the build.
    assert all(len(story.source_signoff) <= 100 for story in [*both.stories, *armenian.stories])


@pytest.mark.django_db
def test_demo_builds_the_english_and_the_armenian_edition(two_editions, client):
    output = run_demo("--languages", "en,hy")

    assert "Demo newsroom ready" in output and "/hy/" in output
    hy = Locale.objects.get(language_code="hy")
    english = ArticlePage.objects.exclude(locale=hy)
    armenian = ArticlePage.objects.filter(locale=hy).live()
    assert english.count() == 43  # the 42 of one language, and the UDHR
    assert set(armenian.values_list("title", flat=True)) == HY_HEADLINES
    sections = SectionPage.objects.filter(locale=hy).live()
    assert set(sections.values_list("title", flat=True)) == set(ARMENIAN["sections"].values())
    for article in armenian.prefetch_related("article_authors", "tagged_items"):
        assert 1 <= len(article.article_authors.all()) <= 2, article.title
        assert article.featured_image_id and article.tags.exists(), article.title
        assert article.first_published_at, article.title

    front = parse(client.get("/hy/")).text_content()
    assert all(headline in front for headline in HY_HEADLINES)
    english_headlines = set(english.values_list("title", flat=True))
    assert not [headline for headline in english_headlines if headline in front]

    # The one text in both languages is linked as a translation ("Also in").
    udhr = ArticlePage.objects.get(title=UDHR_EN)
    udhr_hy = ArticlePage.objects.get(title=UDHR_HY)
    page = parse(client.get(udhr.url))
    assert page.xpath(f'//a[@hreflang="hy"][@href="{udhr_hy.url}"]')


@pytest.mark.django_db
def test_an_armenian_story_reads_in_armenian_and_credits_its_source(two_editions, client):
    run_demo("--languages", "en,hy")
    story = ARMENIAN["stories"][0]
    article = ArticlePage.objects.get(title=story["headline"])

    page = parse(client.get(article.url))

    assert page.get("lang") == "hy"
    assert story["paragraphs"][0] in page.text_content()
    signoff = page.xpath('string(//p[@class="signoff"])')
    assert "UD_Armenian-ArmTDP" in signoff and "CC BY-SA 4.0" in signoff


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("en,ru", "the demo has no stories in ru; its editions besides the default are: hy"),
        ("hy,en", "the demo's default edition is English"),
        ("en", "two or more different languages"),
    ],
)
def test_a_wrong_languages_value_is_refused_and_builds_nothing(two_editions, languages, message):
    with pytest.raises(CommandError, match=message):
        run_demo("--languages", languages)
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_a_one_language_site_is_told_how_to_set_editions_up(media):
    with pytest.raises(CommandError) as refused:
        run_demo("--languages", "en,hy")

    message = str(refused.value)
    assert "one language only" in message
    assert "Set MASTHEAD_LANGUAGES=en,hy before `masthead setup`" in message
    assert (
        "export MASTHEAD_LANGUAGES=en,hy; masthead setup && masthead demo --languages en,hy"
        in message
    )
    assert not ArticlePage.objects.exists()
