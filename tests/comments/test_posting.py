"""Posting a comment: where it lands, what the rules do with it, and every refusal.

Each refusal must say what went wrong, keep what the reader typed, save nothing,
and never be a 500.
"""

import time
from datetime import timedelta
from urllib.parse import unquote

import pytest
from comments_helpers import approved_reader, form_data, post_comment, problems
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.comments.forms import HONEYPOT_FIELD
from masthead.comments.models import MAX_COMMENT_CHARS, Comment, SpentFormToken
from masthead.comments.rules import judge
from masthead.comments.section import COOKIE_NAME
from masthead.comments.tokens import issue_token
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


# Where the reader lands ----------------------------------------------------------


def test_a_first_comment_is_held_and_only_its_author_sees_it(client, article):
    response = post_comment(client, article, comment="First time here: thank you!")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_because == "first comment from this reader"
    assert response.status_code == 302
    assert response["Location"].startswith(article.url + "?held=")
    assert response["Location"].endswith(f"#comment-{comment.pk}")

    own_view = client.get(response["Location"])
    assert "Your comment is awaiting moderation" in own_view.content.decode()
    assert "First time here: thank you!" in own_view.content.decode()

    public = Client().get(article.url).content.decode()
    assert "First time here" not in public
    assert "awaiting moderation" not in public


def test_a_forged_held_link_shows_nothing(client, article):
    post_comment(client, article, comment="Waiting for a moderator.")
    page = client.get(article.url + "?held=1:forged:signature").content.decode()
    assert "Waiting for a moderator." not in page


def test_a_known_reader_goes_live_at_once_and_is_counted(client, article, section):
    approved_reader(article)
    response = post_comment(client, article, comment="Back again with a second thought.")

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    page = client.get(article.url).content.decode()
    assert "Back again with a second thought." in page
    assert '<a href="#comments">2 comments</a>' in page
    assert "2 comments</a>" in client.get(section.url).content.decode()


def test_the_cookie_is_set_only_when_the_reader_ticks_the_box(client, article, rules):
    rules.flood_seconds = 0
    rules.save()
    response = post_comment(client, article)
    assert COOKIE_NAME not in response.cookies

    response = post_comment(
        client, article, comment="Another one.", remember="on", url="https://lena.example"
    )
    saved = unquote(response.cookies[COOKIE_NAME].value)
    assert response.cookies[COOKIE_NAME]["httponly"]  # no script on the page can read it
    assert '"email": "lena@reader.test"' in saved
    assert '"url": "https://lena.example"' in saved

    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    form = client.get(article.url).content.decode()
    assert 'value="lena@reader.test"' in form  # filled in for this browser only
    assert 'value="lena@reader.test"' not in Client().get(article.url).content.decode()
    response = post_comment(client, article, comment="Changed my mind about cookies.")
    assert response.cookies[COOKIE_NAME].value == ""  # deleted


