"""One QLoRA training step (forward + backward + AdamW on the LoRA weights) on the 4-bit
8B-shaped random model, per attention kernel and sequence length: time and peak memory.

    python benchmarks/gpu_lora.py --attn sdpa,eager --seq 1024,2048,4096 --out $OUT/lora.json

The published claim this checks: QLoRA fine-tuning of Llama-2-7B took 1:02 h with flash
attention against 1:53 h with normal attention (about 1.8x).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="4bit")
    ap.add_argument("--attn", default="sdpa,eager")
    ap.add_argument("--seq", default="1024,2048,4096")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--budget", type=float, default=240.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch
    from peft import LoraConfig, get_peft_model

    from storytransformer.bench import runner, timing
    from storytransformer.runtime import random_model

    t_start = time.perf_counter()
    model, _, config = random_model.build(args.model, quant=args.quant, attn="sdpa", device=args.device, seed=0)
    model = get_peft_model(model, LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.0,
                                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj",
                                                             "gate_proj", "up_proj", "down_proj"]))
    model.train()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    record = {"args": vars(args), "environment": runner.environment(args.device), "trainable_params": trainable,
              "steps": []}
    out = Path(args.out)

    def train_step(ids):
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.detach()

    for seq in [int(s) for s in args.seq.split(",")]:
        for attn in args.attn.split(","):
            if time.perf_counter() - t_start > args.budget:
                record["steps"].append({"seq": seq, "attn": attn, "status": "skipped (time budget)"})
                continue
            entry = {"seq": seq, "attn": attn, "batch": args.batch}
            try:
                runner.set_attention(model.base_model.model, attn)
                gen = torch.Generator().manual_seed(seq)
                ids = torch.randint(1, config.vocab_size, (args.batch, seq), generator=gen).to(args.device)
                with random_model.sdpa_backend_context(attn):
                    train_step(ids)  # warm-up
                    timing.reset_peak(args.device)
                    times = []
                    for _ in range(args.repeats):
                        with timing.DeviceTimer(args.device) as t:
                            loss = train_step(ids)
                        times.append(t.seconds)
                entry.update(status="ok", step_seconds=timing.median(times), samples=times,
                             tokens_per_s=args.batch * seq / timing.median(times),
                             peak_bytes=timing.peak_bytes(args.device)[0], loss=float(loss))
            except Exception as err:  # noqa: BLE001 - OOM is a result
                entry["status"], entry["reason"] = runner._classify(err)
                opt.zero_grad(set_to_none=True)
            finally:
                timing.free_memory(args.device)
            record["steps"].append(entry)
            print(json.dumps(entry), flush=True)
            out.write_text(json.dumps(record, indent=2, default=str))
    out.write_text(json.dumps(record, indent=2, default=str))


if __name__ == "__main__":
    main()
