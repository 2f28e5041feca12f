"""Which stories of a one-line-per-story backlog `relate` merges as duplicates, as the relate
tests ask it (a helper module, not a test file: `from merged_pairs import merged_pairs`)."""

import itertools

from storytransformer.ingest import read_text
from storytransformer.relate import relate


def merged_pairs(lines: list[str]) -> set[tuple[int, int]]:
    """Line indexes (i, j), i < j, of every two stories in one duplicate group. A text backlog:
    no headings to read as titles."""
    corpus = read_text("\n".join(lines) + "\n", format="text", name="backlog.txt")
    rel = relate(corpus.stories)
    n = {s.id: i for i, s in enumerate(corpus.stories)}
    return {tuple(sorted((n[a], n[b]))) for g in rel.groups if g.relation == "duplicate"
            for a, b in itertools.combinations(g.story_ids, 2)}
