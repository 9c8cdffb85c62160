"""Two demo stories written in the languages of Eastmere's communities.

Many diaspora papers publish in more than one language. One story in Armenian and
one in Russian show how Masthead handles other scripts: the headlines keep their
letters, the datelines are set in capitals, and the URLs are transliterated to
ASCII (see :mod:`masthead.news.slugs`). Both texts were written for Masthead.
"""

from .stories import Block, Story
from .vocabulary import PeopleFactory


def armenian_story(people: PeopleFactory) -> Story:
    """A cultural centre opens in Eastmere (Իսթմիր), reported in Armenian."""
    director = people.native("hy_AM", female=False)
    return Story(
        section="community",
        headline="Իսթմիրում բացվեց հայկական մշակութային կենտրոն",
        standfirst="Կենտրոնում կանցկացվեն հայերենի դասեր, համերգներ և ցուցահանդեսներ։",
        blocks=(
            Block(
                "paragraph",
                "Շաբաթ օրը Իսթմիրի հայ համայնքը նշեց նոր մշակութային կենտրոնի բացումը։ "
                "Արարողությանը ներկա էին ավելի քան երկու հարյուր հյուր։",
            ),
            Block(
                "paragraph",
                "Կենտրոնը գտնվում է Լարչֆիլդ թաղամասում՝ հին գրադարանի շենքում, որը երկար "
                "տարիներ դատարկ էր։",
            ),
            Block("figure", "Կենտրոնի բացման արարողությունը"),
            Block(
                "paragraph",
                f"«Սա մեր բոլորի տունն է», — ասաց կենտրոնի տնօրեն {director}։ Նրա խոսքով՝ "
                "այստեղ երեխաները կսովորեն մայրենի լեզուն, իսկ մեծերը կհանդիպեն ընկերների հետ։",
            ),
            Block("heading", "Դասեր և համերգներ"),
            Block(
                "paragraph",
                "Կենտրոնում արդեն գործում են հայերենի դասեր երեխաների և մեծահասակների համար, "
                "ինչպես նաև պարի խումբ։",
            ),
            Block("pullquote", "Սա մեր բոլորի տունն է։", director),
            Block(
                "paragraph",
                "Շենքի վերանորոգումը ֆինանսավորվել է համայնքի անդամների նվիրատվություններով։",
            ),
            Block(
                "paragraph",
                "Կենտրոնը բաց է ամեն օր՝ առավոտյան ժամը տասից մինչև երեկոյան ութը։",
            ),
        ),
        tags=("Heritage", "Language"),
        dateline_place="Իսթմիր",
        featured_caption="Նոր մշակութային կենտրոնը Լարչֆիլդում",
    )


def russian_story(people: PeopleFactory) -> Story:
    """The folk music festival breaks its record, reported in Russian."""
    organiser = people.native("ru_RU", female=True)
    return Story(
        section="culture",
        headline="Фестиваль народной музыки собрал тысячи гостей",
        standfirst="Три дня на набережной Старого причала звучали песни на десятке языков.",
        blocks=(
            Block(
                "paragraph",
                "Ежегодный фестиваль народной музыки в Истмире побил рекорд посещаемости: по "
                "оценкам организаторов, за три дня его посетили более шести тысяч человек.",
            ),
            Block(
                "paragraph",
                "На главной сцене выступили ансамбли из Заревана и Острогора, а также местные "
                "коллективы, которые готовились к фестивалю всю зиму.",
            ),
            Block(
                "paragraph",
                "«Мы хотели, чтобы дети услышали песни своих бабушек и дедушек», — рассказала "
                f"{organiser}, одна из организаторов фестиваля.",
            ),
            Block("figure", "Зрители на набережной Старого причала"),
            Block(
                "paragraph",
                "Больше всего зрителей собрал вечерний концерт хора из Лоривана: слушатели не "
                "отпускали артистов со сцены почти час.",
            ),
            Block("blockquote", "Музыка — это язык, который понимают все.", organiser),
            Block("heading", "Вход свободный"),
            Block(
                "paragraph",
                "Вход на все концерты был бесплатным. Фестиваль проводится на средства "
                "городского совета и пожертвования жителей.",
            ),
            Block(
                "paragraph",
                "Следующий фестиваль пройдёт летом будущего года. Организаторы уже ищут "
                "волонтёров.",
            ),
        ),
        tags=("Festivals", "Music"),
        dateline_place="Истмир",
        featured_caption="Выступление ансамбля на главной сцене фестиваля",
    )


STORIES_IN_OTHER_SCRIPTS = (armenian_story, russian_story)
