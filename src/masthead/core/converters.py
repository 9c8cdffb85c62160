"""The ``<id:…>`` path converter for every address that names a row by number.

Django's ``<int:…>`` takes any run of digits, and a twenty-digit id then
overflows SQLite's integer inside the query (a 500, not a 404). Ids here have
at most twelve ASCII digits, which every database integer holds, so a longer
number simply matches no address and gets the designed 404 page.
"""

from django.urls import register_converter


class DatabaseIdConverter:
    regex = "[0-9]{1,12}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "id")
