"""The moderation queue in the Wagtail admin, the filter learning from it, digests and GDPR."""

import json
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from masthead.comments.classifier import SpamFilter
from masthead.comments.models import Comment, ModerationDigest, SpamCorpus
from masthead.comments.notifications import send_moderation_digest
from masthead.comments.privacy import ERASED_TEXT

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


def held(article, body, email="reader@reader.test", ip="192.0.2.10", **fields) -> Comment:
    comment = Comment(
        article=article,
        author_name=fields.pop("author_name", "Reader"),
        author_email=email,
        author_ip=ip,
        body=body,
        status=fields.pop("status", Comment.Status.PENDING),
        **fields,
    )
    comment.save()
    return comment


@pytest.fixture
def moderator(client, django_user_model, home):
    user = django_user_model.objects.create_superuser("desk", "desk@gazette.test", "pw")
    client.force_login(user)
    return user


def test_the_queue_has_tabs_with_counts_and_lists_held_comments(client, moderator, article):
    held(article, "Held one.")
    held(article, "Held two.")
    held(article, "Live one.", status=Comment.Status.APPROVED)
    held(article, "Junk.", status=Comment.Status.SPAM)
    html = client.get(QUEUE).content.decode()
    assert 'aria-current="page">Pending <span class="w-status">2</span>' in html
    assert 'Approved <span class="w-status">1</span>' in html
    assert 'Spam <span class="w-status">1</span>' in html
    assert "Held one." in html and "Held two." in html and "Live one." not in html
    assert "Junk." in client.get(QUEUE + "?status=spam").content.decode()


