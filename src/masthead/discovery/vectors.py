"""TF-IDF vectors of stories, and their nearest neighbours by cosine similarity.

Each story becomes a sparse vector: one weight per distinctive word,
``(1 + log count) * idf``, keeping only its ``TERMS_PER_STORY`` heaviest words
and scaled to unit length, so that a dot product is the cosine similarity.
Keeping few words per story bounds the size of the matrix and the cost of the
products (100,000 stories fit in tens of megabytes) at no measurable loss of
quality (see docs/discovery.md).

Finding every story's neighbours at once is done in chunks. Small archives are
compared exactly; large ones go through a low-rank projection of the matrix
(latent semantic analysis, a randomised SVD) to pick candidates, whose exact
TF-IDF cosines are then computed: exact products of all pairs cost time that
grows with the square of the archive and with how much its vocabulary is shared.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

TERMS_PER_STORY = 128
# Words in more than this share of stories say little; ignored in archives of 50+.
MAX_DOCUMENT_SHARE = 0.5
MIN_STORIES_FOR_MAX_SHARE = 50
EXACT_LIMIT = 6_000
LSA_DIMENSIONS = 160
CHUNK_ROWS = 512
RANDOM_SEED = 7

Progress = Callable[[int], None]


@dataclass
class TfidfModel:
    """The vocabulary and the inverse document frequency of each of its words."""

    terms: list[str]
    idf: np.ndarray

    def __post_init__(self):
        self.columns = {term: column for column, term in enumerate(self.terms)}

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]]) -> tuple["TfidfModel", sparse.csr_matrix]:
        """Learn the vocabulary from ``documents`` and return it with their vectors."""
        columns: dict[str, int] = {}
        counts = _count_matrix(documents, columns, grow=True)
        stories = counts.shape[0]
        document_frequency = np.bincount(counts.indices, minlength=len(columns))
        idf = (np.log((1 + stories) / (1 + document_frequency)) + 1).astype(np.float32)
        if stories >= MIN_STORIES_FOR_MAX_SHARE:
            idf[document_frequency > MAX_DOCUMENT_SHARE * stories] = 0
        model = cls(terms=list(columns), idf=idf)
        return model, model._weigh(counts)

    def transform(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Vectors for ``documents`` in this vocabulary; words it does not know are left out."""
        return self._weigh(_count_matrix(documents, self.columns, grow=False))

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weights = counts.astype(np.float32)
        weights.data = (1 + np.log(weights.data)) * self.idf[weights.indices]
        weights.eliminate_zeros()
        return normalize_rows(keep_heaviest(weights, TERMS_PER_STORY))


def _count_matrix(
    documents: Sequence[Sequence[str]], columns: dict[str, int], grow: bool
) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for words in documents:
        row: dict[int, int] = {}
        for word in words:
            column = columns.get(word)
            if column is None:
                if not grow:
                    continue
                column = columns[word] = len(columns)
            row[column] = row.get(column, 0) + 1
        for column, count in row.items():
            indices.extend([column] * count)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int32), indptr),
        shape=(len(documents), max(len(columns), 1)),
    )
    matrix.sum_duplicates()  # repeated (row, column) entries become counts
    return matrix


def keep_heaviest(matrix: sparse.csr_matrix, per_row: int) -> sparse.csr_matrix:
    """Each row's ``per_row`` largest entries; the others are dropped."""
    lengths = np.diff(matrix.indptr)
    if lengths.size == 0 or lengths.max() <= per_row:
        return matrix
    keep = np.ones(matrix.nnz, dtype=bool)
    for row in np.flatnonzero(lengths > per_row):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        order = np.argpartition(matrix.data[start:end], -per_row)[:-per_row]
        keep[start + order] = False
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)[keep]
    return sparse.csr_matrix(
        (matrix.data[keep], (rows, matrix.indices[keep])), shape=matrix.shape, dtype=np.float32
    )


def normalize_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty)."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float32)
    squares = matrix.multiply(matrix).sum(axis=1).A1
    norms = np.sqrt(squares, dtype=np.float32)
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix, dtype=np.float32)


