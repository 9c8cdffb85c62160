"""How long a WordPress import takes, and how much memory it needs, at newsroom scale.

    .venv/bin/python bench/wordpress_import.py                       # 10,000 posts, 50,000 comments
    .venv/bin/python bench/wordpress_import.py --posts 1000 --comments 5000 --attachments 50
    .venv/bin/python bench/wordpress_import.py --fetch-media   # pictures over HTTP, not --uploads

Writes a synthetic WXR export (clearly labelled benchmark data: Faker-free
word salad, never for a real site) into a scratch folder, creates a fresh
SQLite database there (``DATABASE_URL`` is ignored: a real database is never
touched), then runs ``masthead import-wordpress`` twice in a subprocess: the
first run imports everything, the second must find everything unchanged.
Prints wall time, peak memory (max RSS of the import process) and throughput.
With ``--fetch-media`` the pictures (full-size, photo-like noise) are served by
a local HTTP server standing in for the old site, and the import downloads them
with ``--fetch-media`` instead of reading ``--uploads``.
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
MASTHEAD = ROOT / ".venv" / "bin" / "masthead"
WORDS = [
    "harbour",
    "council",
    "ferry",
    "budget",
    "school",
    "library",
    "river",
    "bridge",
    "market",
    "festival",
    "election",
    "housing",
    "transport",
    "weather",
    "football",
    "museum",
    "hospital",
    "police",
    "court",
    "farmers",
    "fishermen",
    "residents",
    "mayor",
    "teachers",
    "students",
    "volunteers",
    "pier",
    "lighthouse",
    "island",
    "village",
    "town",
    "announced",
    "said",
    "approved",
    "rejected",
    "opened",
    "closed",
    "delayed",
    "reported",
    "expected",
    "welcomed",
]
CATEGORIES = [
    ("news", "News", ""),
    ("local", "Local", "news"),
    ("world", "World", "news"),
    ("politics", "Politics", ""),
    ("business", "Business", ""),
    ("sport", "Sport", ""),
    ("culture", "Culture", ""),
    ("opinion", "Opinion", ""),
]
AUTHORS = 20
TAGS = 200
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Benchmark Gazette (synthetic)</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:base_blog_url>https://bench.example</wp:base_blog_url>
"""


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def body(rng: random.Random, attachments: int) -> str:
    paragraphs = [paragraph(rng) for _ in range(rng.randint(5, 8))]
    if rng.random() < 0.5:
        parts = [f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs]
        parts.insert(2, "<!-- wp:heading -->\n<h2>What happens next</h2>\n<!-- /wp:heading -->")
        if attachments:
            image = rng.randint(1, attachments)
            parts.insert(
                1,
                f'<!-- wp:image {{"id":{image}}} -->\n<figure class="wp-block-image">'
                f'<img src="https://bench.example/wp-content/uploads/2024/01/picture-{image}.jpg"'
                f' class="wp-image-{image}"/><figcaption>A picture.</figcaption></figure>\n'
                "<!-- /wp:image -->",
            )
        return "\n\n".join(parts)
    if attachments and rng.random() < 0.5:
        image = rng.randint(1, attachments)
        paragraphs.insert(
            1,
            f'[caption id="attachment_{image}" width="300"]<img class="wp-image-{image}" '
            f'src="https://bench.example/wp-content/uploads/2024/01/picture-{image}-300x200.jpg"'
            " /> A caption[/caption]",
        )
    if rng.random() < 0.2:
        paragraphs.append("https://www.youtube.com/watch?v=benchmark")
    return "\n\n".join(paragraphs)


