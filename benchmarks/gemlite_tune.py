"""Tune GemLite's int4 kernels for the GPU at hand and time them against what GemLite picks.

GemLite (0.6.0) ships kernel configs per GPU in gemlite/configs/<tag>.json and loads the one
whose tag is a substring of the device name; for any other GPU (the H200 among them: "nvidia_h200"
contains no shipped tag) it autotunes a short "fast" list of configs per shape and row count on
first use, timing each with Triton's do_bench, whose timed region includes cloning the weight
(the kernels' `restore_value`), so small kernels are ranked through that noise. This script:

1. for the Llama-3.1-8B decode shapes our engine runs (fused q/k/v, o, gate/up, down, int4 head;
   group 64, bf16 activations) and rows M, runs GemLite's own autotuner (its pruner and kernels)
   over a wider candidate list, without the weight clone in the timed region;
2. times, per shape x M, each variant the way a decode step runs it: the kernel replayed from a
   CUDA graph, cycling through enough copies of the weight that they do not fit in L2:
   - `default`: what GemLite does on this GPU by itself (its own config file if one matched,
     else its fast autotune),
   - `h100`: GemLite's shipped H100 configs,
   - `tuned`: the best of the tuned top-3 and the two above, as measured here,
   - `alt:<kernel>`: another GemLite kernel for this M (GemLite picks the kernel by M alone),
   - `bf16`: cuBLAS on a 16-bit weight, for reference;
3. writes the tuned configs in GemLite's config-cache format (`--out-config`, loadable with
   `gemlite.load_config`; storytransformer/runtime/gemlite_configs/ ships them per GPU) and the
   timings (`--out`), both rewritten after every shape x M so a cut-off run leaves its results.

Compiling Triton kernels is the slow part, so `--workers` processes compile the same kernels
ahead of the timing process (Triton's on-disk cache is shared); they only launch each kernel
once, but their launches share the GPU with the timing, which adds noise (medians are taken).

    python3 benchmarks/gemlite_tune.py --out tune.json --out-config nvidia_h200.json --budget-s 290

Needs CUDA, torch, triton and gemlite; nothing from storytransformer.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time

# name -> (N out_features, K in_features): the matmuls of one Llama-3.1-8B decode step as the
# engine runs them (q/k/v fused, gate and up separate, the output head in int4).
SHAPES = {"qkv": (6144, 4096), "o": (4096, 4096), "gate_up": (14336, 4096),
          "down": (4096, 14336), "head": (128256, 4096)}
PER_LAYER = {"qkv": 1, "o": 1, "gate_up": 2, "down": 1}  # matmuls per decoder layer
LAYERS = 32
GROUP = 64
ROTATE_BYTES = 400e6  # weight copies cycled per graph: well above the H200's L2
CALLS_PER_GRAPH = 96
PRIORITY_MS = (1, 64, 128, 16, 32, 8, 2, 4)
ALT_TYPES = {1: ("GEMV_SPLITK", "GEMV"), 2: ("GEMM_SPLITK",), 4: ("GEMM_SPLITK",),
             64: ("GEMM_SPLITK",), 128: ("GEMM_SPLITK",)}


def wide_configs(kind: str, m: int):
    """A grid of GemLite configs for one kernel at `m` rows, wider than its "fast" list;
    GemLite's pruner clamps each to what the shape allows (block K <= group size, block M by
    rows) and drops duplicates."""
    import triton

    out = []
    if kind == "GEMV_REVSPLITK":
        for n in (64, 128, 256, 512, 1024):
            for k in (8, 16, 32):
                for w in (1, 2, 4):
                    for a in (0, 1):
                        out.append(triton.Config({"BLOCK_SIZE_M": 1, "BLOCK_SIZE_N": n, "BLOCK_SIZE_K": k,
                                                  "A_load_order": a, "dot_prod_mode": 0},
                                                 num_warps=w, num_stages=1))
    elif kind == "GEMM_SPLITK":
        bm = 16 if m <= 16 else 32 if m <= 32 else 64
        for n in (32, 64, 128, 256):
            for k in (32, 64):
                for sk in (1, 2, 4, 8):
                    for w in ((4,) if n < 128 else (4, 8)):
                        for a in (0, 2):
                            out.append(triton.Config({"BLOCK_SIZE_M": bm, "BLOCK_SIZE_N": n, "BLOCK_SIZE_K": k,
                                                      "SPLIT_K": sk, "GROUP_SIZE_M": 8, "A_load_order": a},
                                                     num_warps=w, num_stages=4))
    elif kind == "GEMM":
        for bm in ((32, 64) if m <= 64 else (64, 128)):
            for n in (64, 128, 256):
                for k in (32, 64):
                    for w in (4, 8):
                        for s in (3, 5):
                            for a in (0, 2):
                                out.append(triton.Config({"BLOCK_SIZE_M": bm, "BLOCK_SIZE_N": n, "BLOCK_SIZE_K": k,
                                                          "GROUP_SIZE_M": 8, "A_load_order": a},
                                                         num_warps=w, num_stages=s))
    return out


def _part(configs, part):
    """This worker's share of a config list (None: all). An autotuner given one config skips
    the pruner, so a share of one gets a second config to keep the pruner (and the kernel
    it compiles) the same as the timing process's."""
    if part is None or not configs:
        return configs
    rank, count = part
    share = configs[rank::count]
    if len(share) == 1 and len(configs) > 1:
        share = share + [configs[0] if configs[0] is not share[0] else configs[1]]
    return share


