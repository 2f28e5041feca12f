"""merge through a model server at --concurrency 1 vs N: wall time of the whole job, the ratio.

    python benchmarks/server_concurrency.py --base-url http://127.0.0.1:8080/v1 --model smollm2 \
        --stories examples/stories/careslot --levels 1,8 --out benchmarks/data/server_concurrency.json

Each level runs the real CLI (``python -m storytransformer merge ... --base-url``) into a fresh
output folder and records its wall time and the merge's own counts (model calls, tokens from
the server's usage). A dry run first fills the grouping (embedding) cache, so no level pays
for it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_merge(base_url: str, model: str, stories: str, concurrency: int, ctx: int, extra: list[str]) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"merge-c{concurrency}-"))
    cmd = [sys.executable, "-m", "storytransformer", "merge", stories, "--out", str(out), "--base-url", base_url,
           "--model", model, "--ctx", str(ctx), "--concurrency", str(concurrency), "--json", *extra]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"merge failed at concurrency {concurrency}: {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout)
    return {"concurrency": concurrency, "wall_seconds": round(wall, 2), "counts": summary["counts"],
            "timing": summary["timing"], "command": " ".join(cmd[1:])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--stories", default="examples/stories")
    ap.add_argument("--levels", default="1,8")
    ap.add_argument("--ctx", type=int, default=4096)
    ap.add_argument("--server", default="", help="what the server is, for the record (command line)")
    ap.add_argument("--out", default="benchmarks/data/server_concurrency.json")
    ap.add_argument("--no-warm", action="store_true")
    ap.add_argument("extra", nargs="*", help="more merge options after --")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    if not args.no_warm:  # a dry run fills the grouping (embedding) cache, so no level pays for it
        subprocess.run([sys.executable, "-m", "storytransformer", "merge", args.stories, "--dry-run", "--json"],
                       capture_output=True, env=dict(os.environ, PYTHONPATH=str(REPO)), check=True)
    runs = [run_merge(args.base_url, args.model, args.stories, c, args.ctx, args.extra) for c in levels]
    base = runs[0]["wall_seconds"]
    doc = {"benchmark": "merge through a model server, --concurrency levels", "server": args.server,
           "model": args.model, "stories": args.stories, "machine": f"{platform.node()} ({os.cpu_count()} cores)",
           "load_average_at_end": os.getloadavg()[0], "runs": runs,
           "speedup_vs_first": {str(r["concurrency"]): round(base / r["wall_seconds"], 2) for r in runs}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: doc[k] for k in ("speedup_vs_first",)} | {"walls": [r["wall_seconds"] for r in runs]}))


if __name__ == "__main__":
    main()
