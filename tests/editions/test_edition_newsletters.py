"""Newsletters per edition (issue 17): an Armenian reader signs up, reads and leaves in Armenian.

Mail goes through Django's SMTP backend to a real SMTP server (aiosmtpd), as
in ``tests/newsletters``; what arrives there is what a reader's inbox gets.
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from edition_newsroom import parse, turn_editions_on
from lxml import html as lxml_html
from newsletters.newsletter_helpers import SMTPSink, link_in, mail_through

from masthead.news.editions import ensure_edition_homes
from masthead.newsletters import digests
from masthead.newsletters.models import Cadence, NewsletterList, Subscriber, SubscriptionStatus
from masthead.newsletters.sending import deliver, start_sending

HY = "http://testserver/hy"


@pytest.fixture
def smtp(settings):
    with SMTPSink() as sink:
        mail_through(settings, sink)
        settings.WAGTAILADMIN_BASE_URL = "http://testserver"
        settings.NEWSLETTER_FROM_EMAIL = "news@gazette.example.org"
        yield sink


@pytest.fixture
def lists(db):
    def make(name, slug, language, order):
        return NewsletterList.objects.create(
            name=name, slug=slug, language=language, cadence=Cadence.DAILY, sort_order=order
        )

    return (
        make("Օրվա լուրերը", "hy-daily", "hy", 1),
        make("Daily headlines", "en-daily", "en", 2),
        make("Photo of the week", "photo", "", 3),
    )


def text_of(page, xpath: str) -> str:
    return " ".join(page.xpath(xpath)[0].text_content().split())


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def sign_up(client, newsletter, email="reader@example.am", prefix="/hy"):
    return client.post(
        f"{prefix}/newsletters/subscribe/",
        {"email": email, "lists": [newsletter.pk], "source": f"{prefix}/"},
    )


def test_a_reader_signs_up_confirms_and_gets_an_armenian_digest_of_armenian_stories(
    client, smtp, newsroom, lists
):
    hy_daily, en_daily, photo = lists

    page = parse(client.get("/hy/newsletters/"))
    assert page.get("lang") == "hy"
    assert text_of(page, "//h1") == "Բաժանորդագրվեք մեր տեղեկագրերին"
    offered = [" ".join(label.text_content().split()) for label in page.xpath("//form//label")]
    assert any("Օրվա լուրերը" in label for label in offered)
    assert any("Photo of the week" in label for label in offered)  # a list of every edition
    assert not any("Daily headlines" in label for label in offered)  # the English edition's

    answer = sign_up(client, hy_daily)
    assert answer.status_code == 302
    assert answer["Location"] == "/hy/newsletters/check-your-inbox/"
    inbox = parse(client.get(answer["Location"]))
    assert text_of(inbox, "//h1") == "Ստուգեք ձեր փոստարկղը"
    assert Subscriber.objects.get().language == "hy"

    (confirmation,) = smtp.received
    assert confirmation.message["Subject"].strip().startswith("Հաստատեք ձեր բաժանորդագրությունը")
    text = confirmation.part("plain")
    assert "Խնդրում ենք հաստատել ձեր բաժանորդագրությունը" in text
    assert "Օրվա լուրերը" in text
    assert "Please confirm" not in text
    assert 'lang="hy"' in confirmation.part("html")
    assert "Այո, բաժանորդագրել ինձ" in confirmation.part("html")
    confirm = path_of(link_in(text, "confirm", base=HY))

    button = parse(client.get(confirm))
    assert text_of(button, "//h1") == "Հաստատեք բաժանորդագրությունը"
    done = parse(client.post(confirm))
    assert text_of(done, "//h1") == "Դուք բաժանորդագրված եք"
    subscription = Subscriber.objects.get().subscriptions.get()
    assert subscription.status == SubscriptionStatus.ACTIVE

    until = timezone.now() + timedelta(minutes=1)
    edition = digests.compose_digest(hy_daily, until, "digest-test")
    assert start_sending(edition.pk)
    assert deliver(edition.pk).sent == 1

    digest = smtp.received[-1]
    with translation.override("hy"):
        armenian_day = date_format(timezone.localtime(until), "l j F")
    assert armenian_day in digest.message["Subject"]
    with translation.override("en"):
        assert date_format(timezone.localtime(until), "l j F") not in digest.message["Subject"]
    text = digest.part("plain")
    for story in newsroom.armenian:
        assert story.title in text
    for story in newsroom.english:
        assert story.title not in text
    assert "Կարդալ․ http://testserver/hy/" in text
    assert "Read it:" not in text and "Unsubscribe" not in text
    assert 'lang="hy"' in digest.part("html")

    unsubscribe = path_of(link_in(text, "unsubscribe", base=HY))
    ask = parse(client.get(unsubscribe))
    assert text_of(ask, "//h1") == "Դուրս գալ բաժանորդագրությունից"
    left = parse(client.post(unsubscribe, {"scope": "list"}))
    assert text_of(left, "//h1") == "Դուք դուրս եք եկել բաժանորդագրությունից"
    assert "«Օրվա լուրերը»" in text_of(left, "//main")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED


def test_the_english_edition_offers_its_own_lists_and_writes_in_english(
    client, smtp, newsroom, lists
):
    hy_daily, en_daily, photo = lists
    page = parse(client.get("/newsletters/"))
    assert page.get("lang") == "en"
    assert "Օրվա լուրերը" not in page.text_content()
    assert "Daily headlines" in page.text_content()

    assert sign_up(client, en_daily, "reader@example.org", prefix="")["Location"] == (
        "/newsletters/check-your-inbox/"
    )
    (confirmation,) = smtp.received
    assert confirmation.message["Subject"].strip().startswith("Confirm your subscription to")
    assert "/newsletters/confirm/" in link_in(confirmation.part("plain"), "confirm")
    assert Subscriber.objects.get().language == "en"

    # An Armenian list cannot be chosen on the English page.
    refused = sign_up(client, hy_daily, "other@example.org", prefix="")
    assert refused.status_code == 400
    assert len(smtp.received) == 1


def test_an_english_digest_leaves_the_armenian_stories_out_and_every_language_lists_all(
    newsroom, lists
):
    hy_daily, en_daily, photo = lists
    until = timezone.now() + timedelta(minutes=1)
    since = until - timedelta(days=1)
    english = {story.title for story in newsroom.english}
    armenian = {story.title for story in newsroom.armenian}
    assert {story.title for story in digests.stories_for(en_daily, since, until)} == english
    assert {story.title for story in digests.stories_for(hy_daily, since, until)} == armenian
    every = {story.title for story in digests.stories_for(photo, since, until)}
    assert every == english | armenian


def test_a_reader_who_signed_up_in_armenian_gets_their_preferences_link_in_armenian(
    client, smtp, newsroom, lists
):
    hy_daily, _en_daily, _photo = lists
    sign_up(client, hy_daily)
    confirm = path_of(link_in(smtp.received[0].part("plain"), "confirm", base=HY))
    client.post(confirm)
    client.post("/newsletters/new-link/", {"email": "reader@example.am"})  # any edition's form
    Subscriber.objects.update(last_mailed_at=None)  # past the interval between two mails
    client.post("/newsletters/new-link/", {"email": "reader@example.am"})

    preferences = smtp.received[-1]
    assert preferences.message["Subject"].strip().startswith("Ձեր ")
    text = preferences.part("plain")
    manage = path_of(link_in(text, "manage", base=HY))
    page = parse(client.get(manage))
    assert text_of(page, "//h1") == "Ձեր տեղեկագրերը"
    assert text_of(page, "//main//form//button") == "Պահպանել ընտրությունը"


def test_a_list_can_only_belong_to_an_edition_the_site_has(newsroom):
    from django.core.exceptions import ValidationError

    newsletter = NewsletterList(name="Deutsch", slug="de", language="de")
    with pytest.raises(ValidationError) as refused:
        newsletter.full_clean()
    assert "not an edition's language" in str(refused.value)
    NewsletterList(name="Հայերեն", slug="hy", language=" HY ").full_clean()


def test_a_failure_under_the_armenian_prefix_is_told_in_armenian(rf, editions):
    from masthead.core.server_error import server_error

    response = server_error(rf.get("/hy/community/some-story/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert 'lang="hy"' in page
    english = server_error(rf.get("/community/some-story/")).content.decode()
    assert 'lang="en"' in english
    assert page != english


def body_texts(html: str) -> tuple:
    """The mail's blocks of text (MJML writes each as a ``div`` with its own alignment)."""
    document = lxml_html.document_fromstring(html)
    return document, document.xpath("//td/div[normalize-space()]")


