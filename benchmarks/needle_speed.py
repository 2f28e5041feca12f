#!/usr/bin/env python
"""Needle test speed: the naive one-cell-at-a-time loop vs the shared-prefix KV cache.

Schemes (all answer the same grid of cell prompts: exact-length haystacks, needle at each
depth, greedy decoding, a fixed number of new tokens with EOS ignored):
  naive        every cell prefilled from an empty cache (transformers' SDPA, is_causal);
  shared       one cache cut back to the prefix shared with the next cell (what `needle`
               runs), suffix attention through SDPA with a causal_lower_right bias;
  shared-mask  the same sharing with transformers' stock SDPA path, which materializes a
               [q, kv] mask for a query block over a cached prefix (no flash kernel).
Reported per scheme: wall time, effective prompt throughput (prompt tokens of all cells /
wall time), prompt tokens actually computed, peak GPU memory, speedup over naive, and how
many answers are identical to the naive loop's.

    # CPU, tiny random-weight Llama (seconds; what CI can run)
    python benchmarks/needle_speed.py --tiny

    # CPU, the real bundled SmolLM2-135M (minutes)
    python benchmarks/needle_speed.py --tiny --model bundled --lengths 1k,2k,4k --new-tokens 8

    # CUDA, random-weight Llama-3.1-8B-shaped model in 4-bit NF4 (the H100 run)
    python benchmarks/needle_speed.py --model config:llama-3.1-8b --quant 4bit \
        --lengths 8k,16k,32k --depths 0:100:10 --json needle_speed.json

Random weights: speed and memory do not depend on the weights' values. The tokenizer is the
bundled SmolLM2's when it can be loaded (needs the `gguf` package the first time), else a
word-level tokenizer built here from the bundled filler text (no files, no network), which is
enough to build exact-length prompts: only token counts matter for speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def word_tokenizer():
    """A self-contained word-level tokenizer over the filler and needle vocabulary."""
    import re

    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from storytransformer.needle import filler, needles, prompt

    text = " ".join([filler.load(), prompt.SYSTEM, prompt.INSTRUCTIONS, " ".join(needles._PLACES),
                     " ".join(needles._WORDS_A + needles._WORDS_B), "document question answer assistant user system",
                     "The secret passphrase for the is What are Answer with one line per place"])
    words = sorted(set(re.findall(r"\w+|[^\w\s]", text)) | {str(d) for d in range(10)})
    specials = ["<unk>", "<|im_start|>", "<|im_end|>"]
    vocab = {w: i for i, w in enumerate(specials + words)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Digits(individual_digits=True)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<|im_end|>",
                                   bos_token="<|im_start|>", additional_special_tokens=specials[1:])
    fast.chat_template = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
                          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
    return fast


def load_tokenizer(kind: str):
    if kind == "words":
        return word_tokenizer(), "word-level (filler vocabulary)"
    if kind not in ("auto", "bundled"):
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(kind), kind
    try:
        from transformers import AutoTokenizer

        from storytransformer.runtime.bundled import bundled_model_dir

        return AutoTokenizer.from_pretrained(str(bundled_model_dir())), "SmolLM2-135M (bundled)"
    except Exception as err:  # no gguf package / no bundled model on this machine
        if kind == "bundled":
            raise
        print(f"bundled tokenizer unavailable ({str(err).splitlines()[0]}); using a word-level one",
              file=sys.stderr)
        return word_tokenizer(), "word-level (filler vocabulary)"


def build_model(name: str, quant: str, attn: str, device: str, vocab: int):
    """A random-weight model from a shipped config; the vocabulary is widened to the
    tokenizer's when the config's is smaller (the tiny config has 1024 ids)."""
    from storytransformer.runtime import random_model

    data, _ = random_model._config_dict(name)
    if data.get("vocab_size", 0) < vocab:
        data = dict(data, vocab_size=vocab)
        tmp = Path(tempfile.mkdtemp()) / "config.json"
        tmp.write_text(json.dumps(data))
        name = f"config:{tmp}"
    model, _, config = random_model.build(name, quant=quant, attn=attn, device=device)
    return model, config


SCHEMES = {  # name -> (share the prefix KV cache, causal_lower_right SDPA instead of a mask)
    "naive": (False, False),
    "shared": (True, True),
    "shared-mask": (True, False),
}


def run_scheme(decoder, prompts, name: str, device: str) -> dict:
    import torch

    share, decoder.lower_right = SCHEMES[name]

    if device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    answers = decoder.answer(prompts, share=share)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    wall = time.perf_counter() - t0
    prompt_tokens = sum(p.prompt_tokens for p in prompts)
    return {
        "scheme": name,
        "wall_s": round(wall, 3),
        "cells": len(prompts),
        "prompt_tokens": prompt_tokens,
        "computed_prompt_tokens": sum(a.prefill_tokens for a in answers),
        "new_tokens": sum(len(a.output_ids) for a in answers),
        "prompt_tokens_per_s": round(prompt_tokens / wall, 1),
        "prefill_s": round(sum(a.time_to_first_token for a in answers), 3),
        "peak_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if device.startswith("cuda") else None,
        "outputs": [a.output_ids for a in answers],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tiny", action="store_true", help="CPU smoke run: tiny random Llama, short lengths")
    ap.add_argument("--model", default=None, help="config:NAME of a shipped architecture (random weights; "
                                                  "default config:llama-3.1-8b, or config:llama-tiny with --tiny), "
                                                  "'bundled' (SmolLM2-135M) or a model directory")
    ap.add_argument("--quant", default="auto", help="auto | 4bit | 8bit | none (auto: 4bit on CUDA)")
    ap.add_argument("--attn", default="auto", help="auto | sdpa | sdpa_cudnn | flash_attention_2 | eager")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--lengths", default=None, help="default 8k,16k,32k (CUDA) or 512,1k,2k (--tiny)")
    ap.add_argument("--depths", default=None, help="default 0:100:10 (CUDA) or 0:100:25 (--tiny)")
    ap.add_argument("--new-tokens", type=int, default=16, help="tokens generated per cell")
    ap.add_argument("--tokenizer", default="auto", help="auto | bundled | words | PATH")
    ap.add_argument("--mode", default="single", help="needle mode (single | multi | distractor)")
    ap.add_argument("--schemes", default="naive,shared,shared-mask",
                    help="naive | shared (prefix KV cache + lower-right causal SDPA) | shared-mask "
                         "(prefix KV cache, transformers' explicit mask)")
    ap.add_argument("--repeat", type=int, default=1, help="repeat both schemes, keep each one's fastest run")
    ap.add_argument("--json", dest="json_path", default=None, help="write the measurements here")
    args = ap.parse_args(argv)

    import torch
    import transformers

    from storytransformer.needle import filler
    from storytransformer.needle.decode import GreedyDecoder
    from storytransformer.needle.grid import fmt_tokens, parse_depths
    from storytransformer.needle.haystack import UnitSource, pieces_from_text
    from storytransformer.needle.needles import build_spec
    from storytransformer.needle.prompt import Planner
    from storytransformer.runtime.random_model import resolve_device

    device = resolve_device("cpu" if args.tiny and args.device == "auto" else args.device)
    model_name = args.model or ("config:llama-tiny" if args.tiny else "config:llama-3.1-8b")
    lengths_text = args.lengths or ("512,1k,2k" if args.tiny else "8k,16k,32k")
    depths = parse_depths(args.depths or ("0:100:25" if args.tiny else "0:100:10"))
    from storytransformer.cli.options import parse_token_count

    lengths = [parse_token_count(x) for x in lengths_text.split(",")]

    t0 = time.perf_counter()
    if model_name.startswith("config:"):
        tokenizer, tok_name = load_tokenizer(args.tokenizer)
        model, config = build_model(model_name, args.quant, args.attn, device, len(tokenizer))
        quant = getattr(config, "storytransformer_quant", args.quant)
    else:  # a real model ("bundled" = SmolLM2-135M) through the runtime, with its own tokenizer
        from storytransformer.needle.model import load

        loaded = load(None if model_name == "bundled" else model_name, quant=args.quant, attn=args.attn,
                      device=args.device)
        model, tokenizer, config = loaded.model, loaded.tokenizer, loaded.model.config
        tok_name, quant, device = "the model's own", loaded.info.quantization, loaded.info.device
    build_s = time.perf_counter() - t0
    print(f"model {model_name} ({quant}, attn {config._attn_implementation}) on {device}, built in {build_s:.1f} s; "
          f"tokenizer {tok_name}", file=sys.stderr)

    spec = build_spec(args.mode)
    spec = spec.__class__(**{**spec.__dict__, "max_new_tokens": args.new_tokens})
    source = UnitSource(pieces_from_text(filler.load()), tokenizer, "bundled filler")
    planner = Planner(tokenizer, source, spec)
    prompts = [planner.cell(n, d) for n in lengths for d in depths]

    decoder = GreedyDecoder(model, tokenizer)
    decoder.eos = set()  # fixed decode length: random weights may emit EOS at any point
    warm = Planner(tokenizer, source, spec).cell(min(lengths), 50)
    decoder.answer([warm], share=False)  # CUDA context, kernels, allocator

    # Alternate the schemes and keep each one's fastest repeat: a shared machine's noise hits
    # both alike, and the minimum is the least disturbed measurement.
    names = [n.strip() for n in args.schemes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SCHEMES] or (["naive"] if "naive" not in names else [])
    if unknown:
        ap.error(f"--schemes: {unknown[0]!r}: choose from {', '.join(SCHEMES)} (naive is required)")
    best: dict[str, dict] = {}
    for rep in range(args.repeat):
        for name in (names if rep % 2 == 0 else names[::-1]):
            r = run_scheme(decoder, prompts, name, device)
            if name not in best or r["wall_s"] < best[name]["wall_s"]:
                best[name] = r
    results = [best[n] for n in names]
    for r in results:
        print(f"{r['scheme']:>17}: {r['wall_s']:8.2f} s wall, {r['prompt_tokens_per_s']:10.1f} prompt tok/s "
              f"(computed {r['computed_prompt_tokens']} of {r['prompt_tokens']} prompt tokens), "
              f"peak {r['peak_mem_gib']} GiB", file=sys.stderr)
    naive = best["naive"]
    same = {r["scheme"]: sum(a == b for a, b in zip(naive["outputs"], r["outputs"], strict=True)) for r in results}
    summary = {
        "model": model_name, "quant": quant, "attention": config._attn_implementation, "device": device,
        "gpu": torch.cuda.get_device_name(0) if device.startswith("cuda") else None,
        "torch": torch.__version__, "transformers": transformers.__version__, "tokenizer": tok_name,
        "lengths": lengths, "depths": depths, "new_tokens_per_cell": args.new_tokens, "mode": args.mode,
        "build_s": round(build_s, 1), "repeats": args.repeat,
        "schemes": [dict({k: v for k, v in r.items() if k != "outputs"},
                         speedup_vs_naive=round(naive["wall_s"] / r["wall_s"], 2),
                         identical_answers=f"{same[r['scheme']]}/{len(prompts)}") for r in results],
    }
    print(f"{model_name} {quant} on {summary['gpu'] or device}; lengths "
          f"{', '.join(fmt_tokens(n) for n in lengths)} x {len(depths)} depths, {args.new_tokens} new tokens per cell\n")
    print("| scheme | cells | wall s | prompt tok/s | computed prompt tokens | peak GiB | speedup | same answers |")
    print("|---|---|---|---|---|---|---|---|")
    for r in summary["schemes"]:
        print(f"| {r['scheme']} | {r['cells']} | {r['wall_s']:.2f} | {r['prompt_tokens_per_s']:.0f} | "
              f"{r['computed_prompt_tokens']:,} / {r['prompt_tokens']:,} | {r['peak_mem_gib'] or '-'} | "
              f"x{r['speedup_vs_naive']} | {r['identical_answers']} |")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, indent=2) + "\n")
    return 0 if all(v == len(prompts) for v in same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
