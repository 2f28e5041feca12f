"""Stage 1, retrieval: the story pairs worth deciding, with their similarity.

The same signals as ``storytransformer.group`` (TF-IDF, MiniLM or both, each story's top-k
neighbours computed in blocks), over *units*: verbatim copies collapsed into one, so a
story pasted 40 times costs one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storytransformer.stories import Story


@dataclass
class Candidates:
    """``units``: lists of story positions that are verbatim copies (first = representative),
    every story in exactly one; ``rows``/``cols``: unit indices of candidate pairs (rows <
    cols); ``scores``: their similarity in [0, 1]."""

    units: list[list[int]]
    rows: list[int]
    cols: list[int]
    scores: list[float]
    # MiniLM cosine of each pair's whole stories (None for the lexical method): the evidence
    # for "same need" when another team worded it so differently that the words barely meet.
    meaning: list[float] | None = None


def candidate_pairs(stories: Sequence[Story], *, method: str, floor: float, embedder=None,
                    task=None, meaning_floor: float = 1.01, extra=None, times=None) -> Candidates:
    """Units and the unit pairs whose similarity is at least ``floor`` or whose embedding
    cosine (hybrid, embedding) is at least ``meaning_floor``, plus the pairs ``extra(units)``
    returns (rows, cols arrays of unit indices, rows < cols; kept whatever their score).
    ``task(description, total)`` returns a progress callback (or None); ``times`` an optional
    ``steptimes.StepTimes`` ("texts", "tfidf", "embed", "neighbours", "extra_pairs")."""
    from storytransformer.group.similarity import build_similarity
    from storytransformer.steptimes import maybe_step

    with maybe_step(times, "texts"):
        units, texts = _units_and_texts(stories)
    if len(units) < 2:
        return Candidates(units, [], [], [])
    task = task or (lambda description, total: None)
    embed_bar = task("Embedding stories", len(set(texts))) if method != "lexical" else None
    sim = build_similarity(texts, method, embedder=embedder, progress=embed_bar, times=times)
    with maybe_step(times, "neighbours"):
        rows, cols, scores = sim.candidates(advance=task("Finding similar stories",
                                                         len(texts) * len(sim.signals)))
        keep = scores >= floor
    if extra is not None:
        with maybe_step(times, "extra_pairs"):
            rows, cols, scores, keep = _add_pairs(sim, rows, cols, scores, keep, *extra(units))
    with maybe_step(times, "neighbours"):
        meaning = None
        if "embedding" in sim.signals:
            from storytransformer.group.neighbours import pair_similarity

            meaning = pair_similarity(sim.signals["embedding"], rows, cols)
            keep |= meaning >= meaning_floor
            meaning = meaning[keep].tolist()
    return Candidates(units, rows[keep].tolist(), cols[keep].tolist(), scores[keep].tolist(), meaning)


def _units_and_texts(stories: Sequence[Story]) -> tuple[list[list[int]], list[str]]:
    """Verbatim copies collapsed into units (id order), and each unit's matching text."""
    from storytransformer.group.normalize import matching_text, shared_narratives, verbatim_key

    ids = [s.id for s in stories]
    canonical = sorted(range(len(stories)), key=lambda i: ids[i])  # input order never matters
    by_key: dict[str, list[int]] = {}
    for i in canonical:
        key = verbatim_key(stories[i]) or f"\0{ids[i]}"  # empty text: nothing to match on
        by_key.setdefault(key, []).append(i)
    units = list(by_key.values())
    if len(units) < 2:
        return units, []
    context = shared_narratives(stories)
    return units, [matching_text(stories[u[0]], without_narrative=ids[u[0]] in context) for u in units]


def _add_pairs(sim, rows, cols, scores, keep, more_rows, more_cols):
    """The candidate arrays with the pairs (more_rows, more_cols) added and kept; a pair
    already there is only marked kept."""
    import numpy as np

    n = sim.n
    known = rows * n + cols
    wanted = more_rows * n + more_cols
    keep = keep | np.isin(known, wanted)
    new = np.setdiff1d(wanted, known)
    if len(new) == 0:
        return rows, cols, scores, keep
    new_rows, new_cols = new // n, new % n
    return (np.concatenate([rows, new_rows]), np.concatenate([cols, new_cols]),
            np.concatenate([scores, sim.pairs(new_rows, new_cols)]),
            np.concatenate([keep, np.ones(len(new), dtype=bool)]))
