"""The kinds of story a small community weekly runs, as fill-in-the-blanks templates.

Each kind is one familiar shape of local news (a centre opens, the council votes,
a choir turns twenty-five) with a few headlines, the paragraphs such a story is
made of, and the facts that vary from one telling to the next. The story
generator (:mod:`masthead.demo.stories`) fills the blanks with invented names,
places and numbers. All of the text was written for Masthead.

Templates use ``str.format`` fields: ``{city}``, ``{district}``, ``{district2}``,
``{street}``, ``{hometown}``, ``{day}``, the people ``{p1}``, ``{p2}``, ``{p3}``
with their surnames ``{p1_last}``…, and whatever the kind's ``facts`` add. A
middle paragraph starting with ``## `` is a heading that stays with the
paragraph after it (the questions of an interview).

The words are data: ``content/story_kinds.json`` holds every kind (key,
section, headlines, paragraphs, quotes, captions, tags), in the order the
generator meets them; an editor can change them there. What stays here is what
must be code: the ``facts`` functions that invent a kind's numbers and names,
found by the kind's key in :data:`FACTS`.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .content_files import read_content
from .vocabulary import NEARBY_TOWNS

Facts = Callable[[random.Random, dict], dict]

NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def number_word(n: int) -> str:
    """Newspaper style: numbers up to twelve in words, larger ones in figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def possessive(name: str) -> str:
    """ "Rovers" → "Rovers'", "Athletic" → "Athletic's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def pounds(rng: random.Random, low: int, high: int, step: int) -> str:
    return f"£{rng.randrange(low, high + 1, step):,}"


def millions(rng: random.Random, low: float, high: float) -> str:
    return f"£{rng.randint(int(low * 10), int(high * 10)) / 10:.1f} million"


def _no_facts(rng: random.Random, scene: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class StoryKind:
    key: str
    section: str
    headlines: tuple[str, ...]
    standfirsts: tuple[str, ...]
    opening: tuple[str, ...]
    middle: tuple[str, ...]
    closings: tuple[str, ...]
    tags: tuple[str, ...]  # the first always applies; two or three of the rest may
    captions: tuple[str, str]  # the featured picture's, then the in-body figure's
    headings: tuple[str, ...] = ()
    quote: Quote | None = None
    pullquote: Quote | None = None
    dateline: str = "{city}"
    wire: bool = False  # may be credited to a news agency
    facts: Facts = field(default=_no_facts)


# News ------------------------------------------------------------------


def _centre_facts(rng: random.Random, scene: dict) -> dict:
    centre = rng.choice(
        (
            f"the {scene['district']} Community Centre",
            f"the {scene['district']} Neighbourhood Hall",
            f"the {scene['street']} Hub",
        )
    )
    years = rng.randint(3, 9)
    return {
        "centre": centre,
        "Centre": centre[0].upper() + centre[1:],
        "cost": millions(rng, 1.2, 4.8),
        "years": years,
        "years_words": number_word(years),
        "rooms": number_word(rng.randint(5, 9)),
        "visitors": rng.randrange(300, 901, 50),
    }


def _bridge_facts(rng: random.Random, scene: dict) -> dict:
    first, second = rng.sample((14, 22, 27, 31, 40, 52), 2)
    return {
        "bridge": rng.choice(("Copper Lane", "Ferry Road", "Kiln Street", "Old Quay")) + " Bridge",
        "weeks": rng.randint(6, 14),
        "age": rng.randrange(90, 161, 10),
        "routes": f"{min(first, second)} and {max(first, second)}",
        "cost": pounds(rng, 400_000, 1_900_000, 50_000),
    }


def _storm_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "homes": rng.randrange(20, 81, 5),
        "rain": rng.randrange(40, 91, 5),
        "fund": pounds(rng, 50_000, 200_000, 10_000),
    }


def _clinic_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "clinic": f"{scene['district']} Health Centre",
        "languages": rng.randint(6, 12),
        "appointments": rng.randrange(200, 601, 20),
    }


# Community -------------------------------------------------------------


def _fundraiser_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "school": f"{scene['district']} Primary School",
        "raised": pounds(rng, 18_000, 64_000, 500),
        "pupils": rng.randrange(180, 421, 10),
        "swimmers": rng.randrange(60, 161, 5),
    }


def _food_bank_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "food_bank": f"{scene['district']} Food Bank",
        "families": rng.randrange(120, 381, 10),
        "rise": rng.randrange(20, 61, 5),
        "volunteers": rng.randrange(30, 71, 2),
    }


def _saturday_school_facts(rng: random.Random, scene: dict) -> dict:
    language = rng.choice(("Armenian", "Ukrainian", "Polish"))
    years = rng.choice((10, 15, 20, 25, 30, 40))
    return {
        "language": language,
        "school": f"the {scene['district']} {language} Saturday School",
        "School": f"The {scene['district']} {language} Saturday School",
        "years": years,
        "years_ordinal": ordinal(years),
        "pupils": rng.randrange(60, 221, 4),
        "teachers": number_word(rng.randint(6, 12)),
    }


def _football_facts(rng: random.Random, scene: dict) -> dict:
    opponent, semi_final = rng.sample(NEARBY_TOWNS, 2)
    club = rng.choice(("{district} Rovers", "{district} Athletic", "FC {district}"))
    club = club.format(**scene)
    return {
        "club": club,
        "clubs": possessive(club),
        "age": rng.choice((11, 12, 13, 14, 15)),
        "wins": rng.randint(8, 14),
        "opponent": opponent,
        "semi_final": semi_final,
    }


# Politics --------------------------------------------------------------


def _council_vote_facts(rng: random.Random, scene: dict) -> dict:
    site = rng.choice(("bus depot", "gasworks", "dairy", "tram sheds"))
    return {
        "site": f"the former {site} in {scene['district']}",
        "site_short": f"the old {site}",
        "homes": rng.randrange(120, 481, 10),
        "votes_for": rng.randint(28, 36),
        "votes_against": rng.randint(12, 20),
        "abstain": number_word(rng.randint(1, 4)),
        "affordable": rng.randrange(30, 51, 5),
    }


def _by_election_facts(rng: random.Random, scene: dict) -> dict:
    candidates = rng.randint(4, 6)
    return {
        "candidates": number_word(candidates),
        "Candidates": number_word(candidates).capitalize(),
        "turnout": rng.randint(24, 34),
    }


def _result_facts(rng: random.Random, scene: dict) -> dict:
    winner = rng.randrange(1400, 2601, 1)
    second = winner - rng.randrange(90, 700, 1)
    total = winner + second + rng.randrange(600, 1500, 1)
    return {
        "votes_winner": f"{winner:,}",
        "votes_second": f"{second:,}",
        "majority": f"{winner - second:,}",
        "share": round(100 * winner / total),
        "turnout": rng.randint(34, 44),
    }


def _interview_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "waiting": f"{rng.randrange(3200, 7801, 100):,}",
        "years": number_word(rng.randint(4, 9)),
    }


# Culture ---------------------------------------------------------------


def _festival_facts(rng: random.Random, scene: dict) -> dict:
    days = rng.randint(2, 3)
    return {
        "festival": rng.choice(
            ("Festival of Nations", "Harbour Music Festival", "Lantern Folk Weekend")
        ),
        "stages": number_word(rng.randint(3, 6)),
        "performers": rng.randrange(60, 201, 10),
        "visitors": f"{rng.randrange(8000, 25001, 1000):,}",
        "days": number_word(days),
        "budget": pounds(rng, 60_000, 180_000, 5_000),
    }


def _exhibition_facts(rng: random.Random, scene: dict) -> dict:
    gallery = rng.choice(("Kilnworth Gallery", "Old Customs House", "Quayside Arts Centre"))
    return {
        "gallery": f"the {gallery}",
        "gallery_short": gallery,
        "craft": rng.choice(("weaving", "ceramics", "embroidery", "woodcarving")),
        "works": rng.randrange(30, 81, 2),
        "weeks": number_word(rng.randint(6, 10)),
    }


def _choir_facts(rng: random.Random, scene: dict) -> dict:
    choir = rng.choice(
        (
            f"the {scene['district']} Community Choir",
            f"the {scene['city']} Armenian Choir",
            f"the {scene['district']} Ukrainian Choir",
        )
    )
    years = rng.choice((10, 20, 25, 30))
    return {
        "choir": choir,
        "Choir": choir[0].upper() + choir[1:],
        "years": years,
        "years_ordinal": ordinal(years),
        "singers": rng.randrange(30, 71, 2),
        "audience": rng.randrange(300, 701, 20),
        "venue": rng.choice(("Corn Exchange", "Old Quay Town Hall", "St Aubin's Church")),
    }


def _book_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "book": rng.choice(
            (
                "The Salt Road",
                "Letters from the Quay",
                "A House with Two Doors",
                "The Apricot Year",
                "What the River Kept",
            )
        )
    }


# Diaspora --------------------------------------------------------------


def _twinning_facts(rng: random.Random, scene: dict) -> dict:
    return {"delegates": rng.randint(8, 20), "years": rng.choice((15, 20, 25, 30))}


def _roof_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "raised": pounds(rng, 22_000, 58_000, 500),
        "donors": rng.randrange(300, 901, 10),
        "school_no": rng.randint(2, 14),
    }


def _heritage_trip_facts(rng: random.Random, scene: dict) -> dict:
    return {"participants": rng.randint(14, 30), "days": rng.randint(10, 14)}


def _bakery_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "bakery": rng.choice(("Golden Crust", "The Apricot Oven", "Lavash & Co")),
        "years_here": rng.randint(12, 25),
        "employees": number_word(rng.randint(6, 12)),
    }


# The facts each kind's templates need beyond the scene, by the kind's key.
FACTS: dict[str, Facts] = {
    "centre-opens": _centre_facts,
    "bridge-closure": _bridge_facts,
    "storm-cleanup": _storm_facts,
    "clinic-interpreters": _clinic_facts,
    "school-fundraiser": _fundraiser_facts,
    "food-bank": _food_bank_facts,
    "saturday-school": _saturday_school_facts,
    "youth-football": _football_facts,
    "council-vote": _council_vote_facts,
    "by-election": _by_election_facts,
    "election-result": _result_facts,
    "councillor-interview": _interview_facts,
    "festival": _festival_facts,
    "exhibition": _exhibition_facts,
    "choir-concert": _choir_facts,
    "book-launch": _book_facts,
    "twinning-visit": _twinning_facts,
    "school-roof-appeal": _roof_facts,
    "heritage-trip": _heritage_trip_facts,
    "bakers-go-home": _bakery_facts,
}
TUPLE_FIELDS = ("headlines", "standfirsts", "opening", "middle", "closings", "tags", "captions")


def _quote(data: dict | None) -> Quote | None:
    return Quote(data["text"], data["attribution"]) if data else None


def kind_from_data(data: dict) -> StoryKind:
    """One entry of ``content/story_kinds.json`` as a :class:`StoryKind`."""
    fields = dict(data)
    for name in (*TUPLE_FIELDS, "headings"):
        if name in fields:
            fields[name] = tuple(fields[name])
    for name in ("quote", "pullquote"):
        if name in fields:
            fields[name] = _quote(fields[name])
    return StoryKind(**fields, facts=FACTS.get(data["key"], _no_facts))


KINDS = tuple(kind_from_data(data) for data in read_content("story_kinds.json"))


def kinds_for(section: str) -> tuple[StoryKind, ...]:
    return tuple(kind for kind in KINDS if kind.section == section)
