"""Sweep the hybrid duplicate cutoff and the meaning constants on the TUNABLE sets only.

    python benchmarks/cutoff_sweep.py 0.425,0.6,0.55,0.62 0.4,0.6,0.55,0.62 ...

Each argument is one setting: duplicate cutoff (``assemble.DUPLICATE_AT["hybrid"]``),
``meaning`` and ``meaning_related`` (``decide.Cutoffs``) and ``assemble.NEED_MEANING``,
patched in this process only. Prints one JSON line per setting: per dev split (dev, dev2,
dev3, dev4) [duplicate recall, related/unrelated merged], and the examples corpus
[merge precision, merge recall]. Held-out splits are never scored here (docs/grouping.md,
"The duplicate cutoff, swept under a fixed protocol").
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEV_SPLITS = ("dev", "dev2", "dev3", "dev4")


def main(settings: list[str]) -> int:
    import grouping
    import relations

    from storytransformer.group.embed import Embedder
    from storytransformer.ingest import ingest_paths

    assemble = importlib.import_module("storytransformer.relate.assemble")
    decide = importlib.import_module("storytransformer.relate.decide")
    cutoffs = decide.Cutoffs
    embedder = Embedder()
    corpus = ingest_paths([str(relations.ROOT / "examples" / "stories")])
    truth = json.loads((relations.ROOT / "examples" / "ground_truth.json").read_text(encoding="utf-8"))
    for setting in settings:
        duplicate, meaning, meaning_related, need = map(float, setting.split(","))
        assemble.DUPLICATE_AT["hybrid"] = duplicate
        decide.Cutoffs = functools.partial(cutoffs, meaning=meaning, meaning_related=meaning_related)
        assemble.NEED_MEANING = need
        row: dict = {"setting": setting}
        for split in DEV_SPLITS:
            rep = relations.score(relations.load_pairs(split), "hybrid", False, False)
            row[split] = [rep["duplicate_recall"], rep["related_or_unrelated_merged"]]
        ex = grouping.relate_eval(corpus.stories, truth, "hybrid", embedder)
        row["examples"] = [ex["merge_precision"], ex["merge_recall"]]
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["0.425,0.6,0.55,0.62"]))
