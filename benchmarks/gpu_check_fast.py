"""Is the fast engine computing the same function? Teacher-forced logits of each bf16 engine
against an fp32 reference of the same weights (the plain loop after model.float()).

    python benchmarks/gpu_check_fast.py --out $OUT/check_fast.json

If the plain bf16 loop and the fast bf16 engine sit at the same distance from fp32, the fast
engine's difference from the plain loop is bf16 rounding, not a bug.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--prompt", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch

    from storytransformer.runtime import fast_decode, random_model

    torch.backends.cuda.matmul.allow_tf32 = False  # a true fp32 reference
    model, _, config = random_model.build(args.model, quant="none", device=args.device, seed=0,
                                          dtype="bfloat16")
    gen = torch.Generator().manual_seed(7)
    ids = torch.randint(1, config.vocab_size, (1, args.prompt), generator=gen).to(args.device)
    forced = torch.randint(1, config.vocab_size, (1, args.steps), generator=gen).to(args.device)

    def run(decoder):
        decoder.prefill(ids)
        out = decoder.forced_logits(forced).float()
        decoder.release()
        return out

    logits = {"plain_bf16": run(fast_decode.PlainDecoder(model)),
              "static_eager_bf16": run(fast_decode.FastDecoder(model, max_len=args.prompt + 64, compile=False)),
              "static_eager_bf16_no_gqa": run(fast_decode.FastDecoder(model, max_len=args.prompt + 64,
                                                                      compile=False, gqa_decode=False))}
    if args.device.startswith("cuda"):
        logits["fast_compiled_bf16"] = run(fast_decode.FastDecoder(model, max_len=args.prompt + 64))
    model.float()
    ref = run(fast_decode.PlainDecoder(model))
    report = {"model": args.model, "prompt": args.prompt, "steps": args.steps, "ref": "plain loop, fp32",
              "ref_logit_std": ref.std().item(), "engines": {}}
    for name, lg in logits.items():
        report["engines"][name] = {
            "rel_err_vs_fp32": ((lg - ref).norm() / ref.norm()).item(),
            "argmax_agree_vs_fp32": (lg.argmax(-1) == ref.argmax(-1)).float().mean().item(),
            "rel_err_vs_plain_bf16": ((lg - logits["plain_bf16"]).norm() / logits["plain_bf16"].norm()).item(),
        }
    print(json.dumps(report, indent=2))
    Path(args.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
