"""PHP's serialize() format as Polylang writes it, read strictly; and languages to editions."""

import pytest

from masthead.importers.languages import edition_code, translation_map
from masthead.importers.phpserial import SerializedError, unserialize


def test_reads_what_polylang_writes():
    assert unserialize('a:2:{s:2:"en";i:12;s:2:"hy";i:14;}') == {"en": 12, "hy": 14}
    assert unserialize("a:1:{i:0;b:1;}") == {0: True}
    assert unserialize("N;") is None
    assert unserialize("i:-3;") == -3


def test_string_lengths_are_bytes():
    # "Հայերեն" is 7 letters, 14 bytes in UTF-8, as PHP counts them.
    assert unserialize('s:14:"Հայերեն";') == "Հայերեն"
    # Counted in letters, the length ends inside the string.
    with pytest.raises(SerializedError, match="expected '\";'"):
        unserialize('s:7:"Հայերեն";')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a:2:{s:2:"en";i:12;}', "key must be"),
        ('a:1:{s:2:"en";i:12;', "expected '}'"),
        ('s:5:"ab";', "runs past the end|expected"),
        ("i:1x;", "whole number"),
        ('O:8:"stdClass":0:{}', "unsupported"),
        ("a:1:{a:0:{}i:1;}", "key must be"),
        ('a:2:{s:1:"a";i:1;s:1:"a";i:2;}', "given twice"),
        ("i:1;i:2;", "after the value"),
        ("", "unsupported"),
        ("b:2;", "0 or 1"),
        ("a:1:{i:0;" * 20 + "i:1;" + "}" * 20, "nested"),
    ],
)
def test_malformed_input_is_refused_with_a_reason(text, message):
    with pytest.raises(SerializedError, match=message):
        unserialize(text)


def test_translation_groups_keep_language_to_id_entries_only():
    # From the real Polylang export in fixtures/wxr: a string ID, and "sync" settings.
    assert translation_map('a:2:{s:2:"en";s:1:"1";s:2:"fr";i:3;}') == {"en": 1, "fr": 3}
    nested = 'a:3:{s:2:"en";i:413;s:2:"fr";i:414;s:4:"sync";a:1:{s:2:"fr";s:2:"en";}}'
    assert translation_map(nested) == {"en": 413, "fr": 414}
    with pytest.raises(SerializedError, match="not an array"):
        translation_map("i:4;")


@pytest.mark.parametrize(
    ("slug", "locale", "editions", "expected"),
    [
        ("hy", "hy", ["en", "hy"], "hy"),
        ("en", "en_GB", ["en", "hy"], "en"),
        ("en", "en_GB", ["en-gb", "hy"], "en-gb"),
        ("en_us", "", ["en", "hy"], "en"),
        ("pt", "pt_BR", ["en", "pt-br"], "pt-br"),
        ("pt-br", "", ["en", "pt"], "pt"),
        ("fr", "fr_FR", ["en", "hy"], None),
        ("am", "hy_AM", ["en", "hy"], "hy"),
    ],
)
def test_polylang_languages_map_to_editions(slug, locale, editions, expected):
    assert edition_code(slug, locale, editions) == expected
