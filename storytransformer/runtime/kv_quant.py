"""KV-cache quantization formats: int8 or fp8 (e4m3) keys and values, one scale per token and head.

Why: at 128k tokens the Llama-3.1-8B shape's 16-bit KV cache takes 16 GiB (32 layers x 8 KV
heads x 128 dims x K and V x 2 bytes x 131,072 tokens), three times its 4-bit weights (4.94
GiB, docs/benchmarks.md section 4). One byte per element halves it: 8 GiB plus the scales (one
16-bit scale per token, head, layer and K/V: 1 KiB per token, 128 MiB at 128k).

Formats (each vector of `head_dim` values of one token and head gets its own scale, so one
outlier token or head does not flatten the others):
- ``int8``: symmetric, scale = max|x| / 127, round to nearest.
- ``fp8``: float8 e4m3 (the format vLLM and TensorRT-LLM use for KV), scale = max|x| / 448.
- ``bf16``: plain bfloat16 (the reference a 16-bit cache keeps).

``RoundTripCache`` is a transformers DynamicCache whose new keys and values go through the
format before they are stored and attended to: the numerics of a quantized cache exactly (every
cached value is the dequantized one), used to measure the quality cost on the CPU
(benchmarks/kv_quant_quality.py). It stores the dequantized values, so it saves no memory: the
memory-saving storage (one byte per value, dequantized per layer while attending) is not
written yet.
"""

from __future__ import annotations

KV_FORMATS = ("bf16", "int8", "fp8")
# --kv-cache: auto keeps the model's own dtype (16-bit on a GPU, float32 on the CPU), unquantized;
# int8 / fp8 store one byte per value (runtime/kv_cache.py).
KV_CACHE_CHOICES = ("auto", "int8", "fp8")
_KV_ALIASES = {"none": "auto", "bf16": "auto", "16bit": "auto", "model": "auto", "e4m3": "fp8", "fp8_e4m3": "fp8"}


def normalize_kv_cache(value: str) -> str:
    """--kv-cache's value in its one spelling; OptionError for an unknown one."""
    v = str(value or "auto").strip().lower().replace("-", "_")
    v = _KV_ALIASES.get(v, v)
    if v not in KV_CACHE_CHOICES:
        from storytransformer.errors import OptionError

        raise OptionError("--kv-cache", f"unknown KV cache format {value!r}; choose from {', '.join(KV_CACHE_CHOICES)}")
    return v
_FP8_MAX = 448.0  # largest finite float8 e4m3fn
_INT8_MAX = 127.0


def quantize(x, fmt: str):
    """x [..., head_dim] float -> (values, scale [..., 1]); values int8 or float8_e4m3fn, scale
    in x's dtype (float32 for float16 or float32 x). ``bf16``: (x in bfloat16, None)."""
    import torch

    if fmt == "bf16":
        return x.to(torch.bfloat16), None
    if fmt not in KV_FORMATS:
        raise ValueError(f"unknown KV format {fmt!r}; choose from {', '.join(KV_FORMATS)}")
    # The scale is rounded to the dtype it is stored in first and the values are divided by that
    # stored scale, so dequantizing (q x stored scale) reproduces them without a second error.
    # float16 would round small scales to zero: its scales stay float32.
    scale_dtype = torch.float32 if x.dtype in (torch.float16, torch.float32) else x.dtype
    amax = x.abs().amax(dim=-1, keepdim=True).float()
    qmax = _INT8_MAX if fmt == "int8" else _FP8_MAX
    scale = (amax / qmax).to(scale_dtype).clamp_(min=torch.finfo(scale_dtype).tiny)
    y = x.float() / scale.float()
    if fmt == "int8":
        q = torch.round(y).clamp_(-_INT8_MAX, _INT8_MAX).to(torch.int8)
    else:
        q = y.clamp_(-_FP8_MAX, _FP8_MAX).to(torch.float8_e4m3fn)
    return q, scale


def dequantize(q, scale, dtype):
    """The inverse of `quantize`, in `dtype`. The product is formed in `dtype` (int8 and e4m3
    values are exact there), so no float32 copy of a long cache is ever made."""
    if scale is None:
        return q.to(dtype)
    return q.to(dtype) * scale.to(dtype)


def round_trip(x, fmt: str):
    """x through the format and back (same shape and dtype)."""
    q, scale = quantize(x, fmt)
    return dequantize(q, scale, x.dtype)


def kv_bytes_per_token(layers: int, kv_heads: int, head_dim: int, fmt: str, scale_bytes: int = 2) -> int:
    """Bytes of K and V per token in `fmt`, scales included (one scale per head and token:
    `scale_bytes`, 2 in a bf16 model, 4 in a float32 or float16 one)."""
    per_value = 2 if fmt == "bf16" else 1
    scales = 0 if fmt == "bf16" else scale_bytes
    return layers * kv_heads * 2 * (head_dim * per_value + scales)


def round_trip_cache(config, fmt: str):
    """A DynamicCache whose new keys and values pass through `fmt` before they are stored."""
    from transformers import DynamicCache

    class RoundTripCache(DynamicCache):
        def update(self, key_states, value_states, layer_idx, *args, **kwargs):
            return super().update(round_trip(key_states, fmt), round_trip(value_states, fmt), layer_idx,
                                  *args, **kwargs)

    return RoundTripCache(config=config)
