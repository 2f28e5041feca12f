"""Score the verifier on a labelled set of crafted merge answers; time it at scale.

Each file in benchmarks/data/answers/ is one group of real-looking stories (markdown, labels
S1.. in order) with a base merged answer and variants: "faithful" ones that must pass, and
unfaithful ones labelled with the kind of change they make (negation, modality, actor,
invented, quantity, role, object, scope, dropped, fused, benefit) that must be flagged.
Each variant becomes a model answer text and goes through the real path: generate's lenient
parser and validation, then verify() on every draft that merges 2+ stories.

    python benchmarks/verify_answers.py                 # tune and holdout figures
    python benchmarks/verify_answers.py --split holdout --misses
    python benchmarks/verify_answers.py --split lost --misses   # cited stories whose need is gone
    python benchmarks/verify_answers.py --split t24 --misses    # opposite directions, joined channels, conflicting values, clause negation
    python benchmarks/verify_answers.py --speed 10000   # seconds to verify 10,000 merged stories
    python benchmarks/verify_answers.py --embed         # the same with MiniLM alignment tie-breaks
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from storytransformer.generate import parse_answer, validate
from storytransformer.ingest import read_text
from storytransformer.verify import verify

DATA = Path(__file__).parent / "data" / "answers"


def _story_json(base: dict, variant: dict, other: str | None) -> list[dict]:
    story = copy.deepcopy(base)
    crit = [list(c) for c in story.pop("criteria")]
    for i, text in variant.get("crit", {}).items():
        crit[int(i)][0] = text
    if "order" in variant:  # criteria reordered (each keeps its own sources)
        crit = [crit[i] for i in variant["order"]]
    for i in sorted(variant.get("drop", []), reverse=True):
        del crit[i]
    crit += [[text, list(story["sources"])] for text in variant.get("add", [])]
    crit += [[text, list(ids)] for text, ids in variant.get("add_cited", [])]
    story.update(variant.get("set", {}))
    stories = [story]
    if other and variant.get("cite_other"):  # the other story cited, its need stated nowhere
        story["sources"] = story["sources"] + [other]
    elif other and variant.get("fuse"):
        story["sources"] = story["sources"] + [other]
        story["goal"] = story["goal"] + " and " + variant.get("fuse_goal", "")
        crit += [[t, [other]] for t in variant.get("fuse_criteria", [])]
    elif other:
        stories.append({"title": "", "role": "", "goal": "", "benefit": "", "acceptance_criteria": [], "sources": [other]})
    story["acceptance_criteria"] = [t if variant.get("plain") else {"text": t, "sources": s} for t, s in crit]
    return stories


def cases(split: str) -> list[dict]:
    out = []
    for path in sorted(DATA.glob("*.json")):
        group = json.loads(path.read_text(encoding="utf-8"))
        # "all" is the labelled set of the bars; the paraphrase file (heavier rewording than
        # the bars' "light rewording") and the red-team files (redteam_*.json: written by
        # someone other than the verifier's author, to attack it) are scored on their own.
        if split != group["split"] and (split != "all" or group["split"] in ("paraphrase", "redteam", "t24")) \
                and not (split == "lost" and group.get("other")):
            continue
        stories = read_text(group["stories"], format="markdown", name=path.stem + ".md").stories
        if split == "lost":
            group = _lost_variants(group, stories)
        for n, v in enumerate(group["variants"]):
            out.append({"file": path.name, "n": n, "split": group["split"], "label": v["label"],
                        "note": v.get("note", ""), "stories": stories,
                        "answer": json.dumps({"stories": _story_json(group["base"], v, group.get("other"))})})
    return out


def _lost_variants(group: dict, stories) -> dict:
    """The "lost" split, made from every file that has a story of another need ("other"):
    the base answer citing that story while stating nothing of its need, once bare and once
    carrying its criteria (cited to it). Both must be flagged: a cited source whose need is
    gone is lost from the backlog."""
    other = stories[int(group["other"][1:]) - 1]
    carried = [[c, [group["other"]]] for c in other.acceptance_criteria]
    return {**group, "variants": [{"label": "lost", "note": "other story cited, nothing of it", "cite_other": True},
                                  {"label": "lost", "note": "other story cited, only its criteria",
                                   "cite_other": True, "add_cited": carried}]}


EMBEDDER = None  # --embed: the bundled MiniLM breaks alignment ties


def judge(case: dict) -> tuple[bool, list[str], set[str]]:
    """(flagged, reasons, problem kinds) for one answer, through parse -> validate -> verify."""
    ids = [s.id for s in case["stories"]]
    by_id = {s.id: s for s in case["stories"]}
    validated = validate(parse_answer(case["answer"]).items, ids)
    reasons = list(validated.problems)
    kinds: set[str] = set()
    for d in validated.drafts:
        if len(d.sources) < 2:
            continue
        fields = {"title": d.title, "role": d.role, "goal": d.goal, "benefit": d.benefit,
                  "acceptance_criteria": list(d.acceptance_criteria)}
        v = verify(fields, [by_id[s] for s in d.sources], cited=d.criterion_sources or None, embedder=EMBEDDER)
        reasons += v.reasons
        kinds |= {p.kind for p in v.problems}
    return bool(reasons), reasons, kinds


def score(split: str, show_misses: bool) -> dict:
    rows = cases(split)
    per_kind: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for case in rows:
        flagged, reasons, kinds = judge(case)
        per_kind[case["label"]]["n"] += 1
        per_kind[case["label"]]["flagged"] += flagged
        per_kind[case["label"]]["named"] += case["label"] in kinds
        wrong = flagged if case["label"] == "faithful" else not flagged
        if wrong:
            misses.append((case, reasons))
    faithful = per_kind.pop("faithful", Counter())
    unfaithful = Counter()
    for c in per_kind.values():
        unfaithful.update(c)
    result = {
        "split": split, "answers": len(rows), "faithful": faithful["n"], "unfaithful": unfaithful["n"],
        "unfaithful_flagged": unfaithful["flagged"], "faithful_flagged": faithful["flagged"],
        "recall": round(unfaithful["flagged"] / max(1, unfaithful["n"]), 4),
        "false_flag_rate": round(faithful["flagged"] / max(1, faithful["n"]), 4),
        # flagged/answers, and how many of the flags name the labelled kind among their reasons
        "per_kind": {k: f"{c['flagged']}/{c['n']} (kind named {c['named']})" for k, c in sorted(per_kind.items())},
    }
    if show_misses:
        for case, reasons in misses:
            print(f"MISS {case['file']}#{case['n']} {case['label']} {case['note']}: {reasons[:3]}", file=sys.stderr)
    return result


def speed(n: int) -> dict:
    """Verify n merged stories (the labelled answers repeated) and time it. The per-text
    caches are cleared before each story, so no repeat is answered from a cache: the time
    is that of n distinct stories (the word-lemma cache stays: a backlog's vocabulary repeats)."""
    import storytransformer.verify as verify_package
    from storytransformer.verify import claims, coverage, cues

    rows = cases("all")
    jobs = []
    for i in range(n):
        case = rows[i % len(rows)]
        validated = validate(parse_answer(case["answer"]).items, [s.id for s in case["stories"]])
        d = next(d for d in validated.drafts if len(d.sources) > 1)
        fields = {"title": d.title, "role": d.role, "goal": d.goal, "benefit": d.benefit,
                  "acceptance_criteria": list(d.acceptance_criteria)}
        jobs.append((fields, [s for s in case["stories"] if s.id in d.sources], d.criterion_sources or None))
    start, cpu = time.perf_counter(), time.process_time()
    flagged = 0
    for f, s, c in jobs:
        cues.analyse.cache_clear()
        claims._sentences.cache_clear()
        claims.control_sentences.cache_clear()
        verify_package._story_vocab.cache_clear()
        coverage.forms.cache_clear()
        coverage.need_of.cache_clear()
        coverage._rewrite.cache_clear()
        coverage._phrase.cache_clear()
        flagged += not verify(f, s, cited=c, embedder=EMBEDDER).passed
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"stories": n, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "per_story_ms": round(1000 * seconds / n, 3), "flagged": flagged}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="both", choices=["tune", "holdout", "blind", "paraphrase", "redteam", "lost", "t24", "all", "both"])
    ap.add_argument("--misses", action="store_true", help="list every wrong decision on stderr")
    ap.add_argument("--speed", type=int, default=0, help="also time verifying this many merged stories")
    ap.add_argument("--embed", action="store_true", help="align with the bundled MiniLM too (tie-breaks)")
    args = ap.parse_args()
    if args.embed:
        global EMBEDDER
        from storytransformer.group.embed import Embedder

        EMBEDDER = Embedder(device="cpu", cache_dir=False)  # no disk cache: time the model itself
    splits = ["tune", "holdout", "blind", "all", "paraphrase", "redteam", "lost", "t24"] if args.split == "both" else [args.split]
    out = {s: score(s, args.misses) for s in splits}
    if args.speed:
        out["speed"] = speed(args.speed)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