def write_export(path: Path, posts: int, comments: int, attachments: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(1, AUTHORS + 1):
            out.write(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>writer{n}"
                f"</wp:author_login><wp:author_email>writer{n}@bench.example</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'Writer {n}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for n, (slug, name, parent) in enumerate(CATEGORIES, start=2):
            out.write(
                f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{name}</wp:cat_name></wp:category>\n"
            )
        for n in range(1, TAGS + 1):
            out.write(
                f"<wp:tag><wp:term_id>{100 + n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
                f"<wp:tag_name>Tag {n}</wp:tag_name></wp:tag>\n"
            )
        for n in range(1, attachments + 1):
            out.write(
                f"<item><title>Picture {n}</title>"
                f"<link>https://bench.example/?attachment_id={n}</link>"
                f"<guid>https://bench.example/wp-content/uploads/2024/01/picture-{n}.jpg</guid>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_type>attachment</wp:post_type>"
                "<wp:status>inherit</wp:status><wp:post_parent>0</wp:post_parent>"
                "<wp:attachment_url>https://bench.example/wp-content/uploads/2024/01/"
                f"picture-{n}.jpg</wp:attachment_url></item>\n"
            )
        comments_left, comment_id = comments, 1
        for n in range(posts):
            wp_id = 100_000 + n
            published = start + timedelta(minutes=n * 263)
            gmt = published.strftime("%Y-%m-%d %H:%M:%S")
            local = (published + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
            slug = f"story-{n}-" + "-".join(rng.sample(WORDS, 3))
            category = rng.choice(CATEGORIES)
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}">Tag {t}</category>'
                for t in rng.sample(range(1, TAGS + 1), rng.randint(1, 4))
            )
            share = comments_left // (posts - n)
            count = min(comments_left, max(0, share + rng.randint(-2, 2)))
            comments_left -= count
            thread, ids = [], []
            for c in range(count):
                parent = rng.choice(ids) if ids and rng.random() < 0.4 else 0
                ids.append(comment_id)
                created = (published + timedelta(hours=c + 1)).strftime("%Y-%m-%d %H:%M:%S")
                status = rng.choices(["1", "0", "spam"], weights=[90, 7, 3])[0]
                thread.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{comment_id % 997}@mail.example"
                    "</wp:comment_author_email>"
                    f"<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{created}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng))}</wp:comment_content>"
                    f"<wp:comment_approved>{status}</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
                comment_id += 1
            thread_xml = "".join(thread)
            out.write(
                f"<item><title>{escape(sentence(rng)[:90])}</title>"
                f"<link>https://bench.example/{published:%Y/%m/%d}/{slug}/</link>"
                f"<dc:creator>writer{rng.randint(1, AUTHORS)}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example/?p={wp_id}</guid>'
                f"<content:encoded>{cdata(body(rng, attachments))}</content:encoded>"
                f"<excerpt:encoded>{cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{local}</wp:post_date>"
                f"<wp:post_date_gmt>{gmt}</wp:post_date_gmt>"
                f"<wp:post_modified>{local}</wp:post_modified>"
                f"<wp:post_modified_gmt>{gmt}</wp:post_modified_gmt>"
                "<wp:comment_status>open</wp:comment_status>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
                f"<wp:is_sticky>0</wp:is_sticky>"
                f'<category domain="category" nicename="{category[0]}">{category[1]}</category>'
                f"{tags}{thread_xml}</item>\n"
            )
        out.write("</channel></rss>\n")


def write_uploads(folder: Path, attachments: int, photo_sized: bool = False) -> None:
    from PIL import Image

    target = folder / "2024" / "01"
    target.mkdir(parents=True, exist_ok=True)
    for n in range(1, attachments + 1):
        if photo_sized:
            # Noise compresses like a photograph, so the bytes on the wire are realistic.
            grey = Image.effect_noise((1600, 1000), 64 + n % 32)
            picture = Image.merge("RGB", (grey, grey.rotate(90, expand=False), grey))
            picture.save(target / f"picture-{n}.jpg", quality=85)
        else:
            Image.new("RGB", (800, 500), (n % 255, 80, 120)).save(target / f"picture-{n}.jpg")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_old_site(uploads: Path) -> tuple[ThreadingHTTPServer, str]:
    """A local stand-in for the old WordPress site, serving ``/wp-content/uploads/``."""
    root = uploads.parent / "old-site"
    (root / "wp-content").mkdir(parents=True, exist_ok=True)
    (root / "wp-content" / "uploads").symlink_to(uploads)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def point_at(export: Path, site: str) -> None:
    """Rewrite the export's addresses to ``site``, line by line (the file can be large)."""
    moved = export.with_suffix(".moved.xml")
    with open(export, encoding="utf-8") as source, open(moved, "w", encoding="utf-8") as out:
        for line in source:
            out.write(line.replace("https://bench.example", site))
    moved.replace(export)


def timed_import(env: dict, export: Path, media: list[str]) -> tuple[float, float, float, str]:
    """``(wall seconds, CPU seconds, peak MiB, report)`` for one import in its own process.

    CPU time (user + system) is printed beside wall time because it does not
    grow when other work shares the machine.
    """
    command = [str(MASTHEAD), "import-wordpress", str(export), *media, "--no-progress"]
    started = time.perf_counter()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage_before.ru_maxrss
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage.ru_utime + usage.ru_stime) - (usage_before.ru_utime + usage_before.ru_stime)
    peak = usage.ru_maxrss
    if result.returncode != 0:
        sys.exit(f"import failed:\n{result.stdout}\n{result.stderr}")
    # ru_maxrss of children is the largest child so far (KiB on Linux).
    return seconds, cpu, max(peak, before) / 1024, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--attachments", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    parser.add_argument(
        "--fetch-media",
        action="store_true",
        help="Serve the pictures from a local HTTP server and import with --fetch-media.",
    )
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="masthead-bench-wp-"))
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(scratch), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    try:
        export, uploads = scratch / "export.xml", scratch / "uploads"
        started = time.perf_counter()
        write_export(export, options.posts, options.comments, options.attachments, options.seed)
        write_uploads(uploads, options.attachments, photo_sized=options.fetch_media)
        media = ["--uploads", str(uploads)]
        if options.fetch_media:
            server, site = serve_old_site(uploads)
            point_at(export, site)
            media = ["--fetch-media"]
        generated = time.perf_counter() - started
        subprocess.run([str(MASTHEAD), "setup"], env=env, check=True, capture_output=True)
        size_mib = export.stat().st_size / 2**20
        first = timed_import(env, export, media)
        second = timed_import(env, export, media)
        if options.fetch_media:
            server.shutdown()
            fetched = sum(p.stat().st_size for p in uploads.rglob("*.jpg")) / 1_000_000
            print(f"\nPictures served by the stand-in old site: {fetched:.1f} MB")
        print(
            f"\nExport: {options.posts:,} posts, {options.comments:,} comments, "
            f"{options.attachments} attachments, {size_mib:.1f} MiB (written in {generated:.1f} s)"
        )
        print(f"{'run':<28}{'wall time':>12}{'CPU time':>12}{'peak RSS':>12}{'posts/s':>10}")
        for name, (seconds, cpu, peak, _report) in (
            ("first import (creates)", first),
            ("second import (unchanged)", second),
        ):
            rate = options.posts / seconds
            print(f"{name:<28}{seconds:>10.1f} s{cpu:>10.1f} s{peak:>8.0f} MiB{rate:>10.0f}")
        print(f"(load average while measuring: {os.getloadavg()[0]:.1f})")
        print("\nReport of the first run:\n" + first[3])
        print("Report of the second run:\n" + second[3])
    finally:
        if options.keep:
            print(f"Kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
