"""Prefill matmuls in FP8 (e4m3) with one scale per token and one per output channel.

A long prefill is bound by matmul compute, and Hopper (and Ada) tensor cores do FP8 at twice
their 16-bit rate. int4-gemlite's prefill already unpacks each weight to 16 bits before a
cuBLAS matmul (int4_gemlite.DEQUANT_FROM_ROWS); unpacking it to FP8 instead and quantizing
the activations per token lets `torch._scaled_mm` (cuBLASLt's FP8 GEMM, PyTorch's own,
row-wise scales on sm_89+) do the product. The accumulation is float32 and the output 16-bit.

What it costs: each weight value is rounded once more (e4m3 keeps 3 mantissa bits, on top of
the int4 grid) and each activation row is rounded to e4m3 under its own scale
(amax / 448). The quality cost of that rounding is measured on a real checkpoint in
benchmarks/int4_quality.py (variant int4-g64-fp8) and the speed on the H200 in
docs/benchmarks.md section 16. Only rows >= DEQUANT_FROM_ROWS take this path, so the decode
steps and short refills stay on GemLite's 16-bit-activation kernels.

The math (`quantize_rows`, `weight_rows`, `linear_reference`) is plain torch and runs on the
CPU for tests (CPU float8 casts exist; `_scaled_mm` itself needs a CUDA GPU of sm_89+).
"""

from __future__ import annotations

import functools

E4M3_MAX = 448.0  # the largest finite float8_e4m3fn value


def supported(device) -> bool:
    """Whether `device` runs torch._scaled_mm with row-wise scales (CUDA, compute capability >= 8.9)."""
    import torch

    if getattr(device, "type", str(device).split(":")[0]) != "cuda" or not torch.cuda.is_available():
        return False
    return torch.cuda.get_device_capability(device) >= (8, 9) and hasattr(torch, "_scaled_mm")


def quantize_rows(x):
    """x [M, K] 16/32-bit -> (x8 [M, K] float8_e4m3fn, scale [M, 1] float32) with x ~= x8 * scale.
    An all-zero row gets scale 1 (its values are exact zeros anyway)."""
    import torch

    amax = x.abs().amax(dim=-1, keepdim=True).float()
    scale = torch.where(amax > 0, amax / E4M3_MAX, torch.ones_like(amax))
    x8 = (x.float() / scale).clamp(-E4M3_MAX, E4M3_MAX).to(torch.float8_e4m3fn)
    return x8, scale


def weight_rows(weight):
    """weight [N, K] -> (w8 [N, K] float8_e4m3fn, scale [1, N] float32), one scale per output channel."""
    w8, scale = quantize_rows(weight)
    return w8, scale.reshape(1, -1)


def linear_reference(x, w8, w_scale, bias=None):
    """What `linear` computes, in float32 on any device: the FP8 values times their scales."""
    x8, x_scale = quantize_rows(x.reshape(-1, x.shape[-1]))
    y = (x8.float() * x_scale) @ (w8.float() * w_scale.reshape(-1, 1)).t()
    if bias is not None:
        y = y + bias.float()
    return y.to(x.dtype).reshape(*x.shape[:-1], w8.shape[0])


@functools.cache
def _compiled_quantize_rows():
    import torch

    # One fused pass (row amax, scale, cast) instead of ~5 eager passes with float32
    # temporaries; dynamic, because prefill row counts vary call to call.
    return torch.compile(quantize_rows, dynamic=True, fullgraph=True)


def linear(x, w8, w_scale, bias=None):
    """y = x @ W.T (+ bias) with W given as (w8 [N, K] e4m3, w_scale [1, N] float32); x [..., K]
    16-bit on CUDA -> y [..., N] in x's dtype. Needs `supported(x.device)`; K and N multiples of 16."""
    import torch

    rows = x.reshape(-1, x.shape[-1])
    x8, x_scale = _compiled_quantize_rows()(rows)
    y = torch._scaled_mm(x8, w8.t(), scale_a=x_scale, scale_b=w_scale, out_dtype=x.dtype)
    if bias is not None:
        y = y + bias.to(y.dtype)
    return y.reshape(*x.shape[:-1], w8.shape[0])
