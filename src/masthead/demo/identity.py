"""Who the demo newsroom is: its name, its sections and the people on its staff.

The Meridian Weekly is an invented paper for the communities of the invented city
of Eastmere (see :mod:`masthead.demo.vocabulary`). Everything a reader sees about
the newsroom itself, from the tagline to the staff's roles, is in
``content/newsroom.json``, where ``{city}``, ``{hometowns}`` ("A, B and C") and
``{first_hometown}`` stand for the invented world's names; a staff member's
``{name}`` and ``{surname}`` are filled in once the person is invented.
"""

from dataclasses import dataclass

from .content_files import read_content
from .pictures import Palette
from .vocabulary import CITY, HOMETOWNS

WORLD_NAMES = {
    "{city}": CITY,
    "{hometowns}": f"{', '.join(HOMETOWNS[:-1])} and {HOMETOWNS[-1]}",
    "{first_hometown}": HOMETOWNS[0],
}


def in_the_world(text: str) -> str:
    """``text`` with the world's placeholders filled; ``{name}``-like others kept."""
    for placeholder, name in WORLD_NAMES.items():
        text = text.replace(placeholder, name)
    return text


_NEWSROOM = read_content("newsroom.json")
SITE_NAME: str = _NEWSROOM["site_name"]
TAGLINE = in_the_world(_NEWSROOM["tagline"])
ABOUT = in_the_world(_NEWSROOM["about"])
DEFAULT_SIGNOFF: str = _NEWSROOM["default_signoff"]
CONTACT_EMAIL: str = _NEWSROOM["contact_email"]
IMAGE_CREDIT: str = _NEWSROOM["image_credit"]
EMAIL_DOMAIN: str = _NEWSROOM["email_domain"]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    intro: str
    palette: Palette
    motif: str


def _palette(data: dict) -> Palette:
    return Palette(
        words=data["words"],
        light=tuple(data["light"]),
        dark=tuple(data["dark"]),
        accents=tuple(tuple(accent) for accent in data["accents"]),
    )


SECTIONS = tuple(
    SectionSpec(
        key=data["key"],
        title=data["title"],
        intro=in_the_world(data["intro"]),
        palette=_palette(data["palette"]),
        motif=data["motif"],
    )
    for data in _NEWSROOM["sections"]
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


@dataclass(frozen=True)
class StaffRole:
    """A job on the paper; the person doing it is invented from the seed."""

    role: str
    beats: tuple[str, ...]
    bio: str  # {name} and {surname} are filled in with the invented person's


STAFF = tuple(
    StaffRole(role=data["role"], beats=tuple(data["beats"]), bio=in_the_world(data["bio"]))
    for data in _NEWSROOM["staff"]
)
