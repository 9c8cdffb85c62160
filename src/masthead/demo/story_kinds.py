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
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

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


CENTRE_OPENS = StoryKind(
    key="centre-opens",
    section="news",
    headlines=(
        "New community centre opens its doors in {district}",
        "{Centre} opens after {years}-year campaign by residents",
        "Doors open at {centre}, with classes booked for months",
    ),
    standfirsts=(
        "The {cost} building on {street} will host language classes, a lunch club and a "
        "youth project, and residents say it is long overdue.",
        "Residents who campaigned for a meeting place for {years_words} years crowded into the new "
        "hall on {day}.",
    ),
    opening=(
        "More than {visitors} people queued along {street} on {day} morning for the opening of "
        "{centre}, a {cost} building that residents of {district} have been asking for since "
        "the old parish hall closed {years_words} years ago.",
        "{p1}, who chairs the charitable trust that runs the building, said it had been shaped "
        "by the people who will use it. “We held open evenings for two years and asked everyone "
        "what they needed,” {p1_last} said. “The answer was always the same: somewhere warm, "
        "somewhere cheap to hire, and somewhere the children can go after school.”",
    ),
    middle=(
        "The centre has {rooms} rooms, a kitchen large enough to cook for a hundred people and "
        "a hall with a sprung floor for dance classes. Its board includes two councillors and "
        "five local residents.",
        "Most of the money came from the council's neighbourhood fund, with the rest raised "
        "through grants and a long series of bake sales, quiz nights and sponsored walks.",
        "The timetable for the first term is already nearly full. Saturday schools teaching "
        "Armenian, Ukrainian and Polish have booked classrooms, and a lunch club for older "
        "residents will meet three times a week.",
        "Not everyone is happy. Some neighbours on {street} have complained about parking, and "
        "the council has agreed to review the layout of the car park after six months.",
        "For {p2}, who has lived in {district} for more than thirty years, the opening was a "
        "personal moment. “My children had nowhere to go,” {p2_last} said. “My grandchildren "
        "will.”",
    ),
    closings=(
        "The centre is open from 8am to 10pm on weekdays and until 6pm at weekends. Rooms can "
        "be booked through the trust's office on the ground floor.",
    ),
    headings=("A full timetable", "Years in the making"),
    quote=Quote(
        "We did not want a building that sits empty after the ribbon is cut. We wanted one "
        "that is busy from the first morning.",
        "{p1}, chair of the centre's trust",
    ),
    pullquote=Quote(
        "Somewhere warm, somewhere cheap to hire, and somewhere the children can go after school.",
        "{p1}",
    ),
    captions=(
        "Residents queue for the opening of {centre} on {street}.",
        "The main hall of {centre} on its first day.",
    ),
    tags=("Eastmere Council", "Youth", "Volunteering", "Language"),
    facts=_centre_facts,
)


def _bridge_facts(rng: random.Random, scene: dict) -> dict:
    first, second = rng.sample((14, 22, 27, 31, 40, 52), 2)
    return {
        "bridge": rng.choice(("Copper Lane", "Ferry Road", "Kiln Street", "Old Quay")) + " Bridge",
        "weeks": rng.randint(6, 14),
        "age": rng.randrange(90, 161, 10),
        "routes": f"{min(first, second)} and {max(first, second)}",
        "cost": pounds(rng, 400_000, 1_900_000, 50_000),
    }


BRIDGE_CLOSURE = StoryKind(
    key="bridge-closure",
    section="news",
    headlines=(
        "{bridge} to close for {weeks} weeks of repairs",
        "Buses diverted as {bridge} shuts for urgent repairs",
    ),
    standfirsts=(
        "Engineers found corroded steel under the {age}-year-old crossing; drivers face a "
        "diversion through {district2} until the work is done.",
    ),
    opening=(
        "{bridge}, which links {district} with {district2}, will close to traffic from Monday "
        "for {weeks} weeks after an inspection found serious corrosion in the steelwork beneath "
        "the road, the council said.",
        "Shopkeepers on {street} fear the closure will keep customers away. “We saw what "
        "happened the last time,” said {p1}, who runs a grocery near the bridge. “Takings fell "
        "by a third, and some people never came back.”",
    ),
    middle=(
        "Pedestrians and cyclists will be able to use a narrow lane on the eastern side for "
        "most of the closure, but the bridge will shut completely on two weekends when new "
        "beams are lifted into place.",
        "Bus routes {routes} will be diverted through {district2}, adding about fifteen minutes "
        "to journeys at peak times. The operator said it would run extra buses in the mornings.",
        "The crossing was built more than {age} years ago and was last strengthened in the "
        "1980s. Engineers who surveyed it in the spring recommended that the council act before "
        "the winter.",
        "The council said it had chosen the quietest time of year and would put up signs making "
        "clear that shops on both sides remain open. The repairs will cost {cost}, paid from "
        "the highways budget.",
        "{p2}, the council's cabinet member for transport, said the work could not wait. “If we "
        "leave it another year we will be talking about a new bridge, not a repair,” {p2_last} "
        "said.",
    ),
    closings=(
        "Updates on the diversion will be posted at bus stops and on the council's website. "
        "Residents with questions can go to a drop-in session at {district} library next "
        "Wednesday evening.",
    ),
    headings=("Diversions and buses", "Worries on the high street"),
    quote=Quote(
        "Nobody wants to close a bridge. But the engineers were clear, and we would rather have "
        "the inconvenience now than a far bigger bill later.",
        "{p2}, cabinet member for transport",
    ),
    pullquote=Quote("Takings fell by a third, and some people never came back.", "{p1}"),
    captions=(
        "Traffic on {bridge} on the last weekday before the closure.",
        "Corroded steelwork found beneath {bridge} during the inspection.",
    ),
    tags=("Transport", "Eastmere Council", "Business"),
    wire=True,
    facts=_bridge_facts,
)


def _storm_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "homes": rng.randrange(20, 81, 5),
        "rain": rng.randrange(40, 91, 5),
        "fund": pounds(rng, 50_000, 200_000, 10_000),
    }


