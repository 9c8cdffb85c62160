"""Numbers from outside: only what a person types as a number is one."""

import pytest

from masthead.core.numbers import MAX_DATABASE_INTEGER, whole_number


@pytest.mark.parametrize("typed", ["²", "③", "٣", "１２", "-1", "+5", "1e3", "1_000", "3.5", ""])
def test_anything_but_ascii_digits_is_not_a_number(typed):
    assert whole_number(typed) is None


def test_numbers_outside_the_range_are_refused_before_any_query():
    assert whole_number(str(MAX_DATABASE_INTEGER)) == MAX_DATABASE_INTEGER
    assert whole_number(str(MAX_DATABASE_INTEGER + 1)) is None
    assert whole_number("9" * 100_000) is None
    assert whole_number("0", minimum=1) is None
    assert whole_number("7", maximum=6) is None


def test_blanks_around_a_copied_number_are_forgiven():
    assert whole_number(" 42\n") == 42
    assert whole_number(None) is None
