"""Choice fields whose ids come from outside: refused as invalid before any query.

Django's model choice fields catch the ``ValueError`` of a lookup by an id
that is not a number, but not the ``OverflowError`` SQLite raises for a
number no database integer holds ("99…9" forty digits), and ``int()`` reads
"１２" or "²" as a number nobody meant. Every model choice a form or filter
takes from a request uses these fields, so that such an id is the form's
"Select a valid choice" error and never a 500.
"""

from django import forms

from .numbers import whole_number


def refuse_ids_out_of_range(field: forms.Field, values) -> None:
    """Raise the field's own "invalid choice" error for any id that is not a whole number."""
    for value in values:
        if whole_number(str(value)) is None:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class RefusesIdsOutOfRange:
    """For a multiple model choice field: its ids are checked before the lookup.

    A mixin, so that fields of other libraries (Wagtail's page filters) get the
    same check as :class:`WholeIdsChoiceField`.
    """

    def _check_values(self, value):
        if not isinstance(value, (list, tuple)):
            value = [value]
        refuse_ids_out_of_range(self, value)
        return super()._check_values(value)


class WholeIdsChoiceField(RefusesIdsOutOfRange, forms.ModelMultipleChoiceField):
    """Several rows picked by id, e.g. checkboxes of lists, sections or authors."""


class WholeIdChoiceField(forms.ModelChoiceField):
    """One row picked by id, e.g. a radio list of sections or a filter's list."""

    def to_python(self, value):
        if value not in self.empty_values:
            refuse_ids_out_of_range(self, [value])
        return super().to_python(value)
