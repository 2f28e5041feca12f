"""Per-token cost of schema-constrained decoding in the static decode loop, on the CPU.

    python benchmarks/constrained_static_cpu.py [--rows 3] [--repeats 3]

Loads the bundled SmolLM2-135M (float32), runs a batch of merge-answer requests (the schema of
runtime/constrained.py, the prefill of generate.py) through `--batching static` twice: with the
schema and without, and reports per decode step (one token for every row) the wall time of the
whole step and of the grammar's part alone (fill each row's bitmask, apply it to the logits,
advance each row's matcher), the latter timed around RowGrammars.mask/.accept while the loop
runs. Prints one JSON line (best of --repeats by step time).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

STORIES = [
    ("As a shopper, I want to reset my password, so that I can log in again.",
     "As a shopper I want to reset my password so that I can log in again every time."),
    ("Als Kundin möchte ich meine Bestellung stornieren, damit ich kein Geld verliere.\n- Storno bis 24 h",
     "Als Kundin will ich eine Bestellung stornieren können.\n- Storno bis 24 h\n- Bestätigung per E-Mail"),
    ("As an admin, I want to export the audit log as CSV, so that I can give it to the auditors.",
     "As an administrator I want the audit log exported (CSV) so auditors get it without my help."),
]


def requests(rows: int, schema: bool, max_new: int):
    from storytransformer.answer_schema import answer_schema
    from storytransformer.generate import ANSWER_PREFILL
    from storytransformer.runtime.types import GenerationRequest

    system = {"role": "system", "content": "Merge duplicate user stories. Answer with JSON only."}
    out = []
    for n in range(rows):
        a, b = STORIES[n % len(STORIES)]
        user = {"role": "user", "content": f"[S1]\n{a}\n\n[S2]\n{b}"}
        out.append(GenerationRequest((system, user), max_new, request_id=f"g{n}", prefill=ANSWER_PREFILL,
                                     stop_at_json_end=True, json_schema=answer_schema(["S1", "S2"]) if schema else None))
    return out


class GrammarTimer:
    """Times RowGrammars.mask and .accept (the grammar's whole part of a step) while the real
    loop runs, by wrapping the two methods for the duration of a `with` block."""

    def __init__(self):
        self.seconds, self.masks = 0.0, 0

    def __enter__(self):
        from storytransformer.runtime import constrained

        self.cls, self.saved = constrained.RowGrammars, (constrained.RowGrammars.mask, constrained.RowGrammars.accept)
        timer = self

        def timed(fn, counts):
            def wrapper(*a, **kw):
                t0 = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    timer.seconds += time.perf_counter() - t0
                    timer.masks += counts
            return wrapper

        self.cls.mask, self.cls.accept = timed(self.saved[0], 1), timed(self.saved[1], 0)
        return self

    def __exit__(self, *exc):
        self.cls.mask, self.cls.accept = self.saved


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--max-new-tokens", type=int, default=160)
    args = ap.parse_args()
    from storytransformer.runtime import load_hf_engine
    from storytransformer.runtime.registry import EngineOptions

    engine = load_hf_engine(EngineOptions(batching="static"))
    steps = {}
    for schema in (False, True):
        best = None
        for _ in range(args.repeats):
            with GrammarTimer() as timer:
                t0 = time.perf_counter()
                results = engine.generate(requests(args.rows, schema, args.max_new_tokens))
                wall = time.perf_counter() - t0
            n = max(r.output_tokens for r in results)
            run = {"step_ms": round(wall * 1000 / n, 2), "steps": n,
                   "finish": sorted({r.finish_reason for r in results})}
            if schema:
                run["grammar_ms_per_step"] = round(timer.seconds * 1000 / max(timer.masks, 1), 3)
                run["grammar_ms_per_row_token"] = round(timer.seconds * 1000 / max(timer.masks, 1) / args.rows, 3)
            if best is None or run["step_ms"] < best["step_ms"]:
                best = run
        steps["constrained" if schema else "free"] = best
    print(json.dumps({"rows": args.rows, "load_average": round(os.getloadavg()[0], 1), **steps}))


if __name__ == "__main__":
    main()
