"""Writing one demo story: a story kind's templates filled with invented facts.

A story here is plain data (headline, blocks of text, credits), not yet a page;
:mod:`masthead.demo.newsroom` turns it into one. Keeping the writing apart from
the database lets the tests check that a seed always gives the same stories.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from .story_kinds import StoryKind
from .vocabulary import AGENCIES, CITY, DISTRICTS, HOMETOWNS, STREETS, PeopleFactory

PUBLISHED = "published"
SCHEDULED = "scheduled"
DRAFT = "draft"

HEADING_MARK = "## "
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_PARAGRAPHS = 4
MAX_PARAGRAPHS = 8

# How often a story gets each extra block.
HEADING_CHANCE = 0.45
BLOCKQUOTE_CHANCE = 0.5
PULLQUOTE_CHANCE = 0.4
FIGURE_CHANCE = 0.4
WIRE_CHANCE = 0.5


@dataclass(frozen=True)
class Block:
    """One block of an article body: paragraph, heading, blockquote, pullquote or figure.

    A figure's ``text`` is its caption; its picture is drawn when the page is built.
    """

    type: str
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Story:
    section: str
    headline: str
    standfirst: str
    blocks: tuple[Block, ...]
    tags: tuple[str, ...]
    dateline_place: str = ""
    dateline_source: str = ""
    source_signoff: str = ""
    featured_caption: str = ""
    authors: tuple[int, ...] = ()  # positions in the staff list, in byline order
    age: timedelta | None = None  # how long ago it was published
    status: str = PUBLISHED
    # In another edition: the headline of the default edition's story this translates.
    # Left out of repr(), which tests/demo/test_content.py fingerprints the plan by.
    translation_of: str = field(default="", repr=False)

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if block.type == "paragraph"]


def make_scene(rng: random.Random, people: PeopleFactory) -> dict:
    """The facts every story can draw on: where, when and who."""
    district, district2 = rng.sample(DISTRICTS, 2)
    scene = {
        "city": CITY,
        "district": district,
        "district2": district2,
        "street": rng.choice(STREETS),
        "hometown": rng.choice(HOMETOWNS),
        "day": rng.choice(DAYS),
    }
    for number in (1, 2, 3):
        person = people.person()
        scene[f"p{number}"] = person.name
        scene[f"p{number}_last"] = person.surname
    return scene


def _units(templates: tuple[str, ...], scene: dict) -> list[list[Block]]:
    """Filled-in blocks, grouped so that a heading stays with the paragraph after it."""
    units: list[list[Block]] = []
    pending_heading: Block | None = None
    for template in templates:
        if template.startswith(HEADING_MARK):
            pending_heading = Block("heading", template[len(HEADING_MARK) :].format(**scene))
            continue
        paragraph = Block("paragraph", template.format(**scene))
        units.append([pending_heading, paragraph] if pending_heading else [paragraph])
        pending_heading = None
    return units


def _paragraph_count(units: list[list[Block]]) -> int:
    return sum(1 for unit in units for block in unit if block.type == "paragraph")


def _free_slot(wanted: int, taken: set[int], last: int) -> int | None:
    """The first paragraph position from ``wanted`` on with nothing after it yet."""
    for position in range(max(wanted, 0), last):
        if position not in taken:
            return position
    return None


def _with_extras(
    body: list[Block], extras: list[tuple[int, Block]], paragraphs: int
) -> list[Block]:
    """Insert each extra block after the paragraph it asks for, or the next free one.

    At most one extra block follows any paragraph, so figures and quotes never
    pile up, and none follows the last: a story ends on its closing paragraph.
    """
    placed: dict[int, Block] = {}
    for wanted, block in extras:
        slot = _free_slot(wanted, set(placed), paragraphs - 1)
        if slot is not None:
            placed[slot] = block
    result: list[Block] = []
    seen = -1
    for block in body:
        result.append(block)
        if block.type == "paragraph":
            seen += 1
            if seen in placed:
                result.append(placed[seen])
    return result


def write_story(
    kind: StoryKind, rng: random.Random, people: PeopleFactory, variant: int = 0
) -> Story:
    """One story of ``kind``, told with fresh facts; ``variant`` picks its headline's wording."""
    scene = make_scene(rng, people)
    scene.update(kind.facts(rng, scene))
    opening = _units(kind.opening, scene)
    middle = _units(kind.middle, scene)
    closing = Block("paragraph", rng.choice(kind.closings).format(**scene))

    target = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
    wanted_middle = target - _paragraph_count(opening) - 1
    count = max(1, min(wanted_middle, len(middle)))
    chosen = [middle[i] for i in sorted(rng.sample(range(len(middle)), count))]
    body = [block for unit in opening + chosen for block in unit] + [closing]
    paragraphs = _paragraph_count([body])

    # Each extra asks to follow a paragraph; earlier ones in this list get first pick.
    extras: list[tuple[int, Block]] = []
    has_own_headings = any(block.type == "heading" for block in body)
    if kind.headings and not has_own_headings and rng.random() < HEADING_CHANCE:
        heading = Block("heading", rng.choice(kind.headings).format(**scene))
        # Halfway down, with at least two paragraphs still to come.
        extras.append((min(paragraphs // 2, paragraphs - 3), heading))
    if rng.random() < FIGURE_CHANCE:
        extras.append((1, Block("figure", kind.captions[1].format(**scene))))
    if kind.quote and rng.random() < BLOCKQUOTE_CHANCE:
        quote = Block(
            "blockquote", kind.quote.text.format(**scene), kind.quote.attribution.format(**scene)
        )
        extras.append((paragraphs - 3, quote))
    if kind.pullquote and rng.random() < PULLQUOTE_CHANCE:
        pull = Block(
            "pullquote",
            kind.pullquote.text.format(**scene),
            kind.pullquote.attribution.format(**scene),
        )
        extras.append((3 if paragraphs >= 6 else 2, pull))

    dateline_source = signoff = ""
    if kind.wire and rng.random() < WIRE_CHANCE:
        dateline_source = signoff = rng.choice(AGENCIES)

    return Story(
        section=kind.section,
        headline=kind.headlines[variant % len(kind.headlines)].format(**scene),
        standfirst=rng.choice(kind.standfirsts).format(**scene),
        blocks=tuple(_with_extras(body, extras, paragraphs)),
        tags=_pick_tags(kind, rng, scene),
        dateline_place=kind.dateline.format(**scene),
        dateline_source=dateline_source,
        source_signoff=signoff,
        featured_caption=kind.captions[0].format(**scene),
    )


def _pick_tags(kind: StoryKind, rng: random.Random, scene: dict) -> tuple[str, ...]:
    """The kind's main tag and one to three of its others: two to four in all."""
    main, *others = [tag.format(**scene) for tag in kind.tags]
    count = min(len(others), rng.randint(1, 3))
    return (main, *rng.sample(others, count))