def test_a_persian_reader_gets_mail_that_reads_right_to_left(client, smtp, settings, home):
    turn_editions_on(settings, languages=[("en", "English"), ("fa", "فارسی")])
    ensure_edition_homes()
    daily = NewsletterList.objects.create(
        name="خبرهای روز", slug="fa-daily", language="fa", cadence=Cadence.DAILY
    )
    assert sign_up(client, daily, email="reader@example.ir", prefix="/fa").status_code == 302

    (confirmation,) = smtp.received
    document, texts = body_texts(confirmation.part("html"))
    assert document.get("lang") == "fa"
    assert document.get("dir") == "rtl"
    *columns, list_name = [div for div in texts if "خبرهای روز" in div.text_content()]
    assert "text-align:right" in list_name.get("style").replace(" ", "")
    # Columns, and lists and numbers inside them, run right to left too.
    assert "direction:ltr" not in confirmation.part("html").replace(" ", "")
    assert all("direction:rtl" in column.get("style") for column in columns)


def test_one_language_mail_keeps_its_left_to_right_layout(client, smtp, home):
    daily = NewsletterList.objects.create(name="Daily headlines", slug="daily")
    assert sign_up(client, daily, prefix="").status_code == 302
    (confirmation,) = smtp.received
    document, texts = body_texts(confirmation.part("html"))
    assert document.get("lang") == "en"
    assert document.get("dir") == "auto"  # MJML's own, as before editions
    *columns, list_name = [div for div in texts if "Daily headlines" in div.text_content()]
    assert "text-align:left" in list_name.get("style").replace(" ", "")
    assert all("direction:ltr" in column.get("style") for column in columns)
