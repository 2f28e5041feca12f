"""estimate-cost at scale: how long a ~900k-token backlog takes to ingest, count and price.

Generates a deterministic synthetic backlog (Markdown, JSON Lines, Jira CSV) of about the
requested size, then times each stage in this process and the whole CLI in a fresh one
(imports included, as a user runs it).

    python benchmarks/cost_scale.py                  # ~900k tokens
    python benchmarks/cost_scale.py --tokens 2m --json out/cost_scale.json

Timings depend on the machine and its load (printed with the results); nothing is asserted.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storytransformer.cli.options import parse_token_count  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", default="810k",
                    help="target o200k tokens of story text to generate (ingest adds ~10%%)")
    ap.add_argument("--json", dest="json_out", help="also write the results here")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    args = ap.parse_args()

    from storytransformer.cost.estimate import Settings, estimate
    from storytransformer.cost.synthetic import make_backlog
    from storytransformer.cost.tokens import load_counters
    from storytransformer.ingest import ingest_paths

    results: dict = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_avg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None},
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or Path(tmp) / "backlog")
        t0 = time.perf_counter()
        n = make_backlog(folder, parse_token_count(args.tokens))
        results["generate_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        corpus = ingest_paths([folder])
        results["ingest_s"] = time.perf_counter() - t0
        results["stories"] = len(corpus.stories)
        assert len(corpus.stories) == n

        texts = [s.text for s in corpus.stories]
        counts = {}
        for name in ("o200k_base", "cl100k_base", "local"):
            t0 = time.perf_counter()
            counters, missing = load_counters([name])
            load_s = time.perf_counter() - t0
            if name in missing:
                counts[name] = {"unavailable": missing[name]}
                continue
            t0 = time.perf_counter()
            tokens = sum(counters[name].count_batch(texts))
            count_s = time.perf_counter() - t0
            counts[name] = {"tokens": tokens, "load_s": load_s, "count_s": count_s,
                            "tokens_per_s": tokens / count_s if count_s else None}
        results["tokenizers"] = counts

        t0 = time.perf_counter()
        est = estimate(corpus.stories, Settings())
        results["estimate_s"] = time.perf_counter() - t0
        results["cloud_models_priced"] = len(est.quotes)
        results["calls_at_32k"] = {k: p.calls for k, p in est.plans.items()}

        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "storytransformer", "estimate-cost", str(folder), "--json"],
                              capture_output=True, text=True)
        results["cli_s"] = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU seconds say more than wall time on a shared, loaded machine.
        results["cli_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            sys.exit(f"CLI failed: {proc.stderr.strip()}")
        doc = json.loads(proc.stdout)
        results["cli_tokens"] = {t["name"]: t.get("corpus_tokens") for t in doc["tokenizers"]}

    print(f"{results['stories']:,} stories; load average {results['machine']['load_avg_1m']:.2f} "
          f"on {results['machine']['cpus']} CPUs")
    print(f"ingest            {results['ingest_s']:6.2f} s")
    for name, c in counts.items():
        if "unavailable" in c:
            print(f"{name:<17} unavailable: {c['unavailable']}")
        else:
            print(f"{name:<17} {c['count_s']:6.2f} s  {c['tokens']:>10,} tokens  "
                  f"({c['tokens_per_s']:,.0f} tok/s, load {c['load_s']:.2f} s)")
    print(f"estimate (count+plan+{results['cloud_models_priced']} models) {results['estimate_s']:6.2f} s")
    print(f"whole CLI, fresh process {results['cli_s']:6.2f} s wall, {results['cli_cpu_s']:.2f} s CPU")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