STORM_CLEANUP = StoryKind(
    key="storm-cleanup",
    section="news",
    headlines=(
        "Residents clear up after flash flood swamps {street}",
        "Storm floods homes and shops in {district}",
    ),
    standfirsts=(
        "Volunteers with mops and sandbags worked through the night; the council has opened a "
        "hardship fund for families whose homes were damaged.",
    ),
    opening=(
        "Residents of {district} spent {day} pumping water out of cellars and carrying ruined "
        "furniture into the street after a storm dropped {rain} millimetres of rain on the city "
        "in under three hours, flooding about {homes} homes and shops around {street}.",
        "“The water came up through the drains faster than we could move anything,” said {p1}, "
        "whose family has run a bakery on the corner of {street} for twelve years. “By midnight "
        "it was up to my knees behind the counter.”",
    ),
    middle=(
        "No one was hurt, the fire service said, although crews helped several older residents "
        "out of ground-floor flats in the early hours. A rest centre was opened at {district2} "
        "sports hall and about thirty people spent the night there.",
        "Within hours, volunteers from a mosque, two churches and the Armenian cultural "
        "association had set up a table outside the bakery with tea, dry socks and sandbags. By "
        "the afternoon more than a hundred people had signed up to help.",
        "The council said it had cleared the drains in the area in the autumn but that the storm "
        "was simply more than the system could take. It has opened a hardship fund of {fund} for "
        "households without insurance.",
        "Residents say flooding has become more frequent. {p2}, who chairs the {district} "
        "Residents' Association, said it was the third time in five years that {street} had "
        "been under water. “We keep being told it is a once-in-a-century storm,” {p2_last} said. "
        "“It seems to come round rather often.”",
        "The water company said it would survey the sewers under {street} next month and report "
        "back to residents by the end of the year.",
    ),
    closings=(
        "Households can apply to the hardship fund at {district} library or by telephone. "
        "Volunteers are still needed; those who can help should go to the table outside the "
        "bakery from 9am.",
    ),
    headings=("A street that floods", "Help for households"),
    quote=Quote(
        "People turned up with buckets before anyone had asked them to. That is what this street "
        "is like.",
        "{p1}, baker",
    ),
    pullquote=Quote("By midnight it was up to my knees behind the counter.", "{p1}"),
    captions=(
        "Sandbags outside shops on {street} the morning after the storm.",
        "Volunteers hand out tea and dry clothes on {street}.",
    ),
    tags=("Volunteering", "Housing", "Eastmere Council"),
    wire=True,
    facts=_storm_facts,
)


def _clinic_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "clinic": f"{scene['district']} Health Centre",
        "languages": rng.randint(6, 12),
        "appointments": rng.randrange(200, 601, 20),
    }


CLINIC_INTERPRETERS = StoryKind(
    key="clinic-interpreters",
    section="news",
    headlines=(
        "{clinic} offers interpreters in {languages} languages",
        "Patients at {clinic} can now see a doctor in their own language",
    ),
    standfirsts=(
        "A pilot scheme lets patients book an interpreter with their appointment, ending years "
        "of relying on children to translate.",
    ),
    opening=(
        "Patients at {clinic} can now book a trained interpreter when they make an appointment, "
        "in a pilot that covers {languages} languages including Armenian, Ukrainian, Polish, "
        "Russian and Turkish.",
        "Until now, many families relied on their children to explain diagnoses and "
        "prescriptions. “I was eleven when I first translated for my mother at the doctor's,” "
        "said {p1}, a receptionist at the centre who helped to design the scheme. “No child "
        "should have to tell a parent bad news.”",
    ),
    middle=(
        "The interpreters join appointments in person or by video. Most are freelancers who "
        "already work in the courts and at the hospital, and each has been trained in medical "
        "vocabulary.",
        "The practice expects to use the service for about {appointments} appointments a month. "
        "The cost is covered for the first year by a grant from the local health board, which "
        "will decide whether to extend it to other surgeries.",
        "{p2}, a GP at the centre for nineteen years, said the difference was already clear. "
        "“Consultations take a little longer, but we get things right the first time,” "
        "{p2_last} said. “People come back less often, because they understood us.”",
        "Patients' groups welcomed the pilot but said it should be easier to find out about. "
        "Leaflets in each language are being printed and will be handed out at community "
        "centres, churches and shops in {district}.",
        "Sign-language interpreting, which the centre already provided, is not affected by the "
        "change.",
    ),
    closings=(
        "Patients can ask for an interpreter when they book by telephone or at the front desk. "
        "The pilot will run for twelve months and will be reviewed in the spring.",
    ),
    headings=("How it works",),
    quote=Quote(
        "No one should leave a doctor's room unsure what they have just been told. That is the "
        "whole point of this.",
        "{p2}, GP at {clinic}",
    ),
    pullquote=Quote("No child should have to tell a parent bad news.", "{p1}"),
    captions=(
        "The waiting room at {clinic}.",
        "An interpreter joins a consultation by video at {clinic}.",
    ),
    tags=("Health", "Language"),
    facts=_clinic_facts,
)


# Community -------------------------------------------------------------


def _fundraiser_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "school": f"{scene['district']} Primary School",
        "raised": pounds(rng, 18_000, 64_000, 500),
        "pupils": rng.randrange(180, 421, 10),
        "swimmers": rng.randrange(60, 161, 5),
    }


SCHOOL_FUNDRAISER = StoryKind(
    key="school-fundraiser",
    section="community",
    headlines=(
        "{school} parents raise {raised} for new playground",
        "Cake sales and a sponsored swim: how {school} raised {raised}",
    ),
    standfirsts=(
        "A year of bake sales, quiz nights and a sponsored swim paid for a playground that the "
        "school's {pupils} pupils helped to design.",
    ),
    opening=(
        "Parents at {school} have raised {raised} in a year to rebuild the school's playground, "
        "passing their target with a final push at the summer fair on {day}.",
        "The old playground, a square of cracked tarmac with a single climbing frame, had been "
        "partly closed since the winter. “The children were queuing to use one corner,” said "
        "{p1}, who chairs the parents' association. “We decided we would rather fix it "
        "ourselves than wait.”",
    ),
    middle=(
        "The money came from more than forty events, from weekly cake sales to a quiz night "
        "that raised nearly three thousand pounds in one evening. A sponsored swim in which "
        "{swimmers} pupils took part brought in the largest single sum.",
        "Families from the school's many communities each took a turn at the cake stall, which "
        "became a fixture at the gate on Friday afternoons. Armenian gata, Polish sernik and "
        "Ukrainian honey cake sold out most weeks.",
        "The pupils were asked what they wanted, and their drawings were handed to the "
        "designers. The new playground will have a climbing wall, a covered area for rainy days "
        "and a quiet garden with benches.",
        "Local businesses chipped in too. A builders' merchant on {street} donated materials, "
        "and a landscaping firm owned by a former pupil has offered to do the groundwork at "
        "cost.",
        "The head teacher, {p2}, said the effort had brought parents together as much as it had "
        "raised money. “Families who had never spoken to each other at the gate are now "
        "friends,” {p2_last} said.",
    ),
    closings=(
        "Work on the playground starts in the school holidays and should be finished before the "
        "autumn term. The association plans one more event, a thank-you picnic, when it opens.",
    ),
    headings=("Forty events in a year",),
    quote=Quote(
        "We asked the children what they wanted. They drew us climbing walls, dens and a place "
        "to sit quietly, and that is what they are getting.",
        "{p2}, head teacher",
    ),
    pullquote=Quote("We decided we would rather fix it ourselves than wait.", "{p1}"),
    captions=(
        "Pupils at {school} with their designs for the new playground.",
        "The cake stall at the gate of {school}.",
    ),
    tags=("Education", "Youth", "Volunteering"),
    facts=_fundraiser_facts,
)


