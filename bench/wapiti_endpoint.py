"""The out-of-band endpoint wapiti's ssrf and xxe modules need, on loopback.

Those two modules cannot see a flaw in the answers they get: they plant
addresses of an endpoint in what they send (``…/ssrf/<session>/<path id>/<hex
parameter>/``, a DTD under ``…/dtd/…``) and afterwards ask that endpoint whether
the target fetched any of them (``get_ssrf.php``, ``get_xxe.php``). Wapiti's
default endpoint is a server of its authors on the internet, which a scan from
this machine must not reach (and a newsroom's scan should not tell anyone
about). This one listens on a loopback port and answers both questions in the
JSON wapiti 3.2.3 reads (its ``mod_ssrf.finish`` and ``mod_xxe.finish``).

Any request that reaches it other than wapiti's own two questions was made
by Masthead on an attacker's instructions, whatever wapiti makes of it, so the
scan counts them all (:attr:`Endpoint.hits`).
"""

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# /ssrf/<session>/<path id>/<hex parameter>/ and /dtd/<session>/<path id>/<hex parameter>/<name>.dtd
PLANTED = re.compile(
    r"^/(?P<kind>ssrf|dtd)/(?P<session>[^/]+)/(?P<path_id>\d+)/(?P<hex_param>[0-9a-fA-F]*)/"
    r"(?:(?P<payload>[\w-]+)\.dtd)?"
)
QUESTIONS = {"/get_ssrf.php": "ssrf", "/get_xxe.php": "dtd"}


@dataclass
class Hit:
    """One request that the scanned site sent here."""

    method: str
    path: str
    client: str
    date: str


@dataclass
class Endpoint:
    """The running endpoint: its base URL (ending in /) and what reached it."""

    base: str
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def answer(self, kind: str, session: str) -> dict:
        """``{path id: {hex parameter: [request, …]}}`` for one module's session."""
        found: dict[str, dict[str, list[dict]]] = {}
        with self.lock:
            hits = list(self.hits)
        for hit in hits:
            planted = PLANTED.match(hit.path)
            if not planted or planted["kind"] != kind or planted["session"] != session:
                continue
            seen = {
                "url": self.base.rstrip("/") + hit.path,
                "date": hit.date,
                "ip": hit.client,
                "method": hit.method,
                "size": 0,
                "payload": planted["payload"] or "",
            }
            found.setdefault(planted["path_id"], {}).setdefault(planted["hex_param"], []).append(
                seen
            )
        return found


def handler_for(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def answer_json(self, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def handle_any(self) -> None:
            address = urlsplit(self.path)
            if address.path in QUESTIONS:
                session = parse_qs(address.query).get("session_id", [""])[0]
                self.answer_json(endpoint.answer(QUESTIONS[address.path], session))
                return
            endpoint.record(
                Hit(
                    self.command,
                    address.path,
                    self.client_address[0],
                    datetime.now(UTC).isoformat(),
                )
            )
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = do_PUT = handle_any

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            """Silent: what matters is in :attr:`Endpoint.hits`."""

    return Handler


@contextmanager
def running_endpoint(port: int) -> Iterator[Endpoint]:
    """The endpoint on 127.0.0.1:``port``, in a thread, stopped at the end."""
    endpoint = Endpoint(f"http://127.0.0.1:{port}/")
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(endpoint))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
