"""What --quant int4-gemlite's weight format costs in quality against NF4, on real weights (CPU).

    python benchmarks/int4_quality.py --out docs/benchmarks/cpu_int4_quality.json

GemLite's kernels need CUDA, but its format is plain math: asymmetric int4, round-to-nearest,
one scale and zero per group of 64 input columns (runtime/int4_gemlite.py). So the quantized
weights are simulated here: each weight is quantized and dequantized back to float32, and the
model runs in float32 on the CPU. What that isolates is the rounding of the weights; the GPU
kernels' own accumulation order and 16-bit activations are not in it.

Variants of the bundled SmolLM2-135M-Instruct:
  float32          the reference
  nf4              bitsandbytes NF4 as transformers loads it: blocksize 64, double quant
                   (compress_statistics), every decoder Linear, output head left in float
  int4-g64         our format: every decoder Linear and the output head (head untied from the
                   input embedding, which stays float, as int4_gemlite.quantize_model does)
  int4-g64-fhead   our format on the decoder only, to show what the int4 head costs
  int4-g64-fp8     int4-g64-fhead with the FP8 prefill matmul (runtime/fp8_prefill.py,
                   STORYTRANSFORMER_PREFILL_MATMUL=fp8): every multi-token forward of a decoder
                   Linear rounds its int4 weight to e4m3 per output channel and its input to
                   e4m3 per token; single-token (decode) forwards stay exact int4, as GemLite's
                   kernels run them. (On the GPU the switch is by rows >= 1024, batch included.)

q/k/v are fused in int4-gemlite, but groups run along input columns within one output row, so
quantizing the fused matrix gives exactly the rows of quantizing q, k and v apart: not modelled.

Metrics, each against float32:
  perplexity       on the stories of examples/stories (their text as ingested, one after the
                   other), in non-overlapping windows of --window tokens
  KL               mean KL(float32 || variant) of the next-token distributions on that text,
                   and how often the two agree on the most likely next token
  greedy           --prompts merge prompts (build_messages on ground-truth clusters of 2-3
                   stories), --new-tokens tokens each, greedy, stopping at eos: the share of
                   float32's tokens matched before the first divergence, and the share of prompts
                   whose whole output is identical
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("float32", "nf4", "int4-g64", "int4-g64-fhead", "int4-g64-fp8")
# variant -> (weight round trip, whether the output head is quantized too)
_PLAN = {"nf4": ("nf4", False), "int4-g64": ("int4", True), "int4-g64-fhead": ("int4", False),
         "int4-g64-fp8": ("int4", False)}


def nf4_round_trip(weight):
    """bitsandbytes' NF4 of `weight`, dequantized back to its dtype (runs on the CPU)."""
    import bitsandbytes.functional as bnbf

    q, state = bnbf.quantize_4bit(weight, blocksize=64, compress_statistics=True, quant_type="nf4")
    return bnbf.dequantize_4bit(q, state, quant_type="nf4").reshape(weight.shape).to(weight.dtype)


def int4_round_trip(weight, group_size: int = 64):
    """int4-gemlite's format (HQQ, asymmetric RTN per group), dequantized back."""
    from storytransformer.runtime.int4_gemlite import dequantize_weight, quantize_weight

    return dequantize_weight(*quantize_weight(weight, group_size), group_size).to(weight.dtype)


ROUND_TRIPS = {"nf4": nf4_round_trip, "int4": int4_round_trip}


def make_variant(model, name: str):
    """A copy of `model` whose weights went through variant `name`'s quantization."""
    import torch

    from storytransformer.runtime.int4_gemlite import linears_of

    variant = copy.deepcopy(model)
    if name == "float32":
        return variant
    kind, head = _PLAN[name]
    round_trip = ROUND_TRIPS[kind]
    with torch.no_grad():
        for _, _, linear in linears_of(variant.get_decoder().layers):
            linear.weight.copy_(round_trip(linear.weight))
        if head:
            # A new module, so a tied input embedding keeps its float weights.
            old = variant.get_output_embeddings()
            new = torch.nn.Linear(old.in_features, old.out_features, bias=old.bias is not None,
                                  device=old.weight.device, dtype=old.weight.dtype)
            new.weight.copy_(round_trip(old.weight))
            if old.bias is not None:
                new.bias.copy_(old.bias)
            variant.set_output_embeddings(new)
            variant.config.tie_word_embeddings = False
    if name.endswith("-fp8"):
        fp8_prefill_linears(variant)
    return variant.eval()


def fp8_prefill_linears(model) -> None:
    """Each decoder Linear: multi-token inputs through the FP8 prefill math (fp8_prefill.linear_reference:
    e4m3 weight per output channel, e4m3 input per token, float32 products), one-token inputs as before."""
    from storytransformer.runtime import fp8_prefill
    from storytransformer.runtime.int4_gemlite import linears_of

    for _, _, linear in linears_of(model.get_decoder().layers):
        w8, w_scale = fp8_prefill.weight_rows(linear.weight.data)

        def forward(x, linear=linear, plain=linear.forward, w8=w8, w_scale=w_scale):
            if x.dim() >= 2 and x.shape[-2] > 1:
                return fp8_prefill.linear_reference(x, w8, w_scale, linear.bias)
            return plain(x)

        linear.forward = forward