def _food_bank_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "food_bank": f"{scene['district']} Food Bank",
        "families": rng.randrange(120, 381, 10),
        "rise": rng.randrange(20, 61, 5),
        "volunteers": rng.randrange(30, 71, 2),
    }


FOOD_BANK = StoryKind(
    key="food-bank",
    section="community",
    headlines=(
        "{food_bank} appeals for volunteers as demand rises by {rise}%",
        "More working families turn to {food_bank}",
    ),
    standfirsts=(
        "Organisers say working families now make up most of those who come in, and they need "
        "drivers and packers on weekday mornings.",
    ),
    opening=(
        "{food_bank} is now feeding about {families} families a week, {rise}% more than a year "
        "ago, and has appealed for volunteers to keep up with demand.",
        "“We used to see people in crisis, after a job loss or a broken boiler,” said {p1}, who "
        "has run the food bank since it opened in the basement of a church on {street}. “Now we "
        "see people who work full time and still cannot make it to the end of the month.”",
    ),
    middle=(
        "The food bank has {volunteers} regular volunteers, but many are retired and some have "
        "had to step back. It needs drivers to collect donations from supermarkets, and packers "
        "on weekday mornings.",
        "Tinned fish, long-life milk, rice and toiletries are most needed. Fresh food is "
        "collected from two bakeries and a greengrocer each evening.",
        "Many of those who come in are newcomers to the city. The food bank has printed its "
        "forms in six languages, and volunteers who speak Ukrainian, Armenian and Polish take "
        "turns at the front desk.",
        "{p2}, who started volunteering after using the food bank last winter, wanted to give "
        "something back. “Nobody made me feel ashamed when I came in,” {p2_last} said. “Now I "
        "try to make sure nobody else feels that way.”",
        "The council gives the food bank a small annual grant towards its rent. Everything else "
        "comes from donations.",
    ),
    closings=(
        "Anyone who can volunteer for a few hours a week can call in at {street} on a weekday "
        "morning. Donations can be left in the collection boxes at supermarkets in {district} "
        "and {district2}.",
    ),
    headings=("What is needed",),
    quote=Quote(
        "Nobody should need us. But while they do, we will open the doors every morning.",
        "{p1}, food bank coordinator",
    ),
    pullquote=Quote(
        "Now we see people who work full time and still cannot make it to the end of the month.",
        "{p1}",
    ),
    captions=(
        "Volunteers sort donations at {food_bank}.",
        "Shelves of tinned food at {food_bank} on a weekday morning.",
    ),
    tags=("Volunteering", "Cost of living", "Health"),
    facts=_food_bank_facts,
)


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


SATURDAY_SCHOOL = StoryKind(
    key="saturday-school",
    section="community",
    headlines=(
        "{School} marks {years} years with record enrolment",
        "{pupils} children, one language: {school} turns {years}",
    ),
    standfirsts=(
        "What began with a handful of children around a kitchen table now fills a whole school "
        "building every Saturday morning.",
    ),
    opening=(
        "{School}, which teaches {language} to the children of {city}'s {language}-speaking "
        "families, has celebrated its {years_ordinal} anniversary with more pupils than ever: "
        "{pupils} are enrolled this year, up from eight in its first term.",
        "“The first lessons were in my kitchen, with a blackboard balanced on the fridge,” said "
        "{p1}, one of the founding teachers. “Now we borrow a whole school and it is not quite "
        "big enough.”",
    ),
    middle=(
        "Classes run from 9.30am to 1pm in rooms lent by {district2} Secondary School. Children "
        "learn to read and write, sing, and study the history and geography of the places their "
        "families come from.",
        "The school is run by volunteers and charges a small fee, with free places for families "
        "who cannot pay. {teachers} teachers, most of them parents, share the lessons.",
        "Parents say the school gives children more than a language. “My son speaks to his "
        "grandmother on the phone every week now,” said {p2}. “Two years ago he could only say "
        "hello.”",
        "The anniversary was marked with a concert in which every class performed, followed by "
        "a lunch cooked by the parents. Former pupils, some now with children of their own, came "
        "back for the day.",
        "The school hopes to add an evening class next year for parents who grew up without "
        "learning the language.",
    ),
    closings=(
        "Enrolment for the next term opens in September. Families can visit on any Saturday "
        "morning to see the classes.",
    ),
    headings=("Growing every year",),
    quote=Quote(
        "A language is not kept in books. It is kept in kitchens, playgrounds and phone calls "
        "to grandparents.",
        "{p1}, founding teacher",
    ),
    pullquote=Quote("Now we borrow a whole school and it is not quite big enough.", "{p1}"),
    captions=(
        "Pupils at {school} rehearse for the anniversary concert.",
        "A reading lesson at {school}.",
    ),
    tags=("Language", "Education", "Heritage"),
    facts=_saturday_school_facts,
)


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


YOUTH_FOOTBALL = StoryKind(
    key="youth-football",
    section="community",
    headlines=(
        "{club} under-{age}s reach county cup final",
        "Unbeaten {club} under-{age}s are one game from the county cup",
    ),
    standfirsts=(
        "A team formed four years ago on a borrowed pitch, with players from eleven countries, "
        "will play {opponent} in the final.",
    ),
    opening=(
        "{clubs} under-{age} side will play in the county cup final for the first time after "
        "beating {semi_final} 3–1 in the semi-final on {day}.",
        "The club was set up four years ago by a group of parents on a borrowed pitch in "
        "{district}. “We had twelve children, one bag of balls and no kit,” said {p1}, the "
        "team's coach. “Now we have a waiting list.”",
    ),
    middle=(
        "The squad's players have roots in eleven countries, and the coaches joke that team "
        "talks happen in at least four languages. Most of the players live within a mile of the "
        "ground.",
        "The team has now won {wins} games in a row. Its captain, {p3}, scored twice in the "
        "semi-final, including a free kick from just outside the box that drew the loudest cheer "
        "of the afternoon.",
        "Parents take turns washing the kit and driving players to away games. A crowdfunding "
        "appeal raised enough last year to buy floodlights for winter training.",
        "The final will be played at a neutral ground against {opponent}, who won the cup two "
        "years ago. “They are strong, but so are we,” said {p1_last}. “The players are not "
        "nervous. The parents are.”",
    ),
    closings=(
        "The final kicks off at 2pm next Sunday. The club is organising a coach for supporters; "
        "seats can be booked at the clubhouse.",
    ),
    headings=("A team from everywhere",),
    quote=Quote(
        "Football was the first thing many of these children could do here without needing the "
        "language. Now they are teaching each other the words.",
        "{p1}, coach",
    ),
    pullquote=Quote("We had twelve children, one bag of balls and no kit.", "{p1}"),
    captions=(
        "{clubs} under-{age}s celebrate after the semi-final.",
        "Training under the new floodlights in {district}.",
    ),
    tags=("Youth", "Volunteering"),
    facts=_football_facts,
)


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


