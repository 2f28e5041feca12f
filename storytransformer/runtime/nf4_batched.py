"""bitsandbytes NF4 layers on several rows: bitsandbytes' dequantize, then a plain cuBLAS GEMM.

bitsandbytes runs an NF4 Linear on one row with its own GEMV (fast). On more rows its
`gemm_4bit` op dequantizes the weight and multiplies inside one opaque call, and on the H200
at 64 rows that call's matmul ran ~2x slower than the same product traced by the compiled
decode step (15.4 vs 7.8 ms of GEMMs per step; docs/benchmarks.md section 16). Here the layer
calls bitsandbytes' own dequantize kernels (registered torch ops) and then
`torch.nn.functional.linear` itself, so the compiled step's GEMM is the one inductor picks for
the bf16 weight. The weight values are bitsandbytes' own (CPU tests hold its kernels to the
plain-torch `dequantize_nf4` below, bit for bit), so are the products up to the GEMM's kernel.
A plain-torch dequantize compiled by inductor was tried first: bit-identical but slower than
bitsandbytes' kernel (14.1 vs 9.1 ms per step at 64 rows, section 16).

`install(model)` changes the class of every NF4 `bnb.nn.Linear4bit` to a subclass whose forward
takes this path for inputs of more than one row and bitsandbytes' own forward otherwise; its
parameters, names and quant_state stay as they are.
"""

from __future__ import annotations

import functools
import os

# From this many rows on this path runs; one row stays on bitsandbytes' GEMV, which reads
# the 4-bit weight once. STORYTRANSFORMER_NF4_BATCHED=0 keeps bitsandbytes' own path throughout.
MIN_ROWS = 2 if os.environ.get("STORYTRANSFORMER_NF4_BATCHED", "1") != "0" else 1 << 62


def dequantize_nf4(packed, absmax, code, blocksize: int, shape, dtype, nested=None):
    """bitsandbytes' packed 4-bit weight -> [out, in] in `dtype`, in plain torch (the reference
    the tests hold bitsandbytes' kernels to; the layers call `dequantize`).

    packed: uint8, two codes per byte (the first in the high nibble), row-major over `shape`;
    absmax: float32 per block of `blocksize` values, or with `nested` = (absmax2, code2,
    blocksize2, offset) the uint8 codes of bitsandbytes' double quantization."""
    import torch

    if nested is not None:
        absmax2, code2, blocksize2, offset = nested
        looked = code2[absmax.long()]
        absmax = looked * absmax2.repeat_interleave(blocksize2)[: looked.numel()] + offset
    flat = packed.reshape(-1)
    codes = torch.stack(((flat >> 4) & 0xF, flat & 0xF), dim=-1).reshape(-1).long()
    n = shape[0] * shape[1]
    values = code[codes[:n]].float() * absmax.float().repeat_interleave(blocksize)[:n]
    return values.view(shape[0], shape[1]).to(dtype)


def state_args(weight):
    """(packed, absmax, code, blocksize, shape, dtype, nested) from a bitsandbytes Params4bit."""
    qs = weight.quant_state
    nested = None
    if getattr(qs, "nested", False) or getattr(qs, "state2", None) is not None:
        s2 = qs.state2
        nested = (s2.absmax, s2.code, s2.blocksize, qs.offset)
    return weight, qs.absmax, qs.code, qs.blocksize, tuple(qs.shape), qs.dtype, nested


def dequantize(weight):
    """The 16-bit [out, in] weight of a bitsandbytes NF4 Params4bit, through bitsandbytes' own
    dequantize kernels (registered torch ops: a compiled step traces them as opaque calls)."""
    import torch

    qs = weight.quant_state
    absmax = qs.absmax
    if getattr(qs, "state2", None) is not None:  # double quantization: the absmax are 8-bit codes
        s2 = qs.state2
        absmax = torch.ops.bitsandbytes.dequantize_blockwise.default(absmax, s2.absmax, s2.code, s2.blocksize,
                                                                      torch.float32) + qs.offset
    return torch.ops.bitsandbytes.dequantize_4bit.default(weight, absmax, qs.blocksize, qs.quant_type,
                                                          list(qs.shape), qs.dtype)


@functools.cache
def _batched_class(base):
    import torch

    class BatchedNF4Linear(base):
        """bitsandbytes Linear4bit; inputs of MIN_ROWS rows or more: its dequantize + F.linear."""

        def forward(self, x):
            if x.numel() // x.shape[-1] < MIN_ROWS:
                return super().forward(x)
            weight = dequantize(self.weight)
            bias = None if self.bias is None else self.bias.to(x.dtype)
            return torch.nn.functional.linear(x, weight.to(x.dtype), bias)

    BatchedNF4Linear.__name__ = f"Batched{base.__name__}"
    return BatchedNF4Linear


def install(model) -> int:
    """Switch the model's NF4 Linear4bit layers to the batched path; returns how many."""
    try:
        import bitsandbytes as bnb
    except ImportError:
        return 0
    count = 0
    for module in model.modules():
        if type(module) is bnb.nn.Linear4bit and getattr(module.weight, "quant_state", None) is not None \
                and module.weight.quant_state.quant_type == "nf4":
            module.__class__ = _batched_class(bnb.nn.Linear4bit)
            count += 1
    return count
