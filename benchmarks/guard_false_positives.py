"""How many ordinary stories the prompt-injection guard flags (storytransformer/guard.py):
every story of examples/stories and of the benchmark relation sets
(benchmarks/data/relations/*_stories.jsonl). None of them is an injection, so every flag is a
false positive.

    python benchmarks/guard_false_positives.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from storytransformer.guard import suspicion  # noqa: E402
from storytransformer.ingest import ingest_paths  # noqa: E402


def main(verbose: bool = False) -> int:
    paths = [REPO / "examples" / "stories"] + sorted((REPO / "benchmarks" / "data" / "relations")
                                                    .glob("*_stories.jsonl"))
    total = flagged = 0
    for path in paths:
        corpus = ingest_paths([path])
        hits = [(s, suspicion(s)) for s in corpus.stories]
        hits = [(s, r) for s, r in hits if r]
        total += len(corpus.stories)
        flagged += len(hits)
        for s, reasons in hits if verbose else []:
            print(f"  {path.name} {s.id}: {reasons} :: {s.text[:100]!r}")
    print(f"{flagged} of {total} stories flagged ({len(paths)} sources)")
    return flagged


if __name__ == "__main__":
    main("-v" in sys.argv)