COUNCIL_VOTE = StoryKind(
    key="council-vote",
    section="politics",
    headlines=(
        "Council approves {homes} homes at {site_short} by {votes_for} votes to {votes_against}",
        "{district} housing plan passes after heated council debate",
    ),
    standfirsts=(
        "Supporters said the city badly needs the homes; opponents warned that schools and GP "
        "surgeries in {district} are already full.",
    ),
    opening=(
        "{city} City Council has approved plans for {homes} homes on the site of {site}, after a "
        "debate that ran past midnight and ended in a vote of {votes_for} to {votes_against}, "
        "with {abstain} abstentions.",
        "The scheme includes {affordable}% affordable housing, a health clinic and a small park. "
        "“Families are waiting years for a decent home,” said {p1}, the council's cabinet member "
        "for housing. “We cannot ask them to wait any longer.”",
    ),
    middle=(
        "Opponents, including several councillors from the ward, argued that the plan would put "
        "pressure on schools and surgeries that are already full. A petition against the scheme "
        "in its current form gathered more than two thousand signatures.",
        "{p2}, who represents {district} on the council, voted against. “Nobody here is against "
        "new homes,” {p2_last} told the chamber. “We are against building them before the school "
        "places and the buses are in place.”",
        "The developer has agreed to pay for extra classrooms at two nearby primary schools and "
        "to fund a new bus route for five years, under an agreement with the council.",
        "The public gallery was full for most of the evening, with residents holding placards "
        "for and against. The mayor twice asked the gallery to be quiet.",
        "Construction is expected to begin next year and to take about four years, in three "
        "phases.",
    ),
    closings=(
        "The decision can still be called in by the government, although councillors said they "
        "thought that unlikely. The full plans can be seen at the council offices.",
    ),
    headings=("A divided chamber", "What the developer has promised"),
    quote=Quote(
        "This is the most important decision this council will take this year, and we have "
        "taken it with our eyes open.",
        "{p1}, cabinet member for housing",
    ),
    pullquote=Quote("Families are waiting years for a decent home.", "{p1}"),
    captions=(
        "The site of {site}, where the homes will be built.",
        "The council chamber during the debate on {site_short}.",
    ),
    tags=("Housing", "Eastmere Council"),
    facts=_council_vote_facts,
)


def _by_election_facts(rng: random.Random, scene: dict) -> dict:
    candidates = rng.randint(4, 6)
    return {
        "candidates": number_word(candidates),
        "Candidates": number_word(candidates).capitalize(),
        "turnout": rng.randint(24, 34),
    }


BY_ELECTION = StoryKind(
    key="by-election",
    section="politics",
    headlines=(
        "{Candidates} candidates stand in {district} by-election",
        "{district} by-election: who is standing and what they promise",
    ),
    standfirsts=(
        "The vote in three weeks will fill the seat left empty by {p3}, who stepped down after "
        "twenty years on the council.",
    ),
    opening=(
        "{Candidates} candidates have been confirmed for the by-election in {district} ward, "
        "which will be held in three weeks' time after the retirement of {p3}, who represented "
        "the area for twenty years.",
        "Turnout at the last local election in the ward was just {turnout}%, and candidates say "
        "their first task is persuading people that the vote matters. “Half of my neighbours did "
        "not know there was a council election at all,” said {p1}, one of the candidates.",
    ),
    middle=(
        "## The candidates",
        "{p1}, a pharmacist who has lived in {district} for fifteen years, is standing for the "
        "first time and has promised to campaign for longer opening hours at the library and "
        "safer crossings near schools.",
        "{p2}, a former teacher, was the candidate most often mentioned by residents the "
        "Meridian spoke to, after a long campaign to save the ward's swimming pool from closure.",
        "The other candidates include a student, a retired bus driver and the owner of a "
        "restaurant on {street}. All say housing is the issue raised most often on the doorstep.",
        "The ward is one of the most diverse in the city: more than forty languages are spoken "
        "in its schools. Several candidates have printed leaflets in Armenian, Ukrainian and "
        "Polish as well as English.",
        "## Who can vote",
        "Residents who are citizens of other countries may still be able to vote in local "
        "elections, depending on their nationality and immigration status. The council's "
        "elections office can advise.",
    ),
    closings=(
        "The deadline to register to vote is twelve working days before polling day. Hustings "
        "will be held at the {district} community centre next Tuesday at 7pm.",
    ),
    quote=Quote(
        "A by-election is decided by whoever turns up. I would like it to be decided by everyone.",
        "{p2}, candidate",
    ),
    pullquote=Quote(
        "Half of my neighbours did not know there was a council election at all.", "{p1}"
    ),
    captions=(
        "Campaign leaflets in four languages at a stall in {district}.",
        "A polling station sign outside {district} library.",
    ),
    tags=("Elections", "Eastmere Council"),
    facts=_by_election_facts,
)


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


ELECTION_RESULT = StoryKind(
    key="election-result",
    section="politics",
    headlines=(
        "{p1} wins {district} by-election with a majority of {majority}",
        "{p1_last} takes {district} seat as turnout rises",
    ),
    standfirsts=(
        "The former teacher won {share}% of the vote on a turnout of {turnout}%, the highest in "
        "the ward for more than a decade.",
    ),
    opening=(
        "{p1} has won the by-election in {district} ward with {votes_winner} votes, a majority "
        "of {majority} over {p2}, on a turnout of {turnout}%, the highest in the ward for more "
        "than a decade.",
        "“This was won on the doorsteps of {district}, one conversation at a time,” {p1_last} "
        "said after the count at the city hall in the early hours. “I will not forget who sent "
        "me to the council, or why.”",
    ),
    middle=(
        "{p2}, who came second with {votes_second} votes, congratulated the winner and said the "
        "campaign had shown how much residents cared about their neighbourhood.",
        "Campaigners for the ward's swimming pool, which the council had proposed to close, were "
        "among the first to celebrate. Keeping the pool open was the centrepiece of "
        "{p1_last}'s campaign.",
        "Volunteers had knocked on almost every door in the ward, handing out leaflets in four "
        "languages and offering lifts to polling stations for older voters.",
        "The result does not change control of the council, but it narrows the ruling group's "
        "majority to three seats ahead of next year's budget.",
        "{p1_last} will be sworn in at the next full council meeting and will sit on the housing "
        "and education committees.",
    ),
    closings=(
        "Full results, including the votes for every candidate, are published on the council's "
        "website.",
    ),
    headings=("A higher turnout",),
    quote=Quote(
        "People here were told their vote did not matter. Tonight they proved otherwise.",
        "{p1}, new councillor for {district}",
    ),
    pullquote=Quote(
        "This was won on the doorsteps of {district}, one conversation at a time.", "{p1}"
    ),
    captions=(
        "Counting the votes at the city hall in the early hours.",
        "{p1} after the declaration.",
    ),
    tags=("Elections", "Eastmere Council"),
    facts=_result_facts,
)


