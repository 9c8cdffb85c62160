"""How comments read on the page: threads, paging, safe text, counts, and fixed query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.comments.text import render_comment_html

pytestmark = pytest.mark.django_db


def add(article, body, parent=None, minutes=0, **fields) -> Comment:
    comment = Comment(
        article=article,
        parent=parent,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 1,
        author_name=fields.pop("author_name", "Reader"),
        author_email=fields.pop("author_email", "reader@reader.test"),
        body=body,
        status=fields.pop("status", Comment.Status.APPROVED),
        created_at=timezone.now() - timedelta(days=1) + timedelta(minutes=minutes),
        **fields,
    )
    comment.save()
    return comment


def comment_ids_in_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', html)]


def test_threads_nest_in_reading_order(client, article):
    first = add(article, "First.", minutes=1)
    second = add(article, "Second.", minutes=2)
    reply = add(article, "Reply to first.", parent=first, minutes=3)
    reply_to_reply = add(article, "Reply to the reply.", parent=reply, minutes=4)
    add(article, "Held reply.", parent=first, minutes=5, status=Comment.Status.PENDING)

    html = client.get(article.url).content.decode()
    assert comment_ids_in_order(html) == [first.pk, reply.pk, reply_to_reply.pk, second.pk]
    assert "Held reply." not in html
    assert html.count('<ol class="children">') == 2
    # Every list and item that opens also closes.
    section = html[html.index('<ol class="comment-list">') : html.index('<div id="respond"')]
    assert section.count("<ol") == section.count("</ol>")
    assert section.count("<li") == section.count("</li>")
    assert "4 comments" in html


def test_reply_links_stop_at_the_configured_depth(client, article, rules):
    rules.max_depth = 2
    rules.save()
    top = add(article, "Top.")
    reply = add(article, "Reply.", parent=top)
    html = client.get(article.url).content.decode()
    assert f"replytocom={top.pk}#respond" in html
    assert f"replytocom={reply.pk}#respond" not in html


def test_the_reply_link_works_without_javascript(client, article):
    top = add(article, "Top.", author_name="Sona")
    html = client.get(f"{article.url}?replytocom={top.pk}").content.decode()
    assert "Reply to Sona" in html
    assert f'name="parent" id="comment-parent" value="{top.pk}"' in html
    junk = client.get(f"{article.url}?replytocom=99999999999999999999999").content.decode()
    assert "Leave a Reply" in junk


def test_top_level_comments_are_paged_with_their_replies(client, article, rules):
    rules.per_page = 2
    rules.save()
    tops = [add(article, f"Top {n}.", minutes=n * 10) for n in range(5)]
    reply = add(article, "Reply on page two.", parent=tops[2], minutes=100)

    first = client.get(article.url).content.decode()
    assert comment_ids_in_order(first) == [tops[0].pk, tops[1].pk]
    assert "?cpage=2#comments" in first
    second = client.get(article.url + "?cpage=2").content.decode()
    assert comment_ids_in_order(second) == [tops[2].pk, reply.pk, tops[3].pk]
    past_the_end = client.get(article.url + "?cpage=99")
    assert past_the_end.status_code == 200
    assert comment_ids_in_order(past_the_end.content.decode()) == [tops[4].pk]
    assert client.get(article.url + "?cpage=-1").status_code == 200

    rules.newest_first = True
    rules.save()
    newest = client.get(article.url).content.decode()
    assert comment_ids_in_order(newest) == [tops[4].pk, tops[3].pk]


def test_comment_text_is_escaped_linked_and_sanitised(client, article):
    add(
        article,
        '<script>alert("x")</script> <b>bold?</b>\n'
        "See https://example.org/a?b=1&c=2 and www.example.net.\n\n"
        'Second paragraph with javascript:alert(1) and <a href="http://evil.example">x</a>',
        author_name='<img src=x onerror="alert(1)">',
        author_url="https://reader.example",
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold?</b>" not in html
    assert '<img src=x onerror="alert(1)">' not in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a>"
    ) in html
    www_link = '<a href="http://www.example.net" rel="nofollow ugc noopener">www.example.net</a>'
    assert www_link in html
    assert '<a href="http://evil.example">' not in html
    assert 'href="https://reader.example" rel="nofollow ugc noopener external"' in html


def test_render_keeps_paragraphs_and_line_breaks():
    assert render_comment_html("One\ntwo\r\n\r\nthree") == "<p>One<br>two</p><p>three</p>"
    assert render_comment_html("mail me: a@b.example") == "<p>mail me: a@b.example</p>"


def test_author_and_moderator_replies_are_marked(client, article):
    top = add(article, "A question.")
    add(article, "From the writer.", parent=top, role=Comment.Role.AUTHOR)
    add(article, "From the desk.", parent=top, role=Comment.Role.MODERATOR)
    html = client.get(article.url).content.decode()
    assert '<span class="comment__badge">Author</span>' in html
    assert '<span class="comment__badge">Moderator</span>' in html


def test_listings_show_the_count_without_a_query_per_card(client, article, section, home):
    add(article, "One.")
    add(article, "Two.")
    add(article, "Spam.", status=Comment.Status.SPAM)
    html = client.get(section.url).content.decode()
    assert f'<a href="{article.url}#comments">2 comments</a>' in html
    with CaptureQueriesContext(connection) as one_card:
        client.get(section.url)
    from masthead.news.authoring import add_article

    for n in range(5):
        add(add_article(section, f"Another story {n}"), "A comment.")
    with CaptureQueriesContext(connection) as six_cards:
        assert "1 comment</a>" in client.get(section.url).content.decode()
    assert len(six_cards) == len(one_card)


def build_thread_forest(article, count: int) -> None:
    """``count`` approved comments: a quarter top-level, the rest replies up to depth 5."""
    now = timezone.now() - timedelta(days=2)
    tops = Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                author_name=f"Reader {n}",
                author_email=f"reader{n}@reader.test",
                body=f"Top-level comment {n} with a link https://example.org/{n}",
                body_html=render_comment_html(f"Top-level comment {n}"),
                status=Comment.Status.APPROVED,
                created_at=now + timedelta(seconds=n),
            )
            for n in range(count // 4)
        ]
    )
    parents = list(Comment.objects.filter(article=article).order_by("pk"))
    replies = []
    for n in range(count - len(tops)):
        parent = parents[n % len(parents)]
        reply = Comment(
            article=article,
            parent=parent,
            thread_id=parent.thread_id or parent.pk,
            depth=min(parent.depth + 1, 5),
            author_name=f"Replier {n}",
            author_email=f"replier{n}@reader.test",
            body=f"Reply {n}",
            body_html=render_comment_html(f"Reply {n}"),
            status=Comment.Status.APPROVED,
            created_at=now + timedelta(seconds=count + n),
        )
        replies.append(reply)
        if len(replies) % 200 == 0:
            parents += Comment.objects.bulk_create(replies[-200:])
    Comment.objects.bulk_create(replies[len(replies) - len(replies) % 200 :])


def queries_for_page(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_an_article_with_2000_comments_renders_in_a_fixed_number_of_queries(client, article):
    build_thread_forest(article, 20)
    client.get(article.url)  # warm Wagtail's per-process caches (site root paths)
    small = queries_for_page(client, article.url)
    Comment.objects.all().delete()
    build_thread_forest(article, 2000)
    assert Comment.objects.approved().count() == 2000
    large = queries_for_page(client, article.url)
    assert large == small
    html = client.get(article.url).content.decode()
    assert "2000 comments" in html
    assert queries_for_page(client, article.url + "?cpage=3") == small
