"""Bringing the old site's media over HTTP: its attachments and every picture in its bodies.

A newsroom leaving WordPress usually still has the old site up, but seldom a
copy of ``wp-content/uploads``. ``--fetch-media`` builds that copy: each file
is downloaded once into a mirror folder laid out like ``uploads``, so the rest
of the import reads it exactly as it reads ``--uploads``, and a second run
fetches only what is still missing.

The old site is somebody's production server, and the addresses come from a
file: downloads are polite (a few connections, timeouts, retries with backoff
only for errors that may pass) and careful (redirects followed by hand and
only to http(s); no request to a private, loopback or link-local address
unless the export's own site lives there; sizes capped while reading; an HTML
page where a picture was expected is refused, not stored as the picture).
"""

import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

logger = logging.getLogger(__name__)

USER_AGENT = "Masthead-WordPress-import/1 (moving this site's archive; one file at a time)"
MAX_MEDIA_BYTES = 512 * 1024 * 1024
CONNECTIONS = 4
TIMEOUT_SECONDS = 30.0
ATTEMPTS = 3
MOST_REDIRECTS = 5
READ_CHUNK = 1 << 16
RETRIED_STATUSES = {408, 425, 429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}

FETCHED, ALREADY_HERE, FAILED = "fetched", "already here", "failed"


class FetchRefused(Exception):
    """This file will not be fetched (an address, type or size that is not acceptable)."""


class _Retry(Exception):
    """A failure that may pass: try again after a pause."""


@dataclass(frozen=True)
class FetchOutcome:
    relative: str
    url: str
    status: str
    reason: str = ""
    size: int = 0


def expected_types(relative: str, kinds: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """The Content-Type prefixes a file of this extension may arrive as."""
    extension = PurePosixPath(relative).suffix.lower().lstrip(".")
    for prefix, extensions in kinds.items():
        if extension in extensions:
            return (prefix, "application/octet-stream", "binary/octet-stream")
    return ()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so that each hop's address is checked first."""

    def redirect_request(self, *args, **kwargs):
        return None


class MediaFetcher:
    """Downloads files into ``folder`` (an uploads-shaped mirror), concurrently and politely."""

    def __init__(
        self,
        folder: Path,
        *,
        site_hosts: Iterable[str] = (),
        allow_private: bool = False,
        kinds: dict[str, frozenset[str]] | None = None,
        connections: int = CONNECTIONS,
        timeout: float = TIMEOUT_SECONDS,
        attempts: int = ATTEMPTS,
        max_bytes: int = MAX_MEDIA_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.folder = Path(folder)
        self.site_hosts = {host.lower() for host in site_hosts if host}
        self.allow_private = allow_private
        self.kinds = kinds or {}
        self.connections = max(1, connections)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.opener = urllib.request.build_opener(_NoRedirects())

    def fetch_all(self, wanted: dict[str, str]) -> list[FetchOutcome]:
        """Fetch each ``relative path → URL``; the outcomes come back in the same order."""
        with ThreadPoolExecutor(max_workers=self.connections) as pool:
            return list(pool.map(lambda pair: self.fetch(*pair), wanted.items()))

    def target(self, relative: str) -> Path | None:
        """Where ``relative`` goes in the mirror; ``None`` for paths that would leave it."""
        parts = PurePosixPath(relative).parts
        if not parts or ".." in parts or PurePosixPath(relative).is_absolute():
            return None
        return self.folder.joinpath(*parts)

    def fetch(self, relative: str, url: str) -> FetchOutcome:
        target = self.target(relative)
        if target is None:
            return FetchOutcome(relative, url, FAILED, "the path leaves the uploads folder")
        if target.is_file():
            return FetchOutcome(relative, url, ALREADY_HERE, size=target.stat().st_size)
        for attempt in range(self.attempts):
            try:
                size = self._download(url, relative, target)
            except FetchRefused as refusal:
                return FetchOutcome(relative, url, FAILED, str(refusal))
            except _Retry as failure:
                if attempt + 1 == self.attempts:
                    return FetchOutcome(relative, url, FAILED, str(failure))
                self.sleep(0.5 * 2**attempt)
            else:
                return FetchOutcome(relative, url, FETCHED, size=size)
        return FetchOutcome(relative, url, FAILED, "no attempt made")  # pragma: no cover

    # One download ----------------------------------------------------------

    def _download(self, url: str, relative: str, target: Path) -> int:
        response = self._open_following_redirects(url)
        with response:
            self._check_type(response.headers.get("Content-Type", ""), relative)
            declared = response.headers.get("Content-Length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchRefused(f"larger than {self.max_bytes // (1024 * 1024)} MB")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            size = 0
            try:
                with open(partial, "wb") as out:
                    while chunk := response.read(READ_CHUNK):
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchRefused(f"larger than {self.max_bytes // (1024 * 1024)} MB")
                        out.write(chunk)
            except (OSError, TimeoutError) as error:
                partial.unlink(missing_ok=True)
                raise _Retry(f"the download broke off ({error.__class__.__name__})") from error
            except FetchRefused:
                partial.unlink(missing_ok=True)
                raise
            if size == 0:
                partial.unlink(missing_ok=True)
                raise FetchRefused("the server sent an empty file")
            # Only a whole file gets the real name: an interrupted run leaves no half picture.
            partial.replace(target)
            return size

    def _open_following_redirects(self, url: str):
        for _hop in range(MOST_REDIRECTS + 1):
            self._check_address(url)
            # _check_address has let through http(s) addresses only.
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
            try:
                return self.opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as error:
                error.close()
                if error.code in REDIRECT_STATUSES and error.headers.get("Location"):
                    url = urljoin(url, error.headers["Location"])
                    continue
                if error.code in RETRIED_STATUSES:
                    raise _Retry(f"the server answered {error.code}") from error
                raise FetchRefused(f"the server answered {error.code}") from error
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                raise _Retry(f"could not connect ({reason})") from error
        raise FetchRefused(f"more than {MOST_REDIRECTS} redirects")

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchRefused(f"not an http(s) address: {url[:120]}")
        host = parts.hostname.lower()
        if self.allow_private or host in self.site_hosts:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, port)}
        except (socket.gaierror, UnicodeError) as error:
            raise _Retry(f"the name {host} does not resolve") from error
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise FetchRefused(
                    f"{host} is a private or local address ({address}); use "
                    "--allow-private-media if the old site really is there"
                )

    def _check_type(self, content_type: str, relative: str) -> None:
        allowed = expected_types(relative, self.kinds)
        kind = content_type.split(";", 1)[0].strip().lower()
        wrong = not kind.startswith(allowed) if allowed else kind == "text/html"
        if kind and wrong:
            raise FetchRefused(f"the server sent {kind}, not the file (a page in its place?)")


def summarise(outcomes: list[FetchOutcome]) -> dict[str, int]:
    """Counts by status and the bytes fetched, for the report."""
    counts = {FETCHED: 0, ALREADY_HERE: 0, FAILED: 0, "bytes": 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
        if outcome.status == FETCHED:
            counts["bytes"] += outcome.size
    return counts
