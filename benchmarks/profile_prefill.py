"""Where a long prefill's time goes, and what its parts could run at alone (issue 15, goal 32k >= 28k tok/s).

    python3 benchmarks/profile_prefill.py --quant int4-gemlite --ctx 32768 --out $OUT/prefill.json

A random-weight model of `--model`'s shape; one prompt of `--ctx` random tokens through the
model's forward with the logits of the last position only (`logits_to_keep=1`, no cache), as
benchmarks/gpu_engine.py times it. Then:

  timed     tok/s for each SDPA kernel of `--attns` (sdpa = PyTorch's own pick; sdpa_cudnn,
            sdpa_flash, sdpa_efficient pinned), then each variant of `--variants` with
            `--profile-attn`: the prefill matmul (int4-gemlite only: bf16 unpack + cuBLAS, or
            fp8: runtime/fp8_prefill.py), "+fused" with runtime/prefill_fusions.py's kernels
            (off otherwise); how far each one's last-position logits are from the first's
  profile   one forward per variant under torch.profiler: device time per kernel group
            (matmul, attention, Triton unpack/quantize, elementwise, norms, copies) and per
            aten op (which op launched what), so norms, rotary and the MLP's activation show
  micro     each layer's matmul shape at M = ctx alone: bf16 cuBLAS vs FP8 `_scaled_mm`
            (TFLOP/s), the activation quantization, the int4 unpack; causal attention at ctx
            for each SDPA kernel, with K/V as 8 heads (enable_gqa) and repeated to 32
Results go to `--out` as they come. Needs CUDA.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KERNEL_GROUPS = [  # first match wins; names as CUPTI reports them
    ("attention", ("fmha", "flash", "attention", "cudnn", "sdpa", "fprop")),
    ("matmul (cuBLAS)", ("nvjet", "xmma", "cutlass", "gemm", "cublas")),
    ("Triton (compiled unpack / quantize)", ("triton_",)),
    ("norm / reduce", ("reduce", "norm")),
    ("copy / cat / index", ("copy", "cat", "index", "fill", "memcpy", "memset")),
    ("elementwise (rotary, act, mul, add)", ("elementwise", "unrolled", "vectorized")),
]


def group_of(name: str) -> str:
    low = name.lower()
    for label, keys in KERNEL_GROUPS:
        if any(k in low for k in keys):
            return label
    return "other"


def cuda_time(fn, repeats: int, warmup: int = 1) -> list[float]:
    """Seconds per call of fn(), CUDA events, after `warmup` untimed calls."""
    import torch

    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / 1000)
    return times


def prefill_fn(model, ids, attn):
    import torch

    from storytransformer.runtime import random_model

    def run():
        with random_model.sdpa_backend_context(attn), torch.no_grad():
            return model(input_ids=ids, logits_to_keep=1, use_cache=False).logits[0, -1].float()
    return run


def profile_forward(run, top: int = 40) -> dict:
    """One call of run() under torch.profiler: kernel groups, top kernels, top aten ops (device us)."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        run()
        torch.cuda.synchronize()
    kernels, ops = [], []
    for evt in prof.key_averages():
        dev = getattr(evt, "self_device_time_total", 0) or 0
        if not dev:
            continue
        row = {"name": evt.key[:160], "us": round(dev, 1), "calls": evt.count}
        (kernels if evt.device_type == torch.autograd.DeviceType.CUDA else ops).append(row)
    kernels.sort(key=lambda r: -r["us"])
    ops.sort(key=lambda r: -r["us"])
    groups: dict[str, float] = {}
    for k in kernels:
        groups[group_of(k["name"])] = groups.get(group_of(k["name"]), 0.0) + k["us"]
    total = sum(groups.values())
    return {"kernel_ms": round(total / 1000, 2),
            "groups_ms": {g: round(v / 1000, 2) for g, v in sorted(groups.items(), key=lambda x: -x[1])},
            "top_kernels": kernels[:top], "top_ops": [o for o in ops if o["name"].startswith("aten::")][:top]}


