"""Peak memory and time of ingest on one big file (issue 17: memory within a small multiple
of the largest file).

    python benchmarks/ingest_memory.py jsonl     # md | blank | txt | jsonl | json | csv; --mb 200

``blank``: Markdown stories each followed by 200 blank lines (a file that is mostly line
breaks: every line costs memory however short it is); ``txt``: one story per line.

Writes ~MB megabytes of synthetic stories in the format to a temporary file, reads it with
``ingest_paths`` in a fresh process and prints stories, seconds and peak RSS (getrusage), as
a multiple of the file's size, also net of the RSS after the imports."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

WORDS = "user admin shopper export report login password cart checkout invoice email search filter".split()

MEASURE = """
import os, resource, sys, time
from storytransformer.ingest import ingest_paths
import storytransformer.ingest.csv_export, storytransformer.ingest.json_docs  # imports not counted
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t, cpu = time.perf_counter(), time.process_time()
c = ingest_paths([sys.argv[1]])
dt, cpu = time.perf_counter() - t, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
size = os.path.getsize(sys.argv[1])
print(f"{size / 1e6:.0f} MB, {len(c.stories)} stories, {len(c.warnings)} warnings, {dt:.0f} s "
      f"({cpu:.0f} s CPU), peak RSS {peak / 1e6:.0f} MB = {peak / size:.1f}x the file; "
      f"{(peak - base) / 1e6:.0f} MB = {(peak - base) / size:.1f}x over the {base / 1e6:.0f} MB "
      "of the interpreter and imports")
"""


def story(fmt: str, n: int) -> str:
    goal = " ".join(random.choices(WORDS, k=12))
    desc = f"As a {random.choice(WORDS)}, I want to {goal}, so that {' '.join(random.choices(WORDS, k=8))}."
    crit = [" ".join(random.choices(WORDS, k=6)) for _ in range(3)]
    obj = {"key": f"BIG-{n}", "summary": f"Story {n}", "description": desc, "acceptance_criteria": crit}
    if fmt == "blank":
        return f"{desc}\n" + "\n" * 200
    if fmt == "txt":
        return f"{desc}\n"
    if fmt == "md":
        return f"## Story {n}\n\n{desc}\n\nAcceptance criteria:\n" + "".join(f"- {c}\n" for c in crit) + "\n"
    if fmt == "jsonl":
        return json.dumps(obj) + "\n"
    if fmt == "json":
        return ("," if n > 1 else "") + json.dumps(obj) + "\n"
    return f'BIG-{n},Story {n},"{desc}","' + "\n".join(crit) + '"\n'


def write(fmt: str, path: str, target: int) -> None:
    random.seed(0)
    size, n = 0, 0
    with open(path, "w") as fh:
        fh.write({"csv": "Issue key,Summary,Description,Acceptance Criteria\n", "json": "[\n"}.get(fmt, ""))
        while size < target:
            n += 1
            s = story(fmt, n)
            fh.write(s)
            size += len(s)
        fh.write("]\n" if fmt == "json" else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["md", "blank", "txt", "jsonl", "json", "csv"])
    ap.add_argument("--mb", type=float, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ext = {"blank": "md"}.get(args.format, args.format)
        path = os.path.join(tmp, f"big.{ext}")
        write(args.format, path, int(args.mb * 1024 * 1024))
        subprocess.run([sys.executable, "-c", MEASURE, path], check=True)


if __name__ == "__main__":
    main()
