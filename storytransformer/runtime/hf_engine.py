"""HFEngine: the transformers implementation of ``runtime.types.Engine``.

Generation is greedy (deterministic) and batched: requests are grouped by their stop strings
and max_new_tokens, sorted by prompt length and cut into batches under a token budget, so that
padding stays small and one long prompt never shares a batch that would not fit. Prompts are
left-padded; transformers' generate computes logits for the last position only on prefill
(``logits_to_keep=1``), so a 32k prompt never materializes a 32k x vocab logits tensor.

Stop strings end generation (transformers' ``stop_strings``) and are cut from the returned
text, which therefore never contains them (like the OpenAI API's ``stop``).

A request's ``prefill`` is appended to the rendered prompt (the answer starts with it) and
put back in front of the returned text; only generated tokens count as output tokens.

Per-sequence stop rules (runtime/stops.py: the JSON answer closed, degenerate repetition) run
as one StoppingCriteria that feeds each row's new token to that row's watcher; a row that
fires is marked done by transformers (it then only receives pad) and the batch ends when
every row is done. The rules are replayed on the finished tokens to find the exact cut, so a
result is the same batched or alone, padded, static or continuous.

``batching="static"`` (the default on CUDA) runs the same batches through fast_decode's static
KV cache and compiled decode step (CUDA graphs): left-padded prompts, per-row positions and a
mask over the cache. It keeps generate's semantics exactly (greedy, eos, stop strings, the
stop rules checked every few steps, rows that finish early fed pad) and falls back to padded
batches if it fails.
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

from storytransformer.runtime.attention import AttentionChoice, sdpa_priority
from storytransformer.runtime.stops import RowWatch, json_end
from storytransformer.runtime.types import EngineInfo, GenerationRequest, GenerationResult, Message

log = logging.getLogger(__name__)

BATCHING_CHOICES = ("auto", "static", "padded", "continuous")

# With `--batching auto` on CUDA, a generate call whose whole output budget (sum of
# max_new_tokens) is below this runs as padded batches until the static decoder exists: each
# new static shape costs a compile + graph capture of 40-90 s on an 8B model (H100,
# docs/benchmarks.md), while transformers' generate moves ~500-1,100 tok/s at batch 64 there
# and the static loop 2,200-4,800, so below ~30k output tokens the compile does not pay back.
STATIC_MIN_OUTPUT_TOKENS = 32768


def fallback_prompt(messages: Sequence[Message]) -> str:
    """The prompt format for tokenizers without a chat template (base models):

        System: <system text>

        User: <user text>

        Assistant: <assistant text>

        Assistant:

    Plain role labels, blank lines between turns, ending with "Assistant:" for the reply."""
    parts = [f"{m.get('role', 'user').capitalize()}: {m.get('content', '')}" for m in messages]
    parts.append("Assistant:")
    return "\n\n".join(parts)


@dataclass
class _Prepared:
    index: int
    request: GenerationRequest
    ids: list[int]


class HFEngine:
    """A loaded transformers causal LM and its tokenizer, ready to generate.

    ``.model`` and ``.tokenizer`` stay public for callers that need raw access (e.g. needle
    reusing a KV cache)."""

    def __init__(self, model, tokenizer, info: EngineInfo, *, attention: AttentionChoice | None = None,
                 batching: str = "auto", max_batch_tokens: int | None = None, max_batch_size: int = 64,
                 static_min_tokens: int | None = None):
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        self.attention = attention
        if batching not in BATCHING_CHOICES:
            from storytransformer.errors import OptionError

            raise OptionError("--batching", f"unknown batching {batching!r}; choose from {', '.join(BATCHING_CHOICES)}")
        if batching == "auto":  # CUDA graphs pay on a GPU; on a CPU there are none to replay
            batching = "static" if model.device.type == "cuda" else "padded"
            if static_min_tokens is None and batching == "static":
                static_min_tokens = STATIC_MIN_OUTPUT_TOKENS
        self.batching = batching
        # Calls with less output budget than this run padded while no static graph exists yet
        # (0: always static when static is chosen; `auto` sets STATIC_MIN_OUTPUT_TOKENS).
        self.static_min_tokens = static_min_tokens or 0
        self._small_call_noted = False
        self._expected_tokens = 0  # the whole job's output budget, if the caller said (expect_output_tokens)
        self.max_batch_size = max_batch_size
        self.max_batch_tokens = max_batch_tokens or self._default_batch_tokens()
        if tokenizer.pad_token_id is None:
            # Left padding needs a pad id; the eos token is safe because the mask hides it.
            tokenizer.pad_token = tokenizer.eos_token
        self.pad_id = tokenizer.pad_token_id
        self.eos_ids = self._eos_ids()
        self.has_chat_template = bool(getattr(tokenizer, "chat_template", None))
        self._warned_ctx = False
        self._pieces: dict[int, str] = {}  # token id -> its text alone, for the stop rules
        # Steps between live checks of the stop rules; None: every step on CPU, every 8th on a
        # GPU, where reading the new tokens forces a host sync. The replay in _finish cuts at
        # the exact token either way, so a late check only costs a few wasted tokens.
        self.watch_every: int | None = None
        # Progress: called with output tokens generated per decode step(s) (merge's meter sets
        # it; padded counts every row of the batch, static only rows still running).
        self.on_tokens: Callable[[int], None] | None = None
        # Static batching: the cache length is rounded up to a multiple of static_len_step and
        # (None: on CUDA) the rows up to a power of two, so a run compiles few graph shapes. A
        # CPU compiles nothing: there a finer step only saves attending over empty slots.
        self.static_len_step = 512 if self.device.type == "cuda" else 64
        self.static_pad_rows: bool | None = None
        self._static = None  # the FastDecoder, kept for the engine's life (its compiled graphs)

    # -- tokens -----------------------------------------------------------------------------

    @property
    def device(self):
        return self.model.device

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for src in (getattr(self.model, "generation_config", None), self.model.config, self.tokenizer):
            value = getattr(src, "eos_token_id", None)
            if value is None:
                continue
            ids.update(value if isinstance(value, (list, tuple, set)) else [value])
        return {int(i) for i in ids if i is not None}

    def _default_batch_tokens(self) -> int:
        """Tokens (prompt + new, summed over a batch) one padded batch may hold. On a GPU, from
        the free memory left for the KV cache; on a CPU, a size past which batching stops paying."""
        if self.device.type != "cuda":
            return 16384
        try:
            import torch

            from storytransformer.runtime.memory import kv_bytes_per_token

            free, _ = torch.cuda.mem_get_info(self.device)
            per_token = kv_bytes_per_token(self.model.config.to_dict(), dtype_bytes=2)
            # Half the free memory for KV; the rest for activations, logits and fragmentation.
            return int(max(4096, min(1 << 20, free * 0.5 / max(per_token, 1))))
        except Exception:
            return 65536

    def render(self, messages: Sequence[Message]) -> str:
        """The prompt text exactly as the model sees it."""
        if self.has_chat_template:
            return self.tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)
        return fallback_prompt(messages)

    def encode(self, messages: Sequence[Message], prefill: str = "") -> list[int]:
        if self.has_chat_template:
            # Story text is data: special-token strings in a message stay text (data_tokens.py).
            from storytransformer.runtime.data_tokens import encode_chat

            return encode_chat(self.tokenizer, messages, self.render, prefill)
        text = self.render(messages)
        if prefill:
            # The answer so far goes right after the generation prompt; the plain format's
            # "Assistant:" label takes a space first, as a turn of its own would.
            text += prefill if self.has_chat_template else " " + prefill
        # A chat template writes its own special tokens; a plain prompt gets the usual BOS.
        return list(self.tokenizer(text, add_special_tokens=not self.has_chat_template,
                                   split_special_tokens=True)["input_ids"])

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False, split_special_tokens=True)["input_ids"])

    def prompt_tokens(self, messages: Sequence[Message]) -> int:
        return len(self.encode(messages))

    # -- generation --------------------------------------------------------------------------

    def plan_batches(self, prepared: list[_Prepared]) -> list[list[_Prepared]]:
        """Group by (stop strings, max_new_tokens), sort by prompt length, cut under the budget."""
        groups: dict[tuple, list[_Prepared]] = {}
        for p in prepared:
            groups.setdefault((tuple(p.request.stop), p.request.max_new_tokens), []).append(p)
        batches: list[list[_Prepared]] = []
        for (_, max_new), items in groups.items():
            items.sort(key=lambda p: len(p.ids))
            batch: list[_Prepared] = []
            longest = 0
            for p in items:
                new_longest = max(longest, len(p.ids))
                if batch and ((len(batch) + 1) * (new_longest + max_new) > self.max_batch_tokens
                              or len(batch) >= self.max_batch_size):
                    batches.append(batch)
                    batch, new_longest = [], len(p.ids)
                batch.append(p)
                longest = new_longest
            if batch:
                batches.append(batch)
        return batches

    def generate(self, requests: Sequence[GenerationRequest],
                 on_result: Callable[[GenerationResult], None] | None = None) -> list[GenerationResult]:
        for r in requests:
            if r.max_new_tokens < 1:
                from storytransformer.errors import OptionError

                raise OptionError("max_new_tokens", f"must be at least 1 (request {r.request_id!r})")
        prepared = [_Prepared(i, r, self.encode(r.messages, r.prefill)) for i, r in enumerate(requests)]
        self._check_context(prepared)
        results: list[GenerationResult | None] = [None] * len(prepared)
        use_cb = self.batching == "continuous"
        use_static = self.batching == "static" and not self._too_small_for_static(requests)
        for batch in self.plan_batches(prepared):
            if use_static:
                try:
                    outs = self._run_safely(batch, self._run_static)
                except Exception as err:  # compile/runtime combinations the static loop cannot run
                    log.warning("static batching failed (%s: %s); using padded batches", type(err).__name__, err)
                    self.info.reasons.append(f"static batching failed ({type(err).__name__}: "
                                             f"{str(err).splitlines()[0][:200] if str(err) else ''}); padded batches")
                    use_static = False
                    self.batching = "padded"  # for later calls too: a failed compile is not retried
                    self._release_static()
                    outs = self._run_padded_safely(batch)
            elif use_cb:
                try:
                    outs = self._run_continuous(batch)
                except Exception as err:  # the CB API moves between transformers releases
                    log.warning("continuous batching failed (%s: %s); using padded batches",
                                type(err).__name__, err)
                    self.info.reasons.append(f"continuous batching failed ({type(err).__name__}); padded batches")
                    use_cb = False
                    outs = self._run_padded_safely(batch)
            else:
                outs = self._run_padded_safely(batch)
            for p, res in zip(batch, outs):
                results[p.index] = res
                if on_result is not None:
                    on_result(res)
        return [r for r in results if r is not None]

    def expect_output_tokens(self, tokens: int) -> None:
        """The whole job's output budget, from a caller that sends it in several calls (merge
        sends 64 groups per call): with `auto`, a job big enough for static batching uses it
        from its first call, however small each call is."""
        self._expected_tokens = max(self._expected_tokens, int(tokens))

    def _too_small_for_static(self, requests: Sequence[GenerationRequest]) -> bool:
        """True when this call should skip static batching: neither it nor the job it belongs to
        (expect_output_tokens) reaches static_min_tokens of output budget, and no static decoder
        (with its compiled graphs) exists yet."""
        if self._static is not None or not self.static_min_tokens:
            return False
        budget = sum(r.max_new_tokens for r in requests)
        if max(budget, self._expected_tokens) >= self.static_min_tokens:
            return False
        if not self._small_call_noted:
            self._small_call_noted = True
            self.info.reasons.append(
                f"batching: a call of {budget:,} output tokens at most ran as padded batches "
                f"(static batching's graph compiles pay from ~{self.static_min_tokens:,}; --batching static forces it)")
        return True

    def _check_context(self, prepared: list[_Prepared]) -> None:
        ctx = self.info.context_length
        if not ctx or self._warned_ctx:
            return
        worst = max((len(p.ids) + p.request.max_new_tokens for p in prepared), default=0)
        if worst > ctx:
            self._warned_ctx = True
            log.warning("a prompt plus its max_new_tokens (%d) exceeds the model's trained context (%d); "
                        "expect degraded output", worst, ctx)

    def _run_padded_safely(self, batch: list[_Prepared]) -> list[GenerationResult]:
        return self._run_safely(batch, self._run_padded)

    def _run_safely(self, batch: list[_Prepared], run) -> list[GenerationResult]:
        """Run a batch; on out-of-memory, split it and retry, down to single requests."""
        try:
            return run(batch)
        except Exception as err:
            if not _is_oom(err):
                raise
            if self._static is not None:
                self._static.release_storage()  # the static caches' storage is regrown to fit the halves
            _free_cache()
            if len(batch) == 1:
                p = batch[0]
                log.warning("request %s does not fit in memory (%d prompt tokens)", p.request.request_id, len(p.ids))
                return [GenerationResult(p.request.request_id, "", len(p.ids), 0, 0.0, "error",
                                         error=f"out of memory at {len(p.ids)} prompt tokens")]
            half = len(batch) // 2
            log.info("out of memory at batch %d; splitting", len(batch))
            return self._run_safely(batch[:half], run) + self._run_safely(batch[half:], run)

    def _generation_config(self, max_new_tokens: int, stop: tuple[str, ...]):
        from transformers import GenerationConfig

        return GenerationConfig(
            do_sample=False, num_beams=1, max_new_tokens=max_new_tokens,
            temperature=None, top_p=None, top_k=None,  # unset sampling knobs the model config may carry
            eos_token_id=sorted(self.eos_ids) or None, pad_token_id=self.pad_id,
            stop_strings=list(stop) or None,
        )

    def _run_padded(self, batch: list[_Prepared]) -> list[GenerationResult]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        req0 = batch[0].request
        width = max(len(p.ids) for p in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, p in enumerate(batch):
            input_ids[row, width - len(p.ids):] = torch.tensor(p.ids, dtype=torch.long)
            mask[row, width - len(p.ids):] = 1
        input_ids, mask = input_ids.to(self.device), mask.to(self.device)

        first_token_at: list[float] = []
        watches = [self._watch(p.request) for p in batch]
        watching = any(w.active for w in watches)
        engine = self
        every = self.watch_every or (8 if self.device.type == "cuda" else 1)

        class _Watch(StoppingCriteria):  # called once per generated token
            def __init__(self):
                self.seen = width  # columns of input_ids already fed
                self.calls = 0

            def __call__(self, ids, scores, **kw):
                if not first_token_at:
                    first_token_at.append(time.perf_counter())
                if engine.on_tokens is not None:
                    engine.on_tokens(ids.shape[0])
                self.calls += 1
                if not watching or (self.calls % every and ids.shape[1] - width < req0.max_new_tokens):
                    return torch.zeros(ids.shape[0], dtype=torch.bool, device=ids.device)
                new = ids[:, self.seen:].tolist()
                self.seen = ids.shape[1]
                done = [engine._feed(w, row) for w, row in zip(watches, new)]
                return torch.tensor(done, dtype=torch.bool, device=ids.device)

        from storytransformer.runtime.constrained import processors_for

        constrain = processors_for(self, batch)  # JSON-schema token masks (runtime/constrained.py)
        t0 = time.perf_counter()
        with torch.inference_mode(), sdpa_priority(self.attention, self.device.type), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bnb's per-call cast notices would flood stderr
            out = self.model.generate(
                input_ids=input_ids, attention_mask=mask,
                generation_config=self._generation_config(req0.max_new_tokens, tuple(req0.stop)),
                tokenizer=self.tokenizer if req0.stop else None,
                stopping_criteria=StoppingCriteriaList([_Watch()]), logits_processor=constrain,
            )
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        elapsed = time.perf_counter() - t0
        ttft = (first_token_at[0] - t0) if first_token_at else None
        new = out[:, width:].tolist()
        return [self._finish(p, new[row], elapsed / len(batch), ttft) for row, p in enumerate(batch)]

    # -- static batching ---------------------------------------------------------------------

    def _static_decoder(self):
        if self._static is None:
            from storytransformer.runtime.fast_decode import FastDecoder, register_gqa_decode

            impl = getattr(self.model.config, "_attn_implementation", None) or "sdpa"
            # Prefill through SDPA (or eager, if asked for), decode steps through the grouped-query
            # decode attention: flash-attn kernels take no static cache with a padding mask.
            attention = "eager" if impl == "eager" else register_gqa_decode()
            self._static = FastDecoder(self.model, attention=attention, hold_attention=False)
            note = (f"static batching: decode step compiled ({self._static.compile_mode}, CUDA graphs)"
                    if self._static.compile else "static batching: static KV cache, decode step not compiled (CPU)")
            if impl not in ("sdpa", "eager"):
                note += f"; attention runs through SDPA there ({impl} applies to padded batches only)"
            self.info.reasons.append(note)
        return self._static

    def _release_static(self) -> None:
        if self._static is not None:
            self._static.release()
            self._static = None
            _free_cache()

    def _static_shape(self, rows: int, tokens: int) -> tuple[int, int]:
        from storytransformer.runtime.fast_decode import static_shape

        pad_rows = self.static_pad_rows if self.static_pad_rows is not None else self.device.type == "cuda"
        return static_shape(rows, tokens, len_step=self.static_len_step, pad_rows=pad_rows,
                            max_rows=self.max_batch_size, max_tokens=self.max_batch_tokens)

    def _run_static(self, batch: list[_Prepared]) -> list[GenerationResult]:
        """One batch through the static cache and the compiled decode step, with generate's
        semantics: each step's greedy token, pad for rows already done; a row is done at eos,
        at a stop string (transformers' own StopStringCriteria, on the GPU) or when its stop
        rules fire (read every `watch_every` steps). The batch ends when every row is done or
        at max_new_tokens; the rows' tokens then go through the same _finish as padded batches."""
        import torch

        req0 = batch[0].request
        max_new = req0.max_new_tokens
        rows = len(batch)
        width = max(len(p.ids) for p in batch)
        total, cache_len = self._static_shape(rows, width + max_new)
        ids = torch.full((total, width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((total, width), dtype=torch.long)
        for row, p in enumerate(batch):
            ids[row, width - len(p.ids):] = torch.tensor(p.ids, dtype=torch.long)
            mask[row, width - len(p.ids):] = 1
        mask[rows:, -1] = 1  # dummy rows (shape bucket): one pad token each, never a fully masked row
        dev = self.device
        ids, mask = ids.to(dev), mask.to(dev)
        decoder = self._static_decoder()
        fallbacks = len(decoder.fallback_reasons)

        watches = [self._watch(p.request) for p in batch]
        watching = any(w.active for w in watches)
        every = self.watch_every or (8 if dev.type == "cuda" else 1)
        # On a GPU the tokens of one window are read while the next window runs: reading forces
        # a host sync, and the rules' Python would otherwise leave the GPU idle.
        lag = dev.type == "cuda"
        eos = torch.tensor(sorted(self.eos_ids) or [-1], dtype=torch.long, device=dev)
        stop_strings = None
        if req0.stop:
            from transformers.generation.stopping_criteria import StopStringCriteria

            stop_strings = StopStringCriteria(tokenizer=self.tokenizer, stop_strings=list(req0.stop))
        seq = torch.full((total, width + max_new), self.pad_id, dtype=torch.long, device=dev)
        seq[:, :width] = ids
        done = torch.zeros(total, dtype=torch.bool, device=dev)
        done[rows:] = True

        def snapshot(lo: int, hi: int):
            if dev.type != "cuda":
                return seq[:rows, lo:hi].clone(), done[:rows].clone(), None
            tokens = torch.empty((rows, hi - lo), dtype=torch.long, pin_memory=True)
            flags = torch.empty(rows, dtype=torch.bool, pin_memory=True)
            tokens.copy_(seq[:rows, lo:hi], non_blocking=True)
            flags.copy_(done[:rows], non_blocking=True)
            event = torch.cuda.Event()
            event.record()
            return tokens, flags, event

        def all_done(snap) -> bool:
            tokens, flags, event = snap
            if event is not None:
                event.synchronize()
            flags = flags.tolist()
            if self.on_tokens is not None:
                self.on_tokens(tokens.shape[1] * flags.count(False))
            if watching:
                new = tokens.tolist()
                fired = [row for row in range(rows) if not flags[row] and self._feed(watches[row], new[row])]
                if fired:
                    index = torch.tensor(fired, dtype=torch.long)
                    if dev.type == "cuda":  # from pinned memory: no wait for the queued steps
                        index = index.pin_memory()
                    done[index.to(dev, non_blocking=True)] = True
                    for row in fired:
                        flags[row] = True
            return all(flags)

        ttft = None
        t0 = time.perf_counter()
        with torch.no_grad(), decoder.using_attention(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bnb's per-call cast notices would flood stderr
            with sdpa_priority(self.attention, dev.type):  # the prefill's kernels; decode steps use their own
                token = decoder.prefill_padded(ids, mask, cache_len)
            col, fed, pending = width, width, None
            while True:
                token = torch.where(done, self.pad_id, token)
                seq[:, col] = token
                col += 1
                done |= torch.isin(token, eos)
                if stop_strings is not None:
                    done |= stop_strings(seq[:, :col], None)
                if ttft is None:
                    if dev.type == "cuda":
                        torch.cuda.synchronize(dev)
                    ttft = time.perf_counter() - t0
                last = col - width >= max_new
                if last or (col - width) % every == 0:
                    snap = snapshot(fed, col)
                    fed = col
                    ready, pending = (pending, snap) if lag else (snap, None)
                    if ready is not None and all_done(ready):
                        break
                if last:
                    break
                token = decoder.decode_step(token)
            new = seq[:rows, width:col].tolist()
        elapsed = time.perf_counter() - t0
        for reason in decoder.fallback_reasons[fallbacks:]:
            self.info.reasons.append(f"static batching: compiled step fell back ({reason})")
        return [self._finish(p, new[row], elapsed / rows, ttft) for row, p in enumerate(batch)]

    # -- per-sequence stop rules -------------------------------------------------------------

    def _watch(self, req: GenerationRequest) -> RowWatch:
        from storytransformer.runtime.constrained import constrains

        return RowWatch(prefill=req.prefill, stop_at_json_end=req.stop_at_json_end,
                        stop_on_repetition=req.stop_on_repetition and not constrains(self, req))

    def _piece(self, token: int) -> str:
        piece = self._pieces.get(token)
        if piece is None:
            piece = self._pieces[token] = self.tokenizer.decode([token], skip_special_tokens=True)
        return piece

    def _feed(self, watch: RowWatch, tokens: list[int]) -> bool:
        """Feed a row's new tokens; True when the row is done (a rule fired, or eos/pad seen:
        transformers already ended that row and pads it)."""
        for t in tokens:
            if watch.finished:
                break
            if t in self.eos_ids or t == self.pad_id:
                watch.finished = True
                break
            watch.push(self._piece(t))
        return watch.reason is not None

    def _decode_answer(self, p: _Prepared, tokens: list[int]) -> str:
        """Generated text, after the prefill it continues. Decoded together with the last
        prompt tokens, so a tokenizer that drops a word's leading space at the start of a
        decode (SentencePiece) keeps it, then the prompt's part is taken off again."""
        if not p.request.prefill:
            return self.tokenizer.decode(tokens, skip_special_tokens=True)
        tail = p.ids[-8:]
        head = self.tokenizer.decode(tail, skip_special_tokens=True)
        both = self.tokenizer.decode(tail + tokens, skip_special_tokens=True)
        if both.startswith(head):
            return both[len(head):]
        return self.tokenizer.decode(tokens, skip_special_tokens=True)

    def _finish(self, p: _Prepared, tokens: list[int], seconds: float, ttft: float | None) -> GenerationResult:
        """Cut a row of generated ids at eos / a stop rule / stop string; count and decode the rest."""
        req = p.request
        tokens = tokens[: req.max_new_tokens]
        finish = "length"
        n = len(tokens)
        for i, t in enumerate(tokens):
            # HF fills rows that stopped early with pad; pad may also be the eos token.
            if t in self.eos_ids or t == self.pad_id:
                n, finish = i, "stop"
                break
        watch = self._watch(req)
        ruled = False
        if watch.active:
            # Replay the rules: the live check may have looked late (GPU) or not at all (continuous).
            for i in range(n):
                if watch.push(self._piece(tokens[i])):
                    n, finish, ruled = i + 1, watch.reason, True
                    break
        text = self._decode_answer(p, tokens[:n])
        cut = min((k for k in (text.find(s) for s in req.stop if s) if k >= 0), default=-1)
        if cut >= 0:
            text, finish = text[:cut], "stop"
        eos_counted = finish == "stop" and cut < 0 and not ruled and n < len(tokens)
        counted = n + (1 if eos_counted else 0)  # the eos was generated too
        text = req.prefill + text
        if req.stop_at_json_end:
            end = json_end(text)
            if end is not None:
                text, finish = text[:end], "stop"
        return GenerationResult(req.request_id, text, len(p.ids), counted, seconds, finish, ttft)

    def _run_continuous(self, batch: list[_Prepared]) -> list[GenerationResult]:
        """transformers' continuous batching (paged KV cache); stop strings are applied after."""
        req0 = batch[0].request
        gen_cfg = self._generation_config(req0.max_new_tokens, ())
        t0 = time.perf_counter()
        # No inference_mode here: the manager's worker thread updates tensors created in this
        # one, which inference_mode would make read-only to it. It runs under no_grad itself.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outputs = self.model.generate_batch(inputs=[p.ids for p in batch], generation_config=gen_cfg,
                                                progress_bar=False)
        elapsed = time.perf_counter() - t0
        ordered = sorted(outputs.values(), key=lambda o: int(str(o.request_id).rsplit("_", 1)[-1]))
        if len(ordered) != len(batch):
            raise RuntimeError(f"generate_batch returned {len(ordered)} results for {len(batch)} requests")
        if all(o.error for o in ordered):
            raise RuntimeError(f"every request failed: {ordered[0].error}")
        results = []
        for p, o in zip(batch, ordered):
            if list(o.prompt_ids)[-len(p.ids):] != p.ids and list(o.prompt_ids) != p.ids:
                raise RuntimeError("generate_batch returned results out of order")
            if o.error:
                results.append(GenerationResult(p.request.request_id, "", len(p.ids), 0, elapsed / len(batch),
                                                "error", error=str(o.error)))
                continue
            ttft = (o.lifespan[0] - t0) if o.lifespan and o.lifespan[0] > 0 else None
            results.append(self._finish(p, list(o.generated_tokens), elapsed / len(batch), ttft))
        return results


def _is_oom(err: Exception) -> bool:
    name = type(err).__name__
    return name == "OutOfMemoryError" or "out of memory" in str(err).lower()


def _free_cache() -> None:
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception:
        pass
