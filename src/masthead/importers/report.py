"""The import's account of itself: what was created, updated, left alone and skipped, and why."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from .fetching import ALREADY_HERE, FAILED, FETCHED, FetchOutcome, summarise

OUTCOMES = ("created", "updated", "unchanged", "skipped")
TYPE_ORDER = (
    "authors",
    "sections",
    "tags",
    "attachments",
    "body pictures",
    "posts",
    "pages",
    "comments",
    "redirects",
)
LISTED_EXAMPLES = 10


@dataclass
class TypeTally:
    found: int = 0
    outcomes: Counter = field(default_factory=Counter)
    skipped_because: Counter = field(default_factory=Counter)


@dataclass
class ImportReport:
    """Counts per type and outcome; reasons for skips; repairs and notes worth reading."""

    dry_run: bool = False
    tallies: dict[str, TypeTally] = field(default_factory=lambda: defaultdict(TypeTally))
    repairs: Counter = field(default_factory=Counter)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    unknown_blocks: Counter = field(default_factory=Counter)
    flattened: Counter = field(default_factory=Counter)
    missing_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_fetches: list[str] = field(default_factory=list)
    error: str = ""

    def found(self, kind: str, count: int = 1) -> None:
        self.tallies[kind].found += count

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        self.tallies[kind].outcomes[outcome] += number

    def skip(self, kind: str, reason: str, number: int = 1) -> None:
        self.tallies[kind].outcomes["skipped"] += number
        self.tallies[kind].skipped_because[reason] += number

    def repair(self, what: str, number: int = 1) -> None:
        self.repairs[what] += number

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def missing_file(self, description: str) -> None:
        self.missing_files.append(description)

    def fetched_media(self, outcomes: list[FetchOutcome], seconds: float) -> None:
        """Account for ``--fetch-media``: how much came, how fast, and what did not."""
        counts = summarise(outcomes)
        megabytes = counts["bytes"] / 1_000_000
        rate = f", {megabytes / seconds:.2f} MB/s" if seconds > 0 and counts[FETCHED] else ""
        self.note(
            f"Media from the old site: {counts[FETCHED]} files fetched ({megabytes:.2f} MB in "
            f"{seconds:.1f} s{rate}), {counts[ALREADY_HERE]} already fetched by an earlier "
            f"run, {counts[FAILED]} could not be fetched."
        )
        self.failed_fetches += [
            f"{outcome.url} — {outcome.reason}" for outcome in outcomes if outcome.status == FAILED
        ]

    def outcome(self, kind: str, outcome: str) -> int:
        return self.tallies[kind].outcomes[outcome] if kind in self.tallies else 0

    def shortfall(self) -> str:
        """Why this import should not count as a success ("" when it does).

        An import that brought in no posts or pages, or skipped most of them,
        has not moved the site, whatever else it did: the command says why and
        exits non-zero so that a script or a person does not take it for done.
        """
        content = ("posts", "pages")
        found = sum(self.tallies[k].found for k in content if k in self.tallies)
        skipped = sum(self.outcome(k, "skipped") for k in content)
        brought_in = found - skipped
        if found == 0:
            others = self.tallies.get("other items")
            because = (
                "; the items it has were left out: "
                + "; ".join(f"{n} × {r}" for r, n in others.skipped_because.most_common(3))
                if others is not None and others.skipped_because
                else ""
            )
            return (
                "The export has no posts or pages to import" + because + ". Check that it is "
                "a WordPress export of all content (Tools › Export › All content)."
            )
        if brought_in == 0:
            return (
                f"No post or page could be imported ({found} found): see the reasons "
                "above, fix them and run the same command again."
            )
        if skipped > found / 2:
            return (
                f"{skipped} of the {found} posts and pages were skipped: see the reasons "
                "above; what was imported is kept, and the same command can be run again "
                "once they are fixed."
            )
        return ""

    # Output ------------------------------------------------------------

    def render(self, console: Console) -> None:
        verb = "would be " if self.dry_run else ""
        title = "WordPress import (dry run: nothing was written)" if self.dry_run else None
        table = Table(title=title or "WordPress import")
        table.add_column("type")
        table.add_column("found", justify="right")
        for outcome in OUTCOMES:
            table.add_column(f"{verb}{outcome}", justify="right")
        kinds = [k for k in TYPE_ORDER if k in self.tallies] + sorted(
            k for k in self.tallies if k not in TYPE_ORDER
        )
        for kind in kinds:
            tally = self.tallies[kind]
            table.add_row(
                kind,
                str(tally.found) if tally.found else "",
                *(str(tally.outcomes[o]) for o in OUTCOMES),
            )
        console.print(table)
        for kind in kinds:
            reasons = self.tallies[kind].skipped_because
            if reasons:
                console.print(f"[bold]{kind} skipped:[/bold]")
                for reason, number in reasons.most_common():
                    console.print(f"  {number} × {reason}", markup=False, highlight=False)
        self._render_counter(console, "Repaired", self.repairs)
        self._render_counter(
            console, "Unknown shortcodes (kept as text in the story)", self.unknown_shortcodes
        )
        self._render_counter(
            console, "Unknown editor blocks (their HTML was converted)", self.unknown_blocks
        )
        self._render_counter(console, "Simplified to text or links", self.flattened)
        if self.missing_files:
            console.print(f"[bold]Files not found: {len(self.missing_files)}[/bold]")
            for description in self.missing_files[:LISTED_EXAMPLES]:
                console.print(f"  {description}", markup=False, highlight=False)
            if len(self.missing_files) > LISTED_EXAMPLES:
                console.print(f"  … and {len(self.missing_files) - LISTED_EXAMPLES} more")
        if self.failed_fetches:
            console.print(
                f"[bold]Files that could not be fetched: {len(self.failed_fetches)}[/bold]"
                " (run the same command again to retry them)"
            )
            for description in self.failed_fetches[:LISTED_EXAMPLES]:
                console.print(f"  {description}", markup=False, highlight=False)
            if len(self.failed_fetches) > LISTED_EXAMPLES:
                console.print(f"  … and {len(self.failed_fetches) - LISTED_EXAMPLES} more")
        for text in self.notes:
            console.print(f"Note: {text}", markup=False, highlight=False)
        if self.error:
            console.print(f"[bold red]Stopped early:[/bold red] {self.error}", highlight=False)

    @staticmethod
    def _render_counter(console: Console, heading: str, counter: Counter) -> None:
        if not counter:
            return
        console.print(f"[bold]{heading}:[/bold]")
        for key, number in counter.most_common():
            console.print(f"  {number} × {key}", markup=False, highlight=False)
