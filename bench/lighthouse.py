"""Lighthouse scores (mobile) of the demo's reader pages, as a markdown table.

    .venv/bin/python bench/lighthouse.py [--runs 1]

Builds the demo newsroom into a scratch folder, serves it with `masthead run`
on a loopback port, and runs Lighthouse 12.2.3 (installed with npm into
var/lighthouse on first use; Lighthouse 13 needs Node 22) against Debian's
Chromium on the home page, a section, an article, an author and a tag page.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE_DIR = REPO / "var" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
PORT = 8765
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(LIGHTHOUSE_DIR), "lighthouse@12.2.3"],
            check=True,
        )
    subprocess.run([str(REPO / "scripts" / "ensure-chromium.sh")], check=True)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {seconds} s")


def reader_pages(base: str) -> dict[str, str]:
    home = fetch(base + "/")
    links = re.findall(r'href="(/[^"#?]*)"', home)
    article = next(link for link in links if link.count("/") == 3 and "/authors/" not in link)
    section = "/" + article.split("/")[1] + "/"
    article_html = fetch(base + article)
    author = next(iter(re.findall(r'href="(/authors/[^"]+/)" rel="author"', article_html)), None)
    tag = next(iter(re.findall(r'href="(/tags/[^"]+/)" rel="tag"', article_html)), None)
    pages = {"home": "/", "section": section, "article": article}
    if author:
        pages["author"] = author
    if tag:
        pages["tag"] = tag
    return pages


def lighthouse_scores(url: str, report: Path) -> dict:
    """One Lighthouse run; a run that fails (Chromium timing out on a busy machine) is retried."""
    for attempt in range(3):
        try:
            return lighthouse_run(url, report)
        except subprocess.CalledProcessError:
            if attempt == 2:
                raise
            print(f"(Lighthouse failed on {url}, trying again)", file=sys.stderr, flush=True)
    raise AssertionError("unreachable")


def lighthouse_run(url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={report}",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result = json.loads(report.read_text())
    categories = result["categories"]
    scores = {name: categories[name]["score"] * 100 for name in CATEGORIES}
    # What cost points: every weighted audit of a category below 100 that did not pass.
    scores["missed"] = sorted(
        {
            f"{name}: {ref['id']} ({result['audits'][ref['id']].get('displayValue') or 'failed'})"
            for name in CATEGORIES
            if categories[name]["score"] < 1
            for ref in categories[name]["auditRefs"]
            if ref.get("weight")
            and (result["audits"][ref["id"]].get("score") or 0) < 1
            and result["audits"][ref["id"]].get("scoreDisplayMode")
            not in ("notApplicable", "manual", "informative")
        }
    )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the lowest counts")
    parser.add_argument("--port", type=int, default=PORT, help=f"loopback port ({PORT})")
    parser.add_argument(
        "--pages", default="", help="comma-separated: home,section,article,author,tag (all)"
    )
    args = parser.parse_args()
    ensure_lighthouse()
    scratch = Path(tempfile.mkdtemp(prefix="masthead-lighthouse-"))
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(scratch)}
    env.pop("DATABASE_URL", None)
    server = None
    missed: set[str] = set()
    try:
        subprocess.run([str(BIN / "masthead"), "setup", "-v", "0"], env=env, check=True)
        subprocess.run([str(BIN / "masthead"), "demo", "-v", "0"], env=env, check=True)
        subprocess.run([str(BIN / "masthead"), "warm-pages"], env=env, check=True)
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "masthead"), "run", "--no-worker", "--port", str(args.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{args.port}"
        wait_for(base + "/")
        print("| page | URL | " + " | ".join(CATEGORIES) + " | HTML KiB |")
        print("|---|---|" + "---:|" * (len(CATEGORIES) + 1))
        wanted = set(filter(None, args.pages.split(",")))
        for name, path in reader_pages(base).items():
            if wanted and name not in wanted:
                continue
            report = scratch / "report.json"
            runs = [lighthouse_scores(base + path, report) for _ in range(args.runs)]
            worst = {category: min(run[category] for run in runs) for category in CATEGORIES}
            size = len(fetch(base + path).encode()) / 1024
            cells = " | ".join(f"{worst[category]:.0f}" for category in CATEGORIES)
            print(f"| {name} | `{path}` | {cells} | {size:.1f} |", flush=True)
            missed.update(f"{name} {audit}" for run in runs for audit in run["missed"])
    finally:
        if missed:
            print("\nAudits that cost points (any run):")
            for line in sorted(missed):
                print(f"- {line}")
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
