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
# q/k/v and gate/up dequantized into one weight each, one GEMM (STORYTRANSFORMER_NF4_FUSE=0: apart).
FUSE = os.environ.get("STORYTRANSFORMER_NF4_FUSE", "1") != "0"


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


def _dequantize_into(weight, out) -> None:
    """bitsandbytes' dequantize written straight into `out` (rows of a fused weight) on CUDA."""
    import torch

    qs = weight.quant_state
    if not out.is_cuda:  # bitsandbytes has no CPU kernel for the .out form
        out.copy_(dequantize(weight))
        return
    absmax = qs.absmax
    if getattr(qs, "state2", None) is not None:
        s2 = qs.state2
        absmax = torch.ops.bitsandbytes.dequantize_blockwise.default(absmax, s2.absmax, s2.code, s2.blocksize,
                                                                      torch.float32) + qs.offset
    torch.ops.bitsandbytes.dequantize_4bit.out(weight, absmax, qs.blocksize, qs.quant_type, list(qs.shape),
                                               qs.dtype, out)


@functools.cache
def _fused_class():
    import torch

    class FusedNF4(torch.nn.Module):
        """NF4 layers sharing an input (q/k/v, gate/up): on several rows their weights are
        dequantized into one matrix and multiplied in one GEMM (small ones like k and v alone
        ran at ~0.2 TB/s); on one row each keeps bitsandbytes' GEMV. Parts as in fused_projections."""

        def __init__(self, linears):
            super().__init__()
            self.parts = torch.nn.ModuleList(linears)
            self.in_features = linears[0].in_features
            self.out_features = sum(lin.out_features for lin in linears)

        def forward(self, x):
            if x.numel() // x.shape[-1] < MIN_ROWS:
                return torch.cat([part(x) for part in self.parts], dim=-1)
            weight = torch.empty(self.out_features, self.in_features, dtype=self.parts[0].weight.quant_state.dtype,
                                 device=x.device)
            start = 0
            for part in self.parts:
                _dequantize_into(part.weight, weight[start:start + part.out_features])
                start += part.out_features
            return torch.nn.functional.linear(x, weight.to(x.dtype))

    return FusedNF4


def _is_nf4(module) -> bool:
    import bitsandbytes as bnb

    return isinstance(module, bnb.nn.Linear4bit) and getattr(module.weight, "quant_state", None) is not None \
        and module.weight.quant_state.quant_type == "nf4"


def fuse_layer(layer) -> int:
    """q/k/v and gate/up of one decoder layer, when all NF4 without bias, -> one FusedNF4 each,
    the projections replaced by fused_projections' parts; returns how many groups were fused."""
    from storytransformer.runtime import fused_projections

    done = 0
    for parent_name, names in fused_projections.GROUPS:
        parent = getattr(layer, parent_name, None)
        linears = [getattr(parent, n, None) for n in names]
        if parent is None or not all(lin is not None and _is_nf4(lin) and lin.bias is None for lin in linears) \
                or len({lin.in_features for lin in linears}) != 1:
            continue
        fused = _fused_class()(linears)
        fused.pending = None
        part, start = fused_projections._part_class(), 0
        for i, (name, lin) in enumerate(zip(names, linears, strict=True)):
            setattr(parent, name, part(fused, start, start + lin.out_features, first=i == 0,
                                       last=i == len(linears) - 1, owner_holds_fused=i == 0))
            start += lin.out_features
        done += 1
    return done


def install(model, fuse: bool = FUSE) -> int:
    """Switch the model's NF4 Linear4bit layers to the batched path (and, with `fuse`, q/k/v and
    gate/up of each decoder layer into one GEMM each); returns how many layers were switched."""
    try:
        import bitsandbytes as bnb
    except ImportError:
        return 0
    count = 0
    for module in model.modules():
        if type(module) is bnb.nn.Linear4bit and _is_nf4(module):
            module.__class__ = _batched_class(bnb.nn.Linear4bit)
            count += 1
    layers = getattr(getattr(model, "model", None), "layers", None)
    if fuse and count and layers is not None:
        for layer in layers:
            fuse_layer(layer)
    return count