def perplexity_text(stories_dir: Path) -> str:
    from storytransformer.ingest import ingest_paths

    return "\n\n".join(s.text.strip() for s in ingest_paths([stories_dir]).stories)


def merge_prompts(engine, stories_dir: Path, truth: Path, count: int) -> list[list[int]]:
    """Token ids of `count` merge prompts: every other ground-truth cluster (they span the
    three example projects), as the merge would build them."""
    from storytransformer.ingest import ingest_paths
    from storytransformer.prompt import build_messages, load_templates

    by_id = {s.id: s for s in ingest_paths([stories_dir]).stories}
    templates = load_templates()
    clusters = [c for c in json.loads(truth.read_text())["clusters"] if 2 <= len(c["ids"]) <= 3]
    picked = (clusters[::2] + clusters[1::2])[:count]
    return [engine.encode(build_messages(templates, [by_id[i] for i in c["ids"]])) for c in picked]


def score_text(models: dict, ids: list[int], window: int) -> dict:
    """Per variant: perplexity, mean KL against float32, top-1 agreement, over windows."""
    import torch

    totals = {name: {"nll": 0.0, "kl": 0.0, "top1": 0, "windows": []} for name in models}
    positions = 0
    with torch.inference_mode():
        for start in range(0, len(ids) - 1, window):
            chunk = torch.tensor([ids[start:start + window]])
            if chunk.shape[1] < 2:
                break
            labels = chunk[0, 1:]
            ref = None
            for name, model in models.items():  # float32 first
                logp = torch.log_softmax(model(input_ids=chunk).logits[0, :-1].float(), dim=-1)
                nll = -float(logp.gather(1, labels[:, None]).sum())
                totals[name]["nll"] += nll
                totals[name]["windows"].append(round(math.exp(nll / labels.numel()), 4))
                if ref is None:
                    ref = logp
                totals[name]["kl"] += float((ref.exp() * (ref - logp)).sum())
                totals[name]["top1"] += int((logp.argmax(-1) == ref.argmax(-1)).sum())
            positions += labels.numel()
    return {name: {"perplexity": math.exp(t["nll"] / positions), "kl_mean": t["kl"] / positions,
                   "top1_agreement": t["top1"] / positions, "positions": positions,
                   "window_perplexities": t["windows"]}
            for name, t in totals.items()}


def greedy(model, prompts: list[list[int]], new_tokens: int, eos: set[int]) -> list[list[int]]:
    """Greedy continuations of `prompts`, up to `new_tokens` each, stopping a row at eos.

    The merge prompts share their system prompt and instructions, so that prefix is run once
    and its KV copied into each prompt's prefill (batch 1, no padding); the decode steps then
    run all prompts as one batch over the caches right-aligned, with a mask over the left
    padding and per-row positions. On the CPU this cuts the greedy part ~3x against one prompt
    at a time; every variant goes through the same path, so the comparison is like for like."""
    import torch
    from transformers import DynamicCache

    shared = 0
    shortest = min(len(p) for p in prompts)
    while shared < shortest - 1 and all(p[shared] == prompts[0][shared] for p in prompts):
        shared += 1
    width = max(len(p) for p in prompts)
    with torch.inference_mode():
        prefix = None
        if shared:
            prefix = model(input_ids=torch.tensor([prompts[0][:shared]]), use_cache=True).past_key_values
        caches, tokens = [], []
        for p in prompts:
            cache = copy.deepcopy(prefix) if prefix is not None else DynamicCache()
            out = model(input_ids=torch.tensor([p[shared:]]), past_key_values=cache, use_cache=True, logits_to_keep=1)
            caches.append(out.past_key_values)
            tokens.append([int(out.logits[0, -1].argmax())])
        batch = DynamicCache()
        for layer in range(len(caches[0].layers)):
            keys = [c.layers[layer].keys for c in caches]
            values = [c.layers[layer].values for c in caches]
            pad = [width - k.shape[-2] for k in keys]
            batch.update(torch.cat([torch.nn.functional.pad(k, (0, 0, n, 0)) for k, n in zip(keys, pad, strict=True)]),
                         torch.cat([torch.nn.functional.pad(v, (0, 0, n, 0)) for v, n in zip(values, pad, strict=True)]), layer)
        del caches
        mask = torch.ones(len(prompts), width, dtype=torch.long)
        for row, p in enumerate(prompts):
            mask[row, :width - len(p)] = 0
        positions = torch.tensor([[len(p)] for p in prompts])
        done = [t[0] in eos for t in tokens]
        for _ in range(new_tokens - 1):
            if all(done):
                break
            mask = torch.cat([mask, torch.ones(len(prompts), 1, dtype=mask.dtype)], dim=1)
            out = model(input_ids=torch.tensor([[t[-1]] for t in tokens]), attention_mask=mask,
                        position_ids=positions, past_key_values=batch, use_cache=True)
            batch = out.past_key_values
            positions = positions + 1
            for row, token in enumerate(out.logits[:, -1].argmax(-1).tolist()):
                if not done[row]:
                    tokens[row].append(token)
                    done[row] = token in eos
    return tokens


