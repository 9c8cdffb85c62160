"""The TF-IDF vectors of all live stories, kept in one file beside the database.

The worker needs every story's vector to find where one new story belongs;
reading and re-tokenising 100,000 stories from the database for each publish
would take a minute, loading this file takes a fraction of a second. It is a
cache of what the database holds: ``masthead rebuild-related`` rewrites it, and
when it is missing or unreadable the worker builds it again from the database.

It lives in ``MASTHEAD_VAR_DIR/discovery/`` (setting ``MASTHEAD_DISCOVERY_DIR``
overrides the folder) and is replaced atomically, so a reader never sees half
a file.
"""

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from scipy import sparse

from .stories import live_story_ids, story_words
from .vectors import TfidfModel, stack

logger = logging.getLogger(__name__)

FILE_NAME = "story-vectors.npz"
FORMAT_VERSION = 1


@dataclass
class StoryIndex:
    """Story ids, their unit TF-IDF rows, and the model that made them."""

    model: TfidfModel
    ids: np.ndarray
    matrix: sparse.csr_matrix

    def __post_init__(self):
        self.row_of = {int(story_id): row for row, story_id in enumerate(self.ids)}

    def put(self, story_id: int, vector: sparse.csr_matrix) -> None:
        """Add or replace one story's vector."""
        row = self.row_of.get(story_id)
        width = self.matrix.shape[1]
        if row is None:
            self.matrix = stack([self.matrix, vector], width)
            self.ids = np.append(self.ids, np.int64(story_id))
            self.row_of[story_id] = len(self.ids) - 1
            return
        before, after = self.matrix[:row], self.matrix[row + 1 :]
        self.matrix = stack([before, vector, after], width)

    def remove(self, story_id: int) -> None:
        row = self.row_of.get(story_id)
        if row is None:
            return
        keep = np.ones(len(self.ids), dtype=bool)
        keep[row] = False
        self.matrix = self.matrix[keep]
        self.ids = self.ids[keep]
        self.__post_init__()


def index_folder() -> Path:
    configured = getattr(settings, "MASTHEAD_DISCOVERY_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "discovery"


def index_file() -> Path:
    return index_folder() / FILE_NAME


def build_index(story_ids: list[int] | None = None, on_progress=None) -> StoryIndex:
    """Vectors of the given stories (all live ones by default), with a model fitted on them."""
    ids = live_story_ids() if story_ids is None else story_ids
    found_ids, documents = [], []
    for story_id, words in story_words(ids):
        found_ids.append(story_id)
        documents.append(words)
        if on_progress and len(found_ids) % 1000 == 0:
            on_progress(1000)
    model, matrix = TfidfModel.fit(documents)
    return StoryIndex(model=model, ids=np.array(found_ids, dtype=np.int64), matrix=matrix)


def save_index(index: StoryIndex) -> None:
    folder = index_folder()
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp.npz")
    os.close(descriptor)
    try:
        np.savez(
            temporary,
            version=np.array([FORMAT_VERSION]),
            terms=np.array(index.model.terms, dtype=np.str_),
            idf=index.model.idf,
            ids=index.ids,
            data=index.matrix.data,
            indices=index.matrix.indices,
            indptr=index.matrix.indptr,
            shape=np.array(index.matrix.shape),
        )
        os.replace(temporary, index_file())
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    # The worker that wrote the file goes on with the index it already holds.
    _cache.clear()
    _cache[(str(index_file()), index_file().stat().st_mtime_ns)] = index


_cache: dict[tuple[str, int], StoryIndex] = {}


def load_index() -> StoryIndex | None:
    """The saved index, or None when there is none or it cannot be read.

    Kept in memory between tasks in the same worker, keyed by the file's
    modification time so another process's rewrite is noticed.
    """
    path = index_file()
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    if stamp in _cache:
        return _cache[stamp]
    try:
        with np.load(path, allow_pickle=False) as stored:
            if int(stored["version"][0]) != FORMAT_VERSION:
                return None
            matrix = sparse.csr_matrix(
                (stored["data"], stored["indices"], stored["indptr"]),
                shape=tuple(stored["shape"]),
            )
            index = StoryIndex(
                model=TfidfModel(terms=stored["terms"].tolist(), idf=stored["idf"]),
                ids=stored["ids"],
                matrix=matrix,
            )
    except (OSError, ValueError, KeyError):
        logger.warning("Cannot read %s; it will be rebuilt from the database", path)
        return None
    _cache.clear()
    _cache[stamp] = index
    return index


def current_index() -> StoryIndex:
    """The saved index, built from the database first when there is none."""
    index = load_index()
    if index is None:
        index = build_index()
        save_index(index)
    return index