def timed_prefills(model, args, record, save) -> None:
    """tok/s per (variant, attention kernel); each variant's logits compared with the first's.
    A variant is a prefill matmul (bf16 | fp8, int4-gemlite only) with "+fused" for the fused
    norm/rotary/silu-mul kernels (runtime/prefill_fusions.py; without it they are switched off)."""
    import torch

    from storytransformer.runtime import int4_gemlite, prefill_fusions

    ids = torch.randint(1, model.config.vocab_size, (1, args.ctx), generator=torch.Generator().manual_seed(1))
    ids = ids.to(args.device)
    reference = None
    rows = prefill_fusions.PREFILL_ROWS
    for n, variant in enumerate(args.variants.split(",")):
        int4_gemlite.PREFILL_MATMUL = variant.split("+")[0]
        prefill_fusions.PREFILL_ROWS = rows if variant.endswith("+fused") else 1 << 62
        for attn in args.attns.split(",") if n == 0 else [args.profile_attn]:
            entry = {"variant": variant, "attn": attn}
            try:
                run = prefill_fn(model, ids, attn)
                logits = run()  # warm-up: compiles the unpack per weight shape
                times = cuda_time(run, args.repeats)
                med = statistics.median(times)
                entry.update(seconds=med, tokens_per_s=round(args.ctx / med, 1), samples=times,
                             peak_gib=round(torch.cuda.max_memory_allocated() / 2**30, 2))
                if attn == args.profile_attn:
                    if reference is None:
                        reference = logits
                    entry["logits_rel_err_vs_first"] = ((logits - reference).norm() / reference.norm()).item()
                    entry["argmax_same_as_first"] = bool(logits.argmax() == reference.argmax())
                    if args.profile:
                        entry["profile"] = profile_forward(run)
            except Exception as err:  # noqa: BLE001 - one kernel failing must not lose the others
                entry["status"] = f"{type(err).__name__}: {str(err)[:300]}"
            record["prefill"].append(entry)
            _print_entry(entry)
            save()
    int4_gemlite.PREFILL_MATMUL = "bf16"
    prefill_fusions.PREFILL_ROWS = rows


def _print_entry(entry) -> None:
    print(json.dumps({k: v for k, v in entry.items() if k != "profile"}), flush=True)
    if "profile" in entry:
        print(json.dumps(entry["profile"]["groups_ms"]), flush=True)
        for k in entry["profile"]["top_kernels"][:12]:
            print(f"   {k['us'] / 1000:8.2f} ms x{k['calls']:4d}  {k['name'][:110]}", flush=True)
        for k in entry["profile"]["top_ops"][:16]:
            print(f"   op {k['us'] / 1000:8.2f} ms x{k['calls']:4d}  {k['name'][:80]}", flush=True)


def micro_matmuls(config, m: int, repeats: int) -> list[dict]:
    """Each projection shape at M rows: bf16 cuBLAS vs FP8 _scaled_mm (with and without the
    activation quantization), TFLOP/s."""
    h, ff = config.hidden_size, config.intermediate_size
    hd = getattr(config, "head_dim", None) or h // config.num_attention_heads
    qkv = hd * (config.num_attention_heads + 2 * config.num_key_value_heads)
    rows = []
    for name, n, k in (("qkv", qkv, h), ("o", h, h), ("gate_up", 2 * ff, h), ("gate", ff, h), ("down", h, ff)):
        rows.append(_one_matmul(name, m, n, k, repeats))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def _one_matmul(name: str, m: int, n: int, k: int, repeats: int) -> dict:
    import torch

    from storytransformer.runtime import fp8_prefill

    x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
    w = torch.randn(n, k, device="cuda", dtype=torch.bfloat16) * 0.02
    w8, ws = fp8_prefill.weight_rows(w)
    x8, xs = fp8_prefill.quantize_rows(x)
    flop = 2 * m * n * k
    res = {"shape": name, "m": m, "n": n, "k": k}
    cases = {"bf16": lambda: torch.nn.functional.linear(x, w),
             "fp8_gemm": lambda: torch._scaled_mm(x8, w8.t(), scale_a=xs, scale_b=ws, out_dtype=torch.bfloat16),
             "fp8_gemm_fast_accum": lambda: torch._scaled_mm(x8, w8.t(), scale_a=xs, scale_b=ws,
                                                             out_dtype=torch.bfloat16, use_fast_accum=True),
             "fp8_linear": lambda: fp8_prefill.linear(x, w8, ws)}
    for case, fn in cases.items():
        try:
            t = statistics.median(cuda_time(fn, repeats, warmup=2))
            res[case] = {"ms": round(t * 1000, 3), "tflops": round(flop / t / 1e12, 1)}
        except Exception as err:  # noqa: BLE001
            res[case] = f"{type(err).__name__}: {str(err)[:200]}"
    y = torch.nn.functional.linear(x, w).float()
    res["fp8_rel_err"] = ((fp8_prefill.linear(x, w8, ws).float() - y).norm() / y.norm()).item()
    return res


