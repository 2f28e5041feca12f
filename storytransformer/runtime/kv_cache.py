"""A KV cache that really keeps one byte per key and value: int8 (or fp8 e4m3) with one scale
per token and head, quantized as it is written and dequantized, one layer at a time, for
attention.

Why our own and not transformers' ``QuantizedCache`` (5.24): its ``quanto`` and ``hqq`` backends
need another package each and, every ``residual_length`` tokens, dequantize the whole layer,
concatenate and quantize it all again (a chunked 128k prefill would re-quantize the cache once
per chunk); its ``fp8`` backend keeps one scale per tensor, frozen at the first write (a later
outlier token saturates), and grows by ``torch.cat`` (a copy of the layer per token). Here the
format is the one section 11 of docs/benchmarks.md measured best (int8, per token and head:
perplexity +0.05%), each write quantizes only the new tokens, and the storage grows by doubling
(or is sized once with ``capacity``), so a token is never re-quantized.

Each layer stores (batch, kv_heads, capacity, head_dim) int8 values and (..., capacity, 1)
scales in the compute dtype (bf16 on a GPU: 2 bytes; float32 on the CPU); `update` returns the
layer's first `length` positions dequantized to the compute dtype. That block lives only while
the layer attends, so at 128k tokens of the Llama-3.1-8B shape the cache holds 8.1 GiB
(bf16 16 GiB) plus one layer's 16-bit K/V (0.5 GiB) at a time. Attention itself is transformers'
(SDPA, or runtime/long_context.py's lower-right causal SDPA for chunked prefill).

The price: each step dequantizes the layer's whole written span (a read of 1 byte and a write of
2 per value before attention reads it), so decode over a long cache moves about 2.5x the bytes of
a 16-bit cache. A fused kernel (dequantize inside attention) would remove that; not written.
"""

from __future__ import annotations

from transformers.cache_utils import Cache, DynamicLayer

from storytransformer.runtime.kv_quant import KV_CACHE_CHOICES, dequantize, quantize  # noqa: F401

_GROW = 256  # storage grows in multiples of this many positions (at least doubling)


