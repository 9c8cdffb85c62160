"""Helpers for the WordPress importer's tests: running the command, writing small exports."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "fixtures"
HARBOUR_EXPORT = FIXTURES / "harbour-courier.xml"


def run_import(export: Path, *args: str) -> str:
    """Run ``masthead import-wordpress`` and return what it printed (the report)."""
    out = StringIO()
    call_command("import_wordpress", str(export), "--no-progress", *args, stdout=out)
    return out.getvalue()


def run_failing_import(export: Path, *args: str) -> tuple[str, str]:
    """Like :func:`run_import` for exports that end in an error: ``(report, error)``."""
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(export), "--no-progress", *args, stdout=out)
    return out.getvalue(), str(error.value)


def wxr(items: str, header: str = "") -> str:
    """A minimal WXR 1.2 document around ``items`` (for the bad-input tests)."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tiny</title><link>https://tiny.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://tiny.example</wp:base_site_url>
<wp:base_blog_url>https://tiny.example</wp:base_blog_url>
{header}
{items}
</channel></rss>
"""


def post(
    wp_id: int,
    title: str,
    *,
    content: str = "Some words.",
    slug: str = "",
    status: str = "publish",
    post_type: str = "post",
    date_gmt: str = "2024-04-01 08:00:00",
    date: str = "2024-04-01 10:00:00",
    creator: str = "",
    extra: str = "",
) -> str:
    """One ``<item>`` of a WXR export."""
    return f"""<item><title><![CDATA[{title}]]></title>
<link>https://tiny.example/?p={wp_id}</link><dc:creator><![CDATA[{creator}]]></dc:creator>
<guid isPermaLink="false">https://tiny.example/?p={wp_id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:post_modified>{date}</wp:post_modified><wp:post_modified_gmt>{date_gmt}</wp:post_modified_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>{post_type}</wp:post_type><wp:post_password></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>{extra}</item>
"""
