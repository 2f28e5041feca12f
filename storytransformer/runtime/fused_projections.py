"""One matmul for projections that read the same input: q/k/v in attention, gate/up in the MLP.

At batch 1 a decode step is a chain of matrix-vector products, each bound by how fast its
weight streams from memory; small ones (Llama-3-8B's k and v: 1024 x 4096) are too small to
keep the GPU's memory system busy and run at a fraction of the bandwidth of the large ones
(docs/benchmarks.md: 0.2 vs 1.1 TB/s with GemLite's int4 GEMV). Concatenating the weights of
projections that share their input gives one larger product instead of three.

transformers' attention and MLP modules call their projections one after another
(q, k, v; gate, up) on the same tensor. Here each projection is replaced by a view of one
fused layer: the first call computes the fused product and stashes it, the next ones slice
the stash, and the last one clears it, so no activation outlives the module's forward. A call
out of that order (a different architecture) finds no stash and computes the fused product
itself: slower, never wrong.
"""

from __future__ import annotations

from typing import Callable

# (parent attribute, projection names in call order) for Llama-style decoder layers
# (Llama, Mistral, Qwen2, SmolLM2 ...).
GROUPS = (("self_attn", ("q_proj", "k_proj", "v_proj")), ("mlp", ("gate_proj", "up_proj")))


def _part_class():
    import torch

    class FusedPart(torch.nn.Module):
        """Columns [start, end) of a fused projection's output."""

        def __init__(self, fused, start: int, end: int, first: bool, last: bool, owner_holds_fused: bool):
            super().__init__()
            if owner_holds_fused:
                self.fused = fused  # registered once, so parameters and state_dict count it once
            self._fused = [fused]  # a plain reference for the other parts
            self.start, self.end, self.first, self.last = start, end, first, last
            self.in_features = fused.in_features
            self.out_features = end - start

        def forward(self, x):
            fused = self._fused[0]
            out = None if self.first else fused.pending
            if out is None or out.shape[:-1] != x.shape[:-1]:
                out = fused(x)
            fused.pending = None if self.last else out
            return out[..., self.start:self.end]

    return FusedPart


def fuse_linears(linears, make: Callable | None = None):
    """nn.Linear layers sharing their input -> one nn.Linear with their weights stacked
    (then passed through `make`, e.g. a quantizer) and the parts that replace them."""
    import torch

    first = linears[0]
    if any(not isinstance(lin, torch.nn.Linear) or lin.in_features != first.in_features for lin in linears):
        return None
    has_bias = [lin.bias is not None for lin in linears]
    weight = torch.cat([lin.weight.data for lin in linears], dim=0)
    fused = torch.nn.Linear(first.in_features, weight.shape[0], bias=any(has_bias),
                            device="meta", dtype=weight.dtype)
    fused.weight = torch.nn.Parameter(weight, requires_grad=False)
    if any(has_bias):
        fused.bias = torch.nn.Parameter(torch.cat([
            lin.bias.data if lin.bias is not None else torch.zeros(lin.out_features, dtype=weight.dtype,
                                                                   device=weight.device)
            for lin in linears]), requires_grad=False)
    fused = make(fused) if make else fused
    fused.pending = None  # the first part's output, for the others to slice
    part = _part_class()
    parts, start = [], 0
    for i, lin in enumerate(linears):
        parts.append(part(fused, start, start + lin.out_features, first=i == 0,
                          last=i == len(linears) - 1, owner_holds_fused=i == 0))
        start += lin.out_features
    return parts


def fuse_layer(layer, make: Callable | None = None, groups: tuple[str, ...] = ("self_attn", "mlp")) -> int:
    """Fuse the known projection groups (of those named in `groups`) of one decoder layer in
    place; returns how many groups were fused."""
    done = 0
    for parent_name, names in GROUPS:
        if parent_name not in groups:
            continue
        parent = getattr(layer, parent_name, None)
        if parent is None or not all(hasattr(parent, n) for n in names):
            continue
        parts = fuse_linears([getattr(parent, n) for n in names], make)
        if parts is None:
            continue
        for name, part in zip(names, parts, strict=True):
            setattr(parent, name, part)
        done += 1
    return done
