"""HFEngine: the transformers implementation of ``runtime.types.Engine``, a thin dispatcher.

It owns the model, the tokenizer and the prompt's tokens (chat template, prefill); generation
is greedy (deterministic) and batched: requests are grouped by their stop strings and
max_new_tokens, sorted by prompt length and cut into batches under a token budget, so that
padding stays small and one long prompt never shares a batch that would not fit. Each batch
then runs through one strategy of ``runtime/batching/`` (padded: transformers' generate;
static: the static KV cache and compiled decode step; continuous: generate_batch), chosen once
(``batching.choose_batching``); a strategy that fails falls back to padded batches, said in
``EngineInfo.reasons``. A batch that runs out of memory is split in halves and retried. Static
batching takes the whole call at once instead: its slots are refilled from one queue of all
the call's requests (batching/refill.py), with half the slots after an out-of-memory.

Stop strings end generation and are cut from the returned text, which therefore never contains
them (like the OpenAI API's ``stop``). A request's ``prefill`` is appended to the rendered
prompt (the answer starts with it) and put back in front of the returned text; only generated
tokens count as output tokens. Per-row stop rules (runtime/stops.py) are fed live and replayed
on the finished tokens (batching/rows.py), so a result is the same batched or alone, padded,
static or continuous.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from storytransformer.runtime.attention import AttentionChoice
from storytransformer.runtime.batching import (  # noqa: F401  (BATCHING_CHOICES, STATIC_MIN_OUTPUT_TOKENS: public here too)
    BATCHING_CHOICES, STATIC_MIN_OUTPUT_TOKENS, backend_of, choose_batching, continuous, padded, refill, static)
from storytransformer.runtime.batching.common import Prepared, plan_batches, split_on_oom
from storytransformer.runtime.oom import free_accelerator_cache
from storytransformer.runtime.types import EngineInfo, GenerationRequest, GenerationResult, Message

log = logging.getLogger(__name__)


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


class HFEngine:
    """A loaded transformers causal LM and its tokenizer, ready to generate.

    ``.model`` and ``.tokenizer`` stay public for callers that need raw access (e.g. needle
    reusing a KV cache)."""

    def __init__(self, model, tokenizer, info: EngineInfo, *, attention: AttentionChoice | None = None,
                 batching: str = "auto", max_batch_tokens: int | None = None, max_batch_size: int = 64,
                 static_min_tokens: int | None = None, backend: str | None = None):
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        self.attention = attention
        # "auto" is decided in one place (batching.choose_batching), by the device's backend.
        choice = choose_batching(batching, backend or backend_of(model.device))
        if choice.reason:
            info.reasons.append(choice.reason)
        self.batching = choice.mode
        # Calls with less output budget than this run padded while no static graph exists yet
        # (0: always static when static is chosen; `auto` on CUDA sets STATIC_MIN_OUTPUT_TOKENS).
        self.static_min_tokens = choice.static_min_tokens if static_min_tokens is None else static_min_tokens
        self._small_call_noted = False
        self._constrained_cb_noted = False
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
        # GPU, where reading the new tokens forces a host sync. The replay in batching.rows.finish cuts at
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
        self.kv_cache = "auto"  # int8/fp8: padded batches store K/V in one byte (runtime/kv_cache.py)

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

    def plan_batches(self, prepared: list[Prepared]) -> list[list[Prepared]]:
        """Group by (stop strings, max_new_tokens), sort by prompt length, cut under the budget."""
        return plan_batches(prepared, self.max_batch_tokens, self.max_batch_size)

    def generate(self, requests: Sequence[GenerationRequest],
                 on_result: Callable[[GenerationResult], None] | None = None) -> list[GenerationResult]:
        for r in requests:
            if r.max_new_tokens < 1:
                from storytransformer.errors import OptionError

                raise OptionError("max_new_tokens", f"must be at least 1 (request {r.request_id!r})")
        prepared = [Prepared(i, r, self.encode(r.messages, r.prefill)) for i, r in enumerate(requests)]
        self._check_context(prepared)
        results: list[GenerationResult | None] = [None] * len(prepared)
        mode = self.batching
        if mode == "static" and static.too_small(self, requests):
            mode = "padded"
        if mode == "static":  # all at once: its slots are refilled from the whole call's queue
            mode = self._run_static(prepared, results, on_result)
            prepared = [p for p in prepared if results[p.index] is None]
        for batch in self.plan_batches(prepared):
            outs, mode = self._run_batch(mode, batch)
            for p, res in zip(batch, outs, strict=True):
                results[p.index] = res
                if on_result is not None:
                    on_result(res)
        return [r for r in results if r is not None]

    def _run_static(self, prepared: list[Prepared], results: list, on_result) -> str:
        """Every request through static batching with continuous refill (batching/refill.py);
        results land in ``results`` as they finish. Returns the mode for what is left: "padded"
        once static batching failed (for later calls too: a failed compile is not retried)."""
        try:
            refill.run(self, prepared, results, on_result)
            return "static"
        except Exception as err:  # compile/runtime combinations the static loop cannot run
            first = str(err).splitlines()[0][:200] if str(err) else ""
            log.warning("static batching failed (%s: %s); using padded batches", type(err).__name__, err)
            self.info.reasons.append(f"static batching failed ({type(err).__name__}: {first}); padded batches")
            self.batching = "padded"
            static.release(self)
            return "padded"

    def _run_batch(self, mode: str, batch: list[Prepared]) -> tuple[list[GenerationResult], str]:
        """Run one batch with ``mode`` (padded or continuous); returns its results and the mode for
        the next batch (padded once continuous batching failed)."""
        if mode == "continuous" and self._constrained(batch):
            # generate_batch takes no per-request logits processor: this batch runs padded, constrained
            return split_on_oom(batch, lambda b: padded.run(self, b), self._on_oom), mode
        if mode == "continuous":
            try:
                return continuous.run(self, batch), mode
            except Exception as err:  # the CB API moves between transformers releases
                log.warning("continuous batching failed (%s: %s); using padded batches", type(err).__name__, err)
                self.info.reasons.append(f"continuous batching failed ({type(err).__name__}); padded batches")
        return split_on_oom(batch, lambda b: padded.run(self, b), self._on_oom), "padded"

    @property
    def preferred_call_size(self) -> int | None:
        """Requests per generate call that keep static batching's slots busy (merge asks): its
        slots refill from the call's queue, and the call's last answers finish with few slots
        left busy, so a queue 8x the slots makes that tail ~1/8 of the call. Results stream out
        as they finish (on_result), so a long call loses nothing on a kill. None: no preference."""
        return 8 * self.max_batch_size if self.batching == "static" else None

    def _constrained(self, batch: list[Prepared]) -> bool:
        """Whether this batch has rows to constrain to a JSON schema (runtime/constrained.py)."""
        from storytransformer.runtime.constrained import constrains

        if not any(constrains(self, p.request) for p in batch):
            return False
        if not self._constrained_cb_noted:
            self._constrained_cb_noted = True
            self.info.reasons.append(
                "continuous batching: batches with a JSON schema run as padded batches (transformers' generate_batch "
                "builds its logits processors from the GenerationConfig alone and calls them on packed rows without "
                "request ids, so per-row grammar masks cannot be applied there)")
        return True

    def _on_oom(self) -> None:
        if self._static is not None:
            self._static.release_storage()  # the static caches' storage is regrown to fit the halves
        free_accelerator_cache()

    def expect_output_tokens(self, tokens: int) -> None:
        """The whole job's output budget, from a caller that sends it in several calls (merge
        sends 64 groups per call): with `auto`, a job big enough for static batching uses it
        from its first call, however small each call is."""
        self._expected_tokens = max(self._expected_tokens, int(tokens))

    def _too_small_for_static(self, requests: Sequence[GenerationRequest]) -> bool:
        return static.too_small(self, requests)

    def _check_context(self, prepared: list[Prepared]) -> None:
        ctx = self.info.context_length
        if not ctx or self._warned_ctx:
            return
        worst = max((len(p.ids) + p.request.max_new_tokens for p in prepared), default=0)
        if worst > ctx:
            self._warned_ctx = True
            log.warning("a prompt plus its max_new_tokens (%d) exceeds the model's trained context (%d); "
                        "expect degraded output", worst, ctx)