def test_following_the_post_address_leads_back_to_the_story(client, article):
    response = client.get(reverse("comments:post", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"] == article.url + "#respond"


# The rules ---------------------------------------------------------------------------


def test_more_links_than_allowed_are_held(client, article, rules):
    rules.flood_seconds = 0
    rules.save()
    approved_reader(article)
    links = " ".join(f"https://shop{n}.example" for n in range(3))
    post_comment(client, article, comment=f"See {links}")
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert "3 links" in comment.held_because

    rules.max_links = 3
    rules.save()
    Comment.objects.filter(pk=comment.pk).delete()
    post_comment(client, article, comment=f"See {links}", token=issue_token(article.pk, 0))
    assert Comment.objects.count() == 1  # refused: the token is from 1970
    post_comment(client, article, comment=f"See {links}")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_moderation_words_hold_and_disallowed_words_send_to_spam(client, article, rules):
    approved_reader(article)
    rules.flood_seconds = 0
    rules.moderation_keywords = "lawyer\n"
    rules.disallowed_keywords = "casino\n203.0.113."
    rules.save()

    post_comment(client, article, comment="My LAWYER says otherwise.")
    held = Comment.objects.latest("pk")
    assert (held.status, held.held_because) == (Comment.Status.PENDING, "moderation word “lawyer”")

    post_comment(client, article, comment="Best online Casino bonus", email="x@reader.test")
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM

    # Disallowed entries match the address too, not just the text.
    Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("comments:post", args=[article.pk]),
        form_data(article, comment="Innocent words", email="y@reader.test"),
    )
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM


def test_holding_every_comment(client, article, rules):
    approved_reader(article)
    rules.hold_all = True
    rules.save()
    post_comment(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_the_honeypot_sends_to_spam_and_tells_the_bot_nothing(client, article):
    response = post_comment(client, article, **{HONEYPOT_FIELD: "+1 555 0100"})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "?held=" in response["Location"]


def test_the_honeypot_is_the_first_rule_of_the_one_engine(article, rules):
    # Every spam rule is in rules.judge: the honeypot beats even a moderator's
    # role, gives no score, and records the same reason the moderators saw before.
    comment = Comment(article=article, body="Hello", role=Comment.Role.MODERATOR)
    verdict = judge(comment, rules, remote_says_spam=False, honeypot_filled=True)
    assert (verdict.status, verdict.summary, verdict.spam_score) == (
        Comment.Status.SPAM,
        "the hidden honeypot field was filled in",
        None,
    )


def test_flood_control_by_email_and_by_address(client, article, rules):
    post_comment(client, article, comment="One.")
    response = post_comment(client, article, comment="Two, straight away.")
    assert response.status_code == 429
    assert "posting comments too quickly" in problems(response)
    assert "Two, straight away." in response.content.decode()

    other_reader = post_comment(client, article, comment="Three.", email="other@reader.test")
    assert other_reader.status_code == 429  # same IP address
    assert Comment.objects.count() == 1

    Comment.objects.update(created_at=timezone.now() - timedelta(seconds=16))
    assert post_comment(client, article, comment="Four, later.").status_code == 302


def test_a_duplicate_gets_a_clear_message(client, article, rules):
    rules.flood_seconds = 0
    rules.save()
    post_comment(client, article, comment="Same words.")
    response = post_comment(client, article, comment="Same words.")
    assert response.status_code == 409
    assert "Duplicate comment" in problems(response)
    assert Comment.objects.count() == 1


def test_a_reader_typing_the_authors_email_is_not_marked_as_the_author(client, article):
    post_comment(client, article, author="Anahit Petrosyan", email="anahit@gazette.test")
    assert Comment.objects.get().role == ""


def test_a_signed_in_author_is_marked_and_goes_live(client, article, django_user_model):
    user = django_user_model.objects.create_user("anahit", "anahit@gazette.test", "pw")
    client.force_login(user)
    post_comment(client, article, author="Anahit", email="anahit@gazette.test")
    comment = Comment.objects.get()
    assert (comment.role, comment.status) == ("author", "approved")
    assert '<span class="comment__badge">Author</span>' in client.get(article.url).content.decode()


# Replies ------------------------------------------------------------------------------


def test_a_reply_nests_under_its_parent_and_too_deep_ones_move_up(client, article, rules):
    rules.max_depth = 2
    rules.flood_seconds = 0
    rules.save()
    top = approved_reader(article)
    post_comment(client, article, comment="A reply.", parent=str(top.pk))
    reply = Comment.objects.latest("pk")
    assert (reply.parent_id, reply.thread_id, reply.depth) == (top.pk, top.pk, 2)
    assert reply.status == Comment.Status.APPROVED

    post_comment(client, article, comment="A reply to the reply.", parent=str(reply.pk))
    deeper = Comment.objects.latest("pk")
    assert (deeper.parent_id, deeper.depth) == (top.pk, 2)


def test_replying_to_a_comment_that_is_not_there(client, article):
    response = post_comment(client, article, parent="999999", comment="Replying to a ghost.")
    assert response.status_code == 400
    assert "not there any more" in problems(response)
    assert "Replying to a ghost." in response.content.decode()
    assert not Comment.objects.exists()


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"comment": "   "}, "Please type your comment."),
        ({"author": ""}, "Please enter your name."),
        ({"email": ""}, "Please enter your email address"),
        ({"email": "not-an-address"}, "Please enter a valid email address"),
        ({"url": "javascript:alert(1)"}, "Please enter a valid web address"),
        ({"url": "ftp://files.example/x"}, "Please enter a valid web address"),
        ({"comment": "Bell\x07 and escape\x1b"}, "control characters"),
        ({"author": "Lena\x00"}, "Null characters are not allowed"),
        ({"parent": "abc"}, "could not be found"),
    ],
)
def test_bad_input_is_explained_and_kept(client, article, overrides, message):
    data = form_data(article, **overrides)
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 400
    assert message in problems(response)
    assert not Comment.objects.exists()
    typed = data["comment"].strip()
    if typed and "\x00" not in typed:
        assert typed.replace("\x07", "").split()[0] in response.content.decode()


