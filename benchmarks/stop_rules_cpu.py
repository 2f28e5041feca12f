"""What the per-sequence stop rules save on a merge prompt with the bundled SmolLM2-135M.

    python benchmarks/stop_rules_cpu.py single   # one 2-story prompt: guard off / on / prefill + stop_at_json_end
    python benchmarks/stop_rules_cpu.py groups   # the first 8 ground-truth clusters batched, no prefill, guard on

max_new_tokens=768 (merge's default). Prints output tokens, seconds and finish reasons.
"""

import json
import sys
import time

from storytransformer.ingest import ingest_paths
from storytransformer.prompt import build_messages, load_templates
from storytransformer.runtime import load_engine
from storytransformer.runtime.types import GenerationRequest

PREFILL = '{"stories": [{"sources": ["S1", "S2"], "title": "'


def single(engine, by_id, templates):
    msgs = build_messages(templates, [by_id["FC-112"], by_id["freshcart/checkout.md#1"]])
    print("prompt tokens", engine.prompt_tokens(msgs), flush=True)
    for name, kw in [("guard off", dict(stop_on_repetition=False)), ("guard on", dict()),
                     ("prefill+json_end+guard", dict(prefill=PREFILL, stop_at_json_end=True)),
                     ("prefill, guard off, no json_end", dict(prefill=PREFILL, stop_on_repetition=False))]:
        t = time.perf_counter()
        r = engine.generate([GenerationRequest(msgs, max_new_tokens=768, **kw)])[0]
        dt = time.perf_counter() - t
        print(f"{name}: {r.output_tokens} tokens, {dt:.1f} s, finish={r.finish_reason}", flush=True)
        print("   tail:", repr(r.text[-160:]), flush=True)


def groups(engine, by_id, templates):
    clusters = json.load(open("examples/ground_truth.json"))["clusters"][:8]
    reqs = [GenerationRequest(build_messages(templates, [by_id[i] for i in c["ids"] if i in by_id]),
                              max_new_tokens=768, request_id=f"g{k}") for k, c in enumerate(clusters)]
    t = time.perf_counter()
    out = engine.generate(reqs)
    print(f"{len(reqs)} groups batched: {time.perf_counter() - t:.1f} s, "
          f"{sum(r.output_tokens for r in out)} output tokens")
    for r in out:
        print(r.request_id, r.output_tokens, r.finish_reason, repr(r.text[-100:]))


if __name__ == "__main__":
    engine = load_engine()
    by_id = {s.id: s for s in ingest_paths(["examples/stories"]).stories}
    {"single": single, "groups": groups}[sys.argv[1] if len(sys.argv) > 1 else "single"](
        engine, by_id, load_templates())