def _interview_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "waiting": f"{rng.randrange(3200, 7801, 100):,}",
        "years": number_word(rng.randint(4, 9)),
    }


COUNCILLOR_INTERVIEW = StoryKind(
    key="councillor-interview",
    section="politics",
    headlines=(
        "“We cannot build our way out of this alone”: councillor {p1} on housing",
        "Interview: {p1} on rents, buses and the future of {district}",
    ),
    standfirsts=(
        "The new chair of the council's housing committee talks about waiting lists, damp flats "
        "and why the city needs more council homes.",
    ),
    opening=(
        "{p1} has represented {district} on {city} City Council for {years} years and last month "
        "became chair of its housing committee. The Meridian spoke to {p1_last} at a café on "
        "{street}; the conversation has been edited for length.",
        "## What is the biggest problem you face?",
        "“The waiting list. There are {waiting} households on it, and some have been on it for "
        "more than eight years. Behind every one of those numbers is a family sharing a bedroom "
        "or a young couple living with their parents.”",
    ),
    middle=(
        "## Is building more homes the answer?",
        "“It is part of the answer. But we cannot build our way out of this alone. We also need "
        "to bring empty homes back into use and make private renting fairer, with proper "
        "standards and proper inspections.”",
        "## Many of our readers rent privately. What would you say to them?",
        "“Know your rights, and use them. If your landlord will not fix damp or heating, the "
        "council can inspect, and it will. Our housing team now has advisers who speak Armenian, "
        "Ukrainian and Polish.”",
        "## What about buses? Readers in {district} complain about them constantly.",
        "“So do I. The evening service is not good enough, and I have told the operator so. We "
        "are asking for buses every fifteen minutes until 11pm on the main routes.”",
        "## Why did you go into politics?",
        "“My parents came to this city with two suitcases. A council flat in {district} gave "
        "them a start. I want the next family to get the same chance.”",
    ),
    closings=(
        "{p1_last} holds a surgery for residents on the first Saturday of every month at "
        "{district} library.",
    ),
    pullquote=Quote("Behind every one of those numbers is a family sharing a bedroom.", "{p1}"),
    captions=(
        "{p1}, chair of the council's housing committee.",
        "New council homes under construction in {district2}.",
    ),
    tags=("Housing", "Eastmere Council", "Transport"),
    facts=_interview_facts,
)


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


FESTIVAL = StoryKind(
    key="festival",
    section="culture",
    headlines=(
        "{festival} returns to {district} with {performers} performers",
        "Thousands expected as the {festival} comes back to {district}",
    ),
    standfirsts=(
        "Music, dance and food from more than twenty communities will fill the streets around "
        "{street} over the weekend.",
    ),
    opening=(
        "The {festival} returns to {district} this weekend, with {performers} performers on "
        "{stages} stages and organisers expecting as many as {visitors} visitors over {days} "
        "days.",
        "“It started as a picnic for a few families and it has become the weekend the whole "
        "city waits for,” said {p1}, the festival's director. “Every year someone tells me it is "
        "the first time they have heard their grandmother's songs on a stage.”",
    ),
    middle=(
        "The main stage on {street} will host choirs, brass bands and folk ensembles, including "
        "a dance company from {hometown} making its first visit to the city.",
        "A food market will run along the canal, with stalls run by community groups rather "
        "than caterers. Last year the Armenian church's stall sold more than three thousand "
        "pieces of lahmajun.",
        "This year's programme puts more weight on young performers. A stage in the park will "
        "be given over entirely to school bands and youth dance groups.",
        "The festival costs about {budget} to put on. Most of it comes from sponsors and the "
        "council, and entry remains free.",
        "Roads around {street} will be closed from 8am on Saturday until 11pm on Sunday. "
        "Organisers advise visitors to walk, cycle or take the bus.",
    ),
    closings=(
        "The full programme is available at the festival information tent and in libraries "
        "across the city. Volunteers are still needed for the weekend.",
    ),
    headings=("What to see",),
    quote=Quote(
        "We do not ask anyone to be a guest at this festival. Everyone who comes is a host.",
        "{p1}, festival director",
    ),
    pullquote=Quote(
        "It started as a picnic for a few families and it has become the weekend the whole city "
        "waits for.",
        "{p1}",
    ),
    captions=(
        "Dancers rehearse on the main stage ahead of the {festival}.",
        "Food stalls along the canal at last year's festival.",
    ),
    tags=("Festivals", "Music", "Arts"),
    facts=_festival_facts,
)


def _exhibition_facts(rng: random.Random, scene: dict) -> dict:
    gallery = rng.choice(("Kilnworth Gallery", "Old Customs House", "Quayside Arts Centre"))
    return {
        "gallery": f"the {gallery}",
        "gallery_short": gallery,
        "craft": rng.choice(("weaving", "ceramics", "embroidery", "woodcarving")),
        "works": rng.randrange(30, 81, 2),
        "weeks": number_word(rng.randint(6, 10)),
    }


EXHIBITION = StoryKind(
    key="exhibition",
    section="culture",
    headlines=(
        "{works} works by {p1} go on show at the {gallery_short}",
        "Exhibition traces forty years of {craft} from {hometown} to {city}",
    ),
    standfirsts=(
        "The show brings together pieces made over four decades, many lent by families who "
        "have kept them since they arrived in the city.",
    ),
    opening=(
        "An exhibition of {craft} by {p1}, who came to {city} from {hometown} more than thirty "
        "years ago, has opened at {gallery}, bringing together {works} pieces made over four "
        "decades.",
        "Many of the works have never been shown in public. “Most of them have been hanging in "
        "people's front rooms,” said {p2}, the curator. “We went from house to house, drinking a "
        "great deal of coffee, and asked families to lend them to us.”",
    ),
    middle=(
        "The pieces are arranged by decade, starting with small works made in {hometown} and "
        "carried in suitcases, and ending with large commissions for churches and community "
        "halls in {city}.",
        "{p1_last}, who turned seventy this year, still works every day in a studio above a "
        "shop on {street}. “My hands know the patterns better than my head does,” {p1_last} "
        "said at the opening.",
        "A series of workshops runs alongside the exhibition, in which visitors can try the "
        "techniques for themselves. Places for the first two sessions were taken within a day.",
        "Labels are in English and in the languages of the communities the works were made for, "
        "and free guided tours are offered on Saturday afternoons.",
    ),
    closings=(
        "The exhibition runs for {weeks} weeks. Entry is free; the gallery is closed on Mondays.",
    ),
    headings=("Forty years of work",),
    quote=Quote(
        "Every piece here has travelled. Some of them have moved house more times than I have.",
        "{p2}, curator",
    ),
    pullquote=Quote(
        "We went from house to house, drinking a great deal of coffee, and asked families to "
        "lend them to us.",
        "{p2}",
    ),
    captions=(
        "Visitors at the opening of the exhibition at {gallery}.",
        "A detail from one of the works by {p1}.",
    ),
    tags=("Arts", "Heritage", "{hometown}"),
    facts=_exhibition_facts,
)


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


