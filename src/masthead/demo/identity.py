"""Who the demo newsroom is: its name, its sections and the people on its staff.

The Meridian Weekly is an invented paper for the communities of the invented city
of Eastmere (see :mod:`masthead.demo.vocabulary`). Everything a reader sees about
the newsroom itself, from the tagline to the staff's roles, is set here.
"""

from dataclasses import dataclass

from .pictures import Palette
from .vocabulary import CITY, HOMETOWNS

SITE_NAME = "The Meridian Weekly"
TAGLINE = f"News from {CITY}'s many communities, every Thursday"
ABOUT = (
    f"The Meridian Weekly covers {CITY} and the towns its families came from. "
    "This is Masthead's demo newsroom: every story, person and picture on it is invented."
)
DEFAULT_SIGNOFF = "The Meridian Weekly"
CONTACT_EMAIL = "newsroom@meridian.example"
IMAGE_CREDIT = "Illustration: Meridian Weekly demo"
EMAIL_DOMAIN = "meridian.example"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    intro: str
    palette: Palette
    motif: str


SECTIONS = (
    SectionSpec(
        key="news",
        title="News",
        intro=f"What is happening in {CITY} this week.",
        palette=Palette(
            words="navy and signal red",
            light=(232, 236, 243),
            dark=(24, 40, 72),
            accents=((200, 56, 48), (70, 102, 160), (236, 200, 120), (150, 170, 200)),
        ),
        motif="bands",
    ),
    SectionSpec(
        key="community",
        title="Community",
        intro="Schools, clubs, volunteers and the people who keep the city's neighbourhoods going.",
        palette=Palette(
            words="teal and amber",
            light=(236, 244, 240),
            dark=(20, 84, 92),
            accents=((242, 169, 59), (31, 140, 140), (250, 222, 160), (180, 80, 50)),
        ),
        motif="circles",
    ),
    SectionSpec(
        key="politics",
        title="Politics",
        intro="The city council, elections and the decisions that shape daily life.",
        palette=Palette(
            words="deep blue and crimson",
            light=(240, 238, 244),
            dark=(34, 30, 90),
            accents=((170, 30, 60), (90, 100, 200), (230, 190, 200), (60, 60, 140)),
        ),
        motif="columns",
    ),
    SectionSpec(
        key="culture",
        title="Culture",
        intro="Music, books, exhibitions and festivals from every corner of the city.",
        palette=Palette(
            words="plum and gold",
            light=(246, 238, 244),
            dark=(74, 28, 84),
            accents=((222, 176, 60), (160, 80, 160), (250, 226, 170), (110, 40, 110)),
        ),
        motif="rings",
    ),
    SectionSpec(
        key="opinion",
        title="Opinion",
        intro="Columns and comment from our writers and readers.",
        palette=Palette(
            words="charcoal and ochre",
            light=(242, 240, 234),
            dark=(46, 46, 50),
            accents=((204, 140, 40), (120, 120, 126), (236, 214, 160), (80, 80, 86)),
        ),
        motif="diagonals",
    ),
    SectionSpec(
        key="diaspora",
        title="Diaspora",
        intro=f"Ties between {CITY} and {', '.join(HOMETOWNS[:-1])} and {HOMETOWNS[-1]}.",
        palette=Palette(
            words="forest green and terracotta",
            light=(240, 242, 232),
            dark=(30, 70, 50),
            accents=((214, 110, 70), (60, 130, 90), (240, 200, 140), (120, 60, 40)),
        ),
        motif="horizon",
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


@dataclass(frozen=True)
class StaffRole:
    """A job on the paper; the person doing it is invented from the seed."""

    role: str
    beats: tuple[str, ...]
    bio: str  # {name} and {surname} are filled in with the invented person's


STAFF = (
    StaffRole(
        role="Editor",
        beats=("news", "opinion"),
        bio=(
            "{name} has edited the Meridian for nine years, after a decade as a reporter on "
            "regional papers. {surname} still writes a column most weeks and answers every "
            "reader's letter, eventually."
        ),
    ),
    StaffRole(
        role="News reporter",
        beats=("news", "politics"),
        bio=(
            "{name} covers courts, transport and anything that happens after midnight. "
            f"Tips about potholes in {CITY} are especially welcome."
        ),
    ),
    StaffRole(
        role="Community reporter",
        beats=("community", "opinion"),
        bio=(
            "{name} writes about schools, clubs and the volunteers who run them, and speaks "
            "four languages, three of them fluently."
        ),
    ),
    StaffRole(
        role="Politics correspondent",
        beats=("politics",),
        bio=(
            "{name} has sat through more council meetings than anyone should. Before joining "
            "the Meridian, {surname} worked for a civic charity explaining local elections to "
            "new voters."
        ),
    ),
    StaffRole(
        role="Culture editor",
        beats=("culture",),
        bio=(
            "{name} reviews books, concerts and exhibitions, and runs the Meridian's monthly "
            "listings. {surname} once sang in three of the choirs this paper has written about."
        ),
    ),
    StaffRole(
        role="Diaspora correspondent",
        beats=("diaspora", "community"),
        bio=(
            f"{{name}} reports on the ties between {CITY} and the towns its families came from, "
            f"and divides the year between {CITY} and {HOMETOWNS[0]}."
        ),
    ),
)
