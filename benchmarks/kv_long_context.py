"""128k tokens within 24 GiB: chunked prefill into the one-byte KV cache, then decode (issue 15).

    python3 benchmarks/kv_long_context.py --quant int4-gemlite --kv-cache int8,auto --out $OUT/kv_long_context.json

For each `--kv-cache` format, in turn, on one model: a random-weight model of the shape
(`--model`, the Llama-3.1-8B shape by default, built as bench and profile_decode.py build it),
a `--prompt`-token random prompt (128k by default) prefilled `--chunk` tokens per pass into the
cache (runtime/long_context.py's ChunkedDecoder: int8/fp8 in runtime/kv_cache.py's storage,
allocated once for prompt + new tokens; auto: transformers' 16-bit DynamicCache), then
`--new-tokens` greedy decode steps over it. A warm-up first (one chunk and two steps, its own
small cache) pays the one-time costs (GemLite's compiled unpack, kernel selection).

Reported per format, as JSON to `--out` (written after each format, so a cut run keeps what it
measured): peak GPU memory (torch.cuda.max_memory_allocated over the prefill and decode, and
the reserved peak) against `--budget-gib` (24), the weights' bytes, the KV cache's bytes, the
memory planner's prediction (runtime/memory.py with the same KV format and chunk), prefill
tok/s and decode tok/s (host clock after a device sync), or the out-of-memory error.

CUDA is what it is for; `--device cpu` with a small config (config:llama-tiny) runs the same
code for its test (tests/test_kv_long_context.py), with no GPU memory to report (the process's
peak resident memory instead). `--model` also takes a path to a config.json (random weights of
that shape, e.g. the bundled SmolLM2's).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GIB = 1024**3


def sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def planned(model, args, fmt: str) -> dict | None:
    """The memory planner's prediction for this run (None where it has no model of the format)."""
    from storytransformer.runtime.memory import plan_memory

    dtype = str(model.dtype).replace("torch.", "")
    try:
        plan = plan_memory(model.config.to_dict(), ctx=args.prompt + args.new_tokens, quant=args.quant, dtype=dtype,
                           kv_cache=fmt, prefill_chunk=args.chunk)
    except Exception as err:  # noqa: BLE001 - a planner gap must not sink the measurement
        return {"error": f"{type(err).__name__}: {err}"}
    return {"total_gib": round(plan.total_bytes / GIB, 3), "weights_gib": round(plan.weights_bytes / GIB, 3),
            "kv_gib": round(plan.kv_bytes / GIB, 3), "activation_gib": round(plan.activation_bytes / GIB, 3),
            "kv_bytes_per_token": plan.kv_bytes_per_token}


def warm_up(model, args, fmt: str) -> float:
    """One chunk and two decode steps through a small cache of `fmt`; returns its seconds."""
    import torch

    from storytransformer.runtime.long_context import ChunkedDecoder

    t0 = time.perf_counter()
    n = min(args.chunk, args.prompt)
    dec = ChunkedDecoder(model, max_len=n + 4, kv_cache=fmt, chunk=args.chunk)
    ids = torch.randint(1, model.config.vocab_size, (1, n), generator=torch.Generator().manual_seed(99))
    dec.decode(dec.prefill(ids.to(args.device)), 2)
    sync(args.device)
    dec.release()
    return time.perf_counter() - t0


