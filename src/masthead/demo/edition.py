"""Planning the demo's run of stories: which ones, who wrote them and when.

Everything is decided here from one seed, before anything touches the database,
so that ``masthead demo --seed N`` always tells the same stories with the same
people. Only the publication times are relative: the newest story is always a
few hours old, whenever the demo is built.
"""

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta

from .identity import SECTIONS, STAFF
from .other_editions import edition_stories, section_titles, translated_originals
from .other_scripts import STORIES_IN_OTHER_SCRIPTS
from .stories import DRAFT, SCHEDULED, Story, write_story
from .story_kinds import StoryKind, kinds_for
from .vocabulary import PeopleFactory

DEFAULT_SEED = 1908

# Stories written from templates, per section; the two in other scripts make 40.
STORIES_PER_SECTION = {
    "news": 8,
    "community": 6,
    "politics": 7,
    "culture": 6,
    "opinion": 4,
    "diaspora": 7,
}
DAYS_BACK = 60
NEWEST_STORY_HOURS = (1, 5)
SECOND_AUTHOR_CHANCE = 0.3
# Sections whose pieces are signed by one writer alone.
SINGLE_BYLINE_SECTIONS = {"opinion"}
SCHEDULED_SECTION = "news"
DRAFT_SECTION = "politics"


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: str
    beats: tuple[str, ...]
    bio: str


@dataclass(frozen=True)
class OtherEdition:
    """The demo's edition in another language: its section titles and its published stories."""

    language: str
    section_titles: tuple[tuple[str, str], ...]  # (section key, title in the language)
    stories: tuple[Story, ...]  # newest first


@dataclass(frozen=True)
class Edition:
    """The whole demo newsroom's content, as data; ``seed`` also draws its pictures."""

    seed: int
    staff: tuple[StaffMember, ...]
    stories: tuple[Story, ...]  # published ones newest first, then scheduled and draft
    # Left out of repr(), which tests/demo/test_content.py fingerprints the plan by.
    other_editions: tuple[OtherEdition, ...] = field(default=(), repr=False)

    @property
    def published(self) -> list[Story]:
        return [story for story in self.stories if story.age is not None]


class _Writer:
    """Writes stories of each kind in turn, never repeating a headline."""

    def __init__(self, rng: random.Random, people: PeopleFactory):
        self.rng = rng
        self.people = people
        self.headlines: set[str] = set()
        self.uses: dict[str, int] = {}

    def write(self, kind: StoryKind) -> Story:
        variant = self.uses.get(kind.key, 0)
        self.uses[kind.key] = variant + 1
        for attempt in range(20):
            story = write_story(kind, self.rng, self.people, variant + attempt)
            if story.headline not in self.headlines:
                self.headlines.add(story.headline)
                return story
        raise RuntimeError(f"Could not find a fresh headline for {kind.key!r}.")

    def write_section(self, section: str, count: int) -> list[Story]:
        kinds = list(kinds_for(section))
        self.rng.shuffle(kinds)
        return [self.write(kinds[n % len(kinds)]) for n in range(count)]


def _hire_staff(people: PeopleFactory) -> tuple[StaffMember, ...]:
    staff = []
    for job in STAFF:
        person = people.person()
        bio = job.bio.format(name=person.name, surname=person.surname)
        staff.append(StaffMember(name=person.name, role=job.role, beats=job.beats, bio=bio))
    return tuple(staff)


def _byline(story: Story, staff: tuple[StaffMember, ...], rng: random.Random) -> tuple[int, ...]:
    on_beat = [n for n, member in enumerate(staff) if story.section in member.beats]
    first = rng.choice(on_beat or range(len(staff)))
    if story.section in SINGLE_BYLINE_SECTIONS or rng.random() >= SECOND_AUTHOR_CHANCE:
        return (first,)
    return (first, rng.choice([n for n in range(len(staff)) if n != first]))


