"""A newsroom's podcasts and videos come over from WordPress and play in the story."""

import pytest
from wordpress_helpers import post, run_import, wxr

from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db
OLD = "https://tiny.example"


def attachment(wp_id: int, relative: str) -> str:
    return post(
        wp_id,
        relative.rsplit("/", 1)[-1],
        post_type="attachment",
        status="inherit",
        slug=f"attachment-{wp_id}",
        extra=f"<wp:attachment_url>{OLD}/wp-content/uploads/{relative}</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{relative}]]></wp:meta_value></wp:postmeta>",
    )


@pytest.fixture
def export(tmp_path):
    uploads = tmp_path / "uploads" / "2024" / "02"
    uploads.mkdir(parents=True)
    # Only the start of an MP3 (an ID3 tag): the importer stores files, it does not decode them.
    (uploads / "episode-12.mp3").write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 2048)
    body = (
        "Listen to this week's episode.\n\n"
        f'[audio mp3="{OLD}/wp-content/uploads/2024/02/episode-12.mp3"][/audio]\n\n'
        f'[video mp4="{OLD}/wp-content/uploads/2024/02/harbour-tour.mp4"][/video]'
    )
    path = tmp_path / "export.xml"
    path.write_text(
        wxr(
            attachment(7, "2024/02/episode-12.mp3")
            + post(8, "Episode 12: the harbour", content=body, slug="episode-12")
        ),
        encoding="utf-8",
    )
    return path, tmp_path / "uploads"


def test_an_imported_episode_plays_in_the_story_and_a_missing_video_is_a_link(site, client, export):
    path, uploads = export
    report = run_import(path, "--uploads", str(uploads))
    story = ArticlePage.objects.get(slug="episode-12")
    [media] = [block for block in story.body if block.block_type == "media"]
    assert media.value["file"].title == "episode-12.mp3"

    response = client.get(story.url)
    html = response.content.decode()
    assert f'<audio controls preload="none" src="{media.value["file"].file.url}">' in html
    assert "Download MP3" in html
    assert f'href="{OLD}/wp-content/uploads/2024/02/harbour-tour.mp4"' in html
    assert "media-src 'self'" in response["Content-Security-Policy"]
    assert "video" in report  # counted among what became links
