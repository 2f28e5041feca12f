"""`doctor`'s "what fits": the memory plan of each KV-cache format at the usual context lengths.

For each context (8k, 32k, 128k and the one asked for) and each KV storage (auto: the compute
dtype; int8 and fp8: one byte per value plus a scale per token and head, runtime/kv_cache.py)
the planner's total (weights + KV + prefill peak + overhead) and whether it fits the free
memory. int8/fp8 are planned with the chunked prefill they run with (runtime/long_context.py,
PREFILL_CHUNK tokens per pass; merge's generate uses the same chunk size with them), auto with
the whole prompt in one pass, as merge runs it. Config only: no weights are read.
"""

from __future__ import annotations

CONTEXTS = (8192, 32768, 131072)
FORMATS = ("auto", "int8", "fp8")


def plan_kwargs(kv_cache: str) -> dict:
    """plan_memory's KV arguments for one --kv-cache value."""
    from storytransformer.runtime.long_context import PREFILL_CHUNK

    if kv_cache in ("auto", None, ""):
        return {"kv_cache": "auto"}
    return {"kv_cache": kv_cache, "prefill_chunk": PREFILL_CHUNK}


def what_fits(config: dict, *, ctx: int, batch: int, quant: str, dtype: str, double_quant: bool,
              materializes_scores: bool, free_bytes: int | None) -> list[dict]:
    """One row per (context, format): ctx, kv_cache, kv_bytes_per_token, kv_gib, total_gib, fits
    (None without a known free memory)."""
    from storytransformer.runtime.memory import GIB, plan_memory

    rows = []
    for n in sorted(set(CONTEXTS) | {int(ctx)}):
        for fmt in FORMATS:
            p = plan_memory(config, ctx=n, batch=batch, quant=quant, dtype=dtype, double_quant=double_quant,
                            materializes_scores=materializes_scores, free_bytes=free_bytes, **plan_kwargs(fmt))
            rows.append({"ctx": n, "kv_cache": fmt, "kv_bytes_per_token": p.kv_bytes_per_token,
                         "kv_gib": round(p.kv_bytes / GIB, 3), "total_gib": round(p.total_bytes / GIB, 3),
                         "fits": p.fits})
    return rows
