"""Long prompts: chunked prefill into a (quantized) KV cache, then greedy decode over it.

A 128k-token prompt in one forward pass holds ~131k x 14,336 MLP activations per tensor (3.5 GiB
each in bf16 for the Llama-3.1-8B shape) and, under a masked attention kernel, a 128k x 128k
mask. Prefilled `chunk` tokens at a time (4,096 by default) into the cache, each pass holds one
chunk's activations, and each chunk's queries attend to everything cached before them plus
themselves: causal attention aligned to the bottom right (query i of the chunk sees positions
0..offset+i). PyTorch's ``causal_lower_right`` bias says that without a mask tensor and
dispatches to the flash / memory-efficient kernels on CUDA; transformers' own SDPA path would
instead build an explicit [chunk, cached + chunk] boolean mask (and, when the query is shorter
than the keys, cut the keys at the wrong end under ``is_causal``).

One unpadded sequence (or rows of equal length), no attention mask: the attention function
`lower_right_sdpa` assumes exactly that, and `lower_right_attention` installs it only for the
enclosed calls. Padded batches (merge) go through transformers' ``generate`` instead.
"""

from __future__ import annotations

from contextlib import contextmanager

PREFILL_CHUNK = 4096  # tokens per prefill pass: activations of one chunk, not of the prompt
LOWER_RIGHT = "storytransformer_sdpa_lower_right"


def _flash_takes_gqa(query, key, value) -> bool:
    """Whether PyTorch's flash kernel takes these grouped-query shapes as they are (CUDA only)."""
    if not query.is_cuda:
        return False
    try:
        from torch.backends.cuda import SDPAParams, can_use_flash_attention

        return bool(can_use_flash_attention(SDPAParams(query, key, value, None, 0.0, True, True)))
    except Exception:  # noqa: BLE001 - SDPAParams' signature moves between torch releases
        return False


def lower_right_sdpa(module, query, key, value, attention_mask=None, dropout=0.0, scaling=None, **kwargs):
    """transformers attention function ([B, heads, q, D] query, [B, kv_heads, kv, D] K/V) for
    one unpadded sequence whose queries are the *last* q of kv positions.

    Grouped-query K/V are expanded to the query heads only where the flash kernel cannot take
    them as they are (a CPU, or a GPU without flash for these shapes); one-token steps attend to
    everything without a mask."""
    import torch.nn.functional as F
    from torch.nn.attention.bias import causal_lower_right

    q_len, kv_len = query.shape[-2], key.shape[-2]
    groups = query.shape[1] // key.shape[1]
    if groups > 1 and q_len > 1 and q_len != kv_len and _flash_takes_gqa(query, key, value):
        try:  # K/V as they are: no copy of the layer's span per query head
            out = F.scaled_dot_product_attention(query, key, value, attn_mask=causal_lower_right(q_len, kv_len),
                                                 scale=scaling, enable_gqa=True)
            return out.transpose(1, 2).contiguous(), None
        except RuntimeError:  # a torch build whose flash path refuses grouped heads here: expand them
            pass
    if groups > 1:
        key = key.repeat_interleave(groups, dim=1)
        value = value.repeat_interleave(groups, dim=1)
    if q_len == 1:
        out = F.scaled_dot_product_attention(query, key, value, scale=scaling)
    elif q_len == kv_len:
        out = F.scaled_dot_product_attention(query, key, value, is_causal=True, scale=scaling)
    else:
        out = F.scaled_dot_product_attention(query, key, value, attn_mask=causal_lower_right(q_len, kv_len),
                                             scale=scaling)
    return out.transpose(1, 2).contiguous(), None


@contextmanager
def lower_right_attention(model):
    """Run the enclosed forward passes with `lower_right_sdpa` where the model uses SDPA (other
    kernels are left as they are: flash-attention 2 aligns bottom-right already). transformers
    builds no mask for a registered custom implementation, which is what it needs."""
    impl = getattr(model.config, "_attn_implementation", None)
    if impl != "sdpa":
        yield impl
        return
    from transformers import AttentionInterface

    AttentionInterface.register(LOWER_RIGHT, lower_right_sdpa)
    model.config._attn_implementation = LOWER_RIGHT
    try:
        yield LOWER_RIGHT
    finally:
        model.config._attn_implementation = impl


def prefill_chunked(model, input_ids, cache, *, chunk: int = PREFILL_CHUNK, start: int = 0):
    """Feed `input_ids` [B, T] (no padding) into `cache` (which holds `start` positions already)
    `chunk` tokens per forward pass; returns the last position's logits [B, vocab] (float).

    Positions are explicit (start..start+T-1), so the result equals one pass over the whole
    prompt up to floating-point order (tests check the logits)."""
    import torch

    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    batch, total = input_ids.shape
    logits = None
    with torch.no_grad(), lower_right_attention(model):
        for s in range(0, total, chunk):
            piece = input_ids[:, s:s + chunk]
            n = piece.shape[1]
            pos = torch.arange(start + s, start + s + n, device=input_ids.device)[None].expand(batch, n)
            out = model(input_ids=piece, position_ids=pos, past_key_values=cache, use_cache=True, logits_to_keep=1)
            logits = out.logits[:, -1].float()
            del out
    return logits


class ChunkedDecoder:
    """bench's decoder for long contexts and a quantized KV cache (``--kv-cache int8|fp8``):
    `prefill` chunk by chunk into a cache sized once for `max_len`, `decode` one eager step at
    a time over it (no CUDA graph: the cache's span grows each step). Same interface as
    fast_decode's decoders (prefill -> first tokens [B], decode -> tokens [B, steps])."""

    name = "chunked"
    compile_mode = "none"

    def __init__(self, model, *, max_len: int, kv_cache: str = "int8", chunk: int = PREFILL_CHUNK):
        self.model = model
        self.max_len = max_len
        self.kv_cache = kv_cache
        self.chunk = chunk
        self.device = next(model.parameters()).device
        self.cache = None
        self._pos = 0

    def prefill(self, input_ids):
        from storytransformer.runtime.kv_cache import make_kv_cache

        self.cache = None  # the previous run's cache goes before the next is filled
        self.cache = make_kv_cache(self.model.config, self.kv_cache, capacity=self.max_len)
        logits = prefill_chunked(self.model, input_ids, self.cache, chunk=self.chunk)
        self._pos = input_ids.shape[1]
        return logits.argmax(-1)

    def _step(self, tokens):
        import torch

        batch = tokens.shape[0]
        pos = torch.full((batch, 1), self._pos, dtype=torch.long, device=self.device)
        out = self.model(input_ids=tokens[:, None], position_ids=pos, past_key_values=self.cache, use_cache=True)
        self._pos += 1
        return out.logits[:, -1].float()

    def decode(self, next_tokens, steps: int):
        import torch

        produced, token = [], next_tokens
        with torch.no_grad():
            for _ in range(steps):
                token = self._step(token).argmax(-1)
                produced.append(token)
        return torch.stack(produced, dim=1)

    def forced_logits(self, tokens):
        """Teacher forcing after a prefill: logits of each step [B, n, V] (compares caches)."""
        import torch

        with torch.no_grad():
            return torch.stack([self._step(tokens[:, i]) for i in range(tokens.shape[1])], dim=1)

    def release(self):
        self.cache = None