def _publication_ages(rng: random.Random, count: int) -> list[timedelta]:
    """``count`` ages, newest first, spread over the last ``DAYS_BACK`` days."""
    newest = timedelta(hours=rng.uniform(*NEWEST_STORY_HOURS))
    older = sorted(timedelta(days=rng.uniform(0.3, DAYS_BACK)) for _ in range(count - 1))
    return [timedelta(minutes=round(age.total_seconds() / 60)) for age in [newest, *older]]


def plan_edition(seed: int = DEFAULT_SEED, languages: tuple[str, ...] = ()) -> Edition:
    """The demo newsroom's staff and stories for ``seed``, with editions in ``languages``.

    ``languages`` are the other editions' codes (``("hy",)``), not the default's.
    Without them the plan is exactly the one-language demo's.
    """
    rng = random.Random(seed)
    people = PeopleFactory(seed)
    staff = _hire_staff(people)
    writer = _Writer(rng, people)

    stories: list[Story] = []
    for section in SECTIONS:
        stories.extend(writer.write_section(section.key, STORIES_PER_SECTION[section.key]))
    stories.extend(write(people) for write in STORIES_IN_OTHER_SCRIPTS)
    rng.shuffle(stories)
    # The front page leads with news; the stories in other scripts never lead it.
    lead = next(n for n, story in enumerate(stories) if story.section == "news")
    stories.insert(0, stories.pop(lead))

    ages = _publication_ages(rng, len(stories))
    published = [
        replace(story, age=age, authors=_byline(story, staff, rng))
        for story, age in zip(stories, ages, strict=True)
    ]
    scheduled = writer.write_section(SCHEDULED_SECTION, 1)[0]
    draft = writer.write_section(DRAFT_SECTION, 1)[0]
    upcoming = [
        replace(scheduled, status=SCHEDULED, authors=_byline(scheduled, staff, rng)),
        replace(draft, status=DRAFT, authors=_byline(draft, staff, rng)),
    ]
    edition = Edition(seed=seed, staff=staff, stories=tuple(published + upcoming))
    return _with_other_editions(edition, languages) if languages else edition


def _dated(stories: list[Story], staff: tuple[StaffMember, ...], rng: random.Random) -> list:
    """``stories`` signed by the staff and published over the demo's weeks, newest first.

    The newest of them is a day or more old, so the English lead story stays the newest.
    """
    ages = sorted(timedelta(minutes=round(rng.uniform(1, DAYS_BACK) * 24 * 60)) for _ in stories)
    return [
        replace(story, age=age, authors=_byline(story, staff, rng))
        for story, age in zip(stories, ages, strict=True)
    ]


def _with_other_editions(edition: Edition, languages: tuple[str, ...]) -> Edition:
    """``edition`` with the stories of ``languages``' editions, and the originals they translate.

    A second random stream, so the one-language stories keep their dates and bylines.
    A translation is published a few hours after the story it translates.
    """
    rng = random.Random(f"{edition.seed}:{','.join(languages)}")
    originals = _dated(translated_originals(list(languages)), edition.staff, rng)
    by_headline = {story.headline: story for story in originals}
    others = []
    for language in languages:
        own, translations = [], []
        for story in edition_stories(language):
            original = by_headline.get(story.translation_of)
            if original is None:
                own.append(story)
                continue
            later = original.age - timedelta(hours=rng.randint(2, 6))
            translations.append(replace(story, age=later, authors=original.authors))
        stories = sorted(_dated(own, edition.staff, rng) + translations, key=lambda s: s.age)
        titles = tuple(section_titles(language).items())
        others.append(OtherEdition(language, section_titles=titles, stories=tuple(stories)))
    published = sorted(edition.published + originals, key=lambda story: story.age)
    upcoming = [story for story in edition.stories if story.age is None]
    return replace(edition, stories=tuple(published + upcoming), other_editions=tuple(others))
