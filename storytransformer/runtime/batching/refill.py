"""Static batching with continuous refill: a finished row's slot takes the next request at once.

Plain static batching runs a batch until its longest answer ends; merge answers run from a few
dozen to a few hundred tokens, so most rows would sit idle for most of the batch. Here the
decoder holds `rows` slots of one fixed shape (rows x cache length: one compiled step for the
whole run, fast_decode's slot API) and every request of the call is queued. Each window of
`every` decode steps the host reads back what the rows wrote, finishes the requests that ended
(eos, their own max_new_tokens, a stop string, or a stop rule), and prefills waiting requests
into the freed slots. Prompts are taken shortest first, so a refill's prompts have similar
lengths (little padding in its prefill).

Each row ends exactly where `generate` would end it (greedy, eos, stop strings checked by
transformers' StopStringCriteria on the GPU over the row's last tokens, prompt included), and
every finished row goes through rows.finish, so a result is the same as padded batches or the
request alone. Rows are refilled in groups (`refill_at` free rows or no row
left running): each prefill is one model call, and a refill of a few rows costs about as
much as one of many.

Rows with a JSON schema are constrained in the loop (runtime/constrained.py RowGrammars): each
slot holds its request's grammar matcher, whose bitmask is applied to the step's logits before
the greedy pick; a refilled slot gets the new request's matcher. That reads every step's tokens
on the host (one sync per step on a GPU), only in loops that carry a schema.

On a GPU the tokens of one window are read while the next window runs (a host read forces a
sync); a row refilled in between is told apart by its epoch, so the old request's tail is never
read as the new request's tokens.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from storytransformer.runtime.attention import sdpa_priority
from storytransformer.runtime.batching import rows as row_rules
from storytransformer.runtime.batching.common import left_pad
from storytransformer.runtime.oom import free_accelerator_cache, is_out_of_memory

STOP_WINDOW_MIN = 8  # tokens of context StopStringCriteria sees at least


@dataclass
class _Row:
    """A request in a slot, as the host sees it."""

    prepared: object  # batching.common.Prepared
    epoch: int
    watch: object  # stops.RowWatch
    started: float
    tokens: list[int] = field(default_factory=list)
    first_seen: float | None = None


class RefillLoop:
    """One engine call's requests (one stop-string set) through `rows` slots of `decoder`.

    `run()` fills `results` (a list indexed by the request's index, None where unanswered)
    and calls `on_result` as each request finishes, so after an exception `results` holds the
    requests already finished (the caller retries the rest, e.g. with fewer rows after an
    out-of-memory)."""

    def __init__(self, engine, decoder, prepared: list, results: list, *, rows: int, cache_len: int,
                 on_result: Callable | None = None, every: int | None = None, refill_at: int | None = None,
                 fill_tokens: int = 16384):
        import torch

        self.engine, self.decoder, self.on_result = engine, decoder, on_result
        self.rows, self.cache_len = rows, cache_len
        self.dev = engine.device
        self.every = every or engine.watch_every or (8 if self.dev.type == "cuda" else 1)
        # Refill once this many rows are free (or none runs): on a GPU a prefill is one eager
        # model call (tens of ms), so a few rows' wait buys fewer calls; on a CPU at once.
        self.refill_at = refill_at or (max(1, rows // 8) if self.dev.type == "cuda" else 1)
        self.fill_tokens = fill_tokens  # padded prompt tokens per prefill call at most
        self.queue = deque(sorted(prepared, key=lambda p: len(p.ids)))
        self.results = results
        self.slots: dict[int, _Row] = {}
        self.epochs = [0] * rows
        self.cap = max(p.request.max_new_tokens for p in prepared)
        pad = engine.pad_id
        self.tokens = torch.full((rows,), pad, dtype=torch.long, device=self.dev)
        self.gen = torch.full((rows, self.cap + 1), pad, dtype=torch.long, device=self.dev)  # +1: scratch column
        self.count = torch.zeros(rows, dtype=torch.long, device=self.dev)
        self.limit = torch.ones(rows, dtype=torch.long, device=self.dev)
        self.done = torch.ones(rows, dtype=torch.bool, device=self.dev)
        self.eos = torch.tensor(sorted(engine.eos_ids) or [-1], dtype=torch.long, device=self.dev)
        self.stop_strings = self.window = None
        stop = prepared[0].request.stop
        if stop:
            from transformers.generation.stopping_criteria import StopStringCriteria

            self.stop_strings = StopStringCriteria(tokenizer=engine.tokenizer, stop_strings=list(stop))
            width = max(STOP_WINDOW_MIN, self.stop_strings.maximum_token_len)
            self.window = torch.full((rows, width), pad, dtype=torch.long, device=self.dev)
        # JSON-schema grammars per slot (runtime/constrained.py), built before the stop rules:
        # a constraint that cannot be built turns the rows' repetition rule back on.
        self.grammars = _slot_grammars(engine, prepared, rows)
        self.pick = self.grammars.greedy() if self.grammars is not None else None
        self.watching = any(row_rules.watch(engine, p.request).active for p in prepared)

    # -- the loop ----------------------------------------------------------------------------

    def run(self) -> None:
        import torch

        self.decoder.open_slots(self.rows, self.cache_len)
        pending = None
        with torch.no_grad():
            self._refill()
            while self.slots:
                for _ in range(self.every):
                    self._step()
                snap = self._snapshot()
                ready, pending = (pending, snap) if self.dev.type == "cuda" else (snap, None)
                if ready is not None:
                    self._read(ready)
                    if self.queue and (len(self.free) >= self.refill_at or not self.slots):
                        self._refill()

    @property
    def free(self) -> list[int]:
        return [r for r in range(self.rows) if r not in self.slots]

    def _step(self) -> None:
        import torch

        nxt = self.decoder.step_slots(self.tokens, self.pick)
        nxt = torch.where(self.done, self.engine.pad_id, nxt)
        if self.grammars is not None:
            self.grammars.accept(nxt.tolist())  # a host read per step: constrained rows need their tokens
        # Done rows write to the scratch column: their count no longer moves.
        at = torch.where(self.done, self.cap, self.count.clamp(max=self.cap))
        self.gen.scatter_(1, at[:, None], nxt[:, None])
        self.count += (~self.done).long()
        self.done |= torch.isin(nxt, self.eos) | (self.count >= self.limit)
        if self.window is not None:
            self.window = torch.cat([self.window[:, 1:], nxt[:, None]], dim=1)
            self.done |= self.stop_strings(self.window, None)
        self.tokens = nxt

    # -- refill ------------------------------------------------------------------------------

    def _refill(self) -> None:
        free = self.free
        while free and self.queue:
            take = [self.queue.popleft()]
            # Shortest first: the batch's width is its last prompt's; stop at the token budget.
            while (self.queue and len(take) < len(free)
                   and (len(take) + 1) * len(self.queue[0].ids) <= self.fill_tokens):
                take.append(self.queue.popleft())
            rows, free = free[:len(take)], free[len(take):]
            self._fill(rows, take)

    def _fill(self, rows: list[int], take: list) -> None:
        import torch

        engine = self.engine
        ids, mask = left_pad([p.ids for p in take], engine.pad_id)
        index = torch.tensor(rows, dtype=torch.long, device=self.dev)
        pick = self._new_grammars(rows, take)
        with sdpa_priority(engine.attention, self.dev.type):  # the prefill's kernels; decode steps use their own
            first = self.decoder.fill_slots(index, ids.to(self.dev), mask.to(self.dev), pick)
        if self.grammars is not None:
            self.grammars.accept(first.tolist(), rows)
        limit = torch.tensor([p.request.max_new_tokens for p in take], dtype=torch.long, device=self.dev)
        self.tokens[index] = first
        self.gen[index] = engine.pad_id
        self.gen[index, 0] = first
        self.count[index] = 1
        self.limit[index] = limit
        done = torch.isin(first, self.eos) | (limit <= 1)
        if self.window is not None:
            tail = ids[:, -(self.window.shape[1] - 1):].to(self.dev)  # the prompt's end, left-padded
            tail = torch.cat([torch.full((len(take), self.window.shape[1] - 1 - tail.shape[1]), engine.pad_id,
                                         dtype=torch.long, device=self.dev), tail, first[:, None]], dim=1)
            self.window[index] = tail
            done |= self.stop_strings(tail, None)
        self.done[index] = done
        now = time.perf_counter()
        for row, p in zip(rows, take, strict=True):
            self.epochs[row] += 1
            self.slots[row] = _Row(p, self.epochs[row], row_rules.watch(engine, p.request), now)

    def _new_grammars(self, rows: list[int], take: list):
        """Give the refilled slots their requests' matchers; the pick for their prefill (or None)."""
        if self.grammars is None:
            return None
        constraint = self.engine._schema_constraint
        for row, p in zip(rows, take, strict=True):
            r = p.request
            self.grammars.matchers[row] = constraint.matcher(r.json_schema, r.prefill) if r.json_schema else None
        return self.grammars.greedy(rows)

    # -- reading back ------------------------------------------------------------------------

    def _snapshot(self):
        """The rows' tokens, counts and done flags as of now (copied without a wait on a GPU)."""
        import torch

        epochs = list(self.epochs)
        if self.dev.type != "cuda":
            return self.gen.clone(), self.count.clone(), self.done.clone(), None, epochs
        gen = torch.empty(self.gen.shape, dtype=torch.long, pin_memory=True)
        count = torch.empty(self.rows, dtype=torch.long, pin_memory=True)
        done = torch.empty(self.rows, dtype=torch.bool, pin_memory=True)
        gen.copy_(self.gen, non_blocking=True)
        count.copy_(self.count, non_blocking=True)
        done.copy_(self.done, non_blocking=True)
        event = torch.cuda.Event()
        event.record()
        return gen, count, done, event, epochs

    def _read(self, snap) -> None:
        gen, count, done, event, epochs = snap
        if event is not None:
            event.synchronize()
        count, done = count.tolist(), done.tolist()
        now = time.perf_counter()
        new_tokens = 0
        for row in list(self.slots):
            slot = self.slots[row]
            if slot.epoch != epochs[row]:
                continue  # refilled after this snapshot was taken
            seen = len(slot.tokens)
            fresh = gen[row, seen:count[row]].tolist()
            slot.tokens.extend(fresh)
            new_tokens += len(fresh)
            if fresh and slot.first_seen is None:
                slot.first_seen = now
            fired = self.watching and row_rules.feed(self.engine, slot.watch, fresh)
            if done[row] or fired:
                self._finish(row, now)
        if self.engine.on_tokens is not None and new_tokens:
            self.engine.on_tokens(new_tokens)

    def _finish(self, row: int, now: float) -> None:
        slot = self.slots.pop(row)
        self.epochs[row] += 1  # whatever the row writes from now on belongs to no request
        self.decoder.park_slots([row])
        if self.grammars is not None:
            self.grammars.matchers[row] = None
        p = slot.prepared
        # A slot shares the GPU with the other rows: its share of the time is its time / rows.
        seconds = (now - slot.started) / self.rows
        ttft = (slot.first_seen - slot.started) if slot.first_seen is not None else None
        res = row_rules.finish(self.engine, p, slot.tokens, seconds, ttft)
        self.results[p.index] = res
        if self.on_result is not None:
            self.on_result(res)


def _slot_grammars(engine, prepared: list, rows: int):
    """Empty per-slot grammars (runtime/constrained.py RowGrammars) when any request of the loop
    carries a JSON schema and xgrammar can constrain; else None (nothing is masked)."""
    if not any(p.request.json_schema for p in prepared):
        return None
    from storytransformer.runtime.constrained import constraint_for

    constraint = constraint_for(engine)
    if constraint is None:
        return None
    return constraint.rows([None] * rows)


# -- the engine's entry point ----------------------------------------------------------------

def slot_shape(engine, decoder, prepared: list, max_rows: int | None = None) -> tuple[int, int]:
    """(rows, cache length) for these requests: as many rows as requests, up to the engine's
    batch size and its KV budget (rows x (longest prompt + largest max_new_tokens)), bucketed
    like the static batches; a shape the decoder already has is reused where it is large
    enough (its compiled step is then reused, not compiled again)."""
    from storytransformer.runtime.batching.static import shape

    tokens = max(len(p.ids) for p in prepared) + max(p.request.max_new_tokens for p in prepared)
    rows = min(len(prepared), engine.max_batch_size, max(1, engine.max_batch_tokens // tokens))
    if max_rows is not None:
        rows = max(1, min(rows, max_rows))
    rows, cache_len = shape(engine, rows, tokens)
    fits = [(r * n, r, n) for r, n in decoder._slot_states
            if r >= rows and n >= cache_len and r * n <= max(engine.max_batch_tokens, rows * cache_len)
            and (max_rows is None or r <= max_rows)]
    if fits:
        _, rows, cache_len = min(fits)
    return rows, cache_len


def run(engine, prepared: list, results: list, on_result: Callable | None = None) -> None:
    """Every prepared request through the engine's static decoder with continuous refill, one
    loop per stop-string set. Finished results go into `results[p.index]` as they come, so after
    an exception the caller knows which requests still need an answer.

    Out of memory: the slot storage is dropped and the unfinished requests run again with half
    the rows, down to one row, after which the error is raised."""
    from storytransformer.runtime.batching import static

    groups: dict[tuple, list] = {}
    for p in prepared:
        groups.setdefault(tuple(p.request.stop), []).append(p)
    decoder = static.decoder(engine)
    fallbacks = len(decoder.fallback_reasons)
    try:
        for group in groups.values():
            _run_group(engine, decoder, group, results, on_result)
    finally:
        for reason in decoder.fallback_reasons[fallbacks:]:
            engine.info.reasons.append(f"static batching: compiled step fell back ({reason})")


def _run_group(engine, decoder, group: list, results: list, on_result) -> None:
    import warnings

    max_rows = None
    todo = group
    while todo:
        rows, cache_len = slot_shape(engine, decoder, todo, max_rows)
        loop = RefillLoop(engine, decoder, todo, results, rows=rows, cache_len=cache_len, on_result=on_result)
        try:
            with decoder.using_attention(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # bnb's per-call cast notices would flood stderr
                loop.run()
            return
        except Exception as err:
            if not is_out_of_memory(err) or rows == 1:
                raise
            decoder.release_storage()  # regrown to fit the smaller shape
            free_accelerator_cache()
            max_rows = rows // 2
            todo = [p for p in todo if results[p.index] is None]
