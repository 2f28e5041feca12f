"""Greedy answers for cell prompts, naive or with a shared KV-cache prefix.

Naive: every cell prefills its whole prompt from an empty cache.

Shared: cells are ordered by where their first needle sits (over all lengths) and one
DynamicCache is kept. Before each cell the cache is cut back to the longest prefix it shares
with that cell (chat-template head + haystack up to the needle, and across lengths the common
start of the haystacks), extended to the cell's needle, then the needle, the rest of the
haystack and the question are fed and the answer decoded; afterwards the cache is cut back to
the needle position again. Every cell pays only for the text after its needle (plus the
stretch of haystack between the previous cell's needle and its own), so at one length with
n depths prefill work drops from n*L to about L + sum((1 - depth) * L), and the haystack start
that all lengths share is computed once.

Both paths feed the identical token ids, and greedy decoding makes the answers the same up
to floating-point differences between one long and two shorter prefill passes (tests check
that the answers agree).
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from storytransformer.needle.prompt import CellPrompt
# The lower-right causal SDPA for a cached prefix lives in runtime/long_context.py (chunked
# prefill uses it too); needle swaps it in while the shared-prefix cells run.
from storytransformer.runtime.long_context import LOWER_RIGHT as _LOWER_RIGHT  # noqa: F401
from storytransformer.runtime.long_context import PREFILL_CHUNK, lower_right_attention
from storytransformer.runtime.long_context import lower_right_sdpa as _lower_right_sdpa  # noqa: F401


@dataclass
class Answer:
    prompt: CellPrompt
    output_ids: list[int]
    text: str
    seconds: float
    prefill_tokens: int  # prompt tokens this cell actually computed (less than the prompt when shared)
    finish_reason: str  # "stop" | "length" | "oom" (this length did not fit in memory: no answer)
    time_to_first_token: float


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    # Compare in blocks first: prompts are long and mostly identical.
    i = 0
    step = 1024
    while i + step <= n and list(a[i:i + step]) == list(b[i:i + step]):
        i += step
    while i < n and a[i] == b[i]:
        i += 1
    return i


def truncate_cache(cache, length: int) -> None:
    """Cut a DynamicCache back to its first ``length`` positions, in place (no copy).

    Slices each layer's keys/values directly: ``Cache.crop``'s argument changed meaning
    between transformers releases (absolute length before 5.2x, tokens to remove after)."""
    if hasattr(cache, "truncate"):  # runtime/kv_cache.py's one-byte cache
        cache.truncate(length)
        return
    layers = getattr(cache, "layers", None)
    if layers is not None:
        for layer in layers:
            keys = getattr(layer, "keys", None)
            if keys is None or not getattr(layer, "is_initialized", True) or keys.numel() == 0:
                continue
            layer.keys = layer.keys[..., :length, :]
            layer.values = layer.values[..., :length, :]
        return
    # Very old caches: lists of tensors per layer.
    for i in range(len(cache.key_cache)):
        cache.key_cache[i] = cache.key_cache[i][..., :length, :]
        cache.value_cache[i] = cache.value_cache[i][..., :length, :]


def can_share(model) -> bool:
    """Prefix reuse needs plain full-attention layers (a sliding-window or recurrent layer
    cannot be cut back to an earlier position)."""
    config = model.config
    layer_types = getattr(config, "layer_types", None)
    if layer_types:
        return all(t == "full_attention" for t in layer_types)
    return not (getattr(config, "sliding_window", None) and getattr(config, "use_sliding_window", True))


def eos_ids(model, tokenizer) -> set[int]:
    ids: set[int] = set()
    for value in (getattr(getattr(model, "generation_config", None), "eos_token_id", None),
                  getattr(tokenizer, "eos_token_id", None)):
        if isinstance(value, int):
            ids.add(value)
        elif value:
            ids.update(int(v) for v in value)
    return ids


class GreedyDecoder:
    """``kv_cache`` int8/fp8: the cache keeps one byte per key/value (runtime/kv_cache.py) and
    prompts are fed PREFILL_CHUNK tokens per forward pass (a 128k prompt never holds 128k
    tokens of activations)."""

    def __init__(self, model, tokenizer, kv_cache: str = "auto"):
        self.model = model
        self.tokenizer = tokenizer
        self.kv_cache = kv_cache or "auto"
        self.chunk = None if self.kv_cache == "auto" else PREFILL_CHUNK
        self.device = next(model.parameters()).device
        self.eos = eos_ids(model, tokenizer)
        self.lower_right = True  # shared path: causal_lower_right SDPA instead of an explicit mask
        self._logits_to_keep = True

    def _feed(self, ids: Sequence[int], cache):
        if self.chunk and len(ids) > self.chunk:
            for start in range(0, len(ids) - self.chunk, self.chunk):
                self._feed_once(ids[start:start + self.chunk], cache)
            ids = ids[(len(ids) - 1) // self.chunk * self.chunk:]
        return self._feed_once(ids, cache)

    def _feed_once(self, ids: Sequence[int], cache):
        import torch

        x = torch.tensor([list(ids)], dtype=torch.long, device=self.device)
        kwargs = {"input_ids": x, "past_key_values": cache, "use_cache": True}
        if self._logits_to_keep:
            try:  # only the last position's logits: a full [L, vocab] tensor would cost gigabytes
                return self.model(**kwargs, logits_to_keep=1).logits[:, -1, :]
            except TypeError:
                self._logits_to_keep = False
        return self.model(**kwargs).logits[:, -1, :]

    def _decode(self, logits, cache, max_new_tokens: int) -> tuple[list[int], str]:
        out: list[int] = []
        for step in range(max_new_tokens):
            token = int(logits[0].argmax())
            if token in self.eos:
                return out, "stop"
            out.append(token)
            if step == max_new_tokens - 1:
                break
            logits = self._feed([token], cache)
        return out, "length"

    def _new_cache(self):
        from transformers import DynamicCache

        if self.kv_cache != "auto":
            from storytransformer.runtime.kv_cache import make_kv_cache

            return make_kv_cache(self.model.config, self.kv_cache)
        try:
            return DynamicCache(config=self.model.config)
        except TypeError:
            return DynamicCache()

    def _answer_one(self, p: CellPrompt, cache, cached: list[int]) -> Answer:
        """One cell: with ``cache`` (shared prefix) the cached prefix is reused and ``cached``
        (the ids it holds) updated in place; without it the prompt is prefilled from scratch."""
        t0 = time.perf_counter()
        if cache is not None:
            keep = _common_prefix(cached, p.ids[:p.shared_prefix])
            truncate_cache(cache, keep)
            del cached[keep:]
            if p.shared_prefix > keep:
                self._feed(p.ids[keep:p.shared_prefix], cache)
                cached.extend(p.ids[keep:p.shared_prefix])
            logits = self._feed(p.ids[p.shared_prefix:], cache)
            computed, cell_cache = len(p.ids) - keep, cache
        else:
            cell_cache = self._new_cache()
            logits = self._feed(p.ids, cell_cache)
            computed = len(p.ids)
        ttft = time.perf_counter() - t0
        out, reason = self._decode(logits, cell_cache, p.spec.max_new_tokens)
        if cache is not None:
            truncate_cache(cache, p.shared_prefix)
        text = self.tokenizer.decode(out, skip_special_tokens=True).strip()
        return Answer(p, out, text, time.perf_counter() - t0, computed, reason, ttft)

    def answer(self, prompts: Iterable[CellPrompt], *, share: bool = True,
               on_answer: Callable[[Answer], None] | None = None,
               on_start: Callable[[CellPrompt], None] | None = None) -> list[Answer]:
        """Answer every prompt; ``on_answer`` is called as each finishes. With ``share`` the
        prompts are processed in prefix order (results still come back in input order)."""
        import torch

        prompts = list(prompts)
        share = share and can_share(self.model)
        # By needle position across all lengths: the haystacks of every length start with the
        # same sentences, so the cached prefix mostly just grows from one cell to the next.
        order = sorted(range(len(prompts)), key=lambda i: (prompts[i].shared_prefix, prompts[i].length)) \
            if share else list(range(len(prompts)))
        results: dict[int, Answer] = {}
        cache = self._new_cache() if share else None
        cached: list[int] = []  # the token ids the shared cache currently holds
        attention = lower_right_attention(self.model) if share and self.lower_right else nullcontext()
        with torch.inference_mode(), attention:
            for i in order:
                p = prompts[i]
                if on_start is not None:
                    on_start(p)
                try:
                    ans = self._answer_one(p, cache if share else None, cached)
                except (torch.OutOfMemoryError, RuntimeError) as err:
                    from storytransformer.bench.timing import free_memory, is_out_of_memory

                    if not is_out_of_memory(err):
                        raise
                    # This length does not fit: a result for the heatmap (drawn as OOM), not a crash.
                    ans = Answer(p, [], "", 0.0, 0, "oom", 0.0)
                    cache, cached = (self._new_cache() if share else None), []
                    free_memory(str(getattr(self.model, "device", "cpu")))
                results[i] = ans
                if on_answer is not None:
                    on_answer(ans)
        return [results[i] for i in range(len(prompts))]
