"""Is the captured CUDA-graph slot step the eager step? Same tokens, bit for bit.

    python3 benchmarks/gpu_check_capture.py --quant none --out $OUT/check_capture.json

Two FastDecoders over one random-weight model: the eager slot step (no graphs) and the one
static batching runs (graphs="capture": the eager step recorded into a CUDA graph). Both get
the same prompts in the same slots, one slot refilled mid-run, and decode `--steps` steps; the
tokens must be identical (the graph replays the same kernels on the same inputs), and the last
step's logits are compared too. Also prints each one's time per step. Needs CUDA (runs on the
CPU only as a smoke test of the script: there both are eager).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run(decoder, prompts, rows: int, cache_len: int, steps: int, device: str):
    import torch

    from storytransformer.runtime.batching.common import left_pad

    def sync():
        if device.startswith("cuda"):
            torch.cuda.synchronize()

    with decoder.using_attention():
        decoder.open_slots(rows, cache_len)
        ids, mask = left_pad(prompts[:rows], 0)
        tokens = decoder.fill_slots(list(range(rows)), ids.to(device), mask.to(device)).clone()
        out = [tokens.clone()]
        times = []
        for step in range(steps):
            if step == steps // 2:  # slot 0 takes the next prompt mid-run, as in the engine
                ids, mask = left_pad(prompts[rows:rows + 1], 0)
                tokens[0] = decoder.fill_slots([0], ids.to(device), mask.to(device))[0]
            sync()
            t0 = time.perf_counter()
            tokens = decoder.step_slots(tokens).clone()
            sync()
            times.append(time.perf_counter() - t0)
            out.append(tokens.clone())
        state = decoder._slots  # the last step again, for its logits (same span as that step)
        logits = decoder._call_step(tokens[:, None], state.pos, None, state.mask[..., :state.cache.span]).float().clone()
    return torch.stack(out, 1), logits, times


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="none")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--steps", type=int, default=24)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    import torch

    from storytransformer.runtime import random_model
    from storytransformer.runtime.fast_decode import FastDecoder

    model, _, _ = random_model.build(args.model, quant=args.quant, attn="sdpa", device=args.device)
    gen = torch.Generator().manual_seed(0)
    lengths = [int(n) for n in torch.randint(20, 400, (args.rows + 1,), generator=gen)]
    prompts = [torch.randint(1, model.config.vocab_size, (n,), generator=gen).tolist() for n in lengths]
    result = {"model": args.model, "quant": args.quant, "rows": args.rows, "steps": args.steps}
    outs = {}
    for name, kwargs in (("eager", {"compile": False}), ("capture", {"graphs": "capture"})):
        dec = FastDecoder(model, hold_attention=False, **kwargs)
        t0 = time.perf_counter()
        tokens, logits, times = run(dec, prompts, args.rows, 1024, args.steps, args.device)
        outs[name] = (tokens, logits)
        result[name] = {"mode": dec.compile_mode, "fallbacks": dec.fallback_reasons,
                        "first_call_s": dec.first_call_seconds, "seconds": round(time.perf_counter() - t0, 2),
                        "median_step_ms": round(1000 * sorted(times)[len(times) // 2], 3)}
        dec.release()
    same = torch.equal(outs["eager"][0], outs["capture"][0])
    diff = (outs["eager"][1] - outs["capture"][1]).norm() / outs["eager"][1].norm()
    result["tokens_identical"] = bool(same)
    result["tokens_agree"] = float((outs["eager"][0] == outs["capture"][0]).float().mean())
    result["last_logits_rel_diff"] = float(diff)
    print(json.dumps(result, indent=1), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