def micro_attention(config, s: int, repeats: int) -> list[dict]:
    """Causal SDPA at S tokens per kernel, K/V at 8 heads (enable_gqa) and repeated to all heads."""
    import torch

    heads, kv = config.num_attention_heads, config.num_key_value_heads
    hd = getattr(config, "head_dim", None) or config.hidden_size // heads
    q = torch.randn(1, heads, s, hd, device="cuda", dtype=torch.bfloat16)
    k = torch.randn(1, kv, s, hd, device="cuda", dtype=torch.bfloat16)
    v = torch.randn_like(k)
    rows = []
    for backend in ("CUDNN_ATTENTION", "FLASH_ATTENTION", "EFFICIENT_ATTENTION"):
        for gqa in (True, False):
            rows.append(_one_attention(backend, gqa, q, k, v, repeats))
            print(json.dumps(rows[-1]), flush=True)
    return rows


def _one_attention(backend: str, gqa: bool, q, k, v, repeats: int) -> dict:
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel

    heads, s, hd = q.shape[1], q.shape[2], q.shape[3]
    if not gqa:
        k, v = k.repeat_interleave(heads // k.shape[1], 1), v.repeat_interleave(heads // v.shape[1], 1)
    flop = 4 * s * s * hd * heads / 2  # causal: half the square
    res = {"backend": backend, "gqa": gqa, "s": s}
    try:
        with sdpa_kernel(getattr(SDPBackend, backend)):
            t = statistics.median(cuda_time(lambda: torch.nn.functional.scaled_dot_product_attention(
                q, k, v, is_causal=True, enable_gqa=gqa), repeats, warmup=2))
        res.update(ms=round(t * 1000, 3), tflops=round(flop / t / 1e12, 1), ms_32_layers=round(32 * t * 1000, 1))
    except Exception as err:  # noqa: BLE001
        res["status"] = f"{type(err).__name__}: {str(err)[:200]}"
    return res


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="int4-gemlite")
    ap.add_argument("--fuse", default="attn", help="int4-gemlite: none | attn | all (gate/up too)")
    ap.add_argument("--ctx", type=int, default=32768)
    ap.add_argument("--attns", default="sdpa,sdpa_cudnn,sdpa_flash,sdpa_efficient")
    ap.add_argument("--profile-attn", default="sdpa_cudnn")
    ap.add_argument("--variants", default="bf16,bf16+fused,fp8,fp8+fused",
                    help="prefill matmul (bf16 | fp8: int4-gemlite only), +fused: runtime/prefill_fusions.py on")
    ap.add_argument("--no-profile", dest="profile", action="store_false")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-micro", action="store_true")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    import torch

    from storytransformer.bench import runner
    from storytransformer.runtime import random_model

    out = Path(args.out)
    record = {"args": vars(args), "environment": runner.environment(args.device), "prefill": []}

    def save():
        out.write_text(json.dumps(record, indent=1, default=str))

    t0 = time.perf_counter()
    model, _, config = random_model.build(args.model, quant=args.quant, attn="sdpa", device=args.device,
                                          seed=0, fuse=args.fuse)
    record["load_s"] = round(time.perf_counter() - t0, 1)
    record["weights_gib"] = round(torch.cuda.memory_allocated() / 2**30, 2)
    print(f"built {args.model} {args.quant} in {record['load_s']} s, {record['weights_gib']} GiB", flush=True)
    timed_prefills(model, args, record, save)
    if not args.no_micro:
        del model
        torch.cuda.empty_cache()
        record["micro_matmul"] = micro_matmuls(config, args.ctx, args.repeats + 2)
        save()
        record["micro_attention"] = micro_attention(config, args.ctx, args.repeats)
    record["total_s"] = round(time.perf_counter() - t0, 1)
    save()
    return record


if __name__ == "__main__":
    main()