CHOIR_CONCERT = StoryKind(
    key="choir-concert",
    section="culture",
    headlines=(
        "{Choir} celebrates {years} years with a sold-out concert",
        "{singers} voices, {years} years: {choir} looks back",
    ),
    standfirsts=(
        "Founded by a handful of newcomers who missed singing together, the choir now has "
        "members from a dozen countries.",
    ),
    opening=(
        "{Choir} marked its {years_ordinal} anniversary on {day} with a concert that sold out "
        "within a week, filling the {venue} with an audience of about {audience}.",
        "The programme moved from folk songs of {hometown} to sacred music and a finale in which "
        "the audience was invited to join in. “Some people cried, some people danced, and one "
        "man did both,” said {p1}, the choir's conductor.",
    ),
    middle=(
        "The choir was founded by six friends who met at a language class and missed singing "
        "together. It now has {singers} members, who rehearse every Tuesday evening in a church "
        "hall on {street}.",
        "Members do not need to read music or audition. Many learn their parts from recordings "
        "made by the conductor, which are shared in the members' group chat.",
        "{p2}, who joined in the choir's second year, said it had been a lifeline. “I did not "
        "know anybody in this city,” {p2_last} said. “On Tuesdays I had forty friends.”",
        "The concert raised money for a music school in {hometown}, which will use it to buy "
        "instruments.",
    ),
    closings=(
        "The choir welcomes new members, especially tenors and basses. Rehearsals are open to "
        "visitors on the first Tuesday of each month.",
    ),
    headings=("Open to everyone",),
    quote=Quote(
        "A choir is the easiest way I know to belong somewhere. You only have to open your mouth.",
        "{p1}, conductor",
    ),
    pullquote=Quote("Some people cried, some people danced, and one man did both.", "{p1}"),
    captions=(
        "{Choir} during the anniversary concert at the {venue}.",
        "The choir's weekly rehearsal on {street}.",
    ),
    tags=("Music", "Heritage", "Arts"),
    facts=_choir_facts,
)


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


BOOK_LAUNCH = StoryKind(
    key="book-launch",
    section="culture",
    headlines=(
        "Debut novel by {p1} follows a family from {hometown} to {district}",
        "“{book}”: a {city} writer's first novel sells out in a month",
    ),
    standfirsts=(
        "Written over seven years in the early mornings before work, the book is already in its "
        "second printing.",
    ),
    opening=(
        "{p1}'s first novel, “{book}”, follows three generations of a family from {hometown} to "
        "a terraced street in {district}, and sold out its first printing within a month of "
        "publication by a small press in the city.",
        "“I wrote it between five and seven in the morning, before my shift at the hospital,” "
        "{p1_last} said at a packed launch at a bookshop on {street}. “For seven years, my "
        "family thought I was just an early riser.”",
    ),
    middle=(
        "The novel opens with a wedding in {hometown} and ends, fifty years later, at a funeral "
        "in {city}. In between come a long journey, a shop that nearly fails and a daughter who "
        "refuses to speak her parents' language until she is thirty.",
        "Readers in the city have recognised streets, shops and even a few neighbours. "
        "{p1_last} insists that every character is invented, although one aunt is said to be "
        "unconvinced.",
        "The book has been chosen by the city's libraries for their autumn reading programme, "
        "and a translation is planned for next year.",
        "{p2}, who runs the bookshop, said it was the busiest launch in the shop's history. “We "
        "ran out of chairs, and then we ran out of books,” {p2_last} said.",
    ),
    closings=(
        "“{book}” is available from bookshops in the city and can be borrowed from all {city} "
        "libraries. {p1_last} will read from it at {district} library next month.",
    ),
    headings=("Three generations",),
    quote=Quote(
        "I wanted to write the book I could not find when I was young: one about people like "
        "us, in a city like this.",
        "{p1}, novelist",
    ),
    pullquote=Quote("For seven years, my family thought I was just an early riser.", "{p1}"),
    captions=(
        "{p1} signs copies at the launch on {street}.",
        "The queue at the bookshop on {street} on launch night.",
    ),
    tags=("Arts", "Heritage", "{hometown}"),
    facts=_book_facts,
)


# Opinion ---------------------------------------------------------------

LANGUAGE_COLUMN = StoryKind(
    key="language-column",
    section="opinion",
    headlines=(
        "Our children's second language is worth a Saturday morning",
        "Why I still drive my children to Saturday school",
    ),
    standfirsts=("It is tempting to let the old language go. Here is why we should not.",),
    opening=(
        "Every Saturday at nine, I drive two reluctant children across the city to learn a "
        "language they can already half speak. They complain in the car. They complain on the "
        "way home. And every week, somewhere in between, something happens that makes it worth "
        "it.",
        "Last month my daughter corrected her grandfather's spelling in a birthday card. He has "
        "not stopped talking about it.",
    ),
    middle=(
        "The arguments for letting a language go are easy to make. Children are busy. English is "
        "the language of school, of friends and of work. Weekends are short.",
        "But a language is not just a set of words. It is the way a family tells its jokes, the "
        "songs it sings at weddings, the names it gives its food. Lose it, and a child can grow "
        "up unable to talk properly to the people who love them most.",
        "There is good evidence that children who grow up with two languages find it easier to "
        "learn a third, and that they do no worse at school for it. The teachers at our Saturday "
        "school, all of them volunteers, see it every year.",
        "Not every family can make the time, and nobody should be made to feel guilty for that. "
        "But {city}'s Saturday schools are cheap, friendly and growing. They deserve more "
        "support from the council than a borrowed classroom.",
    ),
    closings=(
        "So, yes, I will be in the car again this Saturday at nine. The children will complain. "
        "I will pretend not to hear.",
    ),
    headings=("More than words",),
    pullquote=Quote(
        "Every week, somewhere in between, something happens that makes it worth it.", ""
    ),
    captions=("A Saturday school classroom in {district}.", "Homework, in two alphabets."),
    tags=("Language", "Education", "Heritage"),
    dateline="",
)

