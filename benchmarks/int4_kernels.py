"""4-bit matmul kernels on one GPU, per Llama-3.1-8B linear shape, at decode batch sizes.

    python benchmarks/int4_kernels.py --out $OUT/int4_kernels.json

For each projection of a Llama-3.1-8B decoder layer (q, k, v, o, gate, up, down) and each
batch size M: bf16 F.linear, bitsandbytes NF4 (Linear4bit, double quant), GemLite int4
(group 64 and 128; from 1,024 rows on through the dequantize + cuBLAS prefill path), each
replayed from a CUDA graph and timed with CUDA events (median of repeats after warm-up), and
checked against the product with its own dequantized weight. The per-layer sums x 32 layers give the
weight-matmul time of one decode step, which bounds decode tokens/s from above.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (name, out_features, in_features) of one Llama-3.1-8B decoder layer
SHAPES = [("q", 4096, 4096), ("k", 1024, 4096), ("v", 1024, 4096), ("o", 4096, 4096),
          ("gate", 14336, 4096), ("up", 14336, 4096), ("down", 4096, 14336)]
EXTRA_SHAPES = {"qkv": ("qkv", 6144, 4096), "head": ("head", 128256, 4096)}
LAYERS = 32


def time_fn(fn, x, repeats: int, warmup: int = 5) -> tuple[float, str]:
    """Median milliseconds of one call. Replayed from a CUDA graph where the kernel allows it,
    as the compiled decode step runs it: eager timing of one small matmul mostly measures
    Python and launch overhead, not the kernel."""
    import torch

    for _ in range(warmup):
        fn(x)
    torch.cuda.synchronize()
    run, mode = (lambda: fn(x)), "eager"
    try:
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(3):
                fn(x)
        torch.cuda.current_stream().wait_stream(stream)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            fn(x)
        graph.replay()
        torch.cuda.synchronize()
        run, mode = graph.replay, "cuda-graph"
    except Exception:  # noqa: BLE001 - a kernel that cannot be captured is timed eagerly
        torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        run()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times), mode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", default="1,16,64,4096")
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--kernels", default="bf16,nf4,gemlite64,gemlite128")
    ap.add_argument("--extra-shapes", default="", help="also time: qkv (fused q/k/v), head (output head)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch

    from storytransformer.runtime import int4_gemlite

    torch.manual_seed(0)
    dev = torch.device("cuda")
    batches = [int(b) for b in args.batches.split(",")]
    kernels = args.kernels.split(",")
    record = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "rows": []}
    out_path = Path(args.out)

    def build(kind, weight):
        if kind == "bf16":
            lin = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=False, device=dev, dtype=torch.bfloat16)
            lin.weight.data.copy_(weight)
            return lin, weight
        if kind == "nf4":
            import bitsandbytes as bnb
            import bitsandbytes.functional as F

            lin = bnb.nn.Linear4bit(weight.shape[1], weight.shape[0], bias=False, compute_dtype=torch.bfloat16,
                                    compress_statistics=True, quant_type="nf4", device="meta")
            lin.weight = bnb.nn.Params4bit(weight.cpu(), requires_grad=False, compress_statistics=True,
                                           quant_type="nf4", module=lin)
            lin = lin.to(dev)
            ref = F.dequantize_4bit(lin.weight.data, lin.weight.quant_state).to(torch.bfloat16)
            return lin, ref
        if kind.startswith("gemlite"):
            group = int(kind[len("gemlite"):])
            lin = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=False, device=dev, dtype=torch.bfloat16)
            lin.weight.data.copy_(weight)
            w_q, scale, zero = int4_gemlite.quantize_weight(weight, group)
            ref = int4_gemlite.dequantize_weight(w_q, scale, zero, group)
            kernel = int4_gemlite.gemlite_linear(lin, group)
            # The prefill path unpacks GemLite's packed weight: it must give back exactly the
            # dequantized weight the kernels compute with.
            unpack_diff = float((int4_gemlite.unpack_gemlite(kernel).float() - ref.float()).abs().max())
            record.setdefault("unpack_max_abs_diff", {})[f"{name}/{kind}"] = unpack_diff
            for mode in ("eager", "compiled"):  # the prefill path's unpack alone
                t_first = time.perf_counter()
                got = int4_gemlite.unpack_gemlite(kernel, mode)
                torch.cuda.synchronize()
                first = time.perf_counter() - t_first
                ms, _ = time_fn(lambda _x, mode=mode: int4_gemlite.unpack_gemlite(kernel, mode), None, 20)
                record.setdefault("unpack", []).append({
                    "shape": name, "kernel": kind, "mode": mode, "ms": round(ms, 4), "first_call_s": round(first, 2),
                    "max_abs_diff_vs_ref": float((got.float() - ref.float()).abs().max())})
                print(json.dumps(record["unpack"][-1]), flush=True)
            return int4_gemlite.Int4Linear()(kernel), ref
        raise ValueError(kind)

    shapes = SHAPES + [EXTRA_SHAPES[x] for x in args.extra_shapes.split(",") if x]
    for name, n_out, n_in in shapes:
        weight = (torch.randn(n_out, n_in, device=dev) * 0.02).to(torch.bfloat16)
        for kind in kernels:
            t0 = time.perf_counter()
            try:
                layer, ref = build(kind, weight)
            except Exception as err:  # noqa: BLE001 - a kernel missing on this box is a result
                record["rows"].append({"shape": name, "kernel": kind, "error": f"{type(err).__name__}: {err}"[:300]})
                print(record["rows"][-1], flush=True)
                continue
            build_s = time.perf_counter() - t0
            for m in batches:
                x = (torch.randn(m, n_in, device=dev) * 0.5).to(torch.bfloat16)
                with torch.no_grad():
                    try:
                        t1 = time.perf_counter()
                        y = layer(x)
                        first_s = time.perf_counter() - t1
                        want = x.float() @ ref.float().t()
                        rel = float((y.float() - want).norm() / want.norm())
                        ms, timing = time_fn(layer, x, args.repeats)
                    except Exception as err:  # noqa: BLE001
                        record["rows"].append({"shape": name, "kernel": kind, "m": m,
                                               "error": f"{type(err).__name__}: {err}"[:300]})
                        print(record["rows"][-1], flush=True)
                        continue
                bytes_w = n_out * n_in * (2 if kind == "bf16" else 0.5)
                row = {"shape": name, "kernel": kind, "m": m, "ms": round(ms, 5), "timing": timing, "rel_err": round(rel, 5),
                       "weight_GBps": round(bytes_w / (ms * 1e-3) / 1e9, 1), "build_s": round(build_s, 2),
                       "first_call_s": round(first_s, 2)}
                record["rows"].append(row)
                print(json.dumps(row), flush=True)
            del layer, ref
            torch.cuda.empty_cache()
        out_path.write_text(json.dumps(record, indent=2))

    summary = {}
    for kind in kernels:
        for m in batches:
            base = {name for name, _, _ in SHAPES}
            rows = [r for r in record["rows"] if r["kernel"] == kind and r.get("m") == m and "ms" in r
                    and r["shape"] in base]
            if len(rows) == len(SHAPES):
                layer_ms = sum(r["ms"] for r in rows)
                summary[f"{kind}/m{m}"] = {"layer_ms": round(layer_ms, 4), "model_linears_ms": round(layer_ms * LAYERS, 3),
                                           "bound_tok_s": round(m * 1000 / (layer_ms * LAYERS), 1)}
    record["summary"] = summary
    print(json.dumps(summary, indent=1))
    out_path.write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