def test_approve_spam_and_trash_one_at_a_time_and_in_bulk(client, moderator, article):
    first, second, third = (held(article, f"Comment {n}.") for n in range(3))
    response = client.post(QUEUE, {"status": "pending", "do": f"approve:{first.pk}"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Comment.Status.APPROVED

    client.post(QUEUE, {"status": "pending", "action": "spam", "ids": [second.pk, third.pk]})
    assert set(Comment.objects.filter(status="spam").values_list("pk", flat=True)) == {
        second.pk,
        third.pk,
    }
    client.post(QUEUE, {"status": "spam", "action": "trash", "ids": [third.pk]})
    client.post(QUEUE, {"status": "trash", "action": "delete", "ids": [third.pk, first.pk]})
    assert not Comment.objects.filter(pk=third.pk).exists()
    assert Comment.objects.filter(pk=first.pk).exists()  # only trashed comments are deleted

    page = client.get(article.url).content.decode()
    assert "Comment 0." in page and "Comment 1." not in page


def test_nothing_selected_or_no_action_gets_a_message(client, moderator, article):
    held(article, "Waiting.")
    response = client.post(QUEUE, {"status": "pending", "action": "approve"}, follow=True)
    assert "Select at least one comment first." in response.content.decode()
    response = client.post(QUEUE, {"status": "pending", "action": "", "ids": ["1"]}, follow=True)
    assert "Choose an action" in response.content.decode()


def test_search_by_author_email_and_address(client, moderator, article):
    held(article, "From Lena.", email="lena@reader.test", ip="198.51.100.7", author_name="Lena")
    held(article, "From Omar.", email="omar@reader.test", ip="192.0.2.99", author_name="Omar")
    for query in ("lena@reader", "198.51.100", "Lena"):
        html = client.get(QUEUE, {"q": query}).content.decode()
        assert "From Lena." in html and "From Omar." not in html, query


def test_edit_and_reply_from_the_admin(client, moderator, article):
    comment = held(article, "Teh typo.")
    response = client.post(
        reverse("comments_admin:edit", args=[comment.pk]),
        {"author_name": "Reader", "author_email": "reader@reader.test", "body": "The typo."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "The typo." and "The typo." in comment.body_html

    client.post(reverse("comments_admin:reply", args=[comment.pk]), {"body": "Thanks, fixed."})
    reply = Comment.objects.get(parent=comment)
    comment.refresh_from_db()
    assert comment.status == reply.status == Comment.Status.APPROVED
    assert reply.role == Comment.Role.MODERATOR
    html = client.get(article.url).content.decode()
    assert "Thanks, fixed." in html and '<span class="comment__badge">Moderator</span>' in html


def test_people_without_the_permission_are_kept_out(client, django_user_model, article):
    writer = django_user_model.objects.create_user("writer", "w@gazette.test", "pw")
    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(writer)
    refused = client.get(QUEUE)
    assert refused.status_code == 302  # Wagtail sends them to the dashboard with a message
    assert refused["Location"] == "/admin/"
    writer.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    writer = django_user_model.objects.get(pk=writer.pk)
    client.force_login(writer)
    assert client.get(QUEUE).status_code == 200


# The filter learns from the decisions ---------------------------------------------

SPAMMY = [
    "Cheap replica watches, buy now at https://watches.example/deal",
    "Best casino bonus, free spins today https://casino.example",
    "Buy cheap pills online without prescription https://pills.example",
    "Earn money fast from home, click https://money.example/now",
    "Cheap loans approved instantly https://loans.example",
    "Free casino chips and cheap watches https://spam.example",
]
WANTED = [
    "The library's new reading room is lovely; my children went twice already.",
    "I was at the council meeting and the vote was closer than the story says.",
    "Thank you for covering the choir concert, it meant a lot to the families.",
    "Does anyone know when the market on the square opens again after the works?",
    "Good piece. The bus timetable change has made the mornings much harder.",
    "My grandmother remembers the old bakery on that corner very fondly.",
]


def test_moderator_decisions_teach_the_filter(client, moderator, article):
    spam = [held(article, text, email=f"s{n}@x.test") for n, text in enumerate(SPAMMY)]
    ham = [held(article, text, email=f"h{n}@x.test") for n, text in enumerate(WANTED)]
    assert SpamFilter().score(_example("anything")) is None  # knows nothing yet

    client.post(QUEUE, {"status": "pending", "action": "spam", "ids": [c.pk for c in spam]})
    client.post(QUEUE, {"status": "pending", "action": "approve", "ids": [c.pk for c in ham]})
    corpus = SpamCorpus.objects.get(namespace="site")
    assert (corpus.spam_documents, corpus.ham_documents) == (6, 6)

    assert SpamFilter().score(_example("cheap casino watches https://new.example")) > 0.9
    assert SpamFilter().score(_example("The reading room at the library is lovely.")) < 0.1

    # Changing one's mind moves the lesson instead of counting it twice.
    client.post(QUEUE, {"status": "approved", "action": "spam", "ids": [ham[0].pk]})
    client.post(QUEUE, {"status": "spam", "action": "spam", "ids": [spam[0].pk]})
    corpus.refresh_from_db()
    assert (corpus.spam_documents, corpus.ham_documents) == (7, 5)


def test_a_new_comment_that_looks_like_learned_spam_goes_to_spam(client, moderator, article):
    from comments_helpers import approved_reader, post_comment

    for n, text in enumerate(SPAMMY):
        held(article, text, email=f"s{n}@x.test", status=Comment.Status.SPAM, trained_as="")
    for n, text in enumerate(WANTED):
        held(article, text, email=f"h{n}@x.test")
    spam_ids = list(Comment.objects.filter(status="spam").values_list("pk", flat=True))
    ham_ids = list(Comment.objects.filter(status="pending").values_list("pk", flat=True))
    client.post(QUEUE, {"status": "spam", "action": "spam", "ids": spam_ids})
    client.post(QUEUE, {"status": "pending", "action": "approve", "ids": ham_ids})
    client.logout()
    approved_reader(article, email="known@reader.test")
    post_comment(
        client, article, comment="cheap casino pills https://x.example", email="known@reader.test"
    )
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_score > 0.95


def _example(text):
    from masthead.comments.classifier import Example

    return Example(text)


# Digests over real SMTP ----------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_moderators_get_one_digest_not_one_mail_per_comment(smtp, article, rules):
    rules.notify_emails = "desk@gazette.test\nnight@gazette.test"
    rules.save()
    for n in range(5):
        held(article, f"Waiting {n}.")
    assert send_moderation_digest() == 5
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert sorted(message.rcpt_tos) == ["desk@gazette.test", "night@gazette.test"]
    body = message.content.decode()
    assert "Subject: 5 comments await moderation" in body
    assert "/admin/comments/" in body

    # More arrive during the busy spell: they wait for the next digest.
    held(article, "Another.")
    assert send_moderation_digest() == 0
    later = timezone.now() + timedelta(minutes=16)
    assert send_moderation_digest(now=later) == 1
    assert len(smtp.messages) == 2
    assert ModerationDigest.objects.count() == 2
    assert send_moderation_digest(now=later + timedelta(minutes=20)) == 0  # nothing new


def test_without_addresses_editors_and_admins_are_notified(smtp, article, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@gazette.test", "pw")
    django_user_model.objects.create_user("reader", "reader@gazette.test", "pw")
    held(article, "Waiting.")
    send_moderation_digest()
    assert smtp.messages[0].rcpt_tos == ["boss@gazette.test"]


# Personal data requests ------------------------------------------------------------------


def test_export_and_erase_one_readers_comments(client, moderator, article):
    mine = held(article, "My first.", email="lena@reader.test", status=Comment.Status.APPROVED)
    held(article, "My second.", email="lena@reader.test")
    other = held(article, "A reply to Lena.", email="omar@reader.test", parent=mine, depth=2)
    Comment.objects.filter(pk=other.pk).update(thread=mine, status=Comment.Status.APPROVED)
    url = reverse("comments_admin:personal_data")

    found = client.post(url, {"email": "LENA@reader.test", "action": "find"}).content.decode()
    assert "2 comments</strong> found" in found

    export = client.post(url, {"email": "lena@reader.test", "action": "export"})
    assert export["Content-Disposition"].startswith("attachment;")
    data = json.loads(export.content)
    assert data["comment_count"] == 2
    assert {item["text"] for item in data["comments"]} == {"My first.", "My second."}
    assert data["comments"][0]["ip_address"] == "192.0.2.10"

    unconfirmed = client.post(url, {"email": "lena@reader.test", "action": "erase"})
    assert "Tick the confirmation box" in unconfirmed.content.decode()
    assert Comment.objects.filter(author_email="lena@reader.test").count() == 2

    client.post(url, {"email": "lena@reader.test", "action": "erase", "confirm": "yes"})
    assert not Comment.objects.filter(author_email="lena@reader.test").exists()
    mine.refresh_from_db()  # kept, emptied, because Omar replied to it
    assert (mine.author_name, mine.author_email, mine.author_ip) == ("Deleted", "", None)
    assert mine.body == ERASED_TEXT
    page = client.get(article.url).content.decode()
    assert "A reply to Lena." in page and "My first." not in page
