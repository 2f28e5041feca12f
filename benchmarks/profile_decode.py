"""Where a decode step's time goes: the fast engine's compiled step, timed, then profiled.

    python3 benchmarks/profile_decode.py --quant int4-gemlite --batches 1,64 --out $OUT/profile.json

For each batch size: a random-weight model of the shape (`--model`), a `--ctx`-token random
prompt per row, the fast decoder (static cache, compiled step replayed as a CUDA graph); after a
warm-up (compile, graph capture), `--steps` decode steps timed with CUDA events (tok/s), then
`--profile-steps` more under torch.profiler (the timed steps: host clock after a sync, over
many steps; decode() reads each step's token, as the engine's loop does not). Printed: the step time, and the kernels that take
it, grouped (GemLite int4 matmuls, cuBLAS, attention, inductor's fused Triton kernels, copies),
each with its device time per step and its share of the step. The JSON keeps the top kernels
by name. Needs CUDA.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GROUPS = [  # first match wins; names as CUPTI reports them
    ("gemlite int4 matmul", ("gemv", "gemm_A16", "gemm_splitK", "gemlite")),
    ("cuBLAS / CUTLASS matmul", ("sm90_xmma", "cutlass", "gemm", "gemv2", "cublas", "nvjet")),
    ("attention (decode: bmm + softmax)", ("softmax", "bmm", "attention", "fmha", "flash")),
    ("inductor fused (norm, rope, act, add)", ("triton_", "fused")),
    ("copy / fill / index", ("copy", "fill", "index", "scatter", "memcpy", "memset", "cat")),
    ("argmax / reduce", ("argmax", "reduce", "max")),
]


def group_of(name: str) -> str:
    low = name.lower()
    for label, keys in GROUPS:
        if any(k.lower() in low for k in keys):
            return label
    return "other"


def profile(decoder, first, steps: int):
    import torch
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    cuda = first.device.type == "cuda"
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if cuda else [])
    with torch_profile(activities=activities) as prof:
        decoder.decode(first, steps)
        sync(first.device)
    rows = []
    for evt in prof.key_averages():
        dev = getattr(evt, "self_device_time_total", None)
        if dev is None:
            dev = getattr(evt, "self_cuda_time_total", 0)
        if not cuda:  # CPU smoke run: self CPU time per op
            dev = evt.self_cpu_time_total if evt.key.startswith("aten::") else 0
        if dev and (not cuda or evt.device_type == torch.autograd.DeviceType.CUDA):
            rows.append({"name": evt.key[:160], "us_per_step": dev / steps, "calls_per_step": evt.count / steps})
    rows.sort(key=lambda r: -r["us_per_step"])
    return rows


def sync(device) -> None:
    import torch

    if device.type == "cuda":
        torch.cuda.synchronize()


def one_batch(model, args, batch: int) -> dict:
    import torch

    from storytransformer.runtime.fast_decode import FastDecoder

    vocab = model.config.vocab_size
    decoder = FastDecoder(model, max_len=args.ctx + 3 * (args.steps + args.profile_steps) + 16)
    gen = torch.Generator().manual_seed(batch)
    ids = torch.randint(1, vocab, (batch, args.ctx), generator=gen).to(args.device)
    t0 = time.perf_counter()
    first = decoder.prefill(ids)
    decoder.decode(first, 3)  # compile + capture at this shape
    sync(first.device)
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    decoder.decode(first, args.steps)
    sync(first.device)  # decode() ends with a host read of the tokens; the sync makes sure
    step_ms = (time.perf_counter() - t0) * 1000 / args.steps
    kernels = profile(decoder, first, args.profile_steps)
    decoder.release()
    groups: dict[str, float] = {}
    for k in kernels:
        groups[group_of(k["name"])] = groups.get(group_of(k["name"]), 0.0) + k["us_per_step"]
    return {"batch": batch, "ctx": args.ctx, "warmup_s": round(warm_s, 1), "step_ms": round(step_ms, 3),
            "tokens_per_s": round(batch * 1000 / step_ms, 1), "compile_mode": decoder.compile_mode,
            "kernel_us_per_step": round(sum(k["us_per_step"] for k in kernels), 1),
            "groups_us_per_step": {g: round(v, 1) for g, v in sorted(groups.items(), key=lambda x: -x[1])},
            "top_kernels": kernels[:40]}


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="int4-gemlite")
    ap.add_argument("--batches", default="1,64")
    ap.add_argument("--ctx", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=64)
    ap.add_argument("--profile-steps", type=int, default=16)
    ap.add_argument("--device", default="cuda", help="cuda; cpu only to smoke-test this script")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    from storytransformer.runtime import random_model

    t0 = time.perf_counter()
    model, _, _ = random_model.build(args.model, quant=args.quant, attn="sdpa", device=args.device)
    print(f"model {args.model} ({args.quant}) built in {time.perf_counter() - t0:.1f} s", flush=True)
    results = []
    for batch in (int(b) for b in args.batches.split(",") if b):
        res = one_batch(model, args, batch)
        results.append(res)
        print(f"batch {batch}: {res['step_ms']} ms/step, {res['tokens_per_s']} tok/s (warm-up {res['warmup_s']} s, "
              f"{res['compile_mode']}); kernels {res['kernel_us_per_step']} us/step", flush=True)
        for g, us in res["groups_us_per_step"].items():
            print(f"  {g:40} {us:9.1f} us/step  {100 * us / max(res['kernel_us_per_step'], 1e-9):5.1f}%")
        for k in res["top_kernels"][:12]:
            print(f"    {k['us_per_step']:8.1f} us x{k['calls_per_step']:5.1f}  {k['name'][:110]}")
        if args.out:
            Path(args.out).write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
