"""Where the static-batching refill loop's time goes on a merge's real requests (issue 15).

    python3 benchmarks/profile_refill.py --quant none --rows 128 --requests 256 --out $OUT/refill.json

Why: the 880k-token merge runs at ~3,400 output tok/s steady in bf16 and in int4 alike
(docs/benchmarks.md section 10), so a call is not bound by reading the weights. This script
takes the merge's own requests (benchmarks/merge_throughput.py: synthetic backlog, grouping,
chat prompts with the answer prefill, each group's drawn answer length, 40-400 tokens), runs
them through the engine's static refill loop (`--rows` slots) once to capture the step's
graphs, then once timed and once under torch.profiler, with the answer's JSON schema
(``--schema on``, as merge sends them: the rows are masked by xgrammar on the host each step)
and without it (``off``). Printed per mode: output tok/s, the call's wall time against the
GPU's busy time (the sum of its kernels: what is left is host time the GPU waits through, the
"gaps"), the kernels grouped as in profile_decode.py, and the host-side functions that take
the most CPU time (the grammar's mask and accept, the stop rules). Needs CUDA for kernel
times; on the CPU it runs as a smoke test (``--model config:llama-tiny --device cpu``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _sibling(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def merge_requests(mt, corpus, n: int, seed: int = 1):
    """The first ``n`` model groups' requests as merge builds them (schema, prefill, stop at
    the JSON's end), each capped at its drawn answer length (merge_throughput.answer_length)."""
    from dataclasses import replace

    from storytransformer.generate import _answer_request
    from storytransformer.group import find_groups
    from storytransformer.prompt import build_messages, load_templates

    groups = [g for g in find_groups(corpus.stories, method="lexical") if not g.is_singleton][:n]
    by_id, templates, rng = corpus.by_id(), load_templates(), random.Random(seed)
    out = []
    for g in groups:
        stories = [by_id[i] for i in g.story_ids]
        req = _answer_request(build_messages(templates, stories), 400, g.id, g.story_ids)
        out.append(replace(req, max_new_tokens=mt.answer_length(stories, rng)))
    return out


def _device_us(evt) -> float:
    for name in ("self_device_time_total", "self_cuda_time_total"):
        value = getattr(evt, name, None)
        if value is not None:
            return float(value)
    return 0.0


def summarize(prof, cuda: bool, wall_s: float, top: int = 25) -> dict:
    """Kernels (device time, grouped) and host functions (CPU time) of one profiled call."""
    import torch

    pd = _sibling("profile_decode")
    kernels, host, spans = [], [], []
    for evt in prof.key_averages():
        if cuda and evt.device_type == torch.autograd.DeviceType.CUDA:
            if evt.key.startswith("st."):  # our record_function labels' GPU spans (Labelled), no kernel
                spans.append({"name": evt.key, "us": _device_us(evt), "calls": evt.count})
            else:
                kernels.append({"name": evt.key[:160], "us": _device_us(evt), "calls": evt.count})
        elif evt.device_type == torch.autograd.DeviceType.CPU:
            host.append({"name": evt.key[:160], "cpu_us": float(evt.cpu_time_total),
                         "self_cpu_us": float(evt.self_cpu_time_total), "calls": evt.count})
    labels = sorted((h for h in host if h["name"].startswith("st.")), key=lambda h: -h["cpu_us"])
    kernels.sort(key=lambda k: -k["us"])
    host.sort(key=lambda h: -h["self_cpu_us"])
    groups: dict[str, float] = {}
    for k in kernels:
        groups[pd.group_of(k["name"])] = groups.get(pd.group_of(k["name"]), 0.0) + k["us"]
    busy_s = sum(k["us"] for k in kernels) / 1e6
    return {"wall_s": round(wall_s, 3), "gpu_busy_s": round(busy_s, 3),
            "gpu_idle_share": round(1 - busy_s / wall_s, 3) if cuda and wall_s else None,
            "kernel_groups_s": {g: round(v / 1e6, 3) for g, v in sorted(groups.items(), key=lambda x: -x[1])},
            "top_kernels": kernels[:top], "top_host_self": host[:top],
            "loop_parts": labels,  # the loop's own functions, CPU time incl. what they call
            "gpu_spans_s": {k["name"]: round(k["us"] / 1e6, 3) for k in spans}}  # GPU time under each label


