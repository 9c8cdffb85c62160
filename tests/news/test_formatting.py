import pytest

from masthead.core.text import plain_text, truncate_words
from masthead.news.formatting import format_byline, format_dateline, lead_excerpt
from masthead.news.slugs import slugify_headline, unique_slug


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Ani Hakobyan"], "By Ani Hakobyan"),
        (["Ani Hakobyan", "Lev Petrov"], "By Ani Hakobyan and Lev Petrov"),
        (["A", "B", "C"], "By A, B and C"),
        (["  ", "Lev Petrov"], "By Lev Petrov"),
    ],
)
def test_byline_reads_like_a_newspaper(names, expected):
    assert format_byline(names) == expected


def test_dateline_is_capitalised_and_dashed():
    assert format_dateline("Stockholm") == "STOCKHOLM —"
    assert format_dateline(" ankara ", "Armradio") == "ANKARA (Armradio) —"
    assert format_dateline("", "Armradio") == ""


def test_dateline_capitalises_other_scripts():
    assert format_dateline("Գյումրի") == "ԳՅՈՒՄՐԻ —"
    assert format_dateline("Москва") == "МОСКВА —"


def test_truncate_cuts_between_words_with_an_ellipsis():
    text = "Swedish members of parliament called on the government to act"
    cut = truncate_words(text, 30)
    assert cut == "Swedish members of parliament…"
    assert len(cut) <= 30


def test_truncate_leaves_short_text_alone_and_drops_dangling_punctuation():
    assert truncate_words("Short text.", 50) == "Short text."
    assert truncate_words("One, two, three, four", 10) == "One, two…"


def test_truncate_cuts_a_single_overlong_word_rather_than_returning_nothing():
    assert truncate_words("x" * 50, 10) == "x" * 9 + "…"


def test_plain_text_strips_markup_and_entities():
    assert plain_text("<p>Caf&eacute; <b>opens</b></p><p>Again</p>") == "Café opens Again"


def test_lead_excerpt_starts_with_the_dateline():
    assert (
        lead_excerpt("STOCKHOLM —", "Members of parliament called on Sweden to act now", 40)
        == "STOCKHOLM — Members of parliament…"
    )


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Council approves new budget", "council-approves-new-budget"),
        ("Հայաստանի դպրոցը բացվեց", "hayastani-dprotsy-batsvets"),
        ("Москва и Ереван подписали соглашение", "moskva-i-erevan-podpisali-soglashenie"),
        ("Αθήνα: νέο μουσείο", "athina-neo-moyseio"),
        ("Fireworks 🎉 light up the bay", "fireworks-light-up-the-bay"),
        ("🎉🎉", "story"),
        ("", "story"),
    ],
)
def test_headlines_in_any_script_get_ascii_slugs(headline, slug):
    assert slugify_headline(headline) == slug


def test_long_slugs_are_cut_between_words():
    slug = slugify_headline("word " * 40)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.endswith("word")


def test_unique_slug_counts_up():
    assert unique_slug("a", set()) == "a"
    assert unique_slug("a", {"a", "a-2"}) == "a-3"