VOTING_COLUMN = StoryKind(
    key="voting-column",
    section="opinion",
    headlines=(
        "Register to vote: {district} will be decided by a few hundred people",
        "A vote you do not use is a voice you give away",
    ),
    standfirsts=(
        "Too many of us assume local elections are not for us. They are, and the next one will "
        "be close.",
    ),
    opening=(
        "At the last local election in {district}, the winning candidate's majority was smaller "
        "than the number of people who live on my street. Fewer than one in three voters took "
        "part.",
        "I understand why. Many of us came here from places where voting changed nothing, or "
        "where it was dangerous. Many assume, often wrongly, that they are not allowed to vote "
        "at all.",
    ),
    middle=(
        "But the council decides things that shape our lives far more than most of what happens "
        "in parliament: whether the library stays open, how often the bins are collected, where "
        "the new homes go and which schools get new classrooms.",
        "Depending on their nationality and status, many residents who are not British citizens "
        "can vote in local elections. The rules are confusing, which is exactly why the "
        "council's elections office should be doing far more to explain them, in more "
        "languages.",
        "Registering takes about five minutes online. You need your national insurance number, "
        "if you have one, and your address. That is all.",
        "Community groups can help too. Our churches, Saturday schools and cultural associations "
        "are trusted in a way that no council leaflet will ever be. They should be talking about "
        "registration every week between now and polling day.",
    ),
    closings=(
        "The deadline is close. If you have not registered, do it today. Then ask your neighbour "
        "whether they have.",
    ),
    headings=("What is at stake",),
    pullquote=Quote("Fewer than one in three voters took part.", ""),
    captions=("A polling station in {district}.", "Registration forms in four languages."),
    tags=("Elections", "Eastmere Council"),
    dateline="",
)

HIGH_STREET_COLUMN = StoryKind(
    key="high-street-column",
    section="opinion",
    headlines=(
        "{street} needs more than a fresh coat of paint",
        "Small shops built {district}. The council should say so",
    ),
    standfirsts=(
        "The council's new plan for {street} is full of planters and benches. It says little "
        "about the people who keep the shops open.",
    ),
    opening=(
        "The council has unveiled its plan to revive {street}, and it is, in its way, very "
        "pretty. There will be new paving, new benches, trees in large planters and a great "
        "deal of talk about the ‘evening economy’.",
        "What there is not is much about the people who have kept the street alive through two "
        "recessions and a pandemic: the families who run its bakeries, grocers, barbers and "
        "phone shops, many of whom arrived in the city with very little.",
    ),
    middle=(
        "Ask them what they need and the answers are practical. Lower business rates for the "
        "smallest shops. A loading bay that is not permanently blocked. Rents that do not double "
        "when a lease comes up for renewal.",
        "Several shopkeepers told me they had never been asked for their views. The consultation "
        "ran for six weeks, online only and in English only.",
        "None of this is an argument against trees and benches. A nicer street is good for "
        "everyone. But paint fades quickly on a street where the shutters stay down.",
        "The council still has time to change the plan. It should start by holding a meeting on "
        "the street itself, after the shops close, with interpreters, and listening.",
    ),
    closings=(
        "If {street} is worth saving, and it is, it is worth asking the people who saved it last "
        "time.",
    ),
    headings=("What shopkeepers need",),
    pullquote=Quote(
        "What there is not is much about the people who have kept the street alive.", ""
    ),
    captions=(
        "Shopfronts on {street} in {district}.",
        "The council's drawing of the new {street}.",
    ),
    tags=("Business", "Eastmere Council", "Cost of living"),
    dateline="",
)


# Diaspora --------------------------------------------------------------


def _twinning_facts(rng: random.Random, scene: dict) -> dict:
    return {"delegates": rng.randint(8, 20), "years": rng.choice((15, 20, 25, 30))}


TWINNING_VISIT = StoryKind(
    key="twinning-visit",
    section="diaspora",
    headlines=(
        "Delegation from {hometown} visits {city} to renew twinning pact",
        "{hometown} and {city} renew their ties after {years} years of twinning",
    ),
    standfirsts=(
        "The visitors' programme includes a school exchange, a new scholarship and, by popular "
        "demand, a football match between council officials.",
    ),
    opening=(
        "A delegation of {delegates} officials, teachers and business people from {hometown} "
        "arrived in {city} on {day} for a week-long visit to renew the twinning agreement the "
        "two towns signed {years} years ago.",
        "“Twinning is not about the signatures on a document,” said {p1}, the mayor of "
        "{hometown}, who is leading the delegation. “It is about the people who have made their "
        "lives between our two cities.”",
    ),
    middle=(
        "Thousands of {city} residents have family roots in {hometown}, and many of them turned "
        "out to welcome the visitors at a reception at the city hall, where the two mayors "
        "exchanged gifts.",
        "The new agreement includes a school exchange for teenagers, a scholarship for students "
        "from {hometown} to study at the city's college, and a partnership between the two "
        "towns' hospitals.",
        "Business people in the delegation will meet local firms to discuss trade in food, "
        "textiles and software. Several {city} companies founded by people from {hometown} "
        "already sell their goods there.",
        "The programme also includes, by popular demand, a football match between council "
        "officials from both cities. The last one, six years ago, ended in a draw and a long "
        "argument about a penalty.",
    ),
    closings=(
        "Members of the delegation will be at the Saturday market on {street} from 10am. The "
        "renewed agreement will be signed at the city hall on Friday.",
    ),
    headings=("A closer partnership",),
    quote=Quote(
        "My grandmother came from {hometown}. Seeing its flag outside our city hall this "
        "morning, I am not ashamed to say I cried.",
        "{p2}, {city} resident",
    ),
    pullquote=Quote("Twinning is not about the signatures on a document.", "{p1}"),
    captions=(
        "The mayors of {city} and {hometown} at the city hall reception.",
        "The flag of {hometown} outside {city} city hall.",
    ),
    tags=("{hometown}", "Heritage", "Business"),
    wire=True,
    facts=_twinning_facts,
)


def _roof_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "raised": pounds(rng, 22_000, 58_000, 500),
        "donors": rng.randrange(300, 901, 10),
        "school_no": rng.randint(2, 14),
    }


