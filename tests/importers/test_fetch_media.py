"""``--fetch-media``: the old site's pictures come over real HTTP from a local copy of the site.

The "old site" is a threaded HTTP server on 127.0.0.1 serving an uploads
folder, with the failures a real one has: a file that is gone, an error that
passes on the second try, a page served where a picture should be, and a
redirect to another private address.
"""

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image
from wagtail.images import get_image_model
from wordpress_helpers import post, run_import, wxr

from masthead.importers.fetching import MediaFetcher
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


class OldSite(SimpleHTTPRequestHandler):
    """Serves the uploads folder, plus the misbehaving addresses real sites have."""

    flaky_failures: dict[str, int] = {}
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        OldSite.requests.append(self.path)
        if self.path.endswith("flaky.jpg") and OldSite.flaky_failures.get(self.path, 0) < 1:
            OldSite.flaky_failures[self.path] = 1
            self.send_error(503)
            return
        if self.path.endswith("page-not-picture.jpg"):
            body = b"<html><body>Not found, but nicely</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.endswith("moved-inside.jpg"):
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/secret.jpg")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def old_site(tmp_path):
    root = tmp_path / "old-site"
    uploads = root / "wp-content" / "uploads"
    for relative, colour in {
        "2024/03/ferry.jpg": (20, 90, 160),
        "2024/04/harbour.jpg": (30, 140, 70),
        "2024/04/flaky.jpg": (200, 60, 60),
    }.items():
        (uploads / relative).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (800, 500), colour).save(uploads / relative, quality=85)
    OldSite.flaky_failures, OldSite.requests = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: OldSite(*a, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def attachment(wp_id: int, base: str, relative: str) -> str:
    return post(
        wp_id,
        relative.rsplit("/", 1)[-1],
        post_type="attachment",
        status="inherit",
        slug=f"attachment-{wp_id}",
        extra=f"<wp:attachment_url>{base}/wp-content/uploads/{relative}</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value>{relative}</wp:meta_value></wp:postmeta>",
    )


def story(base: str) -> str:
    up = f"{base}/wp-content/uploads"
    body = (
        f'<p>The ferry is back.</p><img class="wp-image-5" src="{up}/2024/03/ferry-300x188.jpg">'
        f'<p>The harbour at dawn.</p><img src="{up}/2024/04/harbour.jpg" alt="Harbour">'
        f'<p>More.</p><img src="{up}/2024/04/flaky.jpg" alt="Storm">'
        f'<p>Gone.</p><img src="{up}/2024/04/gone.jpg" alt="Lost">'
        f'<img src="{up}/2024/04/page-not-picture.jpg"><img src="{up}/2024/04/moved-inside.jpg">'
    )
    thumbnail = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>5</wp:meta_value></wp:postmeta>"
    )
    return post(1, "Ferry returns", slug="ferry-returns", content=body, extra=thumbnail)


@pytest.fixture
def export(old_site, tmp_path):
    text = wxr(attachment(5, old_site, "2024/03/ferry.jpg") + story(old_site))
    text = text.replace("https://tiny.example", old_site)
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pictures_come_from_masthead_not_the_old_site(
    site, export, old_site, settings, tmp_path, client
):
    settings.VAR_DIR = tmp_path / "var"
    report = run_import(export, "--fetch-media")

    ferry = ArticlePage.objects.get(slug="ferry-returns")
    assert ferry.featured_image is not None
    assert ferry.featured_image.width == 800
    images = [block.value["image"] for block in ferry.body if block.block_type == "image"]
    assert {image.title for image in images} == {"ferry.jpg", "harbour.jpg", "flaky.jpg"}
    assert get_image_model().objects.count() == 3

    html = client.get(ferry.url).content.decode()
    assert html.count("<img") >= 3
    # Pictures are Masthead's renditions; what could not be fetched stays a plain link.
    assert (
        f'src="{old_site}' not in html
        and f"{old_site}/wp-content/uploads/2024/04/harbour" not in html
    )
    assert f'href="{old_site}/wp-content/uploads/2024/04/gone.jpg"' in html

    # ferry (not its resized copy), harbour, and flaky after one 503; three could not be.
    assert "3 files fetched" in report and "3 could not be fetched" in report
    assert "2024/04/gone.jpg" in report and "answered 404" in report
    assert "sent text/html, not the file" in report
    assert "10.1.2.3 is a private or local address" in report


def test_a_second_run_fetches_nothing_and_changes_nothing(
    site, export, old_site, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"
    run_import(export, "--fetch-media")
    OldSite.requests = []

    report = run_import(export, "--fetch-media")
    assert "0 files fetched" in report and "3 already fetched" in report
    # Only what failed is asked for again.
    assert sorted(OldSite.requests) == [
        "/wp-content/uploads/2024/04/gone.jpg",
        "/wp-content/uploads/2024/04/moved-inside.jpg",
        "/wp-content/uploads/2024/04/page-not-picture.jpg",
    ]
    for line in report.splitlines():
        if line.startswith(("│ posts", "│ attachments", "│ body pictures")):
            created, updated = line.split("│")[3:5]
            assert created.strip() == "0" and updated.strip() == "0", line


def test_the_fetcher_refuses_other_schemes_and_private_addresses(tmp_path):
    fetcher = MediaFetcher(tmp_path, site_hosts={"news.example"})
    assert fetcher.fetch("a.jpg", "file:///etc/passwd").reason.startswith("not an http(s)")
    refused = fetcher.fetch("b.jpg", "http://127.0.0.1:9/b.jpg")
    assert "private or local address" in refused.reason
    assert fetcher.fetch("../../c.jpg", "http://news.example/c.jpg").status == "failed"
    assert not any(Path(tmp_path).iterdir())