def agreement(ref: list[list[int]], got: list[list[int]]) -> dict:
    prefix = []
    for r, g in zip(ref, got, strict=True):
        n = 0
        while n < min(len(r), len(g)) and r[n] == g[n]:
            n += 1
        prefix.append(n)
    return {"prefix_token_share": sum(prefix) / sum(len(r) for r in ref),
            "identical_share": sum(r == g for r, g in zip(ref, got, strict=True)) / len(ref),
            "first_divergence": [n if r != g else None for n, r, g in zip(prefix, ref, got, strict=True)]}


def weight_error(model, variant) -> float:
    """Relative Frobenius error of all decoder Linear weights together."""
    import torch

    from storytransformer.runtime.int4_gemlite import linears_of

    num = den = 0.0
    with torch.no_grad():
        for (_, _, a), (_, _, b) in zip(linears_of(model.get_decoder().layers), linears_of(variant.get_decoder().layers), strict=True):
            num += float((a.weight - b.weight).pow(2).sum())
            den += float(a.weight.pow(2).sum())
    return math.sqrt(num / den)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=Path, default=ROOT / "examples" / "stories")
    parser.add_argument("--truth", type=Path, default=ROOT / "examples" / "ground_truth.json")
    parser.add_argument("--window", type=int, default=1024)
    parser.add_argument("--prompts", type=int, default=20)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated subset of " + ", ".join(VARIANTS) + " (float32 always runs)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    variants = ["float32", *[v for v in VARIANTS if v != "float32" and v in args.variants.split(",")]]

    import torch

    from storytransformer.runtime import load_engine

    started = time.perf_counter()
    engine = load_engine(quant="none", device="cpu")
    base = engine.model.float().eval()
    models = {}
    for name in variants:
        t = time.perf_counter()
        models[name] = make_variant(base, name)
        print(f"built {name} in {time.perf_counter() - t:.1f} s", flush=True)

    text_ids = engine.tokenizer(perplexity_text(args.stories), add_special_tokens=False)["input_ids"]
    t = time.perf_counter()
    text = score_text(models, text_ids, args.window)
    print(f"text: {len(text_ids)} tokens, {time.perf_counter() - t:.0f} s", flush=True)

    prompts = merge_prompts(engine, args.stories, args.truth, args.prompts)
    eos = engine._eos_ids()
    outputs = {}
    for name, model in models.items():
        t = time.perf_counter()
        outputs[name] = greedy(model, prompts, args.new_tokens, eos)
        print(f"greedy {name}: {time.perf_counter() - t:.0f} s", flush=True)

    rows = {}
    for name in variants:
        rows[name] = {**text[name], **agreement(outputs["float32"], outputs[name]),
                      "decoder_weight_rel_error": weight_error(base, models[name])}
    ref_ppl = rows["float32"]["perplexity"]
    print(f"\n{'variant':<16} {'ppl':>7} {'vs fp32':>8} {'KL mean':>8} {'top-1':>7} "
          f"{'greedy prefix':>13} {'identical':>9} {'W rel err':>9}")
    for name, r in rows.items():
        print(f"{name:<16} {r['perplexity']:7.3f} {100 * (r['perplexity'] / ref_ppl - 1):+7.2f}% "
              f"{r['kl_mean']:8.4f} {100 * r['top1_agreement']:6.1f}% {100 * r['prefix_token_share']:12.1f}% "
              f"{100 * r['identical_share']:8.0f}% {100 * r['decoder_weight_rel_error']:8.2f}%")

    if args.out:
        import bitsandbytes
        import transformers

        report = {
            "command": "python benchmarks/int4_quality.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "model": engine.info.model,
            "machine": f"{platform.machine()} CPU, {torch.get_num_threads()} torch threads",
            "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                         "bitsandbytes": bitsandbytes.__version__},
            "text": {"source": "examples/stories, ingested story texts joined by blank lines",
                     "tokens": len(text_ids), "window": args.window},
            "greedy": {"prompts": len(prompts), "prompt_tokens": [len(p) for p in prompts],
                       "new_tokens": args.new_tokens, "reference_lengths": [len(o) for o in outputs["float32"]],
                       "outputs": {name: [engine.tokenizer.decode(o) for o in outs] for name, outs in outputs.items()}},
            "variants": rows,
            "seconds": round(time.perf_counter() - started, 1),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
