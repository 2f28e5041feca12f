"""Engine speed on one GPU, each step against the plain loop, in one process per weight format.

    python benchmarks/gpu_engine.py --quant 4bit --out $OUT/engine_4bit.json
    python benchmarks/gpu_engine.py --quant int4-torchao --generate-batches '' --out $OUT/engine_int4.json

Steps measured (prompt 1024 random tokens, 64 new tokens per sequence, as in the llama.cpp
figures of ENVIRONMENT.md):
  generate  transformers' model.generate (DynamicCache), whole call, as users run it
  plain     the same loop split into prefill and decode (storytransformer.runtime.fast_decode)
  fast      static KV cache + torch.compile(mode="reduce-overhead"): CUDA graphs per step
and a long prefill (default 32k) with the default SDPA kernel and with cuDNN pinned.
Results are appended to the JSON file as they come, so a run stopped at its time limit
keeps what it measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="4bit")
    ap.add_argument("--attn", default="sdpa")
    ap.add_argument("--engines", default="plain,fast")
    ap.add_argument("--batches", default="1,8,32,64")
    ap.add_argument("--plain-batches", default="1,64")
    ap.add_argument("--generate-batches", default="1,64")
    ap.add_argument("--prompt", type=int, default=1024)
    ap.add_argument("--new", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--prefill-ctx", default="32768")
    ap.add_argument("--prefill-attns", default="sdpa,sdpa_cudnn,sdpa_flash")
    ap.add_argument("--budget", type=float, default=520.0, help="seconds; later steps are skipped past it")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--bf16-head", action="store_true",
                    help="with --quant int4-gemlite: keep the output head in bf16 (int4 by default)")
    ap.add_argument("--fuse", default="attn", help="int4-gemlite: none | attn (q/k/v) | all (also gate/up)")
    ap.add_argument("--fuse16", default="none", choices=("none", "attn", "all"),
                    help="--quant none: fuse q/k/v (attn) and also gate/up (all) into one cuBLAS GEMM each "
                         "(runtime/fused_projections.py). Since section 15's measurement 16-bit models on CUDA "
                         "are fused (all) by default, as merge loads them; --fuse none keeps them apart")
    ap.add_argument("--gemlite-kernel-caching", action="store_true",
                    help="gemlite.set_kernel_caching(True): GemLite's faster GEMV dispatch")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch

    from storytransformer.bench import runner, timing
    from storytransformer.runtime import fast_decode, random_model

    t_start = time.perf_counter()
    out_path = Path(args.out)
    record = {"args": vars(args), "environment": runner.environment(args.device), "steps": []}

    def save():
        out_path.write_text(json.dumps(record, indent=2, default=str))

    def step(entry):
        entry["elapsed_s"] = round(time.perf_counter() - t_start, 1)
        record["steps"].append(entry)
        print(json.dumps(entry, default=str), flush=True)
        save()

    def over_budget(name):
        if time.perf_counter() - t_start > args.budget:
            step({"step": name, "status": "skipped", "reason": "time budget"})
            return True
        return False

    timing.reset_peak(args.device)
    t0 = time.perf_counter()
    if args.gemlite_kernel_caching:
        import gemlite

        gemlite.set_kernel_caching(True)
    model, _, config = random_model.build(args.model, quant=args.quant, attn=args.attn, device=args.device, seed=0,
                                          fuse=args.fuse, quantize_head=False if args.bf16_head else None)
    if args.quant == "none" and args.fuse16 != "none":
        from storytransformer.runtime import fused_projections

        groups = ("self_attn",) if args.fuse16 == "attn" else ("self_attn", "mlp")
        record["fused16_groups"] = sum(fused_projections.fuse_layer(layer, groups=groups)
                                       for layer in model.model.layers)
    if args.device.startswith("cuda"):
        torch.cuda.synchronize()
    record["load_seconds"] = time.perf_counter() - t0
    if args.quant == "int4-gemlite":  # which tuned kernel configs GemLite got (runtime/gemlite_tuned.py)
        from storytransformer.runtime import int4_gemlite

        record["gemlite_tuned_config"] = str(int4_gemlite._load_tuned_configs())
    record["load_peak_bytes"] = timing.peak_bytes(args.device)[0] or 0
    record["weights_bytes"] = timing.allocated_bytes(args.device) or 0
    print(f"built {args.model} {args.quant} in {record['load_seconds']:.1f}s, weights "
          f"{record['weights_bytes'] / 2**30:.2f} GiB (peak while building {record['load_peak_bytes'] / 2**30:.2f})",
          flush=True)
    save()
    vocab = config.vocab_size

    # 1. transformers generate, whole call.
    for b in ints(args.generate_batches):
        if over_budget(f"generate b{b}"):
            break
        ids = torch.randint(1, vocab, (b, args.prompt), generator=torch.Generator().manual_seed(b)).to(args.device)
        mask = torch.ones_like(ids)
        try:
            kw = dict(attention_mask=mask, do_sample=False, pad_token_id=0, min_new_tokens=args.new)
            model.generate(ids, max_new_tokens=4, **kw)  # warm-up
            timing.reset_peak(args.device)
            with timing.DeviceTimer(args.device) as t:
                out = model.generate(ids, max_new_tokens=args.new, **kw)
            new = out.shape[1] - ids.shape[1]
            step({"step": "generate", "batch": b, "seconds": t.seconds, "new_tokens": new,
                  "tokens_per_s": b * new / t.seconds, "peak_bytes": timing.peak_bytes(args.device)[0]})
        except Exception as err:  # noqa: BLE001
            step({"step": "generate", "batch": b, "status": runner._classify(err)})
        finally:
            timing.free_memory(args.device)

    # 2. plain and fast loops, prefill and decode timed apart.
    reference = None
    for engine in args.engines.split(","):
        batches = ints(args.plain_batches) if engine == "plain" else ints(args.batches)
        for b in batches:
            if over_budget(f"{engine} b{b}"):
                break
            res = runner.BenchResult(args.model, args.quant, args.attn, engine, args.prompt, b, args.new, device=args.device)
            decoder = fast_decode.make_decoder(engine, model, max_len=args.prompt + args.new + 64)
            t0 = time.perf_counter()
            try:
                runner.measure(model, decoder, ctx=args.prompt, batch=b, new_tokens=args.new, repeats=args.repeats,
                               device=args.device, seed=0, attn=args.attn, result=res)
                entry = {"step": engine, "batch": b, "prefill_tokens_per_s": res.prefill_tokens_per_s,
                         "ttft_s": res.ttft_seconds, "decode_tokens_per_s": res.decode_tokens_per_s,
                         "decode_ms_per_step": 1000 * res.decode_seconds / args.new,
                         "whole_call_tokens_per_s": b * args.new / (res.prefill_seconds + res.decode_seconds),
                         "peak_bytes": res.peak_memory_bytes, "decode_samples": res.decode_samples,
                         "compile_mode": getattr(decoder, "compile_mode", "none"),
                         "fallbacks": getattr(decoder, "fallback_reasons", []),
                         "wall_incl_warmup_s": round(time.perf_counter() - t0, 1)}
                if b == 1:
                    # Correctness: the same prompt and the same 16 forced tokens through this
                    # engine; logits compared with the first engine's (the plain loop).
                    gen = torch.Generator().manual_seed(7)
                    ids = torch.randint(1, vocab, (1, args.prompt), generator=gen).to(args.device)
                    forced = torch.randint(1, vocab, (1, 16), generator=gen).to(args.device)
                    decoder.prefill(ids)
                    logits = decoder.forced_logits(forced)
                    if reference is None:
                        reference = logits
                    err = ((logits - reference).norm() / reference.norm()).item()
                    entry["logits_rel_err_vs_first_engine"] = err
                    entry["argmax_agree_vs_first_engine"] = (logits.argmax(-1) == reference.argmax(-1)).float().mean().item()
                    entry["logit_std"] = reference.std().item()
                step(entry)
            except Exception as err:  # noqa: BLE001
                step({"step": engine, "batch": b, "status": runner._classify(err),
                      "wall_s": round(time.perf_counter() - t0, 1)})
            finally:
                decoder.release()
                del decoder
                timing.free_memory(args.device)

    # 3. Long prefill, logits for the last position only.
    for ctx in ints(args.prefill_ctx):
        for attn in args.prefill_attns.split(","):
            if over_budget(f"prefill {ctx} {attn}"):
                break
            try:
                runner.set_attention(model, attn)
                ids = torch.randint(1, vocab, (1, ctx), generator=torch.Generator().manual_seed(1)).to(args.device)
                times = []
                with random_model.sdpa_backend_context(attn), torch.no_grad():
                    model(input_ids=ids, logits_to_keep=1, use_cache=False)
                    timing.reset_peak(args.device)
                    for _ in range(args.repeats):
                        with timing.DeviceTimer(args.device) as t:
                            model(input_ids=ids, logits_to_keep=1, use_cache=False)
                        times.append(t.seconds)
                med = timing.median(times)
                step({"step": "prefill", "ctx": ctx, "attn": attn, "seconds": med, "tokens_per_s": ctx / med,
                      "samples": times, "peak_bytes": timing.peak_bytes(args.device)[0]})
            except Exception as err:  # noqa: BLE001
                step({"step": "prefill", "ctx": ctx, "attn": attn, "status": runner._classify(err)})
            finally:
                timing.free_memory(args.device)
    runner.set_attention(model, args.attn)
    record["total_seconds"] = time.perf_counter() - t_start
    save()


if __name__ == "__main__":
    main()
