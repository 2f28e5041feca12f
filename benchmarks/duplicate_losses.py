"""Where each labelled duplicate that is not merged was lost: one line per pair, counts per stage.

    python benchmarks/duplicate_losses.py                       # dev..dev7 and the examples
    python benchmarks/duplicate_losses.py --splits dev6 --list  # every lost pair with its reason

Runs relate()'s stages one by one (storytransformer/relate/assemble.py) on a tunable split and
follows each labelled duplicate pair through them. The stage that lost it:

- ``never a candidate``: retrieval did not pair the two stories (similarity under the related
  floor, no meaning or concept pair);
- ``decide: <kind>``: the slot rules said another relation (the kind is the reason's first
  words: "same wording, different object or detail", "different actions", "similar wording
  ... not the same need" = under the duplicate cutoff, "asks for more" = overlap, ...);
- ``need meaning``: a duplicate by meaning whose needs' own cosine refused it;
- ``conflict guard``; ``sameness gate``; ``complete linkage`` (a duplicate pair kept out of
  the other's group).

Held-out splits are refused (they are scored by the lead only).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TUNABLE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")


def _kind(reason: str) -> str:
    """A decision reason shortened to its rule."""
    r = re.sub(r"\(.*?\)", "", reason)
    r = re.sub(r"'[^']*'", "'…'", r)
    for short in ("similar wording", "similar stories , different needs", "different actions on different things",
                  "same wording, different", "different actions", "asks for more", "more acceptance criteria",
                  "different roles", "different objects", "same action, different objects", "similarity"):
        if short in r:
            return short
    return r[:60]


def stages(stories, method="hybrid"):
    """(units, {stage: decided list}, Relations) for ``stories``, as relate() runs them."""
    from storytransformer.relate import assemble as asm
    from storytransformer.relate.candidates import candidate_pairs
    from storytransformer.relate.conflict_guard import guard
    from storytransformer.relate.decide import Cutoffs
    from storytransformer.relate.sameness import sameness_gate

    duplicate = asm.DUPLICATE_AT[method]
    cutoffs = Cutoffs(duplicate=duplicate, related=max(0.01, duplicate - asm.RELATED_MARGIN),
                      reworded=asm.REWORDED_AT[method])
    slots = asm._SlotCache(stories)
    cand = candidate_pairs(stories, method=method, floor=cutoffs.related, meaning_floor=cutoffs.meaning_related,
                           extra=slots.concept_pairs)
    out = {"decide": asm._decide_all(stories, cand, cutoffs, None, slots)}
    out["need meaning"] = asm._check_needs(stories, cand.units, out["decide"], None)
    out["conflict guard"] = guard(stories, cand.units, out["need meaning"], slots)
    out["sameness gate"] = sameness_gate(stories, cand.units, out["conflict guard"], slots, None,
                                         every=asm.STRICT_DUPLICATES, vectors=method != "lexical")
    rel = asm.relate(stories, method=method)
    return cand.units, out, rel


def losses(stories, dup_pairs, method="hybrid"):
    """[(a id, b id, stage, reason)] for every pair of ``dup_pairs`` (story id pairs) not merged."""
    units, decided, rel = stages(stories, method)
    ids = [s.id for s in stories]
    unit_of = {ids[p]: u for u, members in enumerate(units) for p in members}
    group_of = {sid: n for n, g in enumerate(rel.groups) if not g.is_singleton and g.relation == "duplicate"
                for sid in g.story_ids}
    at = {st: {frozenset(t[:2]): t[3] for t in d} for st, d in decided.items()}
    out = []
    for a, b in dup_pairs:
        if group_of.get(a) is not None and group_of.get(a) == group_of.get(b):
            continue
        key = frozenset((unit_of[a], unit_of[b]))
        if key not in at["decide"]:
            out.append((a, b, "never a candidate", ""))
            continue
        prev = None
        for st in ("decide", "need meaning", "conflict guard", "sameness gate"):
            d = at[st][key]
            if d.relation != "duplicate" and (prev is None or prev.relation == "duplicate"):
                label = f"decide: {d.relation}: {_kind(d.reason)}" if st == "decide" else st
                out.append((a, b, label, d.reason))
                break
            prev = d
        else:
            out.append((a, b, "complete linkage", prev.reason))
    return out


def split_pairs(split: str):
    from relations import HAND_WRITTEN, _hand_written_root, load_pairs, DATA
    from storytransformer.ingest import ingest_paths

    pairs = load_pairs(split)
    root = DATA / "stories" / split if split not in HAND_WRITTEN else _hand_written_root(split)
    corpus = ingest_paths([str(root)])
    id_of = {}
    for s in corpus.stories:
        id_of.setdefault(str(Path(s.source).resolve().relative_to(root.resolve())), s.id)
    dups = [(id_of[p["a_file"]], id_of[p["b_file"]]) for p in pairs if p["relation"] == "duplicate"]
    return corpus.stories, dups


def examples_pairs():
    from storytransformer.ingest import ingest_paths

    corpus = ingest_paths([str(ROOT / "examples" / "stories")])
    truth = json.loads((ROOT / "examples" / "ground_truth.json").read_text())
    ids = {s.id for s in corpus.stories}
    dups = [p for c in truth["clusters"] if c.get("kind") in ("verbatim", "paraphrase")
            for p in itertools.combinations([i for i in c["ids"] if i in ids], 2)]
    return corpus.stories, dups


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splits", default="dev,dev2,dev3,dev4,dev5,dev6,dev7,examples")
    ap.add_argument("--list", action="store_true", help="every lost pair with its reason")
    args = ap.parse_args(argv)
    total: Counter = Counter()
    for split in args.splits.split(","):
        if split != "examples" and split not in TUNABLE:
            print(f"{split}: not a tunable split, not read", file=sys.stderr)
            continue
        stories, dups = examples_pairs() if split == "examples" else split_pairs(split)
        text = {s.id: (s.goal or s.title or s.text)[:70] for s in stories}
        lost = losses(stories, dups)
        counts = Counter(st for _, _, st, _ in lost)
        total.update(counts)
        print(f"{split}: {len(dups)} duplicate pairs, {len(dups) - len(lost)} merged, {len(lost)} lost: "
              + "; ".join(f"{k} {v}" for k, v in counts.most_common()))
        if args.list:
            for a, b, st, why in sorted(lost, key=lambda t: t[2]):
                print(f"  [{st}] {a} | {b}\n      {text[a]!r}\n      {text[b]!r}\n      {why}")
    print("all: " + "; ".join(f"{k} {v}" for k, v in total.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
