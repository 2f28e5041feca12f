"""bitsandbytes NF4 layers for inputs of several rows: a compiled dequantize, then cuBLAS.

bitsandbytes runs an NF4 Linear on one row with its own GEMV (fast), but on more rows it calls
its dequantize kernel, writing the whole 16-bit weight, then a 16-bit matmul, for every layer
of every decode step: at 64 rows on the H200 that made NF4 2.1x slower than int4-gemlite
(docs/benchmarks.md sections 15-16). Here the same dequantization is written in plain torch
(the NF4 code book looked up per 4-bit code, times its block's absmax, itself 8-bit-quantized
when bitsandbytes' double quantization is on), so the compiled decode step's inductor fuses it
into one pass over the packed weight, and eager callers (prefill) get it compiled per weight
shape. The result equals bitsandbytes' own dequantization bit for bit (tests on the CPU), so
the products are the ones bitsandbytes computes.

`install(model)` changes the class of every NF4 `bnb.nn.Linear4bit` to a subclass whose forward
takes this path for inputs of more than one row and bitsandbytes' own forward otherwise; its
parameters, names and quant_state stay as they are.
"""

from __future__ import annotations

import functools
import logging
import os

log = logging.getLogger(__name__)

# From this many rows on the compiled path runs; one row stays on bitsandbytes' GEMV, which reads
# the 4-bit weight once. STORYTRANSFORMER_NF4_BATCHED=0 keeps bitsandbytes' own path throughout.
MIN_ROWS = 2 if os.environ.get("STORYTRANSFORMER_NF4_BATCHED", "1") != "0" else 1 << 62


def dequantize_nf4(packed, absmax, code, blocksize: int, shape, dtype, nested=None):
    """bitsandbytes' packed 4-bit weight -> [out, in] in `dtype`.

    packed: uint8, two codes per byte (the first in the high nibble), row-major over `shape`;
    absmax: float32 per block of `blocksize` values, or with `nested` = (absmax2, code2,
    blocksize2, offset) the uint8 codes of bitsandbytes' double quantization."""
    import torch

    if nested is not None:
        absmax2, code2, blocksize2, offset = nested
        blocks = code2[absmax.long()].view(-1, blocksize2) if absmax.numel() % blocksize2 == 0 else None
        if blocks is None:  # a last partial block of absmax codes
            looked = code2[absmax.long()]
            scale = absmax2.repeat_interleave(blocksize2)[: looked.numel()]
            absmax = looked * scale + offset
        else:
            absmax = (blocks * absmax2.view(-1, 1)).reshape(-1) + offset
    flat = packed.reshape(-1)
    codes = torch.stack(((flat >> 4) & 0xF, flat & 0xF), dim=-1).reshape(-1).long()
    n = shape[0] * shape[1]
    values = code[codes[:n]].float()
    whole = (n // blocksize) * blocksize
    out = (values[:whole].view(-1, blocksize) * absmax[: whole // blocksize].float().view(-1, 1)).reshape(-1)
    if whole < n:
        out = torch.cat((out, values[whole:] * absmax[whole // blocksize].float()))
    return out.view(shape[0], shape[1]).to(dtype)


def state_args(weight):
    """(packed, absmax, code, blocksize, shape, dtype, nested) from a bitsandbytes Params4bit."""
    qs = weight.quant_state
    nested = None
    if getattr(qs, "nested", False) or getattr(qs, "state2", None) is not None:
        s2 = qs.state2
        nested = (s2.absmax, s2.code, s2.blocksize, qs.offset)
    return weight, qs.absmax, qs.code, qs.blocksize, tuple(qs.shape), qs.dtype, nested


@functools.cache
def _compiled():
    import torch

    return torch.compile(dequantize_nf4, dynamic=False, fullgraph=True)


def dequantize(weight):
    """The 16-bit weight of a bitsandbytes NF4 Params4bit; compiled on CUDA (eager if that fails once)."""
    args = state_args(weight)
    if weight.is_cuda and not _FAILED:
        try:
            return _compiled()(*args)
        except Exception as err:  # noqa: BLE001 - a compiler problem must not stop decoding
            _FAILED.append(err)
            log.warning("compiled NF4 dequantize failed (%s: %s); eager from now on", type(err).__name__,
                        str(err).splitlines()[0][:200] if str(err) else "")
    return dequantize_nf4(*args)


_FAILED: list = []


@functools.cache
def _batched_class(base):
    import torch

    class BatchedNF4Linear(base):
        """bitsandbytes Linear4bit; inputs of MIN_ROWS rows or more: dequantize (above) + cuBLAS."""

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
