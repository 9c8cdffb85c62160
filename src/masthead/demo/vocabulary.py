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

from .content_files import read_content

# content/world.json: the city, its neighbourhoods and streets, the towns abroad
# that many families come from (few on purpose, so that each one's tag page
# gathers several stories), neighbouring towns for sport fixtures, the wire
# services credited in datelines, the topic tags, and the locales of the
# communities, weighted by how often their names should turn up.
_WORLD = read_content("world.json")
CITY: str = _WORLD["city"]
DISTRICTS = tuple(_WORLD["districts"])
STREETS = tuple(_WORLD["streets"])
HOMETOWNS = tuple(_WORLD["hometowns"])
NEARBY_TOWNS = tuple(_WORLD["nearby_towns"])
AGENCIES = tuple(_WORLD["agencies"])
# The shared tag vocabulary: every story draws two to four of these.
TAGS = (*_WORLD["topic_tags"], *HOMETOWNS)
NAME_LOCALES: dict[str, int] = dict(_WORLD["name_locales"])

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
