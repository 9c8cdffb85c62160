"""`masthead evaluate-spam FILE.csv`: how well the spam filter does on labelled messages.

The CSV needs a header with ``text`` and ``label`` columns (label 1 = spam, 0 =
not spam). Rows are split at random, stratified by label, into training and test
parts; the filter learns the training part through the same ``SpamFilter.learn``
the moderation queue uses, in a namespace of its own that is deleted afterwards,
so the site's own filter is never touched.
"""

import csv
import random
import sys
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.comments.classifier import Example, SpamFilter
from masthead.comments.evaluation import confusion, read_labelled_csv, stratified_split
from masthead.comments.rules import HOLD_THRESHOLD, SPAM_THRESHOLD


class Command(BaseCommand):
    help = "Train the spam filter on part of a labelled CSV (text,label) and report on the rest."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="CSV with a header row naming 'text' and 'label'.")
        parser.add_argument(
            "--test-fraction",
            type=float,
            default=0.25,
            help="Share of each label kept aside for testing (default: %(default)s).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed for the split.")

    def handle(self, *args, **options):
        path = Path(options["csv_file"])
        fraction = options["test_fraction"]
        if not 0 < fraction < 1:
            raise CommandError("--test-fraction must be between 0 and 1, e.g. 0.25.")
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            rows, skipped = read_labelled_csv(path)
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if skipped:
            self.stderr.write(f"Skipped {skipped} rows without text or without a 0/1 label.")
        train, test = stratified_split(rows, fraction, random.Random(options["seed"]))
        if not any(label for _, label in train) or all(label for _, label in train):
            raise CommandError("The training part needs both spam (1) and not-spam (0) rows.")

        spam_filter = SpamFilter(namespace=f"evaluation-{uuid.uuid4().hex[:12]}")
        try:
            started = time.perf_counter()
            spam_filter.learn((Example(text), bool(label)) for text, label in train)
            trained = time.perf_counter() - started
            started = time.perf_counter()
            scored = [(spam_filter.score(Example(text)) or 0.0, label) for text, label in test]
            scoring = time.perf_counter() - started
        finally:
            spam_filter.discard()

        spam_total = sum(label for _, label in rows)
        self.stdout.write(
            f"{path.name}: {len(rows)} messages ({spam_total} spam, {len(rows) - spam_total} not); "
            f"trained on {len(train)}, tested on {len(test)} (seed {options['seed']})."
        )
        per_message = scoring / max(len(test), 1) * 1000
        self.stdout.write(f"Training {trained:.2f} s; scoring {per_message:.2f} ms per message.")
        self.stdout.write("")
        self.stdout.write(
            f"{'threshold':<22}{'precision':>10}{'recall':>9}{'F1':>8}{'accuracy':>10}"
            f"{'TP':>6}{'FP':>6}{'FN':>6}{'TN':>6}"
        )
        for name, threshold in (
            (f"hold ≥ {HOLD_THRESHOLD}", HOLD_THRESHOLD),
            (f"spam ≥ {SPAM_THRESHOLD}", SPAM_THRESHOLD),
        ):
            result = confusion(scored, threshold)
            self.stdout.write(
                f"{name:<22}{result.precision:>10.3f}{result.recall:>9.3f}{result.f1:>8.3f}"
                f"{result.accuracy:>10.3f}{result.tp:>6}{result.fp:>6}{result.fn:>6}{result.tn:>6}"
            )
