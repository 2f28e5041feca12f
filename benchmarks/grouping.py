"""Grouping quality and speed: find_groups against examples/ground_truth.json.

For each method (lexical, embedding, hybrid) and a sweep of thresholds: pairwise precision,
recall and F1 over "same group" pairs, adjusted Rand index, and recall per kind of planted
cluster (verbatim, paraphrase, split, conflict, overlap). Writes a CSV/JSON table and a PNG
of P/R/F1 against the threshold, and prints the best threshold per method.

    python benchmarks/grouping.py                         # examples/stories, all methods
    python benchmarks/grouping.py --methods lexical --out out/grouping
    python benchmarks/grouping.py --scale 10000           # + timing on a 10k synthetic corpus
    python benchmarks/grouping.py --grid                  # how the weights/linkage were chosen
    python benchmarks/grouping.py --relate --scale 10000 --scale-methods hybrid --plan
                                          # the merge plan stage (file -> ingest -> relate), cold
                                          # embedding cache, seconds per step

Timing numbers depend on the machine and its load: the script prints both.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storytransformer.group import DEFAULT_THRESHOLDS, METHODS, find_groups  # noqa: E402
from storytransformer.stories import Story  # noqa: E402


def true_pairs(truth: dict, ids: set[str]) -> tuple[set[tuple[str, str]], dict[str, set]]:
    """All same-cluster pairs, and those pairs per cluster kind."""
    pairs: set[tuple[str, str]] = set()
    by_kind: dict[str, set] = {}
    missing = []
    for cluster in truth["clusters"]:
        members = [i for i in cluster["ids"] if i in ids]
        missing.extend(i for i in cluster["ids"] if i not in ids)
        found = {tuple(sorted(p)) for p in itertools.combinations(members, 2)}
        pairs |= found
        by_kind.setdefault(cluster.get("kind", "?"), set()).update(found)
    if missing:
        print(f"warning: {len(missing)} ground-truth ids not in the corpus, e.g. {missing[:3]}",
              file=sys.stderr)
    return pairs, by_kind


def predicted_pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g.story_ids, 2)}


def labels(groups, truth, ids):
    pred = {i: n for n, g in enumerate(groups) for i in g.story_ids}
    gold = {i: f"s:{i}" for i in ids}
    for n, cluster in enumerate(truth["clusters"]):
        for i in cluster["ids"]:
            if i in gold:
                gold[i] = f"c:{n}"
    order = sorted(ids)
    return [gold[i] for i in order], [pred[i] for i in order]


def evaluate(groups, truth, ids, gold_pairs, by_kind) -> dict:
    from sklearn.metrics import adjusted_rand_score

    pred = predicted_pairs(groups)
    tp = len(pred & gold_pairs)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    gold_labels, pred_labels = labels(groups, truth, ids)
    row = {
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "ari": round(adjusted_rand_score(gold_labels, pred_labels), 4),
        "groups": sum(1 for g in groups if not g.is_singleton),
        "singletons": sum(1 for g in groups if g.is_singleton),
        "largest": max(len(g.story_ids) for g in groups),
    }
    for kind, pairs in sorted(by_kind.items()):
        row[f"recall_{kind}"] = round(len(pred & pairs) / len(pairs), 4) if pairs else None
    return row


def sweep(stories, truth, methods, thresholds, embedder):
    ids = {s.id for s in stories}
    gold_pairs, by_kind = true_pairs(truth, ids)
    rows = []
    for method in methods:
        for t in thresholds:
            t0 = time.perf_counter()
            groups = find_groups(stories, method=method, threshold=t, embedder=embedder)
            row = {"method": method, "threshold": round(t, 3),
                   "seconds": round(time.perf_counter() - t0, 3)}
            row.update(evaluate(groups, truth, ids, gold_pairs, by_kind))
            rows.append(row)
    return rows, len(gold_pairs)


def best(rows, method):
    # Highest F1; among ties the higher threshold (fewer, safer merges).
    candidates = [r for r in rows if r["method"] == method]
    return max(candidates, key=lambda r: (r["f1"], r["threshold"]))


def plot(rows, methods, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(methods), figsize=(5 * len(methods), 4), sharey=True,
                             squeeze=False)
    for ax, method in zip(axes[0], methods, strict=True):
        mine = [r for r in rows if r["method"] == method]
        xs = [r["threshold"] for r in mine]
        for key, style in (("precision", "-"), ("recall", "--"), ("f1", "-.")):
            ax.plot(xs, [r[key] for r in mine], style, label=key)
        chosen = best(rows, method)
        ax.axvline(chosen["threshold"], color="grey", lw=0.8)
        ax.set_title(f"{method} (best F1 {chosen['f1']:.2f} at {chosen['threshold']})")
        ax.set_xlabel("threshold")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("pairwise score")
    axes[0][0].legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def grid(stories, truth, thresholds, embedder):
    """Best F1 over the threshold sweep for each tunable (word weight of the lexical signal,
    embedding weight of hybrid, linkage). The module constants are read at call time."""
    from storytransformer.group import cluster, lexical, similarity

    saved = (lexical.WORD_WEIGHT, similarity.EMBEDDING_WEIGHT, cluster.LINKAGE)
    results = []
    try:
        for link in ("average", "complete", "single"):
            cluster.LINKAGE = link
            for ww in (0.3, 0.5, 0.7, 1.0):
                lexical.WORD_WEIGHT = ww
                configs = [("lexical", None)] + [("hybrid", ew) for ew in (0.3, 0.5, 0.7)]
                for method, ew in configs:
                    if ew is not None:
                        similarity.EMBEDDING_WEIGHT = ew
                    rows, _ = sweep(stories, truth, [method], thresholds, embedder)
                    top = best(rows, method)
                    results.append({"linkage": link, "word_weight": ww, "embedding_weight": ew,
                                    "method": method, **{k: top[k] for k in
                                    ("threshold", "precision", "recall", "f1", "ari")}})
                    print(f"grid {results[-1]}", file=sys.stderr)
    finally:
        lexical.WORD_WEIGHT, similarity.EMBEDDING_WEIGHT, cluster.LINKAGE = saved
    return results


# -- relate: the staged relation decision ----------------------------------------------------

MERGED_KINDS = {"verbatim", "paraphrase"}  # truth kinds that should end in one merge group
KIND_RELATIONS = {"verbatim": {"duplicate"}, "paraphrase": {"duplicate"}, "conflict": {"conflict"},
                  "overlap": {"overlap", "related", "duplicate"}, "split": {"overlap", "related", "duplicate"}}


def relate_eval(stories, truth, method, embedder, merge_overlaps=False) -> dict:
    """Score ``storytransformer.relate.relate`` at its defaults: per truth kind, the share of
    pairs given a right relation (a duplicate kind: in one merge group; conflict: a conflict
    group or link; overlap/split: grouped or linked); precision of the merge groups (pairs
    in one duplicate/overlap group that are truly one cluster) and the related links made."""
    from storytransformer.relate import relate

    ids = {s.id for s in stories}
    gold_pairs, by_kind = true_pairs(truth, ids)
    t0 = time.perf_counter()
    rel = relate(stories, method=method, embedder=embedder, merge_overlaps=merge_overlaps)
    seconds = time.perf_counter() - t0
    merge = {"duplicate"} | ({"overlap"} if merge_overlaps else set())
    merged = {tuple(sorted(p)) for g in rel.groups if g.relation in merge
              for p in itertools.combinations(g.story_ids, 2)}
    found: dict[tuple, str] = {tuple(sorted((l.source, l.target))): l.relation for l in rel.links}
    for g in rel.groups:
        for p in itertools.combinations(g.story_ids, 2):
            found[tuple(sorted(p))] = g.relation
    row = {"method": method, "seconds": round(seconds, 2),
           "merge_precision": round(len(merged & gold_pairs) / len(merged), 4) if merged else 1.0,
           "merge_pairs": len(merged),
           "merge_recall": round(len(merged & gold_pairs) / len(gold_pairs), 4) if gold_pairs else 1.0,
           "links": rel.by_relation(),
           "groups": {r: sum(1 for g in rel.groups if not g.is_singleton and g.relation == r)
                      for r in ("duplicate", "overlap", "conflict")}}
    for kind, pairs in sorted(by_kind.items()):
        ok = sum(1 for p in pairs if found.get(p) in KIND_RELATIONS.get(kind, {"duplicate"}))
        row[f"right_{kind}"] = round(ok / len(pairs), 4) if pairs else None
    siblings = {tuple(sorted(p)) for fam in truth.get("siblings", [])
                for p in itertools.combinations([i for i in fam["ids"] if i in ids], 2)}
    if siblings:  # one template, different objects: must never share a merge group
        row["siblings_merged"] = round(len(merged & siblings) / len(siblings), 4)
        row["siblings_linked_related"] = round(sum(found.get(p) == "related" for p in siblings) / len(siblings), 4)
    dup_pairs = set().union(*(by_kind.get(k, set()) for k in MERGED_KINDS))
    row["duplicate_recall"] = round(len(merged & dup_pairs) / len(dup_pairs), 4) if dup_pairs else None
    row.update(surfaced_eval(rel, merged, gold_pairs, dup_pairs))
    return row


def surfaced_eval(rel, merged: set, gold_pairs: set, dup_pairs: set) -> dict:
    """What a person is shown: pairs merged *or* linked as a possible duplicate
    (write/possible_duplicates.py). "surfaced_recall": of the planted same-cluster pairs
    (merge_recall's base); "surfaced_duplicate_recall": of the verbatim/paraphrase pairs;
    "possible_duplicate_precision": marked pairs inside one planted cluster (merge_precision's
    sense); "possible_duplicate_dup_precision": marked pairs of a verbatim/paraphrase kind."""
    marked = {tuple(sorted((l.source, l.target))) for l in rel.links if l.possible_duplicate}
    shown = merged | marked

    def share(x: set, base: set):
        return round(len(x & base) / len(base), 4) if base else None

    return {"possible_duplicates": len(marked), "surfaced_recall": share(shown, gold_pairs),
            "surfaced_duplicate_recall": share(shown, dup_pairs),
            "possible_duplicate_precision": share(gold_pairs, marked),
            "possible_duplicate_dup_precision": share(dup_pairs, marked)}


# -- the merge plan stage ------------------------------------------------------------------------

def plan_stage(stories, n, method: str = "hybrid") -> dict:
    """What ``merge`` does before any model runs, timed: ``n`` synthetic stories written to a
    text file, then ``merge.ingest_and_relate`` with the default settings (``method``), with a
    cold embedding cache (a fresh $STORYTRANSFORMER_CACHE) and the model not yet loaded."""
    from storytransformer.group import embed
    from storytransformer.merge import MergeSettings, ingest_and_relate

    folder = Path(tempfile.mkdtemp(prefix="st-plan-"))
    path = folder / "backlog.txt"
    path.write_text("\n\n".join(s.text for s in synthetic(stories, n)) + "\n", encoding="utf-8")
    os.environ["STORYTRANSFORMER_CACHE"] = str(folder / "cache")
    embed._default = None  # the next default_embedder() reads the fresh cache folder
    load0 = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    corpus, rel = ingest_and_relate([str(path)], MergeSettings(group_method=method), False)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    steps = {"ingest+other": {"wall_s": round(wall - sum(t["wall_s"] for t in rel.timings.values()), 3),
                        "cpu_s": round(cpu - sum(t["cpu_s"] for t in rel.timings.values()), 3)},
             **rel.timings}
    row = {"stories": len(corpus.stories), "method": method, "seconds": round(wall, 2),
           "cpu_seconds": round(cpu, 2), "load_average": [round(load0, 2), round(os.getloadavg()[0], 2)],
           "embed_precision": embed.default_embedder().dtype if method != "lexical" else None,
           "texts_embedded": embed.default_embedder().calls if method != "lexical" else 0,
           "pairs": rel.pairs, "links": len(rel.links), "cpu_count": os.cpu_count(), "steps": steps}
    print_steps(f"plan {method} ({row['stories']} stories, {row['seconds']} s wall, "
                f"{row['cpu_seconds']} s CPU)", steps, tuple(row["load_average"]))
    return row


# -- scale -------------------------------------------------------------------------------------

def synthetic(stories, n, seed=0, duplicate_share=0.1):
    """n stories recombined from the examples' fields (role from one story, goal from
    another, benefit and criteria from others), so most are distinct but share the domain's
    vocabulary; ``duplicate_share`` of them are near-copies (a word dropped, case changed)
    of an earlier synthetic story."""
    rnd = random.Random(seed)
    parsed = [s for s in stories if s.goal]
    roles = [s.role for s in parsed if s.role]
    goals = [s.goal for s in parsed]
    benefits = [s.benefit for s in parsed if s.benefit]
    criteria = [c for s in parsed for c in s.acceptance_criteria]
    out = []
    for i in range(n):
        if out and rnd.random() < duplicate_share:
            words = rnd.choice(out).text.split()
            del words[rnd.randrange(len(words))]
            text = " ".join(words)
            if rnd.random() < 0.5:
                text = text.lower()
        else:
            text = (f"As a {rnd.choice(roles)}, I want {rnd.choice(goals)}, "
                    f"so that {rnd.choice(benefits)}.")
            if criteria:
                text += " " + " ".join(rnd.sample(criteria, min(len(criteria), rnd.randint(0, 3))))
        out.append(Story(id=f"SYN-{i}", text=text, source="synthetic.txt", line=i + 1,
                         format="text", parsed=False))
    return out


def print_steps(label: str, timings: dict, load: tuple[float, float]) -> None:
    """One line per step: wall and CPU seconds (stderr), and the load average around it."""
    print(f"{label}: seconds per step (wall / CPU of this process), load average "
          f"{load[0]:.1f} -> {load[1]:.1f}", file=sys.stderr)
    for name, t in timings.items():
        print(f"  {name:12} {t['wall_s']:8.2f} {t['cpu_s']:8.2f}", file=sys.stderr)


def scale(stories, n, methods, embedder_factory, relate_stage=False):
    from storytransformer.relate import relate

    timings = {}

    def run(corpus, method, embedder, progress=False):
        if relate_stage:
            rel = relate(corpus, method=method, embedder=embedder, progress=progress)
            timings.update(rel.timings)
            return rel.groups
        return find_groups(corpus, method=method, embedder=embedder, progress=progress)

    corpus = synthetic(stories, n)
    results = {}
    for method in methods:
        embedder = embedder_factory() if method != "lexical" else None
        timings.clear()
        load0 = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        groups = run(corpus, method, embedder, progress=True)
        cold = time.perf_counter() - t0
        row = {"stories": n, "seconds": round(cold, 2), "cpu_seconds": round(time.process_time() - c0, 2),
               "groups": len(groups),
               "multi": sum(1 for g in groups if not g.is_singleton), "relate": relate_stage,
               "load_average": [round(load0, 2), round(os.getloadavg()[0], 2)],
               "steps": dict(timings)}
        if embedder is not None:
            row["embed_precision"] = embedder.dtype
        if timings:
            print_steps(f"scale {method}", timings, tuple(row["load_average"]))
        if embedder is not None:
            t0 = time.perf_counter()
            run(corpus, method, embedder)
            row["seconds_cached_embeddings"] = round(time.perf_counter() - t0, 2)
            row["texts_embedded"] = embedder.calls
        results[method] = row
        print(f"scale {method}: {row}", file=sys.stderr)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", default=str(ROOT / "examples" / "stories"))
    parser.add_argument("--truth", default=str(ROOT / "examples" / "ground_truth.json"))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--thresholds", default="0.10:0.95:0.025", help="start:stop:step")
    parser.add_argument("--out", default=str(ROOT / "out" / "grouping"))
    parser.add_argument("--scale", type=int, default=0, help="also time a synthetic corpus of N stories")
    parser.add_argument("--scale-methods", default="lexical,hybrid")
    parser.add_argument("--relate", action="store_true",
                        help="score the staged relation decision (storytransformer.relate) at its defaults "
                             "instead of the threshold sweep; with --scale, time relate()")
    parser.add_argument("--plan", action="store_true",
                        help="with --relate --scale N: time the merge plan stage (N stories in a file -> "
                             "ingest -> relate, cold embedding cache) for each --scale-methods")
    parser.add_argument("--grid", action="store_true",
                        help="also sweep word weight, embedding weight and linkage (slow)")
    parser.add_argument("--strict-duplicates", action="store_true",
                        help="the sameness gate on (merge --strict-duplicates, relate/sameness.py)")
    args = parser.parse_args(argv)
    if args.strict_duplicates:
        from storytransformer.relate import assemble

        assemble.STRICT_DUPLICATES = True

    from storytransformer.group.embed import Embedder
    from storytransformer.ingest import ingest_paths

    corpus = ingest_paths([args.stories])
    truth = json.loads(Path(args.truth).read_text())
    methods = [m for m in args.methods.split(",") if m]
    start, stop, step = (float(x) for x in args.thresholds.split(":"))
    thresholds = [start + i * step for i in range(int(round((stop - start) / step)) + 1)]
    embedder = Embedder() if set(methods) - {"lexical"} else None

    if args.relate:
        return relate_main(args, corpus, truth, methods, embedder)
    t0 = time.perf_counter()
    rows, n_pairs = sweep(corpus.stories, truth, methods, thresholds, embedder)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grouping_sweep.csv", "w", newline="") as fh:
        keys = list(dict.fromkeys(k for r in rows for k in r))
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, methods, out / "grouping_pr.png")

    summary = {
        "corpus": {"stories": len(corpus.stories), "clusters": len(truth["clusters"]),
                   "true_pairs": n_pairs, "path": args.stories},
        "sweep_seconds": round(time.perf_counter() - t0, 1),
        "best": {m: best(rows, m) for m in methods},
        "at_default": {m: next((r for r in rows if r["method"] == m
                                and abs(r["threshold"] - DEFAULT_THRESHOLDS[m]) < 1e-6), None)
                       for m in methods},
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    if args.grid:
        summary["grid"] = grid(corpus.stories, truth, thresholds, embedder or Embedder())
        with open(out / "grouping_grid.csv", "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(summary["grid"][0]))
            writer.writeheader()
            writer.writerows(summary["grid"])
    if args.scale:
        def fresh_embedder():  # cold cache: time the model, not the disk
            return Embedder(cache_dir=tempfile.mkdtemp(prefix="st-embed-"))

        summary["scale"] = scale(corpus.stories, args.scale,
                                 [m for m in args.scale_methods.split(",") if m], fresh_embedder)
    (out / "grouping_summary.json").write_text(json.dumps(summary, indent=2))

    print(f"{len(corpus.stories)} stories, {len(truth['clusters'])} true clusters, "
          f"{n_pairs} true pairs; table: {out / 'grouping_sweep.csv'}, plot: {out / 'grouping_pr.png'}")
    print(f"{'method':10} {'thr':>6} {'P':>6} {'R':>6} {'F1':>6} {'ARI':>6}  per-kind recall")
    for m in methods:
        for label, r in (("best", summary["best"][m]), ("default", summary["at_default"][m])):
            if r is None:
                continue
            kinds = " ".join(f"{k[7:]}={v}" for k, v in r.items() if k.startswith("recall_"))
            print(f"{m:10} {r['threshold']:>6} {r['precision']:>6} {r['recall']:>6} "
                  f"{r['f1']:>6} {r['ari']:>6}  {kinds}  ({label})")
    if args.grid:
        from storytransformer.group import cluster, lexical, similarity

        print(f"grid (best F1 over the sweep per setting; current defaults: word_weight "
              f"{lexical.WORD_WEIGHT}, embedding_weight {similarity.EMBEDDING_WEIGHT}, "
              f"{cluster.LINKAGE} linkage):")
        for r in sorted(summary["grid"], key=lambda r: -r["f1"])[:12]:
            print(f"  {r['method']:8} linkage={r['linkage']:8} word_weight={r['word_weight']} "
                  f"embedding_weight={r['embedding_weight']} thr={r['threshold']} "
                  f"P={r['precision']} R={r['recall']} F1={r['f1']}")
    print("chosen defaults: " + ", ".join(f"{m}={summary['best'][m]['threshold']}" for m in methods))
    return summary


def relate_main(args, corpus, truth, methods, embedder):
    from storytransformer.group.embed import Embedder

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary = {"corpus": {"stories": len(corpus.stories), "clusters": len(truth["clusters"]),
                          "path": args.stories},
               "relate": [relate_eval(corpus.stories, truth, m, embedder) for m in methods],
               "cpu_count": os.cpu_count(), "load_average": os.getloadavg()[0]}
    for row in summary["relate"]:
        print(json.dumps(row))
    if args.scale and args.plan:
        summary["plan"] = [plan_stage(corpus.stories, args.scale, m)
                           for m in args.scale_methods.split(",") if m]
        print(json.dumps(summary["plan"]))
    elif args.scale:
        def fresh_embedder():  # cold cache: time the model, not the disk
            return Embedder(cache_dir=tempfile.mkdtemp(prefix="st-embed-"))

        summary["scale"] = scale(corpus.stories, args.scale, [m for m in args.scale_methods.split(",") if m],
                                 fresh_embedder, relate_stage=True)
        print(json.dumps(summary["scale"]))
    (out / "relate_summary.json").write_text(json.dumps(summary, indent=2))
    return summary


if __name__ == "__main__":
    main()
