"""The shipped nginx configuration in front of ``masthead serve``, purged by Masthead.

Debian's nginx (installed by scripts/ensure-nginx.sh) runs
deploy/nginx/masthead.conf as shipped, with only the lines marked ADJUST
pointed at this test's ports and folders.
"""

import gzip
import os
import shutil
import subprocess
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from servers import app_server, free_port, masthead, masthead_env, running

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"

pytestmark = pytest.mark.skipif(
    not (Path(NGINX).exists() and PURGE_MODULE.exists()),
    reason="needs Debian's nginx and libnginx-mod-http-cache-purge (scripts/ensure-nginx.sh)",
)

MAKE_STORY = """
from masthead.news.authoring import add_article, add_section, ensure_news_site
home = ensure_news_site("Nginx Gazette", "127.0.0.1", {port})
section = add_section(home, "Harbour")
story = add_article(section, "Lighthouse keeper retires", paragraphs=["After forty years."])
print("STORY", story.pk, story.url)
"""

EDIT_STORY = """
from masthead.news.models import ArticlePage
story = ArticlePage.objects.get(pk={pk})
story.title = "Lighthouse keeper retires after forty years"
story.save_revision().publish()
"""

MAKE_SECTION_PRIVATE = """
from wagtail.models import PageViewRestriction
from masthead.news.models import ArticlePage
section = ArticlePage.objects.get(pk={pk}).get_parent()
PageViewRestriction.objects.create(page=section, restriction_type="password", password="members")
"""


def site_config(app_port: int, nginx_port: int, work: Path, var_dir: Path) -> str:
    text = SHIPPED.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/var/lib/nginx/masthead": str(work / "cache"),
        "listen 80;": f"listen 127.0.0.1:{nginx_port};",
        "/srv/masthead/var/": f"{var_dir}/",
    }
    for shipped, here in replacements.items():
        assert shipped in text, f"the shipped configuration no longer has {shipped!r}"
        text = text.replace(shipped, here)
    return text


def main_config(work: Path, site: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
load_module {PURGE_MODULE};
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    # As Debian's own /etc/nginx/nginx.conf has them.
    sendfile on;
    tcp_nopush on;
    access_log off;
{temp}
    include {site};
}}
"""


def fetch(url: str, cookie: str = "", gzipped: bool = False) -> tuple[str, str]:
    """The page and nginx's word on where it came from (HIT, MISS, BYPASS…)."""
    headers = {"Cookie": cookie} if cookie else {}
    if gzipped:
        headers["Accept-Encoding"] = "gzip"
    with urlopen(Request(url, headers=headers), timeout=30) as response:  # noqa: S310
        body = response.read()
        if gzipped:
            assert response.headers.get("Content-Encoding") == "gzip"
            body = gzip.decompress(body)
        else:
            assert "Content-Encoding" not in response.headers
        return body.decode(), response.headers.get("X-Proxy-Cache", "")


@pytest.fixture(scope="module")
def newsroom_behind_nginx(tmp_path_factory):
    """One newsroom for the module: setting it up is most of the time these tests take."""
    tmp_path = tmp_path_factory.mktemp("behind-nginx")
    var_dir, work = tmp_path / "var", tmp_path / "nginx"
    work.mkdir()
    app_port, nginx_port = free_port(), free_port()
    front = f"http://127.0.0.1:{nginx_port}"
    env = masthead_env(var_dir, MASTHEAD_FRONTEND_CACHE_URL=front)
    masthead(env, "setup")
    made = masthead(env, "shell", "-c", MAKE_STORY.format(port=nginx_port))
    _, pk, path = next(line for line in made.splitlines() if line.startswith("STORY")).split()
    site = work / "masthead.conf"
    site.write_text(site_config(app_port, nginx_port, work, var_dir))
    main = work / "nginx.conf"
    main.write_text(main_config(work, site))
    checked = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-c", str(main)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    with app_server(env, port=app_port), running([NGINX, "-c", str(main)], env, front + "/healthz"):
        yield front, env, int(pk), path


def test_nginx_serves_the_story_from_its_cache_and_shows_an_edit_at_once(newsroom_behind_nginx):
    front, env, pk, path = newsroom_behind_nginx
    for gzipped in (False, True):
        page, first = fetch(front + path, gzipped=gzipped)
        assert "Lighthouse keeper retires" in page and first == "MISS"
        assert fetch(front + path, gzipped=gzipped)[1] == "HIT"
        fetch(front + "/", gzipped=gzipped)
        assert fetch(front + "/", gzipped=gzipped)[1] == "HIT"

    masthead(env, "shell", "-c", EDIT_STORY.format(pk=pk))

    for gzipped in (False, True):
        page, status = fetch(front + path, gzipped=gzipped)
        assert "Lighthouse keeper retires after forty years" in page
        assert status == "MISS"
        home, status = fetch(front + "/", gzipped=gzipped)
        assert "Lighthouse keeper retires after forty years" in home and status == "MISS"
        assert fetch(front + path, gzipped=gzipped)[1] == "HIT"


def test_personal_readers_and_query_strings_go_past_nginx(newsroom_behind_nginx):
    front, _, _, path = newsroom_behind_nginx
    fetch(front + path)
    assert fetch(front + path)[1] == "HIT"
    assert fetch(front + path, cookie="sessionid=abc")[1] == "BYPASS"
    assert fetch(front + path, cookie="theme=dark; masthead_commenter=x")[1] == "BYPASS"
    assert fetch(front + path + "?cpage=2")[1] == "BYPASS"
    # An unrelated cookie (analytics, a theme) does not split the cache.
    assert fetch(front + path, cookie="theme=dark")[1] == "HIT"


def test_browsers_and_plain_clients_each_get_the_same_page(newsroom_behind_nginx):
    front, _, _, path = newsroom_behind_nginx
    plain, _ = fetch(front + path)
    compressed, status = fetch(front + path, gzipped=True)
    assert status == "HIT" and compressed == plain


def test_a_section_made_private_leaves_nginx_at_once(newsroom_behind_nginx):
    """Last in the module: the story stays private for the tests after it."""
    front, env, pk, path = newsroom_behind_nginx
    fetch(front + path)
    assert fetch(front + path)[1] == "HIT"

    masthead(env, "shell", "-c", MAKE_SECTION_PRIVATE.format(pk=pk))

    page, status = fetch(front + path)
    assert "After forty years." not in page and status != "HIT"
    assert "After forty years." not in fetch(front + path)[0]
