"""The similarity a grouping method uses: one or two signals combined into one score."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storytransformer.group.neighbours import dense_similarity, pair_similarity, top_k_pairs

# Candidate generation: each story's k nearest per signal with at least this cosine.
# Generous on purpose: the combined score decides, this only bounds the work.
TOP_K = 15
CANDIDATE_FLOOR = {"lexical": 0.05, "embedding": 0.35}
_WORD = re.compile(r"\w")
EMBEDDING_WEIGHT = 0.5  # hybrid = w * embedding + (1 - w) * lexical; tuned in benchmarks/grouping.py


@dataclass
class Similarity:
    """Signals as L2-normalised row matrices plus their weights; score = weighted sum of cosines."""

    signals: dict = field(default_factory=dict)  # name -> matrix
    weights: dict = field(default_factory=dict)  # name -> weight (sums to 1)
    # name -> a cheaper matrix to find neighbour candidates with (default: the signal itself)
    candidate_source: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return next(iter(self.signals.values())).shape[0]

    def candidates(self, top_k: int = TOP_K, advance=None):
        """Union of every signal's top-k neighbour pairs, with their combined score."""
        import numpy as np

        n = self.n
        keys = []
        for name, matrix in self.signals.items():
            source = self.candidate_source.get(name, matrix)
            r, c = top_k_pairs(source, top_k, CANDIDATE_FLOOR[name], advance=advance)
            keys.append(r * n + c)
        merged = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
        rows, cols = merged // n, merged % n
        return rows, cols, self.pairs(rows, cols)

    def pairs(self, rows, cols):
        import numpy as np

        total = np.zeros(len(rows))
        for name, matrix in self.signals.items():
            total += self.weights[name] * pair_similarity(matrix, rows, cols)
        return np.clip(total, 0.0, 1.0)

    def dense(self, index: Sequence[int]):
        import numpy as np

        index = np.asarray(index)
        total = np.zeros((len(index), len(index)))
        for name, matrix in self.signals.items():
            total += self.weights[name] * dense_similarity(matrix, index)
        total = np.clip(total, 0.0, 1.0)
        np.fill_diagonal(total, 1.0)
        return total


def build_similarity(texts: Sequence[str], method: str, *, embedder=None, progress=None,
                     embedding_weight: float | None = None, times=None) -> Similarity:
    """Representations of ``texts`` for ``method`` (lexical | embedding | hybrid).
    ``times``: an optional ``steptimes.StepTimes`` that gets "tfidf" and "embed" seconds."""
    from storytransformer.group.lexical import tfidf_blocks
    from storytransformer.steptimes import maybe_step

    if embedding_weight is None:
        embedding_weight = EMBEDDING_WEIGHT  # read at call time: benchmarks/grouping.py --grid
    sim = Similarity()
    if method in ("lexical", "hybrid"):
        with maybe_step(times, "tfidf"):
            sim.signals["lexical"], sim.candidate_source["lexical"] = tfidf_blocks(texts)
    if method in ("embedding", "hybrid"):
        if embedder is None:
            from storytransformer.group.embed import default_embedder

            embedder = default_embedder()
        with maybe_step(times, "embed"):
            vectors = embedder.encode(list(texts), progress=progress)
        # A text with no words still gets a vector, identical for all such texts; having
        # nothing to compare is not similarity (the lexical signal already gives zeros).
        blank = [i for i, t in enumerate(texts) if not _WORD.search(t)]
        if blank:
            vectors = vectors.copy()
            vectors[blank] = 0.0
        sim.signals["embedding"] = vectors
    if method == "hybrid":
        sim.weights = {"lexical": 1.0 - embedding_weight, "embedding": embedding_weight}
    else:
        sim.weights = {name: 1.0 for name in sim.signals}
    return sim