class Labelled:
    """Within a ``with`` block, RowGrammars.mask / .accept and the refill loop's token reads run
    under torch.profiler.record_function labels, so the host table names the grammar's part."""

    def __enter__(self):
        from torch.profiler import record_function

        from storytransformer.runtime import constrained
        from storytransformer.runtime.batching import refill

        def labelled(fn, label):
            def wrapper(*a, **kw):
                with record_function(label):
                    return fn(*a, **kw)
            return wrapper

        self.saved = [(constrained.RowGrammars, "mask"), (constrained.RowGrammars, "accept")]
        loop = getattr(refill, "RefillLoop", None) or next(
            (v for v in vars(refill).values() if isinstance(v, type) and hasattr(v, "_read")), None)
        if loop is not None:
            self.saved += [(loop, "_read"), (loop, "_refill"), (loop, "_step")]
        self.saved = [(cls, name, getattr(cls, name)) for cls, name in self.saved]
        for cls, name, fn in self.saved:
            setattr(cls, name, labelled(fn, f"st.{cls.__name__}.{name}"))
        return self

    def __exit__(self, *exc):
        for cls, name, fn in self.saved:
            setattr(cls, name, fn)


def one_mode(engine, requests, schema: bool, sync) -> dict:
    """Warm-up call (graphs), a timed call, a profiled call: the same requests each time."""
    from dataclasses import replace

    from torch.profiler import ProfilerActivity, profile

    # Off: no schema, and no repetition stop either (constrained rows run without it), so both
    # modes generate each request's drawn length (random weights emit no end-of-sequence).
    reqs = requests if schema else [replace(r, json_schema=None, stop_on_repetition=False) for r in requests]
    t0 = time.perf_counter()
    engine.generate(reqs)
    sync()
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = engine.generate(reqs)
    sync()
    timed_s = time.perf_counter() - t0
    tokens = sum(r.output_tokens for r in results)
    cuda = str(engine.info.device).startswith("cuda")
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if cuda else [])
    with Labelled(), profile(activities=activities) as prof:
        t0 = time.perf_counter()
        engine.generate(reqs)
        sync()
        prof_s = time.perf_counter() - t0
    finish: dict[str, int] = {}
    for r in results:
        finish[r.finish_reason] = finish.get(r.finish_reason, 0) + 1
    return {"schema": schema, "requests": len(reqs), "output_tokens": tokens, "finish": finish,
            "warmup_s": round(warm_s, 2), "seconds": round(timed_s, 3),
            "output_tokens_per_s": round(tokens / timed_s, 1), "profiled": summarize(prof, cuda, prof_s)}


def report(res: dict) -> None:
    p = res["profiled"]
    print(f"schema {'on' if res['schema'] else 'off'}: {res['requests']} requests, {res['output_tokens']} output "
          f"tokens in {res['seconds']} s = {res['output_tokens_per_s']} tok/s (warm-up call {res['warmup_s']} s); "
          f"finish {res['finish']}", flush=True)
    print(f"  profiled call {p['wall_s']} s, GPU busy {p['gpu_busy_s']} s, idle share {p['gpu_idle_share']}; "
          f"GPU time under the loop's parts {p['gpu_spans_s']}")
    for g, s in p["kernel_groups_s"].items():
        print(f"    {g:40} {s:8.3f} s")
    for k in p["top_kernels"][:10]:
        print(f"    {k['us'] / 1e3:9.1f} ms x{k['calls']:6}  {k['name'][:100]}")
    print("  the loop's parts (host time, children included):")
    for h in p["loop_parts"]:
        print(f"    {h['cpu_us'] / 1e3:9.1f} ms x{h['calls']:6}  {h['name']}")
    print("  host, self CPU time:")
    for h in p["top_host_self"][:15]:
        print(f"    {h['self_cpu_us'] / 1e3:9.1f} ms x{h['calls']:6}  {h['name'][:100]}")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="none")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--rows", type=int, default=128, help="decode slots of the refill loop")
    ap.add_argument("--requests", type=int, default=256, help="merge requests per call")
    ap.add_argument("--stories", type=int, default=3000, help="synthetic backlog the requests come from")
    ap.add_argument("--schema", default="on,off", help="modes to run, in order: on, off or both")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    mt = _sibling("merge_throughput")
    corpus = mt.synthetic_corpus(args.stories, 0.2)
    t0 = time.perf_counter()
    engine = mt.build_engine(argparse.Namespace(model=args.model, quant=args.quant, attn="auto", device=args.device,
                                                devices=None, tokenizer=None, batching="static",
                                                max_batch_tokens=None, rows=args.rows), corpus)
    print(f"engine ready in {time.perf_counter() - t0:.1f} s on {engine.info.device} ({engine.info.quantization}), "
          f"{engine.max_batch_size} slots", flush=True)
    requests = merge_requests(mt, corpus, args.requests)

    def sync():
        if str(engine.info.device).startswith("cuda"):
            import torch

            torch.cuda.synchronize()

    out = {"args": vars(args), "engine_reasons": engine.info.reasons, "modes": []}
    for mode in (m.strip() for m in args.schema.split(",") if m.strip()):
        res = one_mode(engine, requests, mode == "on", sync)
        out["modes"].append(res)
        out["constrained"] = getattr(engine, "_schema_constraint", None) is not None
        report(res)
        if args.out:
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(out, indent=1, default=str))
    return out


if __name__ == "__main__":
    main()