class Kernels:
    """GemLite's INT kernels (Triton autotuners) and the knobs this script turns on them."""

    def __init__(self):
        import gemlite.core as core
        from gemlite.triton_kernels import utils

        self.core = core
        self.closest_m = utils.get_closest_m
        self.own = copy.deepcopy(core.GEMLITE_TRITON_CONFIG_CACHE)  # what GemLite loaded at import
        here = os.path.dirname(os.path.abspath(core.__file__))
        with open(os.path.join(here, "configs", "h100.json")) as fh:
            self.h100 = json.load(fh)
        self.modules = {name: sys.modules[core.GEMLITE_TRITON_MAPPING[name].forward.__module__]
                        for name in core.GEMLITE_MATMUL_TYPES}
        self.kern = {name: core.GEMLITE_TRITON_MAPPING[name].kernel[0] for name in core.GEMLITE_MATMUL_TYPES}
        self.saved = {name: (k.configs, list(k.restore_value)) for name, k in self.kern.items()}

    def reset(self, cache: dict, tune: str | None = None, candidates=None, part=None) -> bool:
        """Config cache `cache` for every kernel, autotune state cleared; `tune` gets
        `candidates`, no weight clone and a precise do_bench. `part` (rank, count): a compiling
        worker's share of every config list, each "benchmarked" by one launch. False when
        `tune`'s share is empty."""
        import triton.testing

        self.core.GEMLITE_TRITON_CONFIG_CACHE = cache
        for name, k in self.kern.items():
            k.cache.clear()
            k.__dict__.pop("configs_timings", None)  # a previous tune's, read by ranked()
            configs, restore = self.saved[name]
            k.configs = _part(candidates if name == tune and candidates else configs, part)
            k.restore_value = [] if name == tune else list(restore)
            k.__dict__.pop("do_bench", None)  # cached_property: back to Triton's default benchmarker
            if part is not None:
                k.__dict__["do_bench"] = _launch_once
            elif name == tune:
                k.__dict__["do_bench"] = lambda fn, quantiles: triton.testing.do_bench(
                    fn, warmup=3, rep=15, quantiles=quantiles)
        return tune is None or bool(self.kern[tune].configs)

    def picked(self, kind: str) -> dict | None:
        """The config the autotuner chose for its (single) key, as GemLite's cache stores it."""
        k = self.kern[kind]
        return next(iter(k.cache.values())).all_kwargs() if k.cache else None

    def ranked(self, kind: str, top: int) -> list[dict]:
        timings = getattr(self.kern[kind], "configs_timings", None) or {}
        best = sorted(timings, key=lambda c: timings[c][0])
        return [c.all_kwargs() for c in best[:top] if math.isfinite(timings[c][0])]


def _launch_once(fn, quantiles):
    fn()
    return [1.0, 1.0, 1.0]


