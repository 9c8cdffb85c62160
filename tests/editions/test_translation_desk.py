"""The desk of a two-language newsroom: who may translate, and what needs translating.

A translation made with "Translate" follows the version of its original it was
made from; once the original is published with changes the translator sees it
in the editor and on the Stories desk, reads the changes, and marks the
translation up to date. Translators' groups may work in their edition only.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from edition_newsroom import parse
from newsroom_staff import member
from wagtail.models import GroupPagePermission

from masthead.core.roles import WRITERS, ensure_newsroom_roles, translators_group_name
from masthead.news.authoring import paragraphs_to_body
from masthead.news.models import ArticlePage
from masthead.news.translation_status import out_of_date_q

ARMENIAN_TRANSLATORS = translators_group_name("Հայերեն")
WARNING = "This translation may be out of date."


@pytest.fixture
def desk(newsroom):
    ensure_newsroom_roles()
    call_command("ensure_editions", verbosity=0)
    return newsroom


def republish_with(story: ArticlePage, paragraph: str) -> None:
    story.body = paragraphs_to_body([paragraph])
    story.save_revision().publish()


def editor_page(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_translation_is_flagged_once_its_original_is_published_with_changes(
    client, desk, django_user_model
):
    library, ferry = desk.english
    hy_library = desk.armenian[0]
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    assert WARNING not in editor_page(client, hy_library)

    # A draft of the original is not what readers see: no flag yet.
    library.body = paragraphs_to_body(["A correction the desk has not published."])
    library.save_revision()
    assert WARNING not in editor_page(client, hy_library)

    republish_with(library, "The library also opens on Sundays from next month.")
    page = editor_page(client, hy_library)
    assert WARNING in page
    assert "The English original" in page
    changes = parse(client.get(reverse("wagtailadmin_pages:edit", args=[hy_library.pk])))
    link = changes.xpath("//a[normalize-space()='See what changed in the original']/@href")[0]
    comparison = client.get(link)
    assert comparison.status_code == 200
    assert "Sundays" in comparison.content.decode()

    response = client.post(reverse("translation_up_to_date", args=[hy_library.pk]))
    assert response.status_code == 302
    assert WARNING not in editor_page(client, hy_library)


def test_the_desk_lists_stale_translations_and_stories_not_yet_translated(
    client, desk, django_user_model
):
    library, ferry = desk.english
    hy_library, museum = desk.armenian
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    stale = client.get(reverse("stories:index"), {"translation": "out-of-date"}).content.decode()
    assert desk.armenian[0].title not in stale

    republish_with(library, "The library also opens on Sundays from next month.")
    stale = client.get(reverse("stories:index"), {"translation": "out-of-date"}).content.decode()
    assert hy_library.title in stale
    assert library.title not in stale and museum.title not in stale

    untranslated = client.get(reverse("stories:index"), {"translation": "missing-hy"})
    listed = untranslated.content.decode()
    assert ferry.title in listed
    assert library.title not in listed and museum.title not in listed
    # Wagtail's own language filter narrows the desk to one edition.
    armenian = client.get(reverse("stories:index"), {"locale": "hy"}).content.decode()
    assert museum.title in armenian and ferry.title not in armenian


def test_a_wrong_translation_filter_lists_every_story_with_an_error_not_a_500(
    client, desk, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    response = client.get(reverse("stories:index"), {"translation": "missing-xx\x00"})
    assert response.status_code == 200


def test_marking_up_to_date_needs_the_right_to_edit_the_translation(client, desk):
    hy_library = desk.armenian[0]
    republish_with(desk.english[0], "The library also opens on Sundays from next month.")
    outsider = member("outsider", WRITERS)
    outsider.groups.clear()
    client.force_login(outsider)
    response = client.post(reverse("translation_up_to_date", args=[hy_library.pk]))
    assert response.status_code in (302, 403)
    assert ArticlePage.objects.filter(out_of_date_q(), pk=hy_library.pk).exists()


def test_armenian_translators_edit_the_armenian_edition_only(client, desk):
    hy_library, museum = desk.armenian
    translator = member("anush", ARMENIAN_TRANSLATORS)
    client.force_login(translator)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[museum.pk])).status_code == 200
    english = client.get(reverse("wagtailadmin_pages:edit", args=[desk.english[1].pk]))
    assert english.status_code != 200
    assert museum.permissions_for_user(translator).can_edit()
    assert not museum.permissions_for_user(translator).can_publish()
    assert not desk.english[1].permissions_for_user(translator).can_edit()
    # Run again (every upgrade runs setup): the same group, the same rights.
    call_command("ensure_editions", verbosity=0)
    assert GroupPagePermission.objects.filter(group__in=translator.groups.all()).count() == 3


def test_writers_may_translate_a_story_into_the_other_edition(client, desk):
    writer = member("hasmik", WRITERS)
    client.force_login(writer)
    ferry = desk.english[1]
    address = reverse("simple_translation:submit_page_translation", args=[ferry.pk])
    assert client.get(address).status_code == 200
    assert client.post(address, {"locales": [desk.hy.pk]}).status_code == 302
    copy = ArticlePage.objects.get(translation_key=ferry.translation_key, locale=desk.hy)
    assert not copy.live
    assert copy.translated_from.source_id == ferry.pk


def test_one_language_desks_have_no_translation_filter(client, section, django_user_model):
    ensure_newsroom_roles()
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    page = client.get(reverse("stories:index")).content.decode()
    assert "Not yet in" not in page
    assert 'name="translation"' not in page


def test_the_translators_group_says_what_its_members_may_do(client, desk, django_user_model):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=ARMENIAN_TRANSLATORS)
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "in the Հայերեն edition only" in page


def test_an_armenian_translator_finds_and_translates_an_english_story(client, desk):
    ferry = desk.english[1]
    translator = member("anush", ARMENIAN_TRANSLATORS)
    client.force_login(translator)
    # The desk lists the published English story the Armenian edition lacks.
    listing = parse(client.get(reverse("stories:index"), {"translation": "missing-hy"}))
    address = reverse("simple_translation:submit_page_translation", args=[ferry.pk])
    assert listing.xpath(f"//a[@href='{address}']")
    assert ferry.title in listing.text_content()

    form = parse(client.get(address))
    offered = form.xpath("//input[@name='locales' and not(@disabled)]/@value")
    assert offered == [str(desk.hy.pk)]
    response = client.post(address, {"locales": [desk.hy.pk]})
    copy = ArticlePage.objects.get(translation_key=ferry.translation_key, locale=desk.hy)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert client.get(response["Location"]).status_code == 200
    assert copy.translated_from.source_id == ferry.pk
    assert not copy.live
    # The original is only read: still not the translator's to edit.
    assert not ferry.permissions_for_user(translator).can_edit()


def test_a_translator_cannot_translate_into_an_edition_they_do_not_work_in(client, desk):
    museum = desk.armenian[1]  # Armenian only, and the translator may edit it
    translator = member("anush", ARMENIAN_TRANSLATORS)
    client.force_login(translator)
    address = reverse("simple_translation:submit_page_translation", args=[museum.pk])
    form = client.get(address)
    assert form.status_code == 200
    assert not parse(form).xpath("//input[@name='locales' and not(@disabled)]")
    assert "You may not add stories to" in form.content.decode()

    english = desk.home.locale  # the default edition
    response = client.post(address, {"locales": [english.pk]})
    assert response.status_code == 200
    assert "You may not add stories to" in response.content.decode()
    assert not ArticlePage.objects.filter(
        translation_key=museum.translation_key, locale=english
    ).exists()


def test_translate_is_refused_when_there_is_nothing_one_may_translate_it_into(client, desk):
    library = desk.english[0]  # in Armenian already
    address = reverse("simple_translation:submit_page_translation", args=[library.pk])
    client.force_login(member("anush", ARMENIAN_TRANSLATORS))
    assert client.get(address).status_code == 403
    outsider = member("outsider", WRITERS)
    outsider.groups.clear()
    client.force_login(outsider)
    ferry = desk.english[1]
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[ferry.pk]),
        {"locales": [desk.hy.pk]},
    )
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(
        translation_key=ferry.translation_key, locale=desk.hy
    ).exists()


def test_a_section_not_yet_in_the_edition_is_said_not_a_500(client, desk, django_user_model):
    from masthead.news.authoring import add_article, add_section

    news = add_section(desk.home, "Harbour news")
    story = add_article(news, "Harbour dredging starts", paragraphs=["Work starts on Monday."])
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    address = reverse("simple_translation:submit_page_translation", args=[story.pk])
    response = client.post(address, {"locales": [desk.hy.pk]})
    assert response.status_code == 200
    assert "has no Հայերեն version yet: translate it first" in response.content.decode()
    assert not ArticlePage.objects.filter(locale=desk.hy, title=story.title).exists()


def test_an_id_too_large_for_the_database_finds_no_original_changes(client, desk):
    """Found by the fuzz suite: a twenty-digit translation id made SQLite overflow, a 500."""
    client.force_login(member("editor-of-both", WRITERS, superuser=True))
    hy_library = desk.armenian[0]
    for ids in ([10**19, 1, 2], [hy_library.pk, 10**19, 1]):
        response = client.get(reverse("translation_original_changes", args=ids))
        assert response.status_code == 404


def test_a_language_id_no_database_holds_is_an_invalid_choice_not_a_500(client, desk):
    client.force_login(member("anush", ARMENIAN_TRANSLATORS))
    ferry = desk.english[1]
    address = reverse("simple_translation:submit_page_translation", args=[ferry.pk])
    for bad in ["99999999999999999999", "²", "\x00", "-1"]:
        response = client.post(address, {"locales": [bad]})
        assert response.status_code == 200, bad
        assert "Select a valid choice" in response.content.decode(), bad
    assert not ArticlePage.objects.filter(
        translation_key=ferry.translation_key, locale=desk.hy
    ).exists()
