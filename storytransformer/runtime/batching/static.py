"""Static batching: fast_decode's static KV cache and compiled decode step (CUDA graphs on
CUDA), with ``generate``'s semantics exactly: greedy, eos, stop strings (transformers' own
StopStringCriteria, on the device), stop rules (read every ``watch_every`` steps), each
request's own max_new_tokens; the rows' tokens go through the same rows.finish as padded
batches, so the results are token-identical. The decode loop itself is refill.py: every request
of a call is queued, a fixed number of slots decode, and a slot whose request ended takes the
next one at once (continuous refill), so no row waits for the batch's longest answer.

The FastDecoder (with its compiled graphs) lives on the engine (``engine._static``) for the
engine's life. Shapes are bucketed (fast_decode.static_shape) and a larger shape already
compiled is reused, so a run compiles few graphs (one, for a merge).
"""

from __future__ import annotations

from typing import Sequence

from storytransformer.runtime.oom import free_accelerator_cache
from storytransformer.runtime.types import GenerationRequest


def decoder(engine):
    """The engine's FastDecoder, built on first use (and its choice noted in EngineInfo.reasons)."""
    if engine._static is None:
        from storytransformer.runtime.fast_decode import FastDecoder, register_gqa_decode

        impl = getattr(engine.model.config, "_attn_implementation", None) or "sdpa"
        # Prefill through SDPA (or eager, if asked for), decode steps through the grouped-query
        # decode attention: flash-attn kernels take no static cache with a padding mask.
        attention = "eager" if impl == "eager" else register_gqa_decode()
        # One run, one slot shape: a CUDA graph captured from the eager step (about a second)
        # instead of inductor's compile (100+ s for an 8B model on the H200); inductor is the
        # fallback if the capture fails.
        engine._static = FastDecoder(engine.model, attention=attention, hold_attention=False, graphs="capture")
        note = (f"static batching: decode step as CUDA graphs ({engine._static.compile_mode})"
                if engine._static.compile else "static batching: static KV cache, decode step not compiled (CPU)")
        if impl not in ("sdpa", "eager"):
            note += f"; attention runs through SDPA there ({impl} applies to padded batches only)"
        engine.info.reasons.append(note)
    return engine._static


def release(engine) -> None:
    """Drop the decoder, its caches and graphs (after static batching failed)."""
    if engine._static is not None:
        engine._static.release()
        engine._static = None
        free_accelerator_cache()


def too_small(engine, requests: Sequence[GenerationRequest]) -> bool:
    """True when this call should skip static batching: neither it nor the job it belongs to
    (engine.expect_output_tokens) reaches engine.static_min_tokens of output budget, and no
    static decoder (with its compiled graphs) exists yet. Said once in EngineInfo.reasons."""
    if engine._static is not None or not engine.static_min_tokens:
        return False
    budget = sum(r.max_new_tokens for r in requests)
    if max(budget, engine._expected_tokens) >= engine.static_min_tokens:
        return False
    if not engine._small_call_noted:
        engine._small_call_noted = True
        engine.info.reasons.append(
            f"batching: a call of {budget:,} output tokens at most ran as padded batches "
            f"(static batching's graph compiles pay from ~{engine.static_min_tokens:,}; --batching static forces it)")
    return True


def shape(engine, rows_: int, tokens: int) -> tuple[int, int]:
    """(rows, cache length) of a static cache for `rows_` requests needing `tokens` slots each:
    fast_decode.static_shape with the engine's length step, row padding and budgets."""
    from storytransformer.runtime.fast_decode import static_shape

    pad_rows = engine.static_pad_rows if engine.static_pad_rows is not None else engine.device.type == "cuda"
    return static_shape(rows_, tokens, len_step=engine.static_len_step, pad_rows=pad_rows,
                        max_rows=engine.max_batch_size, max_tokens=engine.max_batch_tokens)
