"""Sweep the sameness gate's constants (relate/sameness.py) on the TUNABLE sets only.

    python benchmarks/sameness_sweep.py off 0.6,0.275,1,0 0.55,0.25,2,1 ...

Each argument is one setting: "off" (no gate), "short" / "shortN" (the default gate: stories
without criteria, needs of any length / at most N salient words; a trailing "c": stories with criteria too) or WORD_MATCH,IMPLIED,ONE_SIDE_ALLOWED,ONE_EACH_ALLOWED (--strict-duplicates),
patched in this process only. Prints one JSON line per setting: per dev split (dev .. dev6)
[duplicate precision, duplicate recall, related/unrelated merged], and the examples corpus
[merge precision, merge recall]. Held-out splits (and dev7, kept for one final check) are
never scored here.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEV_SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6")


def main(settings: list[str]) -> int:
    import grouping
    import relations

    from storytransformer.group.embed import Embedder
    from storytransformer.ingest import ingest_paths

    assemble = importlib.import_module("storytransformer.relate.assemble")
    sameness = importlib.import_module("storytransformer.relate.sameness")
    embedder = Embedder()
    corpus = ingest_paths([str(relations.ROOT / "examples" / "stories")])
    truth = json.loads((relations.ROOT / "examples" / "ground_truth.json").read_text(encoding="utf-8"))
    for setting in settings:
        assemble.STRICT_DUPLICATES = setting not in ("off",) and not setting.startswith("short")
        assemble.SHORT_NEEDS_GATED = setting.startswith("short")
        if setting.startswith("short"):
            sameness.SHORT_NEED = int(setting[5:].rstrip("c")) if setting[5:].rstrip("c") else None
            sameness.ONLY_WITHOUT_CRITERIA = not setting.endswith("c")
        elif setting != "off":
            word, implied, one_side, one_each = setting.split(",")
            sameness.WORD_MATCH, sameness.IMPLIED = float(word), float(implied)
            sameness.ONE_SIDE_ALLOWED = int(one_side)
            sameness.ONE_EACH_ALLOWED = bool(int(one_each))
        row: dict = {"setting": setting}
        for split in DEV_SPLITS:
            rep = relations.score(relations.load_pairs(split), "hybrid", False, False)
            row[split] = [rep["duplicate"]["precision"], rep["duplicate_recall"], rep["related_or_unrelated_merged"]]
        ex = grouping.relate_eval(corpus.stories, truth, "hybrid", embedder)
        row["examples"] = [ex["merge_precision"], ex["merge_recall"]]
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["off"]))
