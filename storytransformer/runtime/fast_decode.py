"""Greedy decoding loops for a transformers causal LM: the plain one and a fast one.

Both split generation into `prefill` (the whole prompt in one forward pass, logits for the
last position only) and `decode` (one token per step), so bench can time them apart.

- `PlainDecoder`: what `model.generate` does underneath — a DynamicCache that grows by
  concatenation and one eager forward per step. At batch 1 an 8B model spends most of each
  step launching ~1,000 small kernels from Python, not reading weights.
- `FastDecoder` (the gpt-fast recipe on top of transformers): prefill exactly like the plain
  loop (the causal flash/cuDNN SDPA path, which is already near the hardware), then copy the
  KV into a StaticCache whose tensors never move, and run each decode step through
  `torch.compile(mode="reduce-overhead")`, i.e. fused kernels replayed as one CUDA graph.
  On CPU there are no CUDA graphs; it still runs (static cache, no compile) so the path is
  tested everywhere.

Works with transformers 5.17 (layers take `cache_position`) and 5.23 (they don't: static
layers count positions themselves), detected from the model's forward signature.
"""

from __future__ import annotations

import inspect
import logging

log = logging.getLogger(__name__)

ENGINES = ("plain", "fast")


GQA_DECODE = "st_sdpa_gqa_decode"