def measure(model, args, fmt: str, weights: int | None) -> dict:
    """Prefill `args.prompt` tokens in chunks into a `fmt` cache, decode `args.new_tokens`."""
    import torch

    from storytransformer.runtime.kv_cache import kv_cache_bytes
    from storytransformer.runtime.long_context import ChunkedDecoder

    cuda = args.device.startswith("cuda")
    row = {"kv_cache": fmt, "prompt_tokens": args.prompt, "new_tokens": args.new_tokens, "chunk": args.chunk,
           "planned": planned(model, args, fmt)}
    row["warm_up_seconds"] = round(warm_up(model, args, fmt), 2)
    ids = torch.randint(1, model.config.vocab_size, (1, args.prompt), generator=torch.Generator().manual_seed(0))
    ids = ids.to(args.device)
    if cuda:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    dec = ChunkedDecoder(model, max_len=args.prompt + args.new_tokens, kv_cache=fmt, chunk=args.chunk)
    try:
        t0 = time.perf_counter()
        first = dec.prefill(ids)
        sync(args.device)
        prefill_s = time.perf_counter() - t0
        row["kv_cache_bytes"] = kv_cache_bytes(dec.cache)
        t0 = time.perf_counter()
        tokens = dec.decode(first, args.new_tokens)
        sync(args.device)
        decode_s = time.perf_counter() - t0
        row.update(status="ok", prefill_seconds=round(prefill_s, 3),
                   prefill_tokens_per_s=round(args.prompt / prefill_s, 1), decode_seconds=round(decode_s, 3),
                   decode_tokens_per_s=round(args.new_tokens / decode_s, 2), tokens=tokens[0, :8].tolist())
    except torch.OutOfMemoryError as err:
        row.update(status="oom", error=str(err).splitlines()[0][:300])
    finally:
        dec.release()
    if cuda:
        peak = torch.cuda.max_memory_allocated()
        row.update(peak_allocated_gib=round(peak / GIB, 3),
                   peak_reserved_gib=round(torch.cuda.max_memory_reserved() / GIB, 3),
                   budget_gib=args.budget_gib, within_budget=row.get("status") == "ok" and peak <= args.budget_gib * GIB)
    else:
        import resource

        row.update(peak_allocated_gib=None, within_budget=None,
                   peak_rss_gib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3),
                   peak_note="CPU: no allocator peak (torch.cuda.max_memory_allocated is CUDA only); "
                             "peak_rss_gib is the process's peak since it started (model build and "
                             "earlier formats included): one format per process to compare")
    if weights is not None:
        row["weights_gib"] = round(weights / GIB, 3)
    del ids
    if cuda:
        torch.cuda.empty_cache()
    return row


def environment(args) -> dict:
    import torch
    import transformers

    env = {"machine": platform.platform(), "python": platform.python_version(), "torch": torch.__version__,
           "transformers": transformers.__version__, "device": args.device}
    if args.device.startswith("cuda"):
        props = torch.cuda.get_device_properties(0)
        env.update(gpu=props.name, gpu_memory_gib=round(props.total_memory / GIB, 1))
    try:
        from importlib.metadata import version

        env["gemlite"] = version("gemlite")
    except Exception:  # noqa: BLE001 - not installed is a fact to record
        env["gemlite"] = None
    return env


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="int4-gemlite")
    ap.add_argument("--kv-cache", default="int8,auto", help="comma list, measured in turn: int8, fp8, auto (16-bit)")
    ap.add_argument("--prompt", type=int, default=131072, help="prompt tokens prefilled (default 128k)")
    ap.add_argument("--new-tokens", type=int, default=32)
    ap.add_argument("--chunk", type=int, default=4096, help="tokens per prefill pass")
    ap.add_argument("--budget-gib", type=float, default=24.0)
    ap.add_argument("--enforce-budget", action="store_true",
                    help="cap this process's CUDA allocator at --budget-gib (torch.cuda.set_per_process_memory_fraction): "
                         "what a 24 GiB card allows, fragmentation included, so a format that needs more fails as oom")
    ap.add_argument("--device", default="cuda", help="cuda; cpu only to test this script with a small config")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    import torch

    from storytransformer.runtime import random_model
    from storytransformer.runtime.kv_quant import normalize_kv_cache

    formats = [normalize_kv_cache(f) for f in args.kv_cache.split(",") if f.strip()]
    if args.enforce_budget and args.device.startswith("cuda"):
        # max_memory_allocated alone says what the tensors needed; the caching allocator may hold
        # far more (46.6 GiB reserved for a 15.8 GiB peak on the H200, where nothing asked it to
        # give back). Capped, it frees its cache and retries before it raises, as on a small card.
        total = torch.cuda.get_device_properties(0).total_memory
        torch.cuda.set_per_process_memory_fraction(min(1.0, args.budget_gib * GIB / total))
    t0 = time.perf_counter()
    model, _, _ = random_model.build(args.model, quant=args.quant, attn="sdpa", device=args.device)
    sync(args.device)
    weights = torch.cuda.memory_allocated() if args.device.startswith("cuda") else None
    result = {"script": "benchmarks/kv_long_context.py", "args": vars(args), "environment": environment(args),
              "build_seconds": round(time.perf_counter() - t0, 1), "runs": []}
    print(f"model {args.model} ({args.quant}) built in {result['build_seconds']} s", flush=True)
    for fmt in formats:
        row = measure(model, args, fmt, weights)
        result["runs"].append(row)
        print(json.dumps(row), flush=True)
        if args.out:  # after each format: a run cut by its time limit keeps what it measured
            Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
