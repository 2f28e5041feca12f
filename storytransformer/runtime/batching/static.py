"""Static batching: left-padded batches through fast_decode's static KV cache and compiled
decode step (CUDA graphs on CUDA), with ``generate``'s semantics exactly: greedy, each step's
token, pad for rows already done; a row is done at eos, at a stop string (transformers' own
StopStringCriteria, on the device) or when its stop rules fire (read every ``watch_every``
steps). The batch ends when every row is done or at max_new_tokens; the rows' tokens then go
through the same rows.finish as padded batches, so the results are token-identical.

The FastDecoder (with its compiled graphs) lives on the engine (``engine._static``) for the
engine's life. Shapes are bucketed (fast_decode.static_shape) so a run compiles few graphs.
"""

from __future__ import annotations

import time
import warnings
from typing import Sequence

from storytransformer.runtime.attention import sdpa_priority
from storytransformer.runtime.batching import rows
from storytransformer.runtime.batching.common import Prepared, left_pad
from storytransformer.runtime.oom import free_accelerator_cache
from storytransformer.runtime.types import GenerationRequest, GenerationResult


def decoder(engine):
    """The engine's FastDecoder, built on first use (and its choice noted in EngineInfo.reasons)."""
    if engine._static is None:
        from storytransformer.runtime.fast_decode import FastDecoder, register_gqa_decode

        impl = getattr(engine.model.config, "_attn_implementation", None) or "sdpa"
        # Prefill through SDPA (or eager, if asked for), decode steps through the grouped-query
        # decode attention: flash-attn kernels take no static cache with a padding mask.
        attention = "eager" if impl == "eager" else register_gqa_decode()
        engine._static = FastDecoder(engine.model, attention=attention, hold_attention=False)
        note = (f"static batching: decode step compiled ({engine._static.compile_mode}, CUDA graphs)"
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


def _shape(engine, rows_: int, tokens: int) -> tuple[int, int]:
    from storytransformer.runtime.fast_decode import static_shape

    pad_rows = engine.static_pad_rows if engine.static_pad_rows is not None else engine.device.type == "cuda"
    return static_shape(rows_, tokens, len_step=engine.static_len_step, pad_rows=pad_rows,
                        max_rows=engine.max_batch_size, max_tokens=engine.max_batch_tokens)


class _Rows:
    """The batch's rows on the device while it decodes: every token so far (``seq``), which
    rows are done, and their stop rules, read in windows of ``every`` steps. On a GPU a window
    is read while the next one runs (reading forces a host sync, and the rules' Python would
    otherwise leave the GPU idle), so a row may run a window past its stop: the replay in
    rows.finish cuts it at the exact token."""

    def __init__(self, engine, batch: list[Prepared], ids, total: int):
        import torch

        self.engine, self.rows, self.dev = engine, len(batch), engine.device
        self.width = ids.shape[1]
        self.max_new = batch[0].request.max_new_tokens
        self.watches = [rows.watch(engine, p.request) for p in batch]
        self.watching = any(w.active for w in self.watches)
        self.every = engine.watch_every or (8 if self.dev.type == "cuda" else 1)
        self.lag = self.dev.type == "cuda"
        self.eos = torch.tensor(sorted(engine.eos_ids) or [-1], dtype=torch.long, device=self.dev)
        self.stop_strings = None
        if batch[0].request.stop:
            from transformers.generation.stopping_criteria import StopStringCriteria

            self.stop_strings = StopStringCriteria(tokenizer=engine.tokenizer, stop_strings=list(batch[0].request.stop))
        self.seq = torch.full((total, self.width + self.max_new), engine.pad_id, dtype=torch.long, device=self.dev)
        self.seq[:, :self.width] = ids
        self.done = torch.zeros(total, dtype=torch.bool, device=self.dev)
        self.done[self.rows:] = True  # dummy rows of the shape bucket
        self.col = self.fed = self.width
        self.pending = None

    def push(self, token) -> None:
        """Write each row's new token (pad where the row is done) and mark rows ending on it."""
        import torch

        token = torch.where(self.done, self.engine.pad_id, token)
        self.seq[:, self.col] = token
        self.col += 1
        self.done |= torch.isin(token, self.eos)
        if self.stop_strings is not None:
            self.done |= self.stop_strings(self.seq[:, :self.col], None)

    @property
    def last(self) -> bool:
        return self.col - self.width >= self.max_new

    def check(self) -> bool:
        """At a window's end (or the last step): True when every row is done."""
        if not (self.last or (self.col - self.width) % self.every == 0):
            return False
        snap = self._snapshot(self.fed, self.col)
        self.fed = self.col
        ready, self.pending = (self.pending, snap) if self.lag else (snap, None)
        return ready is not None and self._all_done(ready)

    def _snapshot(self, lo: int, hi: int):
        import torch

        if self.dev.type != "cuda":
            return self.seq[:self.rows, lo:hi].clone(), self.done[:self.rows].clone(), None
        tokens = torch.empty((self.rows, hi - lo), dtype=torch.long, pin_memory=True)
        flags = torch.empty(self.rows, dtype=torch.bool, pin_memory=True)
        tokens.copy_(self.seq[:self.rows, lo:hi], non_blocking=True)
        flags.copy_(self.done[:self.rows], non_blocking=True)
        event = torch.cuda.Event()
        event.record()
        return tokens, flags, event

    def _all_done(self, snap) -> bool:
        tokens, flags, event = snap
        if event is not None:
            event.synchronize()
        flags = flags.tolist()
        if self.engine.on_tokens is not None:
            self.engine.on_tokens(tokens.shape[1] * flags.count(False))
        if self.watching:
            new = tokens.tolist()
            fired = [row for row in range(self.rows) if not flags[row] and rows.feed(self.engine, self.watches[row], new[row])]
            if fired:
                self._mark_done(fired)
                for row in fired:
                    flags[row] = True
        return all(flags)

    def _mark_done(self, fired: list[int]) -> None:
        import torch

        index = torch.tensor(fired, dtype=torch.long)
        if self.dev.type == "cuda":  # from pinned memory: no wait for the queued steps
            index = index.pin_memory()
        self.done[index.to(self.dev, non_blocking=True)] = True

    def generated(self) -> list[list[int]]:
        return self.seq[:self.rows, self.width:self.col].tolist()


def _decode(decoder_, state: _Rows, token, t0: float) -> float:
    """The decode loop after the prefill's first token; returns the time to first token (s)."""
    import torch

    ttft = None
    while True:
        state.push(token)
        if ttft is None:
            if state.dev.type == "cuda":
                torch.cuda.synchronize(state.dev)
            ttft = time.perf_counter() - t0
        if state.check() or state.last:
            return ttft
        token = decoder_.decode_step(token)


def run(engine, batch: list[Prepared]) -> list[GenerationResult]:
    """One batch (same stop strings and max_new_tokens) through the static cache."""
    import torch

    n = len(batch)
    width = max(len(p.ids) for p in batch)
    total, cache_len = _shape(engine, n, width + batch[0].request.max_new_tokens)
    ids, mask = left_pad([p.ids for p in batch], engine.pad_id, total)
    ids, mask = ids.to(engine.device), mask.to(engine.device)
    dec = decoder(engine)
    fallbacks = len(dec.fallback_reasons)
    state = _Rows(engine, batch, ids, total)
    t0 = time.perf_counter()
    with torch.no_grad(), dec.using_attention(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bnb's per-call cast notices would flood stderr
        with sdpa_priority(engine.attention, engine.device.type):  # the prefill's kernels; decode steps use their own
            token = dec.prefill_padded(ids, mask, cache_len)
        ttft = _decode(dec, state, token, t0)
        new = state.generated()
    elapsed = time.perf_counter() - t0
    for reason in dec.fallback_reasons[fallbacks:]:
        engine.info.reasons.append(f"static batching: compiled step fell back ({reason})")
    return [rows.finish(engine, p, new[row], elapsed / n, ttft) for row, p in enumerate(batch)]
