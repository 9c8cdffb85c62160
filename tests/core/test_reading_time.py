"""Reading time in every script a newsroom publishes in."""

from masthead.core.text import reading_minutes


def test_alphabetic_scripts_count_words():
    assert reading_minutes("Ուրբաթ օրը " * 345) == 3  # 690 Armenian words
    assert reading_minutes("Паром ушёл вовремя. " * 100) == 1  # 300 Russian words


def test_chinese_counts_characters_as_it_has_no_spaces():
    assert reading_minutes("港口" * 500) == 2  # 1,000 characters


def test_no_text_takes_no_time_and_a_line_takes_a_minute():
    assert reading_minutes("") == 0
    assert reading_minutes("Brief.") == 1