def test_a_comment_over_the_limit_is_refused_with_its_length_and_kept_whole(client, article):
    text = "word " * ((MAX_COMMENT_CHARS // 5) + 10) + "THE-END"
    response = post_comment(client, article, comment=text)
    assert response.status_code == 400
    assert f"the most we can publish is {MAX_COMMENT_CHARS:,}" in problems(response)
    assert "THE-END" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_at_the_limit_is_accepted(client, article):
    text = ("x" * 99 + " ") * (MAX_COMMENT_CHARS // 100) + "y" * (MAX_COMMENT_CHARS % 100)
    assert len(text) == MAX_COMMENT_CHARS
    assert post_comment(client, article, comment=text).status_code == 302
    assert len(Comment.objects.get().body) == MAX_COMMENT_CHARS


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "could not be verified"),
        ("forged:token", "could not be verified"),
        ("SPECIAL-other-article", "belongs to another story"),
        ("SPECIAL-too-fast", "faster than a person can type"),
        ("SPECIAL-expired", "has expired"),
    ],
)
def test_bad_form_tokens_are_refused(client, article, token, message):
    now = time.time()
    token = {
        "SPECIAL-other-article": issue_token(article.pk + 1, now=now - 10),
        "SPECIAL-too-fast": issue_token(article.pk, now=now),
        "SPECIAL-expired": issue_token(article.pk, now=now - 3 * 24 * 3600),
    }.get(token, token)
    response = post_comment(client, article, token=token, comment="Kept, whatever happens.")
    assert response.status_code == 400
    assert message in problems(response)
    assert "Kept, whatever happens." in response.content.decode()
    assert not Comment.objects.exists()
    # The page offers a fresh token to send it again.
    assert 'name="token" value="' in response.content.decode()


def test_a_replayed_form_is_refused_and_nothing_is_half_saved(client, article, rules):
    rules.flood_seconds = 0
    rules.save()
    token = issue_token(article.pk, now=time.time() - 10)
    assert post_comment(client, article, token=token, comment="Once.").status_code == 302
    # A double click, or the browser's Back and Send again.
    response = post_comment(client, article, token=token, comment="Once.")
    assert response.status_code == 400
    assert "already used" in problems(response)
    assert Comment.objects.count() == 1
    assert SpentFormToken.objects.count() == 1


def test_a_refused_comment_does_not_spend_its_form(client, article):
    token = issue_token(article.pk, now=time.time() - 10)
    post_comment(client, article, token=token, comment="One.")
    refused = post_comment(client, article, token=issue_token(article.pk, time.time() - 10))
    assert refused.status_code == 429
    assert SpentFormToken.objects.count() == 1


