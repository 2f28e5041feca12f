"""Candidate groups of related stories, found without the LLM.

``merge`` uses these signals through ``storytransformer.relate``, which decides a relation
(duplicate / overlap / conflict / related) for each candidate pair from the stories' slots
and merges only duplicates; ``find_groups`` is the similarity-only partition.

    groups = find_groups(corpus.stories)                 # hybrid: TF-IDF + MiniLM
    groups = find_groups(corpus.stories, method="lexical", threshold=0.4)
    groups = split_oversized(groups, corpus.by_id(), count_tokens, budget_tokens=6000)

Every story lands in exactly one Group (singletons included, and they never cost a model
call). Verbatim copies (equal after case/whitespace/punctuation/markup normalisation)
always share a group, whatever the threshold. The partition does not depend on the input
order; groups come out ordered by their first story's position in the input.
"""

from __future__ import annotations

from collections.abc import Sequence

from storytransformer.console import task_bars
from storytransformer.errors import OptionError
from storytransformer.group.split import partition, split_oversized
from storytransformer.stories import Group, Story

__all__ = ["find_groups", "split_oversized", "METHODS", "DEFAULT_THRESHOLDS"]

METHODS = ("hybrid", "lexical", "embedding")
# Tuned on examples/stories against examples/ground_truth.json by benchmarks/grouping.py
# (see docs/grouping.md for the sweep and the precision/recall behind each value).
DEFAULT_THRESHOLDS = {"hybrid": 0.475, "lexical": 0.275, "embedding": 0.7}


def find_groups(stories: Sequence[Story], *, threshold: float | None = None,
                method: str = "hybrid", embedder=None, max_group_size: int | None = None,
                progress: bool = False) -> list[Group]:
    """Partition ``stories`` into groups of related stories.

    ``method``: "lexical" (TF-IDF, no model), "embedding" (MiniLM) or "hybrid" (weighted mean
    of the two cosines).
    ``threshold``: similarity in [0, 1] above which stories may group (default per method).
    ``embedder``: an object with ``encode(texts, progress=None) -> ndarray`` (default: the
    bundled MiniLM, cached on disk). ``max_group_size``: split larger groups into similar
    parts. ``progress``: show progress bars on stderr.
    """
    from storytransformer.group.cluster import cluster
    from storytransformer.group.normalize import matching_text, shared_narratives, verbatim_key
    from storytransformer.group.similarity import build_similarity

    if method not in METHODS:
        raise OptionError("--group-method", f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if threshold is None:
        threshold = DEFAULT_THRESHOLDS[method]
    if not 0.0 < threshold <= 1.0:
        raise OptionError("--threshold", f"must be in (0, 1], got {threshold}")
    if max_group_size is not None and max_group_size < 1:
        raise OptionError("--max-group-size", f"must be at least 1, got {max_group_size}")
    ids = [s.id for s in stories]
    if len(set(ids)) != len(ids):
        from collections import Counter

        dup = next(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"story ids must be unique; {dup!r} occurs more than once")
    if not stories:
        return []

    # Work in id order so the partition (including linkage tie-breaks) is the same whatever
    # order the stories came in.
    canonical = sorted(range(len(stories)), key=lambda i: ids[i])
    units: dict[str, list[int]] = {}
    for i in canonical:
        key = verbatim_key(stories[i]) or f"\0{ids[i]}"  # empty text: nothing to match on
        units.setdefault(key, []).append(i)
    members = list(units.values())  # each unit: positions of verbatim copies, first = representative
    context = shared_narratives(stories)
    texts = [matching_text(stories[m[0]], without_narrative=ids[m[0]] in context) for m in members]

    if len(members) == 1:
        clusters = [[0]]
        sim = None
    else:
        with task_bars(progress) as task:
            embed_bar = task("Embedding stories", len(set(texts))) if method != "lexical" else None
            sim = build_similarity(texts, method, embedder=embedder, progress=embed_bar)
            rows, cols, scores = sim.candidates(
                advance=task("Finding similar stories", len(texts) * len(sim.signals)))
            clusters = cluster(len(members), rows, cols, scores, sim.dense, threshold,
                               advance=task("Clustering", len(texts)))

    groups: list[Group] = []
    for unit_ids in clusters:
        block = sim.dense(unit_ids) if sim is not None and len(unit_ids) > 1 else None
        sizes = [len(members[u]) for u in unit_ids]
        if max_group_size is not None and sum(sizes) > max_group_size and block is not None:
            parts = partition(block, sizes, max_group_size)
        else:
            parts = [list(range(len(unit_ids)))]
        for part in parts:
            positions = sorted(p for u in part for p in members[unit_ids[u]])
            score = _cohesion(block[part][:, part] if block is not None else None,
                              [sizes[u] for u in part])
            for chunk in _chunks(positions, max_group_size):
                groups.append(Group(tuple(ids[p] for p in chunk), score=score))
    position = {story_id: p for p, story_id in enumerate(ids)}
    return sorted(groups, key=lambda g: position[g.story_ids[0]])


def _cohesion(block, sizes: list[int]) -> float:
    """Mean similarity over all story pairs of a group, verbatim copies counting as 1.0."""
    total_pairs = sum(sizes) * (sum(sizes) - 1) / 2
    if total_pairs == 0:
        return 1.0
    if block is None:  # only verbatim copies of one story
        return 1.0
    import numpy as np

    s = np.asarray(sizes, dtype=np.float64)
    cross = (np.outer(s, s) * block)[np.triu_indices(len(s), k=1)].sum()
    same = sum(k * (k - 1) / 2 for k in sizes)
    return float(min(1.0, max(0.0, (cross + same) / total_pairs)))


def _chunks(positions: list[int], size: int | None):
    """Only a run of verbatim copies longer than ``size`` needs this: split it in order."""
    if size is None or len(positions) <= size:
        yield positions
        return
    for start in range(0, len(positions), size):
        yield positions[start:start + size]
