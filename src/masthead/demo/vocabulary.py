"""The invented world the demo stories take place in.

Eastmere is a fictional city whose neighbourhoods, streets, sister towns and news
agencies exist nowhere else, so no demo story can be mistaken for a report about
real people or places. Names of people come from Faker, seeded, in the languages
of the city's communities, and are spelled in Latin letters for English stories.
"""

import random
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

CITY = "Eastmere"

DISTRICTS = (
    "Old Quay",
    "Larchfield",
    "St Aubin's Hill",
    "Millrace",
    "Northgate",
    "Copperbridge",
    "Harrow Fields",
    "Kilnworth",
)

STREETS = (
    "Tanner Street",
    "Weaver's Row",
    "Ashgrove Road",
    "Canal Walk",
    "Beacon Lane",
    "Orchard Terrace",
    "Ropemaker Street",
    "Salt Lane",
)

# The towns abroad that many Eastmere families come from. Few on purpose, so that
# each one's tag page gathers several stories.
HOMETOWNS = ("Zarevan", "Ostrogor", "Lorivan")

# Neighbouring towns, for sport fixtures and the like.
NEARBY_TOWNS = ("Port Calloway", "Brennagh", "New Ashby", "Hollins Cross")

# Wire services credited in datelines and sign-offs.
AGENCIES = ("Kestrel News Agency", "Lanternfield Wire", "Alder Press Service")

# The shared tag vocabulary: every story draws two to four of these.
TAGS = (
    "Eastmere Council",
    "Housing",
    "Education",
    "Youth",
    "Volunteering",
    "Cost of living",
    "Arts",
    "Music",
    "Festivals",
    "Heritage",
    "Language",
    "Transport",
    "Health",
    "Elections",
    "Business",
    *HOMETOWNS,
)

# Locales of the city's communities, weighted roughly by how often their names
# should turn up in the stories.
NAME_LOCALES = {"en_GB": 4, "hy_AM": 3, "uk_UA": 2, "pl_PL": 2, "ru_RU": 1}

# anyascii spells Armenian letter by letter ("Melk'owm"); these give the spellings
# families in an English-speaking city would use ("Melkum").
_ROMAN_CLEANUPS = (("'", ""), ("ow", "u"), ("Ow", "U"), ("Rr", "R"), ("rr", "r"))


@dataclass(frozen=True)
class Person:
    """Someone who appears in a story; ``surname`` is used on second mention."""

    name: str
    surname: str


def in_latin_letters(text: str) -> str:
    """A name as an English-language paper would print it."""
    text = anyascii(text)
    for old, new in _ROMAN_CLEANUPS:
        text = text.replace(old, new)
    return text


class PeopleFactory:
    """Invents people for stories, the same ones every time for the same seed."""

    def __init__(self, seed: int):
        self._rng = random.Random(seed)
        self._fakers = {}
        for offset, locale in enumerate(NAME_LOCALES):
            faker = Faker(locale)
            faker.seed_instance(seed * 31 + offset)
            self._fakers[locale] = faker
        self._used: set[str] = set()

    def _one(self, locale: str) -> Person:
        faker = self._fakers[locale]
        if self._rng.random() < 0.5:
            first, last = faker.first_name_female(), faker.last_name_female()
        else:
            first, last = faker.first_name_male(), faker.last_name_male()
        first, last = in_latin_letters(first), in_latin_letters(last)
        return Person(name=f"{first} {last}", surname=last)

    def person(self) -> Person:
        """A new person, never one already used in this newsroom."""
        locales, weights = zip(*NAME_LOCALES.items(), strict=True)
        while True:
            person = self._one(self._rng.choices(locales, weights)[0])
            if person.name not in self._used and person.surname not in self._used:
                self._used.add(person.name)
                self._used.add(person.surname)
                return person

    def native(self, locale: str, female: bool = True) -> str:
        """A name in its own script, for stories written in that language."""
        faker = self._fakers[locale]
        if female:
            return f"{faker.first_name_female()} {faker.last_name_female()}"
        return f"{faker.first_name_male()} {faker.last_name_male()}"