def sdpa_gqa_decode(module, query, key, value, attention_mask, dropout=0.0, scaling=None, **kwargs):
    """transformers' SDPA attention, except for one-token decode steps over a grouped-query
    KV cache with a mask (the static cache always has one).

    There transformers' SDPA path first copies K and V to every query head (repeat_kv: 4x the
    cache for Llama-3-8B), because PyTorch's masked SDPA kernels take no grouped heads; at
    batch 64 x 1k tokens that copy moves ~40 GB per step and dominates decode. Here each KV
    head's query group attends to it directly: the cache is read once. Prefill (q_len > 1)
    goes to the regular SDPA path unchanged."""
    import torch
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    batch, heads, q_len, dim = query.shape
    kv_heads = key.shape[1]
    if q_len != 1 or kv_heads == heads:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout,
                                      scaling=scaling, **kwargs)
    q = query.reshape(batch, kv_heads, heads // kv_heads, dim)  # repeat_kv's head order
    scale = scaling if scaling is not None else dim ** -0.5
    scores = torch.matmul(q, key.transpose(-1, -2)).float() * scale  # batch, kv_heads, group, kv_len
    if attention_mask is not None:
        mask = attention_mask[:, :, -1:, :]  # batch, 1, 1, kv_len: broadcasts over heads
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask
    probs = torch.softmax(scores, dim=-1).to(value.dtype)
    out = torch.matmul(probs, value)  # batch, kv_heads, group, dim
    return out.reshape(batch, heads, 1, dim).transpose(1, 2).contiguous(), None


def register_gqa_decode() -> str:
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, sdpa_mask

    AttentionInterface.register(GQA_DECODE, sdpa_gqa_decode)
    ALL_MASK_ATTENTION_FUNCTIONS.register(GQA_DECODE, sdpa_mask)
    return GQA_DECODE


def _set_impl(model, impl: str) -> None:
    setter = getattr(model, "set_attn_implementation", None)
    try:
        if setter is None:
            raise AttributeError
        setter(impl)
    except Exception:  # noqa: BLE001 - older transformers validate names; the config attribute is what layers read
        model.config._attn_implementation = impl


def _wants_cache_position(model) -> bool:
    base = getattr(model, "model", model)
    return "cache_position" in inspect.signature(base.forward).parameters


class PlainDecoder:
    name = "plain"

    def __init__(self, model):
        self.model = model
        self.cache = None
        self._pos = 0

    def prefill(self, input_ids):
        import torch
        from transformers import DynamicCache

        self.cache = DynamicCache(config=self.model.config)
        with torch.no_grad():
            out = self.model(input_ids=input_ids, past_key_values=self.cache, use_cache=True, logits_to_keep=1)
        self._pos = input_ids.shape[1]
        return out.logits[:, -1].argmax(-1)

    def decode(self, next_tokens, steps: int):
        import torch

        produced = [next_tokens]
        with torch.no_grad():
            for _ in range(steps):
                out = self.model(input_ids=produced[-1][:, None], past_key_values=self.cache, use_cache=True)
                produced.append(out.logits[:, -1].argmax(-1))
                self._pos += 1
        return torch.stack(produced[1:], dim=1)

    def forced_logits(self, tokens):
        import torch

        outs = []
        with torch.no_grad():
            for i in range(tokens.shape[1]):
                out = self.model(input_ids=tokens[:, i:i + 1], past_key_values=self.cache, use_cache=True)
                outs.append(out.logits[:, -1].float())
        self._pos += tokens.shape[1]
        return torch.stack(outs, dim=1)

    def release(self):
        self.cache = None


class FastDecoder:
    """Static KV cache + compiled decode step (CUDA graphs on CUDA).

    `compile`: None = on CUDA only. The compiled step is specialised per batch size; changing
    batch size recompiles once (dynamic=False keeps each graph simple and fast)."""

    name = "fast"

    def __init__(self, model, *, max_len: int, compile: bool | None = None, fullgraph: bool = True,
                 gqa_decode: bool = True):
        import torch

        self.model = model
        # Grouped-query decode attention replaces SDPA only where SDPA runs; an explicit other
        # kernel (eager, flash-attn) is left alone so bench measures what it says.
        self._restore_impl = None
        if gqa_decode and getattr(model.config, "_attn_implementation", None) == "sdpa":
            self._restore_impl = "sdpa"
            _set_impl(model, register_gqa_decode())
        self.attention = getattr(model.config, "_attn_implementation", "")
        self.max_len = max_len
        self.device = next(model.parameters()).device
        self.compile = (self.device.type == "cuda") if compile is None else compile
        self.fullgraph = fullgraph
        self._with_cache_position = _wants_cache_position(model)
        self.cache = None
        self._batch = None
        self._pos = 0
        # Fallbacks, best first: some quantized layers (bitsandbytes) may not trace as one
        # graph; then graph breaks are allowed; then the static cache alone, uncompiled.
        self._candidates = [("none", self._step_eager)]
        if self.compile:
            self._candidates = [
                ("reduce-overhead, fullgraph",
                 torch.compile(self._step_eager, mode="reduce-overhead", fullgraph=True, dynamic=False)),
                ("reduce-overhead",
                 torch.compile(self._step_eager, mode="reduce-overhead", fullgraph=False, dynamic=False)),
                ("none", self._step_eager),
            ][0 if fullgraph else 1:]
        self.compile_mode, self._step = self._candidates[0]
        self.fallback_reasons: list[str] = []
        self._proven = False

    def _new_cache(self, batch: int):
        from transformers import StaticCache

        self.cache = StaticCache(config=self.model.config, max_cache_len=self.max_len)
        self._batch = batch

    def _step_eager(self, tokens, position_ids, cache_position):
        kwargs = {"cache_position": cache_position} if self._with_cache_position else {}
        out = self.model(input_ids=tokens, position_ids=position_ids, past_key_values=self.cache,
                         use_cache=True, **kwargs)
        return out.logits[:, -1]

    def prefill(self, input_ids):
        import torch
        from transformers import DynamicCache

        batch, length = input_ids.shape
        if length >= self.max_len:
            raise ValueError(f"prompt of {length} tokens does not fit a cache of {self.max_len}")
        if self.cache is None or self._batch != batch:
            self._new_cache(batch)
        else:
            self.cache.reset()
        # Prefill through the dynamic cache: it keeps SDPA on its is_causal fast path (no
        # materialized mask over the static cache's full length), then the KV moves once.
        dyn = DynamicCache(config=self.model.config)
        with torch.no_grad():
            out = self.model(input_ids=input_ids, past_key_values=dyn, use_cache=True, logits_to_keep=1)
            positions = torch.arange(length, device=self.device)
            for idx, layer in enumerate(dyn.layers):
                self.cache.update(layer.keys, layer.values, idx, {"cache_position": positions})
                layer.keys = layer.values = None  # free as we go: never two full copies of the KV
        del dyn
        self._pos = length
        return out.logits[:, -1].argmax(-1)

    def decode(self, next_tokens, steps: int):
        import torch

        batch = next_tokens.shape[0]
        if self._pos + steps > self.max_len:
            raise ValueError(f"{self._pos} + {steps} tokens exceed the static cache ({self.max_len})")
        positions = torch.arange(self._pos, self._pos + steps, device=self.device)
        produced = []
        token = next_tokens
        with torch.no_grad():
            for i in range(steps):
                pos = positions[i:i + 1]
                logits = self._call_step(token[:, None], pos[None, :].expand(batch, 1), pos)
                # The logits live in the CUDA graph's pool and are overwritten by the next replay;
                # argmax makes a new tensor before that happens.
                token = logits.argmax(-1)
                produced.append(token)
        self._pos += steps
        return torch.stack(produced, dim=1)

    def forced_logits(self, tokens):
        """Feed `tokens` [B, n] one step at a time (teacher forcing) after a prefill and return
        the float logits of each step [B, n, V]: compares engines on identical inputs."""
        import torch

        batch, steps = tokens.shape
        positions = torch.arange(self._pos, self._pos + steps, device=self.device)
        outs = []
        with torch.no_grad():
            for i in range(steps):
                pos = positions[i:i + 1]
                outs.append(self._call_step(tokens[:, i:i + 1], pos[None, :].expand(batch, 1), pos).float().clone())
        self._pos += steps
        return torch.stack(outs, dim=1)

    def _call_step(self, tokens, position_ids, cache_position):
        import torch

        while True:
            try:
                out = self._step(tokens, position_ids, cache_position)
                self._proven = True
                return out
            except torch.OutOfMemoryError:
                raise
            except Exception as err:  # noqa: BLE001 - compile failures vary by torch version
                if self._proven or len(self._candidates) == 1:
                    raise
                failed, _ = self._candidates.pop(0)
                self.fallback_reasons.append(f"{failed}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
                log.warning("compiled decode step (%s) failed, falling back: %s", failed, self.fallback_reasons[-1])
                self.compile_mode, self._step = self._candidates[0]

    def release(self):
        self.cache = None
        self._batch = None
        if self._restore_impl:
            _set_impl(self.model, self._restore_impl)
            self._restore_impl = None
        if self.compile:
            import torch

            # Graphs are specialised to this cache's shape; a later decoder compiles its own.
            # Without the reset, dynamo's per-function recompile limit would eventually send
            # later shapes silently back to eager.
            torch._dynamo.reset()


def make_decoder(engine: str, model, *, max_len: int):
    if engine == "plain":
        return PlainDecoder(model)
    if engine == "fast":
        return FastDecoder(model, max_len=max_len)
    if engine == "fast-nogqa":  # the fast loop with transformers' own SDPA decode (for comparison)
        return FastDecoder(model, max_len=max_len, gqa_decode=False)
    from storytransformer.errors import OptionError

    raise OptionError("--engine", f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