class Shape:
    """One weight shape as GemLite int4 (with copies to cycle through) and in bf16."""

    def __init__(self, name: str, n: int, k: int, bf16: bool, rotate: bool):
        import torch
        from gemlite.helper import A16Wn

        self.name, self.n, self.k = name, n, k
        w_q = torch.randint(0, 16, (n, k), dtype=torch.uint8, device="cuda")
        scale = (torch.rand(n, k // GROUP, device="cuda") * 0.01 + 0.001).to(torch.bfloat16)
        zero = torch.full((n, k // GROUP), 7.5, device="cuda", dtype=torch.bfloat16)
        layer = A16Wn(device="cuda", dtype=torch.bfloat16).from_weights(w_q, scale, zero, W_nbits=4, group_size=GROUP)
        del w_q
        self.meta = layer.get_meta_args()
        args = layer.get_tensor_args()
        self.bytes = sum(t.numel() * t.element_size() for t in args[:3])
        copies = max(1, min(48, math.ceil(ROTATE_BYTES / self.bytes))) if rotate else 1
        self.copies = [args] + [[t.clone() for t in args[:3]] + [args[3]] for _ in range(copies - 1)]
        self.elements = layer.elements_per_sample
        dtype_id = self.meta[5]
        from gemlite.dtypes import DType
        dtype_id = DType.FP16.value if dtype_id == DType.BF16.value else dtype_id
        self.type_id = dtype_id * 100 + self.meta[1]
        self.bf16 = []
        if bf16:
            nb = max(1, min(16, math.ceil(ROTATE_BYTES / (n * k * 2))))
            self.bf16 = [torch.randn(n, k, device="cuda", dtype=torch.bfloat16) * 0.02 for _ in range(nb)]

    def signature(self, closest_m: int) -> str:
        return str((closest_m, self.n, self.k, GROUP, self.elements, self.type_id))


def graph_ms(calls) -> float:
    """Median ms per call of `calls` (zero-argument callables) replayed from one CUDA graph."""
    import torch

    loops = max(1, math.ceil(CALLS_PER_GRAPH / len(calls)))
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for c in calls:
            c()
    torch.cuda.current_stream().wait_stream(side)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for _ in range(loops):
            for c in calls:
                c()
    graph.replay()
    torch.cuda.synchronize()
    times = []
    for _ in range(7):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    del graph
    return statistics.median(times) / (loops * len(calls))


def gemlite_calls(kern: Kernels, shape: Shape, x, kind: str | None):
    fwd = kern.core.forward_functional
    idx = -1 if kind is None else kern.core.GEMLITE_MATMUL_TYPES_MAPPING[kind]
    return [lambda a=a: fwd(x, None, a, shape.meta, idx) for a in shape.copies]


def measure(kern: Kernels, shape: Shape, x, kind: str | None, timed: bool = True) -> dict:
    """One eager call (autotunes or compiles as the current settings say), then the graph timing."""
    calls = gemlite_calls(kern, shape, x, kind)
    calls[0]()
    if not timed:
        return {}
    ms = graph_ms(calls)
    return {"ms": round(ms, 5), "tb_s": round(shape.bytes / ms / 1e9, 3)}


def _error(err: Exception) -> str:
    return f"{type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else ''}"


def run_pair(kern: Kernels, shape: Shape, m: int, args, part=None, mine: bool = True) -> dict:
    """Every variant for one shape x M: the record, its tuned config under variants.tuned.
    `part`: a compiling worker's share (then nothing is timed); `mine`: whether this worker
    also compiles the pair's single-config steps."""
    import torch

    timed = part is None
    x = torch.randn(m, shape.k, device="cuda", dtype=torch.bfloat16)
    kind = kern.core.get_matmul_type(m, 4)
    sig = shape.signature(kern.closest_m(m))
    rec = {"shape": shape.name, "N": shape.n, "K": shape.k, "M": m, "weight_bytes": shape.bytes,
           "copies": len(shape.copies), "kernel": kind, "signature": sig, "variants": {}}
    for label, cache in (("default", kern.own), ("h100", kern.h100)):
        has = sig in cache.get(kind, {})
        if label == "h100" and not has:
            rec["variants"][label] = {"from_file": False, "note": "no H100 entry: GemLite autotunes as in default"}
            continue
        if not timed and has and not mine:
            continue  # one config from the file: one worker compiles it
        kern.reset(copy.deepcopy(cache), part=part)
        rec["variants"][label] = {**measure(kern, shape, x, None, timed), "config": kern.picked(kind), "from_file": has}
    kinds = [kind] + ([k for k in ALT_TYPES.get(m, ()) if k != kind] if m in args.alt_ms else [])
    for kk in kinds:
        label = "tuned" if kk == kind else f"alt:{kk}"
        try:
            rec["variants"][label] = tune_kind(kern, shape, x, kk, sig, rec["variants"] if kk == kind else {},
                                               args, part)
        except Exception as err:  # noqa: BLE001 - one kernel failing must not end the run
            rec["variants"][label] = {"error": _error(err)}
    if shape.bf16 and timed:
        ms = graph_ms([lambda w=w: torch.nn.functional.linear(x, w) for w in shape.bf16])
        rec["variants"]["bf16"] = {"ms": round(ms, 5), "tb_s": round(shape.n * shape.k * 2 / ms / 1e9, 3)}
    return rec


def tune_kind(kern: Kernels, shape: Shape, x, kind: str, sig: str, measured: dict, args, part) -> dict:
    """GemLite's autotuner over the candidates for `kind`, then its top 3 (and the `measured`
    default/h100 picks) timed as a decode step runs them; the fastest is the tuned config."""
    cands = candidates(kern, kind, x.shape[0], args)
    if part is not None:
        cands = cands[::-1]  # workers compile from the other end of the list than the timing process
    t0 = time.time()
    if not kern.reset({}, tune=kind, candidates=cands, part=part):
        return {}
    measure(kern, shape, x, kind, timed=False)
    if part is not None:
        return {}  # compiled: the candidates' kernels are what the timing process needs
    tried = []
    for cfg in kern.ranked(kind, 3) or [kern.picked(kind)]:
        kern.reset({kind: {sig: cfg}})
        try:
            tried.append({**measure(kern, shape, x, kind), "config": cfg, "from": "tuned"})
        except Exception as err:  # noqa: BLE001
            tried.append({"error": _error(err), "config": cfg})
    for v in ("default", "h100"):
        if measured.get(v, {}).get("config") and "ms" in measured[v]:
            tried.append({k: measured[v][k] for k in ("ms", "tb_s", "config")} | {"from": v})
    ok = [t for t in tried if "ms" in t]
    best = min(ok, key=lambda t: t["ms"]) if ok else {}
    return {**best, "candidates": len(cands), "tune_s": round(time.time() - t0, 1),
            "top": [{k: t.get(k) for k in ("ms", "from", "error") if k in t} for t in tried]}


def candidates(kern: Kernels, kind: str, m: int, args):
    fast = kern.modules[kind].get_fast_autotune_config()
    wide = wide_configs(kind, m)
    if not wide:
        return fast
    if m in args.wide_ms:
        return fast + wide
    return fast + random.Random(m * 7919 + len(kind)).sample(wide, min(args.sample, len(wide)))


def jobs(args, done=()):
    ms = [m for m in PRIORITY_MS if m in args.ms]
    return [(name, m) for m in ms for name in args.shapes if (name, m) not in done]


def resumed(path: str) -> tuple[list, dict]:
    """A previous run's records and tuned configs (rebuilt from its records)."""
    if not path:
        return [], {}
    with open(path) as fh:
        records = [r for r in json.load(fh)["records"] if "variants" in r]
    tuned: dict = {}
    for r in records:
        if r["variants"].get("tuned", {}).get("config"):
            tuned.setdefault(r["kernel"], {})[r["signature"]] = r["variants"]["tuned"]["config"]
    return records, tuned


def write_json(path: str, data) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1)
    os.replace(tmp, path)


def per_step(records: list[dict]) -> dict:
    """Per M: the matmul time of one decode step (32 layers + head) for each variant, where
    every shape was measured; a shape without an H100 entry counts its default time under
    h100 (GemLite with the H100 file loaded autotunes it the same way)."""
    def ms(rec, v):
        got = rec["variants"].get(v, {})
        return got["ms"] if "ms" in got else rec["variants"]["default"]["ms"] if v == "h100" else None

    out = {}
    for m in sorted({r["M"] for r in records}):
        rows = {r["shape"]: r for r in records if r["M"] == m and "variants" in r}
        if set(rows) != set(SHAPES):
            continue
        step = {}
        for v in ("default", "h100", "tuned", "bf16"):
            try:
                layer = sum(ms(rows[s], v) * c for s, c in PER_LAYER.items())
                step[v] = round(LAYERS * layer + ms(rows["head"], v), 4)
            except (KeyError, TypeError):
                continue
        out[str(m)] = step
    return out


def start_workers(args) -> list:
    if args.workers <= 0:
        return []
    log = open(args.out + ".workers.log", "w")  # noqa: SIM115 - kept open for the workers' lifetime
    base = [sys.executable, os.path.abspath(__file__), "--out", args.out, "--out-config", args.out_config,
            "--ms", ",".join(map(str, args.ms)), "--shapes", ",".join(args.shapes),
            "--sample", str(args.sample), "--budget-s", str(args.budget_s), "--resume", args.resume,
            "--wide-ms", ",".join(map(str, args.wide_ms)), "--alt-ms", ",".join(map(str, args.alt_ms))]
    return [subprocess.Popen(base + ["--worker", f"{r}/{args.workers}"], stdout=log, stderr=subprocess.STDOUT)
            for r in range(args.workers)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="timings JSON")
    ap.add_argument("--out-config", required=True, help="tuned configs, GemLite's config-cache format")
    ap.add_argument("--ms", default="1,2,4,8,16,32,64,128", help="rows (tokens) per matmul")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--sample", type=int, default=24, help="wide-grid configs sampled for rows outside 1/64/128")
    ap.add_argument("--wide-ms", default="1,64,128", help="rows whose candidates are the whole wide grid")
    ap.add_argument("--alt-ms", default=",".join(map(str, ALT_TYPES)),
                    help="rows for which the other GemLite kernels are tuned too")
    ap.add_argument("--resume", default="", help="a previous --out: its shape x M are kept, not rerun")
    ap.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--workers", type=int, default=12, help="processes compiling ahead")
    ap.add_argument("--budget-s", type=float, default=290.0, help="no new shape x M starts after this")
    ap.add_argument("--worker", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.ms, args.wide_ms, args.alt_ms = ([int(m) for m in v.split(",") if m]
                                          for v in (args.ms, args.wide_ms, args.alt_ms))
    args.shapes = [s for s in args.shapes.split(",") if s]
    t_start = time.time()
    workers = [] if args.worker else start_workers(args)
    try:
        return _run(args, t_start)
    finally:
        for p in workers:
            if p.poll() is None:
                p.kill()


def _run(args, t_start: float) -> int:
    import torch
    import triton

    import gemlite

    part = tuple(map(int, args.worker.split("/"))) if args.worker else None
    kern = Kernels()
    device = torch.cuda.get_device_name()
    own_tag = gemlite.core.get_default_cache_config()
    result = {"device": device, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "torch": torch.__version__, "triton": triton.__version__, "gemlite": gemlite.__version__,
              "gemlite_own_config": own_tag, "command": " ".join(sys.argv), "group_size": GROUP,
              "timing": f"CUDA graph of ~{CALLS_PER_GRAPH} calls cycling weight copies of >= {ROTATE_BYTES / 1e6:.0f} MB "
                        "(fewer for the head), median of 7 replays; tb_s = int4 weight+scale+zero bytes / time",
              "records": [], "skipped": [], "complete": False}
    result["records"], tuned = resumed(args.resume)
    todo = jobs(args, {(r["shape"], r["M"]) for r in result["records"]})
    print(f"{device}: GemLite's own config: {own_tag}; {len(todo)} shape x M to run"
          + (f" (worker {args.worker})" if part else ""), flush=True)
    shapes: dict = {}
    for index, (name, m) in enumerate(todo):
        if time.time() - t_start > args.budget_s:
            result["skipped"].append([name, m])
            continue
        if name not in shapes:
            n, k = SHAPES[name]
            shapes[name] = Shape(name, n, k, bf16=args.bf16 and part is None, rotate=part is None)
        t0 = time.time()
        try:
            rec = run_pair(kern, shapes[name], m, args, part, mine=part is None or index % part[1] == part[0])
        except Exception as err:  # noqa: BLE001 - record and go on with the next shape x M
            rec = {"shape": name, "M": m, "error": _error(err)}
        if part is not None:
            print(f"worker {args.worker}: {name} M={m} {time.time() - t0:.1f}s {rec.get('error', '')}", flush=True)
            continue
        rec["seconds"] = round(time.time() - t0, 1)
        result["records"].append(rec)
        report(rec, result, tuned, args, t_start)
    if part is not None:
        return 0
    result["complete"] = not result["skipped"]
    report(None, result, tuned, args, t_start)
    print("per decode step, matmul ms (32 layers + head):", json.dumps(result["per_step_ms"]), flush=True)
    return 0


def report(rec, result: dict, tuned: dict, args, t_start: float) -> None:
    """Print one record's line and rewrite both output files."""
    if rec is not None:
        v = rec.get("variants", {})
        best = v.get("tuned", {})
        if best.get("config"):
            tuned.setdefault(rec["kernel"], {})[rec["signature"]] = best["config"]
        print(f"{rec['shape']:8s} M={rec['M']:<4d} {rec.get('kernel', '?'):15s} "
              + " ".join(f"{key}={v[key]['ms']:.4f}ms/{v[key]['tb_s']:.2f}TB/s" for key in v if "ms" in v[key])
              + f" ({rec['seconds']}s){' ' + rec['error'] if 'error' in rec else ''}", flush=True)
    result["per_step_ms"] = per_step(result["records"])
    result["elapsed_s"] = round(time.time() - t_start, 1)
    write_json(args.out, result)
    write_json(args.out_config, tuned)


if __name__ == "__main__":
    sys.exit(main())