def test_a_post_from_another_site_is_refused_and_keeps_the_text(article):
    client = Client()
    url = reverse("comments:post", args=[article.pk])
    data = form_data(article, comment="Sent from a forged form.")
    response = client.post(url, data, headers={"Origin": "https://attacker.example"})
    assert response.status_code == 403
    assert "another website" in problems(response)
    assert "Sent from a forged form." in response.content.decode()
    refused = client.post(url, data, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    assert not Comment.objects.exists()


def test_the_printed_form_works_from_this_site_without_any_cookie(article, rules):
    """The page cache gives every reader the same form: it must post without a CSRF cookie."""
    rules.flood_seconds = 0
    rules.save()
    client = Client(enforce_csrf_checks=True)
    page = client.get(article.url).content.decode()
    assert "csrfmiddlewaretoken" not in page
    token = issue_token(article.pk, now=time.time() - 10)
    url = reverse("comments:post", args=[article.pk])
    first = form_data(article, token=token, comment="First reader of the cached page.")
    second = form_data(article, token=token, comment="Second reader.", email="other@reader.test")
    same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert Client().post(url, first, headers=same_site).status_code == 302
    assert Client().post(url, second, headers={"Origin": "http://testserver"}).status_code == 302
    assert Comment.objects.count() == 2


def test_comments_closed_by_the_editor(client, article):
    ArticlePage.objects.filter(pk=article.pk).update(comments_open=False)
    assert "Comments are closed." in client.get(article.url).content.decode()
    response = post_comment(client, article, comment="Too late?")
    assert response.status_code == 403
    assert "Comments are closed on this story" in problems(response)
    assert "Too late?" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_automatically_on_old_stories(client, article, rules):
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=31)
    )
    assert post_comment(client, article).status_code == 302  # off by default
    rules.close_after_days = 30
    rules.save()
    response = post_comment(client, article, comment="A month later.")
    assert response.status_code == 403
    assert 'id="commentform"' not in client.get(article.url).content.decode()


def test_posting_to_an_unpublished_or_missing_story(client, article):
    article.unpublish()
    response = post_comment(client, article, comment="Is anyone there?")
    assert response.status_code == 404
    assert "not published" in problems(response)
    assert "Is anyone there?" in response.content.decode()
    response = client.post(reverse("comments:post", args=[987654]), {"comment": "Hello?"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


# Text that lies about how it looks ----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author", "Lena \u202eknab\u202c Holm"),
        ("url", "https://lena.example/\u2067moc.knab"),
        ("email", "lena\u200f@reader.test"),
        ("comment", "Read it here: https://\u202egro.elpmaxe\u202c.example/ now"),
    ],
)
def test_direction_overrides_that_spoof_names_and_links_are_refused(client, article, field, value):
    response = post_comment(client, article, **{field: value})
    assert response.status_code == 400
    assert "invisible control characters" in problems(response)
    assert not Comment.objects.exists()


def test_names_and_comments_in_right_to_left_scripts_are_kept_as_typed(client, article, rules):
    rules.flood_seconds = 0
    rules.save()
    approved_reader(article, name="ریحانه", email="reyhaneh@reader.test")
    # A zero-width non-joiner inside the name and a right-to-left mark in the text,
    # as Persian keyboards type them.
    name = "ریحانه\u200cزاده"
    text = "خیلی خوب بود\u200f! ممنون."
    response = post_comment(
        client, article, author=name, email="reyhaneh@reader.test", comment=text
    )
    assert response.status_code == 302
    comment = Comment.objects.latest("pk")
    assert (comment.author_name, comment.body) == (name, text)


def test_behind_a_trusted_proxy_the_readers_own_address_is_judged(article, rules, settings):
    # nginx on the same host: every request arrives from 127.0.0.1 with the reader's
    # address appended to X-Forwarded-For. Only a listed proxy is believed.
    rules.disallowed_keywords = "203.0.113."
    rules.save()
    through_proxy = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    url = reverse("comments:post", args=[article.pk])

    through_proxy.post(url, form_data(article, comment="First words", email="y@reader.test"))
    assert Comment.objects.latest("pk").status != Comment.Status.SPAM  # proxy not trusted

    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    through_proxy.post(url, form_data(article, comment="Second words", email="z@reader.test"))
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM
