"""A wapiti3 scan of the demo newsroom, served as in production, on loopback.

    .venv/bin/python bench/security_scan.py          # about 25 minutes on 2 cores
    .venv/bin/python bench/security_scan.py --max-scan-time 0 --max-attack-time 0 \
        --scan-force normal --max-files-per-dir 0 --max-links-per-page 100   # the full one: hours

Builds a throw-away newsroom (``masthead setup``, ``masthead demo``,
``masthead warm-pages`` in a temporary ``MASTHEAD_VAR_DIR``), serves it with
``masthead serve`` in production mode on a free loopback port, and runs wapiti
(installed by ``scripts/ensure-wapiti.sh``) against it with the attack modules
of :data:`MODULES`, as a stranger: no account. It then prints what wapiti found
by module and severity, the requests the server answered (from its own request
log) and any it answered with a 5xx, and stops the server.

Exits 1 when wapiti reports anything above "info" that :data:`ALLOWED` does not
list, when the server answered a 5xx, when the site fetched an address an
attacker planted (the out-of-band endpoint, ``bench/wapiti_endpoint.py``), or
when the defence an allowed finding relies on no longer holds.
docs/security.md, "The outside scan", explains every finding and the last run.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))

from load import app_server, production_env  # noqa: E402
from servers import free_port, masthead  # noqa: E402
from wapiti_endpoint import running_endpoint  # noqa: E402

# Wapiti 3.2.3's names (``wapiti --list-modules``), each for a way in that
# docs/security.md's threat model names. Left out, and why, in docs/security.md.
MODULES = (
    "sql",  # SQL injection, error- and boolean-based
    "exec",  # shell or code execution
    "file",  # path traversal, file inclusion
    "xss",  # reflected cross-site scripting
    "permanentxss",  # stored cross-site scripting (comments, sign-ups)
    "crlf",  # header injection through CR/LF
    "redirect",  # open redirects (the admin's ?next=, comment landings)
    "ssrf",  # the server fetching an address the attacker gave
    "xxe",  # XML external entities
    "csrf",  # forms a forged cross-site POST could submit
    "backup",  # backup copies of files (.bak, ~) left on the server
    "htaccess",  # access controls skipped with another HTTP method
    "methods",  # uncommon HTTP methods allowed
    "http_headers",  # X-Frame-Options, X-Content-Type-Options, HSTS
    "cookieflags",  # Secure and HttpOnly on cookies
    "csp",  # Content-Security-Policy
)
SEVERITIES = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
# A browser gets a CSRF cookie from the first page with a form; wapiti speaks
# plain HTTP and would not send the cookie back (it is Secure in production),
# so it gets one as every browser over HTTPS has. The value is a well-formed
# secret of Django's (32 letters and digits) and means nothing outside the scan.
CSRF_COOKIE = "csrftoken=wapitiscanwapitiscanwapitiscan00"
# What the proxy in front of Masthead says of every request (deploy/nginx/masthead.conf).
FORWARDED_HTTPS = "X-Forwarded-Proto: https"
# Limits that would answer 429 or "wait 15 seconds" before a payload reached the
# code it is meant for; each limit has its own tests.
UNTHROTTLED = {
    "MASTHEAD_LOGIN_FAILURE_LIMIT": "1000000",
    "NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR": "1000000",
}
EXCLUDED = (
    # Nothing to gain and the session to lose, had wapiti one.
    "/admin/logout/*",
)
BUILD_TIMEOUT = 1800


@dataclass(frozen=True)
class Allowed:
    """A finding above info that is a false positive, and the check that keeps it one."""

    module: str
    method: str
    path: str
    reason: str
    # A request that must be refused with ``refused_status`` after the scan, or
    # the finding counts again: the allowance rests on this defence.
    probe_headers: tuple[tuple[str, str], ...]
    refused_status: int

    def matches(self, finding: "Finding") -> bool:
        return (finding.module, finding.method, finding.path) == (
            self.module,
            self.method,
            self.path,
        )


# False positives, each explained in docs/security.md ("The outside scan"). A
# finding matches by module, method and path exactly; anything else still fails.
ALLOWED = (
    Allowed(
        module="csrf",
        method="POST",
        path="/newsletters/subscribe/",
        reason=(
            "sign-up box on cached pages: no per-reader token by design; cross-site posts "
            "are refused by Sec-Fetch-Site/Origin (core/origins.py), no session rides on it, "
            "and double opt-in decides what is sent"
        ),
        probe_headers=(("Sec-Fetch-Site", "cross-site"), ("Origin", "https://attacker.example")),
        refused_status=403,
    ),
)


# Inside the newsroom (``--prepare``, run under the scratch settings) ------------


def open_comments() -> None:
    """Comments go live at once and may follow each other without a pause.

    A comment from a new reader is held for moderation, and flood control
    refuses a second one from the same address within 15 seconds: wapiti's
    stored payloads would otherwise never reach a public page, where
    ``permanentxss`` looks for them.
    """
    import django

    django.setup()
    from wagtail.models import Site

    from masthead.comments.models import CommentSettings

    rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    rules.flood_seconds = 0
    rules.require_previous_approval = False
    rules.save()


# The scan ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # "vulnerability", "anomaly" or "additional"
    category: str
    module: str
    level: int
    method: str
    path: str
    parameter: str
    info: str

    @property
    def severity(self) -> str:
        return SEVERITIES.get(self.level, str(self.level))


def ensure_wapiti() -> Path:
    done = subprocess.run(
        [str(ROOT / "scripts" / "ensure-wapiti.sh")], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"Installing wapiti failed:\n{done.stderr}")
    return Path(done.stdout.strip().splitlines()[-1])


def build(env: dict[str, str]) -> dict[str, float]:
    """The demo newsroom with its pictures prepared; seconds per step."""
    seconds = {}
    for step in (["setup"], ["demo"], ["warm-pages"]):
        print(f"building: masthead {step[0]}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        masthead(env, *step, timeout=BUILD_TIMEOUT)
        seconds[f"masthead {step[0]}"] = time.perf_counter() - started
    done = subprocess.run(
        [sys.executable, __file__, "--prepare"], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"Opening the comments failed:\n{done.stderr}")
    return seconds


def wapiti_command(wapiti: Path, base: str, endpoint: str, work: Path, args) -> list[str]:
    command = [
        str(wapiti),
        "--url",
        base + "/",
        "--scope",
        "folder",
        "--module",
        ",".join(MODULES),
        # Never wapiti's servers on the internet: no bug reports, and the
        # out-of-band checks go to the endpoint on loopback.
        "--no-bugreport",
        "--endpoint",
        endpoint,
        # log4shell is not run, but wapiti resolves its DNS endpoint at start.
        "--dns-endpoint",
        "127.0.0.1",
        "--store-session",
        str(work / "wapiti-session"),
        "--store-config",
        str(work / "wapiti-config"),
        "--flush-session",
        "--header",
        FORWARDED_HTTPS,
        "--header",
        f"Origin: {base.replace('http://', 'https://')}",
        "--cookie-value",
        CSRF_COOKIE,
        "--max-links-per-page",
        str(args.max_links_per_page),
        "--max-files-per-dir",
        str(args.max_files_per_dir),
        "--scan-force",
        args.scan_force,
        "--timeout",
        str(args.timeout),
        "--tasks",
        str(args.tasks),
        "--format",
        "json",
        "--output",
        str(work / "wapiti.json"),
        "--log",
        str(work / "wapiti.log"),
        "--verbose",
        "1",
    ]
    if args.max_scan_time:
        command += ["--max-scan-time", str(args.max_scan_time)]
    if args.max_attack_time:
        command += ["--max-attack-time", str(args.max_attack_time)]
    for path in EXCLUDED:
        command += ["--exclude", base + path]
    return command


def findings(report: dict) -> list[Finding]:
    """Every item of wapiti's JSON report, vulnerabilities, anomalies and additionals alike."""
    found = []
    for kind, section in (
        ("vulnerability", "vulnerabilities"),
        ("anomaly", "anomalies"),
        ("additional", "additionals"),
    ):
        for category, items in report.get(section, {}).items():
            for item in items:
                found.append(
                    Finding(
                        kind,
                        category,
                        item.get("module", ""),
                        int(item.get("level", 0)),
                        item.get("method", ""),
                        item.get("path", ""),
                        item.get("parameter", ""),
                        " ".join(str(item.get("info", "")).split()),
                    )
                )
    return found


def served(log: Path) -> tuple[Counter, list[str], list[str]]:
    """Statuses the server answered (its request log), its 5xx lines and its ERROR lines."""
    statuses: Counter = Counter()
    failed, errors = [], []
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("level") == "ERROR":
            errors.append(entry.get("message", line)[:300])
        if entry.get("logger") != "masthead.requests":
            continue
        status = int(entry.get("status", 0))
        statuses[status] += 1
        if status >= 500:
            failed.append(entry.get("message", line))
    return statuses, failed, errors


def cut_short(wapiti_log: Path) -> list[str]:
    """Wapiti's own lines saying that a time limit stopped something."""
    if not wapiti_log.exists():
        return []
    return [
        line.strip()
        for line in wapiti_log.read_text(errors="replace").splitlines()
        if "time was reached" in line
    ]


def table(found: list[Finding]) -> str:
    counts = Counter((f.module, f.category, f.severity, f.kind) for f in found)
    lines = ["| module | category | severity | kind | findings |", "|---|---|---|---|---:|"]
    for (module, category, severity, kind), n in sorted(counts.items()):
        lines.append(f"| {module} | {category} | {severity} | {kind} | {n} |")
    if not counts:
        lines.append("| – | – | – | – | 0 |")
    return "\n".join(lines)


@dataclass
class Outcome:
    """What one scan found, on both sides: wapiti's report and the server's log."""

    found: list[Finding]
    served: tuple[Counter, list[str], list[str]]
    planted: list
    limits: list[str]
    build_seconds: dict[str, float]
    scan_seconds: float

    # Allowed entries whose defence did not hold when probed after the scan.
    broken_allowances: list[str] = field(default_factory=list)

    def allowance(self, finding: Finding) -> Allowed | None:
        for allowed in ALLOWED:
            if allowed.matches(finding) and allowed.path not in self.broken_allowances:
                return allowed
        return None

    def above_info(self) -> list[Finding]:
        """Findings above info that no allowance covers: each fails the scan."""
        return [f for f in self.found if f.level > 0 and self.allowance(f) is None]

    def allowed(self) -> list[tuple[Finding, Allowed]]:
        return [(f, a) for f in self.found if f.level > 0 and (a := self.allowance(f))]

    def status(self) -> int:
        _, failed, _ = self.served
        return 1 if self.above_info() or failed or self.planted else 0


def probe_allowances(base: str) -> list[str]:
    """Send each allowance's forged request; the paths whose defence did not refuse it."""
    broken = []
    for allowed in ALLOWED:
        request = urllib.request.Request(
            base + allowed.path,
            data=b"email=probe%40scan.test",
            method=allowed.method,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-Proto": "https",
                **dict(allowed.probe_headers),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != allowed.refused_status:
            print(f"allowance broken: {allowed.method} {allowed.path} answered {status}")
            broken.append(allowed.path)
    return broken


def print_outcome(outcome: Outcome, wapiti: Path, base: str) -> None:
    statuses, failed, errors = outcome.served
    version = wapiti.parent.parent.name.removeprefix("wapiti-")
    print(f"# wapiti {version} against {base}\n")
    print("modules: " + ", ".join(MODULES))
    steps = ", ".join(f"{step} {s:.0f} s" for step, s in outcome.build_seconds.items())
    print(f"build: {steps}")
    print(f"scan: {outcome.scan_seconds / 60:.1f} minutes")
    by_status = ", ".join(f"{status} × {n:,}" for status, n in sorted(statuses.items()))
    print(f"requests the server answered: {sum(statuses.values()):,} ({by_status})")
    for line in outcome.limits:
        print(f"time limit: {line}")
    print()
    print(table(outcome.found))
    print()
    for finding in outcome.above_info():
        print(
            f"- {finding.severity} {finding.module}: {finding.method} {finding.path} "
            f"[{finding.parameter}] {finding.info[:200]}"
        )
    for finding, allowed in outcome.allowed():
        print(
            f"- allowed, {finding.severity} {finding.module}: {finding.method} {finding.path}: "
            f"{allowed.reason} (forged request refused with {allowed.refused_status})"
        )
    for path in outcome.broken_allowances:
        print(f"- allowance withdrawn, its defence did not hold: {path}")
    for line in failed[:20]:
        print(f"- 5xx: {line}")
    for line in errors[:20]:
        print(f"- ERROR logged: {line}")
    for hit in outcome.planted[:20]:
        print(f"- the site fetched a planted address: {hit.method} {hit.path}")
    print(
        f"\n{len(outcome.above_info())} finding(s) above info not allowed, "
        f"{len(outcome.allowed())} allowed, "
        f"{len(failed)} 5xx answer(s), {len(outcome.planted)} fetch(es) of planted addresses"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-scan-time", type=float, default=1500, help="seconds; 0: none")
    parser.add_argument("--max-attack-time", type=float, default=120, help="per module; 0: none")
    parser.add_argument("--max-links-per-page", type=int, default=20)
    parser.add_argument("--max-files-per-dir", type=int, default=5)
    parser.add_argument(
        "--scan-force",
        default="paranoid",
        help="wapiti's -S: how many look-alike addresses it attacks (paranoid: fewest)",
    )
    parser.add_argument("--timeout", type=float, default=20, help="wapiti's per-request timeout")
    parser.add_argument("--tasks", type=int, default=4, help="wapiti's concurrent crawl tasks")
    parser.add_argument("--workers", type=int, default=2, help="masthead serve's workers")
    parser.add_argument("--keep", action="store_true", help="keep the folder (report, logs)")
    parser.add_argument("--reuse", type=Path, help="scan a folder --keep kept, without building")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        open_comments()
        return

    wapiti = ensure_wapiti()
    with ExitStack() as stack:
        if args.reuse:
            work = args.reuse
        elif args.keep:
            work = Path(tempfile.mkdtemp(prefix="masthead-scan-"))
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="masthead-scan-")))
        var_dir = work / "var"
        env = production_env(
            var_dir,
            DJANGO_SETTINGS_MODULE="masthead.settings",
            LOG_FORMAT="json",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            **UNTHROTTLED,
        )
        build_seconds = {} if args.reuse else build(env)
        log = work / f"serve-{time.strftime('%Y%m%d-%H%M%S')}.log"
        app = stack.enter_context(app_server(env, free_port(), args.workers, log))
        endpoint = stack.enter_context(running_endpoint(free_port()))
        command = wapiti_command(wapiti, app.base, endpoint.base, work, args)
        print(f"scanning {app.base} with wapiti; its log: {work / 'wapiti.log'}", file=sys.stderr)
        started = time.perf_counter()
        scan = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        scan_seconds = time.perf_counter() - started
        report_file = work / "wapiti.json"
        if scan.returncode or not report_file.exists():
            raise SystemExit(f"wapiti failed (exit {scan.returncode}):\n{scan.stderr[-3000:]}")
        # Let the log catch up with the last answers before it is read.
        time.sleep(2)
        outcome = Outcome(
            found=findings(json.loads(report_file.read_text())),
            served=served(log),
            planted=list(endpoint.hits),
            limits=cut_short(work / "wapiti.log"),
            build_seconds=build_seconds,
            scan_seconds=scan_seconds,
            broken_allowances=probe_allowances(app.base),
        )
        print_outcome(outcome, wapiti, app.base)
        if args.keep or args.reuse:
            print(f"\nkept: {work}")
    sys.exit(outcome.status())


if __name__ == "__main__":
    main()