SCHOOL_ROOF_APPEAL = StoryKind(
    key="school-roof-appeal",
    section="diaspora",
    headlines=(
        "Diaspora donors fund new roof for School No. {school_no} in {hometown}",
        "{city} families raise {raised} for {hometown} school",
    ),
    standfirsts=(
        "The appeal, started by former pupils who now live in {city}, passed its target in eight "
        "weeks.",
    ),
    opening=(
        "Builders in {hometown} have begun replacing the leaking roof of the town's School No. "
        "{school_no} after former pupils living in {city} raised {raised} from more than "
        "{donors} donors in eight weeks.",
        "“When it rained, the children on the top floor had lessons with buckets between the "
        "desks,” said {p1}, the school's head teacher. “This winter, for the first time in "
        "years, they will not.”",
    ),
    middle=(
        "The appeal was started by {p2}, who left {hometown} as a teenager and now runs a "
        "restaurant in {district}. A photograph of a classroom ceiling, stained and sagging, was "
        "shared thousands of times among families with roots in the town.",
        "Donations came from {city} and from as far away as Canada and Argentina. The largest "
        "single gift came from a group of former classmates who had not been in touch for thirty "
        "years.",
        "The work is being done by a local firm and should be finished before the first frosts. "
        "Whatever money is left will go towards new windows for the school's gym.",
        "Local officials welcomed the gift but said the school, like many in the region, needed "
        "more investment than donations alone could provide.",
    ),
    closings=(
        "The organisers will show photographs of the finished roof at a thank-you evening in "
        "{district} later this year.",
    ),
    headings=("From {district} to {hometown}",),
    quote=Quote(
        "We all sat in those classrooms. It did not feel like charity; it felt like mending our "
        "own house.",
        "{p2}, appeal organiser",
    ),
    pullquote=Quote("This winter, for the first time in years, they will not.", "{p1}"),
    captions=(
        "Builders at work on the roof of School No. {school_no} in {hometown}.",
        "A classroom on the top floor of School No. {school_no}.",
    ),
    tags=("{hometown}", "Education", "Volunteering"),
    dateline="{hometown}",
    wire=True,
    facts=_roof_facts,
)


def _heritage_trip_facts(rng: random.Random, scene: dict) -> dict:
    return {"participants": rng.randint(14, 30), "days": rng.randint(10, 14)}


HERITAGE_TRIP = StoryKind(
    key="heritage-trip",
    section="diaspora",
    headlines=(
        "Young people from {city} retrace their grandparents' journey to {hometown}",
        "{participants} teenagers, {days} days: a first visit to {hometown}",
    ),
    standfirsts=(
        "For most of the group it was the first time they had seen the town their families talk "
        "about at every dinner.",
    ),
    opening=(
        "A group of {participants} young people from {city}, aged between sixteen and "
        "twenty-one, spent {days} days in {hometown} this month on a trip organised by the "
        "city's cultural associations to help them discover the places their families come "
        "from.",
        "“My grandfather described the street so often that I knew which way to turn before we "
        "got there,” said {p1}, nineteen, who found the house the family left more than fifty "
        "years ago. “The door was the same colour he remembered.”",
    ),
    middle=(
        "The group stayed with local families, visited the town's museum and school, and spent "
        "two days helping to restore a stone chapel in the hills outside the town.",
        "For many, the hardest part was the language. Most had learned at Saturday school but "
        "had rarely used it outside a classroom. By the end of the trip, their guides said, they "
        "were haggling with market traders over the price of apricots.",
        "{p2}, who led the trip, said it had been three years in the planning. “Families saved "
        "for it, churches and businesses chipped in, and nobody who wanted to go was left behind "
        "because of money,” {p2_last} said.",
        "The organisers hope to make the trip an annual event and to invite young people from "
        "{hometown} to {city} next summer in return.",
    ),
    closings=(
        "The group will show photographs and films from the trip at an evening at the "
        "{district} Community Centre next month.",
    ),
    headings=("Learning by doing",),
    quote=Quote(
        "I grew up with the name of this town. Now I have its streets, its smells and its people "
        "too.",
        "{p3}, one of the group",
    ),
    pullquote=Quote("The door was the same colour he remembered.", "{p1}"),
    captions=(
        "The group from {city} at the restored chapel outside {hometown}.",
        "The market square in {hometown}.",
    ),
    tags=("Youth", "Heritage", "{hometown}"),
    dateline="{hometown}",
    facts=_heritage_trip_facts,
)


def _bakery_facts(rng: random.Random, scene: dict) -> dict:
    return {
        "bakery": rng.choice(("Golden Crust", "The Apricot Oven", "Lavash & Co")),
        "years_here": rng.randint(12, 25),
        "employees": number_word(rng.randint(6, 12)),
    }


BAKERS_GO_HOME = StoryKind(
    key="bakers-go-home",
    section="diaspora",
    headlines=(
        "From {district} to {hometown}: the bakers who went home",
        "{bakery} of {street} opens a second shop in {hometown}",
    ),
    standfirsts=(
        "After {years_here} years on {street}, the family behind {bakery} is now baking in two "
        "countries.",
    ),
    opening=(
        "The family behind {bakery}, a fixture on {street} in {district} for {years_here} years, "
        "has opened a second shop in {hometown}, the town they left when their children were "
        "small.",
        "“We always said we would go back one day,” said {p1}, who now divides the year between "
        "the two shops. “We just did not expect to take the recipes from {city} with us.”",
    ),
    middle=(
        "The new shop sells the same bread as the original, alongside pastries that customers "
        "in {hometown} had never tried. A cinnamon bun first made for customers on {street} has "
        "been the surprise success.",
        "The family employs {employees} people in {hometown}, most of them young. “People here "
        "told us there was no future in the town,” {p1_last} said. “We wanted to prove that "
        "there is.”",
        "The shop in {district} is now run by the eldest daughter, {p2}, who grew up in the flat "
        "above it. Regulars say nothing has changed, which they mean as a compliment.",
        "The family's story is increasingly common. Officials in {hometown} say dozens of "
        "families who left in the last thirty years have come back to open businesses, bringing "
        "savings and skills with them.",
    ),
    closings=(
        "{bakery} on {street} is open every day except Monday from 7am. The {hometown} shop, the "
        "family says, never closes before the bread runs out.",
    ),
    headings=("Two shops, one recipe",),
    quote=Quote(
        "Bread is the same everywhere: flour, water, salt and patience. What changes is who is "
        "queuing for it.",
        "{p1}, baker",
    ),
    pullquote=Quote("We just did not expect to take the recipes from {city} with us.", "{p1}"),
    captions=(
        "Loaves cooling at the new {bakery} shop in {hometown}.",
        "The original {bakery} on {street}.",
    ),
    tags=("Business", "{hometown}", "Heritage"),
    dateline="{hometown}",
    facts=_bakery_facts,
)


KINDS = (
    CENTRE_OPENS,
    BRIDGE_CLOSURE,
    STORM_CLEANUP,
    CLINIC_INTERPRETERS,
    SCHOOL_FUNDRAISER,
    FOOD_BANK,
    SATURDAY_SCHOOL,
    YOUTH_FOOTBALL,
    COUNCIL_VOTE,
    BY_ELECTION,
    ELECTION_RESULT,
    COUNCILLOR_INTERVIEW,
    FESTIVAL,
    EXHIBITION,
    CHOIR_CONCERT,
    BOOK_LAUNCH,
    LANGUAGE_COLUMN,
    VOTING_COLUMN,
    HIGH_STREET_COLUMN,
    TWINNING_VISIT,
    SCHOOL_ROOF_APPEAL,
    HERITAGE_TRIP,
    BAKERS_GO_HOME,
)


def kinds_for(section: str) -> tuple[StoryKind, ...]:
    return tuple(kind for kind in KINDS if kind.section == section)
