"""Time `storytransformer merge --merger extractive` (no model) on a large synthetic backlog.

    python benchmarks/extractive_scale.py --stories 10000 [--group-method lexical] [--out DIR]

Builds a Markdown backlog of N stories recombined from examples/stories (role, goal, benefit
and 0-4 acceptance criteria from different stories), of which ``--duplicates`` (default 20%)
are near-copies of an earlier story (a criterion dropped or added, one reworded by case and
punctuation), runs the real CLI in a subprocess and prints its wall time and counts as JSON.
The time includes ingest and the relation step, which dominate; both are timed again
in-process (``ingest_and_relate_seconds``), then the merge itself with its links
(``merge_seconds``: extractive merges, kept groups, links onto the outputs).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(n: int, duplicates: float, seed: int = 0) -> str:
    from storytransformer.ingest import ingest_paths

    parsed = [s for s in ingest_paths([str(REPO / "examples" / "stories")], progress=False).stories if s.goal]
    roles = [s.role for s in parsed if s.role]
    goals = [s.goal for s in parsed]
    benefits = [s.benefit for s in parsed if s.benefit]
    criteria = [c for s in parsed for c in s.acceptance_criteria]
    rnd = random.Random(seed)
    made: list[tuple[str, str, str, list[str]]] = []
    lines = ["# Synthetic backlog", ""]
    for _ in range(n):
        if made and rnd.random() < duplicates:
            role, goal, benefit, crit = rnd.choice(made)
            crit = list(crit)
            if crit and rnd.random() < 0.5:
                crit.pop(rnd.randrange(len(crit)))
            if rnd.random() < 0.5:
                crit.append(rnd.choice(criteria))
            if crit:
                k = rnd.randrange(len(crit))
                crit[k] = crit[k].lower().rstrip(".") + "."
        else:
            role, goal, benefit = rnd.choice(roles), rnd.choice(goals), rnd.choice(benefits)
            crit = rnd.sample(criteria, rnd.randint(0, 4))
        made.append((role, goal, benefit, crit))
        # A title without a number: "Story 7" / "Story 46" would read as a quantity conflict.
        lines += [f"## {goal[:1].upper()}{goal[1:60]}", "", f"As a {role}, I want {goal}, so that {benefit}.", ""]
        if crit:
            lines += ["Acceptance criteria:"] + [f"- {c}" for c in crit] + [""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--duplicates", type=float, default=0.2)
    ap.add_argument("--group-method", default="lexical")
    ap.add_argument("--out", default=None, help="output folder (default: a temporary one)")
    args = ap.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="extractive-scale-"))
    (work / "stories").mkdir(parents=True, exist_ok=True)
    (work / "stories" / "backlog.md").write_text(build(args.stories, args.duplicates), encoding="utf-8")
    cmd = [sys.executable, "-m", "storytransformer", "merge", str(work / "stories"), "--out", str(work / "out"),
           "--merger", "extractive", "--group-method", args.group_method, "--json", "--force"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    counts = json.loads(proc.stdout)["counts"]

    from storytransformer.merge import MergeSettings, ingest_and_relate, merge_corpus

    settings = MergeSettings(merger="extractive", group_method=args.group_method)
    t1 = time.perf_counter()
    corpus, relations = ingest_and_relate([str(work / "stories")], settings, show_progress=False)
    t2 = time.perf_counter()
    merge_corpus(corpus, relations.groups, settings, links=relations.links, related_left_out=relations.related_left_out)
    t3 = time.perf_counter()
    sizes = {p.name: p.stat().st_size for p in sorted((work / "out").glob("*")) if p.is_file()}
    print(json.dumps({"stories": args.stories, "cli_wall_seconds": round(wall, 1),
                      "ingest_and_relate_seconds": round(t2 - t1, 1), "merge_seconds": round(t3 - t2, 2),
                      "output_bytes": sizes, "counts": counts, "command": " ".join(cmd)}, indent=2))


if __name__ == "__main__":
    main()