class QuantizedKVLayer(DynamicLayer):
    """One layer's keys and values in int8 or fp8, one scale per (batch row, head, position)."""

    is_croppable = True

    def __init__(self, fmt: str = "int8", capacity: int = 0):
        super().__init__()
        if fmt not in ("int8", "fp8"):
            raise ValueError(f"unknown KV cache format {fmt!r}; choose int8 or fp8")
        self.fmt = fmt
        self.capacity_hint = int(capacity)
        self.length = 0
        self.qk = self.qv = self.sk = self.sv = None  # values [B, H, cap, D]; scales [B, H, cap, 1]

    def lazy_initialization(self, key_states, value_states) -> None:
        self.device, self.dtype = key_states.device, key_states.dtype
        self.is_initialized = True

    def _reserve(self, need: int, key_states, value_states) -> None:
        """Storage for at least `need` positions; a grow copies what is written (one layer at a time)."""
        import torch

        cap = 0 if self.qk is None else self.qk.shape[-2]
        if need <= cap:
            return
        cap = max(need, self.capacity_hint, 2 * cap)
        cap = -(-cap // _GROW) * _GROW
        qk, sk = quantize(key_states[..., :1, :], self.fmt)
        qv, sv = quantize(value_states[..., :1, :], self.fmt)
        new = []
        for old, like in ((self.qk, qk), (self.qv, qv), (self.sk, sk), (self.sv, sv)):
            t = torch.zeros(*like.shape[:-2], cap, like.shape[-1], dtype=like.dtype, device=like.device)
            if old is not None and self.length:
                t[..., :self.length, :].copy_(old[..., :self.length, :])
            new.append(t)
        self.qk, self.qv, self.sk, self.sv = new

    def update(self, key_states, value_states, *args, **kwargs):
        """Quantize and store the new positions; return all positions so far, dequantized
        ([B, H, length, D] each, in the compute dtype)."""
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        start, end = self.length, self.length + key_states.shape[-2]
        self._reserve(end, key_states, value_states)
        qk, sk = quantize(key_states, self.fmt)
        qv, sv = quantize(value_states, self.fmt)
        self.qk[..., start:end, :] = qk
        self.sk[..., start:end, :] = sk
        self.qv[..., start:end, :] = qv
        self.sv[..., start:end, :] = sv
        self.length = end
        return self.read()

    def read(self):
        """(keys, values) of the written positions, dequantized to the compute dtype."""
        n = self.length
        return (dequantize(self.qk[..., :n, :], self.sk[..., :n, :], self.dtype),
                dequantize(self.qv[..., :n, :], self.sv[..., :n, :], self.dtype))

    def get_seq_length(self) -> int:
        return self.length

    def get_max_length(self) -> int:
        return -1

    def truncate(self, length: int) -> None:
        """Keep the first `length` positions (their storage stays allocated)."""
        self.length = max(0, min(self.length, int(length)))

    def crop(self, tokens_to_remove: int) -> None:
        """transformers 5.x meaning: a negative count removes that many positions from the end."""
        if tokens_to_remove > 0:
            raise ValueError("crop takes a negative count of positions to remove")
        self.truncate(self.length + tokens_to_remove)

    def reset(self) -> None:
        self.length = 0

    def _rows(self, fn) -> None:
        if self.qk is not None:
            self.qk, self.qv, self.sk, self.sv = (fn(t) for t in (self.qk, self.qv, self.sk, self.sv))

    def batch_select_indices(self, indices) -> None:
        self._rows(lambda t: t[indices.to(t.device)])

    def reorder_cache(self, beam_idx) -> None:
        self._rows(lambda t: t.index_select(0, beam_idx.to(t.device)))

    def batch_repeat_interleave(self, repeats: int) -> None:
        self._rows(lambda t: t.repeat_interleave(repeats, dim=0))

    def offload(self) -> None:  # the storage stays where it is: offloading is not supported
        return None

    def prefetch(self) -> None:
        return None

    def nbytes(self, used: bool = False) -> int:
        """Bytes of the storage (values and scales of K and V); ``used``: of the written positions only."""
        if self.qk is None:
            return 0
        total = 0
        for t in (self.qk, self.qv, self.sk, self.sv):
            per_pos = t.numel() // t.shape[-2] * t.element_size()
            total += per_pos * (self.length if used else t.shape[-2])
        return total


class QuantizedKVCache(Cache):
    """A transformers Cache of QuantizedKVLayer, one per decoder layer: pass it as
    ``past_key_values`` to a model's forward or to ``generate``.

    ``capacity``: positions to allocate at the first write (e.g. prompt + new tokens), so a long
    run allocates once; 0 grows by doubling. Raises UnsupportedError for models with
    sliding-window or other non-full-attention layers (their cache is not a plain span)."""

    def __init__(self, config, fmt: str = "int8", capacity: int = 0):
        check_full_attention(config)
        layers = int(getattr(config.get_text_config(), "num_hidden_layers", 0) or config.num_hidden_layers)
        super().__init__(layers=[QuantizedKVLayer(fmt, capacity) for _ in range(layers)])
        self.fmt = fmt

    def nbytes(self, used: bool = False) -> int:
        return sum(layer.nbytes(used) for layer in self.layers)

    def truncate(self, length: int) -> None:
        for layer in self.layers:
            layer.truncate(length)


def check_full_attention(config) -> None:
    """UnsupportedError unless every layer is plain full attention."""
    from storytransformer.errors import UnsupportedError

    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    kinds = set(getattr(text, "layer_types", None) or [])
    sliding = getattr(text, "sliding_window", None) and getattr(text, "use_sliding_window", True)
    if (kinds and kinds != {"full_attention"}) or (not kinds and sliding):
        raise UnsupportedError("--kv-cache int8/fp8 needs full-attention layers; this model has "
                               f"{', '.join(sorted(kinds)) or 'sliding-window attention'}: use --kv-cache auto")


def make_kv_cache(config, fmt: str = "auto", capacity: int = 0):
    """The cache for `fmt`: a QuantizedKVCache for int8/fp8, a DynamicCache for auto."""
    if fmt in ("auto", None, ""):
        from transformers import DynamicCache

        return DynamicCache(config=config)
    return QuantizedKVCache(config, fmt, capacity)


def kv_cache_bytes(cache) -> int:
    """Bytes a cache's tensors hold now (QuantizedKVCache: its storage; DynamicCache: K and V)."""
    if isinstance(cache, QuantizedKVCache):
        return cache.nbytes()
    total = 0
    for layer in getattr(cache, "layers", []):
        for t in (getattr(layer, "keys", None), getattr(layer, "values", None)):
            if t is not None:
                total += t.numel() * t.element_size()
    return total


def use_kv_cache(engine, fmt: str) -> None:
    """Make an HFEngine store its KV cache in `fmt` (int8/fp8): its padded batches pass a
    QuantizedKVCache to ``generate`` (`generate_kwargs`). Static and continuous batching keep
    their own 16-bit caches, so the engine runs padded batches (said in its reasons).
    UnsupportedError for models without plain full-attention layers."""
    if fmt in ("auto", None, ""):
        return
    check_full_attention(engine.model.config)
    engine.kv_cache = fmt
    engine.info.reasons.append(f"KV cache: {fmt}, one byte per key/value with a scale per token and head "
                               "(runtime/kv_cache.py); prompts over 4,096 tokens prefilled in chunks")
    if engine.batching != "padded":
        engine.info.reasons.append(f"--kv-cache {fmt}: {engine.batching} batching keeps a 16-bit cache; "
                                   "padded batches (generate) instead")
        engine.batching = "padded"


def generate_kwargs(engine, generation_config, width: int, max_new_tokens: int) -> dict:
    """Extra ``generate`` arguments for the engine's KV storage: none for auto; for int8/fp8 a
    QuantizedKVCache sized for the batch (prompt width + new tokens), and a chunked prefill
    (transformers' ``prefill_chunk_size``, where this release has it) for prompts over one chunk."""
    fmt = getattr(engine, "kv_cache", "auto")
    if fmt in ("auto", None, ""):
        return {}
    from storytransformer.runtime.long_context import PREFILL_CHUNK

    if width > PREFILL_CHUNK and hasattr(generation_config, "prefill_chunk_size"):
        generation_config.prefill_chunk_size = PREFILL_CHUNK
    return {"past_key_values": QuantizedKVCache(engine.model.config, fmt, capacity=width + max_new_tokens)}
