"""What an int8 or fp8 KV cache costs in quality, on real weights (CPU).

    python benchmarks/kv_quant_quality.py --out docs/benchmarks/cpu_kv_quant_quality.json
    python benchmarks/kv_quant_quality.py --storage real --out docs/benchmarks/cpu_kv_quant_quality_real.json

The bundled SmolLM2-135M-Instruct in float32; its keys and values go through each format of
runtime/kv_quant.py (bf16, int8, fp8 e4m3; one scale per token and head) before they are
cached and attended to: the numerics of a quantized KV cache. ``--storage simulated`` (the
default) rounds them and caches the rounded values (runtime/kv_quant.py's round_trip_cache);
``--storage real`` stores int8/fp8 in runtime/kv_cache.py's QuantizedKVCache, the cache
``--kv-cache int8|fp8`` runs (the bf16 and float32 references are the same either way). The text is read in chunks of
`--chunk` tokens against the cache of everything before it (what decoding over a cache does,
`--chunk` tokens at a time), in windows of `--window` tokens.

Metrics, against the float32 cache and against the bf16 cache (what a 16-bit cache keeps):
perplexity on the stories of examples/stories, mean KL of the next-token distributions, top-1
agreement; and greedy answers to `--prompts` merge prompts (`--new-tokens` each): the share of
the reference's tokens matched before the first divergence.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMATS = ("float32", "bf16", "int8", "fp8")


STORAGE = {"mode": "simulated"}


def cache_for(model, fmt: str):
    from transformers import DynamicCache

    from storytransformer.runtime.kv_quant import round_trip_cache

    if STORAGE["mode"] == "real" and fmt in ("int8", "fp8"):
        from storytransformer.runtime.kv_cache import QuantizedKVCache

        return QuantizedKVCache(model.config, fmt)
    return DynamicCache(config=model.config) if fmt == "float32" else round_trip_cache(model.config, fmt)


def window_logprobs(model, ids: list[int], fmt: str, chunk: int):
    """log-probs [len(ids) - 1, vocab] of each next token, reading the window chunk by chunk."""
    import torch

    cache = cache_for(model, fmt)
    out = []
    for start in range(0, len(ids), chunk):
        piece = torch.tensor([ids[start:start + chunk]])
        logits = model(input_ids=piece, past_key_values=cache, use_cache=True).logits[0].float()
        out.append(torch.log_softmax(logits, dim=-1))
    return torch.cat(out)[:-1]


def score_text(model, ids: list[int], window: int, chunk: int, windows: int) -> dict:
    import torch

    sums = {f: {"nll": 0.0, "kl32": 0.0, "kl16": 0.0, "top1_32": 0, "top1_16": 0} for f in FORMATS}
    positions = 0
    with torch.inference_mode():
        for w, start in enumerate(range(0, len(ids) - 1, window)):
            if w >= windows:
                break
            part = ids[start:start + window]
            if len(part) < 2:
                break
            labels = torch.tensor(part[1:])
            logp = {f: window_logprobs(model, part, f, chunk) for f in FORMATS}
            for f in FORMATS:
                s = sums[f]
                s["nll"] -= float(logp[f].gather(1, labels[:, None]).sum())
                for ref, key in (("float32", "32"), ("bf16", "16")):
                    s["kl" + key] += float((logp[ref].exp() * (logp[ref] - logp[f])).sum())
                    s["top1_" + key] += int((logp[f].argmax(-1) == logp[ref].argmax(-1)).sum())
            positions += labels.numel()
    return {f: {"perplexity": round(math.exp(s["nll"] / positions), 4),
                "kl_vs_float32": s["kl32"] / positions, "kl_vs_bf16": s["kl16"] / positions,
                "top1_vs_float32": s["top1_32"] / positions, "top1_vs_bf16": s["top1_16"] / positions}
            for f, s in sums.items()} | {"positions": positions}


def greedy(model, prompt: list[int], fmt: str, new_tokens: int, eos: set[int]) -> list[int]:
    import torch

    cache = cache_for(model, fmt)
    tokens, out = torch.tensor([prompt]), []
    with torch.inference_mode():
        for _ in range(new_tokens):
            logits = model(input_ids=tokens, past_key_values=cache, use_cache=True).logits[0, -1]
            nxt = int(logits.argmax())
            out.append(nxt)
            if nxt in eos:
                break
            tokens = torch.tensor([[nxt]])
    return out


def matched(ref: list[int], got: list[int]) -> float:
    n = 0
    for a, b in zip(ref, got, strict=False):
        if a != b:
            break
        n += 1
    return n / max(1, len(ref))


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--window", type=int, default=1024)
    ap.add_argument("--windows", type=int, default=4)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--prompts", type=int, default=4)
    ap.add_argument("--new-tokens", type=int, default=48)
    ap.add_argument("--storage", choices=("simulated", "real"), default="simulated",
                    help="real: int8/fp8 through the one-byte QuantizedKVCache (--kv-cache's storage)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    STORAGE["mode"] = args.storage
    import torch

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from int4_quality import merge_prompts, perplexity_text

    from storytransformer.runtime import load_engine
    from storytransformer.runtime.kv_quant import kv_bytes_per_token

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    engine = load_engine()
    model = engine.model
    stories = ROOT / "examples" / "stories"
    ids = engine.tokenizer(perplexity_text(stories), add_special_tokens=False)["input_ids"]
    text = score_text(model, ids, args.window, args.chunk, args.windows)
    truth = ROOT / "examples" / "ground_truth.json"
    answers = {}
    if args.prompts and truth.exists():
        prompts = merge_prompts(engine, stories, truth, args.prompts)
        refs = {f: [greedy(model, p, f, args.new_tokens, engine.eos_ids) for p in prompts] for f in FORMATS}
        answers = {f: {"matched_vs_float32": round(sum(map(matched, refs["float32"], refs[f])) / len(prompts), 4),
                       "matched_vs_bf16": round(sum(map(matched, refs["bf16"], refs[f])) / len(prompts), 4),
                       "identical_vs_bf16": sum(a == b for a, b in zip(refs["bf16"], refs[f], strict=True))}
                   for f in FORMATS}
    shape = {"layers": 32, "kv_heads": 8, "head_dim": 128}  # the Llama-3.1-8B shape, for the memory column
    memory = {f: round(kv_bytes_per_token(**shape, fmt=f) * 131072 / 2**30, 3) for f in ("bf16", "int8", "fp8")}
    result = {"model": "bundled SmolLM2-135M-Instruct, float32, CPU", "args": vars(args),
              "machine": platform.platform(), "torch": torch.__version__, "seconds": round(time.perf_counter() - t0, 1),
              "text": text, "greedy": answers, "kv_gib_at_128k_llama_3_1_8b": memory}
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
