"""Reading a labelled corpus and measuring the spam filter on it (for evaluate-spam)."""

import csv
import random
from dataclasses import dataclass
from pathlib import Path


def read_labelled_csv(path: Path) -> tuple[list[tuple[str, int]], int]:
    """(text, label) rows of a CSV with ``text`` and ``label`` columns, and how many were bad."""
    rows: list[tuple[str, int]] = []
    skipped = 0
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise ValueError("the first row must name the columns, including 'text' and 'label'")
        for row in reader:
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
            if not text or label not in ("0", "1"):
                skipped += 1
                continue
            rows.append((text, int(label)))
    if not rows:
        raise ValueError("no usable rows (text plus a label of 0 or 1)")
    return rows, skipped


def stratified_split(rows: list, test_fraction: float, rng: random.Random) -> tuple[list, list]:
    """Training and test rows, each label split in the same proportion."""
    train, test = [], []
    for label in (0, 1):
        group = [row for row in rows if row[1] == label]
        rng.shuffle(group)
        cut = round(len(group) * test_fraction)
        test += group[:cut]
        train += group[cut:]
    rng.shuffle(train)
    return train, test


@dataclass(frozen=True)
class Confusion:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0


def confusion(scored: list[tuple[float, int]], threshold: float) -> Confusion:
    tp = sum(1 for score, label in scored if score >= threshold and label)
    fp = sum(1 for score, label in scored if score >= threshold and not label)
    fn = sum(1 for score, label in scored if score < threshold and label)
    tn = sum(1 for score, label in scored if score < threshold and not label)
    return Confusion(tp, fp, fn, tn)