def pair_cosines(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine similarity of each pair ``(left[k], right[k])`` of unit rows."""
    if len(left) == 0:
        return np.zeros(0, dtype=np.float32)
    return matrix[left].multiply(matrix[right]).sum(axis=1).A1.astype(np.float32)


def top_columns(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of each row's ``count`` highest scores, best first."""
    count = min(count, scores.shape[1])
    if count <= 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64)
    part = np.argpartition(-scores, count - 1, axis=1)[:, :count]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def lsa_embedding(matrix: sparse.csr_matrix, dimensions: int) -> np.ndarray:
    """Unit-length rows of a rank-``dimensions`` approximation of ``matrix`` (randomised SVD)."""
    rng = np.random.default_rng(RANDOM_SEED)
    width = min(dimensions + 10, min(matrix.shape))
    sketch = matrix @ rng.standard_normal((matrix.shape[1], width)).astype(np.float32)
    for _ in range(2):  # power iterations sharpen the leading directions
        basis, _ = np.linalg.qr(sketch)
        basis, _ = np.linalg.qr(matrix.T @ basis)
        sketch = matrix @ basis
    basis, _ = np.linalg.qr(sketch)
    small = (matrix.T @ basis).T
    left, singular, _ = np.linalg.svd(small, full_matrices=False)
    embedding = (basis @ left[:, :dimensions]) * singular[:dimensions]
    norms = np.linalg.norm(embedding, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return (embedding / norms).astype(np.float32)


def all_neighbours(
    matrix: sparse.csr_matrix,
    count: int,
    on_progress: Progress | None = None,
    method: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Every row's ``count`` most similar other rows and their exact cosines, best first.

    ``method`` is ``"exact"``, ``"lsa"`` (candidates from the projection) or
    ``"auto"`` (exact up to ``EXACT_LIMIT`` stories).
    """
    stories = matrix.shape[0]
    count = min(count, max(stories - 1, 0))
    if method == "auto":
        method = "exact" if stories <= EXACT_LIMIT else "lsa"
    if method == "lsa":
        embedding = lsa_embedding(matrix, LSA_DIMENSIONS)
        candidates = min(2 * count, max(stories - 1, 0))

        def block_scores(rows: slice) -> np.ndarray:
            return embedding[rows] @ embedding.T

    else:
        transposed = matrix.T.tocsc()
        candidates = count

        def block_scores(rows: slice) -> np.ndarray:
            return (matrix[rows] @ transposed).toarray()

    neighbours = np.zeros((stories, count), dtype=np.int64)
    cosines = np.zeros((stories, count), dtype=np.float32)
    for start in range(0, stories, CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, stories))
        scores = block_scores(rows)
        own = np.arange(rows.start, rows.stop)
        scores[own - rows.start, own] = -np.inf
        picked = top_columns(scores, candidates + 1)
        picked = _drop_own(picked, own, candidates)
        exact = pair_cosines(matrix, np.repeat(own, picked.shape[1]), picked.ravel()).reshape(
            picked.shape
        )
        order = np.argsort(-exact, axis=1, kind="stable")[:, :count]
        neighbours[rows] = np.take_along_axis(picked, order, axis=1)
        cosines[rows] = np.take_along_axis(exact, order, axis=1)
        if on_progress:
            on_progress(rows.stop - rows.start)
    return neighbours, cosines


def _drop_own(picked: np.ndarray, own: np.ndarray, width: int) -> np.ndarray:
    """Each row of ``picked`` without the row's own index, cut to ``width`` columns."""
    result = np.empty((picked.shape[0], width), dtype=np.int64)
    for position, (row, index) in enumerate(zip(picked, own, strict=True)):
        result[position] = row[row != index][:width]
    return result


def stack(rows: Iterable[sparse.csr_matrix], width: int) -> sparse.csr_matrix:
    """Rows of possibly different widths, as one matrix ``width`` columns wide."""
    resized = [sparse.csr_matrix(row, dtype=np.float32) for row in rows]
    for row in resized:
        row.resize((row.shape[0], width))
    if not resized:
        return sparse.csr_matrix((0, width), dtype=np.float32)
    return sparse.csr_matrix(sparse.vstack(resized), dtype=np.float32)
