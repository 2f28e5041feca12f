"""The user's path on a GPU: a checkpoint on disk loaded by `load_engine` with each 4-bit format.

    python benchmarks/gpu_load_quant.py --out $OUT/load_quant.json

Saves a random-weight Llama-3.1-8B-shaped checkpoint (safetensors, bf16) with a word-level
tokenizer to a folder, then for each `--quants` entry: `load_engine(folder, quant=...)` as
`merge --model folder --quant ...` does (load time, resident memory, the engine's reasons), and
two rounds of merge-style prompts through `engine.generate` (the first round includes
compiling the decode graphs; the second is the steady state), output tokens/s for each.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quants", default="int4-gemlite,4bit")
    ap.add_argument("--requests", type=int, default=64)
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--dir", default=None, help="checkpoint folder (default: a temporary one)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch

    from benchmarks.merge_throughput import synthetic_corpus, word_tokenizer
    from storytransformer.generate import GroupJob  # noqa: F401  (same prompts as merge)
    from storytransformer.prompt import build_messages, load_templates
    from storytransformer.runtime import load_engine, random_model
    from storytransformer.runtime.types import GenerationRequest

    folder = Path(args.dir or tempfile.mkdtemp(prefix="st-ckpt-"))
    record = {"args": vars(args), "device": torch.cuda.get_device_name(0), "runs": []}
    out = Path(args.out)
    corpus = synthetic_corpus(2000, 0.2)

    t0 = time.perf_counter()
    model, _, config = random_model.build(args.model, quant="none", device="cuda", seed=0)
    tokenizer = word_tokenizer(corpus, config.vocab_size)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    del model
    torch.cuda.empty_cache()
    record["save_seconds"] = round(time.perf_counter() - t0, 1)
    print(f"saved {args.model} to {folder} in {record['save_seconds']} s", flush=True)

    templates = load_templates()
    stories = corpus.stories
    requests = [GenerationRequest(build_messages(templates, stories[i * 3:i * 3 + 3]), args.new_tokens, (), f"r{i}")
                for i in range(args.requests)]

    for quant in args.quants.split(","):
        torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        try:
            engine = load_engine(str(folder), quant=quant, device="cuda")
        except Exception as err:  # noqa: BLE001 - a format that cannot load here is a result
            record["runs"].append({"quant": quant, "error": f"{type(err).__name__}: {err}"[:400]})
            print(record["runs"][-1], flush=True)
            continue
        torch.cuda.synchronize()
        load_s = time.perf_counter() - t0
        run = {"quant": quant, "label": engine.info.quantization, "batching": engine.batching,
               "load_seconds": round(load_s, 1), "resident_bytes": torch.cuda.memory_allocated(),
               "load_peak_bytes": torch.cuda.max_memory_allocated(), "reasons": engine.info.reasons, "rounds": []}
        for round_no in (1, 2):
            t1 = time.perf_counter()
            results = engine.generate(requests)
            torch.cuda.synchronize()
            secs = time.perf_counter() - t1
            toks = sum(r.output_tokens for r in results)
            run["rounds"].append({"round": round_no, "seconds": round(secs, 2), "output_tokens": toks,
                                  "output_tokens_per_s": round(toks / secs, 1),
                                  "finish": sorted({r.finish_reason for r in results})})
        run["reasons"] = engine.info.reasons
        record["runs"].append(run)
        print(json.dumps({k: v for k, v in run.items() if k != "reasons"}), flush=True)
        out.write_text(json.dumps(record, indent=2))
        del engine
        torch.cuda.empty_cache()
    out.write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
