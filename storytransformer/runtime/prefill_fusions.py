"""One fused kernel each for RMSNorm, rotary embedding and SiLU(gate) * up in long prefills (CUDA).

transformers' Llama-family layers run these as chains of separate PyTorch ops (RMSNorm: upcast,
pow, mean, rsqrt, two muls, downcast; rotary: four muls, two negs, two cats, two adds; the MLP:
silu then mul), each a pass over the whole activation. In a 32k-token prefill of the 8B shape on
the H200 those passes took 240 ms of 1,371 (docs/benchmarks.md section 16): as much as a fifth of
the matmuls. Here each chain is compiled by inductor (PyTorch's own compiler, `dynamic=True` so
one compile serves every prompt length) into one Triton kernel, the same math in one pass.

Only inputs of `PREFILL_ROWS` tokens or more take the fused kernels, on CUDA: decode steps and
short refills keep transformers' code exactly (a compiled decode step traces that branch alone,
as int4_gemlite.Int4Linear's does), so CUDA-graph capture and the decode numerics are unchanged.
The fused kernels round once where the op chain rounds after each op; the difference is within
bf16 rounding (tests/test_prefill_fusions.py compares both on the CPU).

`install(model)` swaps the modules in place (RMSNorm -> FusedRMSNorm, the MLP -> FusedMLP, both
keeping their parameters and names, so state_dict keys stay the same) and points the attention's
module-level `apply_rotary_pos_emb` at a dispatcher that calls the original for small inputs.
Layouts it does not recognise are left alone.
"""

from __future__ import annotations

import functools
import sys

PREFILL_ROWS = 1024  # tokens (batch x sequence) from which the fused kernels run; = int4_gemlite.DEQUANT_FROM_ROWS
ON_CPU = False  # tests: take the fused path on the CPU too, with the uncompiled math


def rms_norm_math(x, weight, eps: float):
    """transformers' LlamaRMSNorm: float32 statistics, the weight applied in the input dtype."""
    import torch

    dtype = x.dtype
    h = x.to(torch.float32)
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return weight * h.to(dtype)


def silu_mul_math(gate, up):
    import torch

    return torch.nn.functional.silu(gate) * up


def _rotate_half(x):
    import torch

    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rotary_math(q, k, cos, sin, unsqueeze_dim: int = 1):
    cos, sin = cos.unsqueeze(unsqueeze_dim), sin.unsqueeze(unsqueeze_dim)
    return q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin


@functools.cache
def _kernel(name: str, on_cuda: bool):
    fn = {"rms_norm": rms_norm_math, "silu_mul": silu_mul_math, "rotary": rotary_math}[name]
    if not on_cuda:
        return fn
    import torch

    return torch.compile(fn, dynamic=True, fullgraph=True)


def _fused(x, rows: int) -> bool:
    return rows >= PREFILL_ROWS and (x.is_cuda or ON_CPU)


@functools.cache
def _classes():
    import torch

    class FusedRMSNorm(torch.nn.Module):
        """An RMSNorm (weight, variance_epsilon) whose long inputs run as one fused kernel."""

        def __init__(self, norm):
            super().__init__()
            self.weight = norm.weight
            self.variance_epsilon = norm.variance_epsilon

        def forward(self, x):
            if _fused(x, x.numel() // x.shape[-1]):
                return _kernel("rms_norm", x.is_cuda)(x, self.weight, self.variance_epsilon)
            return rms_norm_math(x, self.weight, self.variance_epsilon)

    class FusedMLP(torch.nn.Module):
        """down(silu(gate(x)) * up(x)) with the silu-mul in one kernel for long inputs."""

        def __init__(self, mlp):
            super().__init__()
            self.gate_proj, self.up_proj, self.down_proj = mlp.gate_proj, mlp.up_proj, mlp.down_proj
            self.act_fn = mlp.act_fn

        def forward(self, x):
            gate, up = self.gate_proj(x), self.up_proj(x)
            if _fused(x, x.numel() // x.shape[-1]):
                return self.down_proj(_kernel("silu_mul", x.is_cuda)(gate, up))
            return self.down_proj(self.act_fn(gate) * up)

    return FusedRMSNorm, FusedMLP


def _is_rms_norm(module) -> bool:
    return type(module).__name__.endswith("RMSNorm") and hasattr(module, "variance_epsilon") \
        and getattr(module, "weight", None) is not None and not hasattr(module, "bias")


def _is_silu_mlp(module) -> bool:
    import torch

    act = getattr(module, "act_fn", None)
    return all(hasattr(module, n) for n in ("gate_proj", "up_proj", "down_proj")) and \
        (isinstance(act, torch.nn.SiLU) or type(act).__name__ == "SiLUActivation")


def _patch_rotary(module_name: str) -> bool:
    """Point `apply_rotary_pos_emb` of the attention's module at the dispatcher (once)."""
    mod = sys.modules.get(module_name)
    original = getattr(mod, "apply_rotary_pos_emb", None)
    if original is None:
        return False
    if getattr(original, "_storytransformer_fused", False):
        return True

    def apply_rotary_pos_emb(q, k, cos, sin, *args, **kwargs):
        if not args and not kwargs.keys() - {"unsqueeze_dim"} and q.dim() == 4 \
                and _fused(q, q.shape[0] * q.shape[2]):
            return _kernel("rotary", q.is_cuda)(q, k, cos, sin, kwargs.get("unsqueeze_dim", 1))
        return original(q, k, cos, sin, *args, **kwargs)

    apply_rotary_pos_emb._storytransformer_fused = True
    apply_rotary_pos_emb.__wrapped__ = original
    mod.apply_rotary_pos_emb = apply_rotary_pos_emb
    return True


def install(model, device=None) -> dict[str, int]:
    """Swap in the fused modules on a Llama-family model (on CUDA, or anywhere with ON_CPU);
    returns how many of each were swapped ({"rms_norm": n, "mlp": n, "rotary": 0 or 1})."""
    done = {"rms_norm": 0, "mlp": 0, "rotary": 0}
    if device is not None and not str(device).startswith("cuda") and not ON_CPU:
        return done
    rms_cls, mlp_cls = _classes()
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if _is_rms_norm(child) and not isinstance(child, rms_cls):
                setattr(parent, name, rms_cls(child))
                done["rms_norm"] += 1
            elif _is_silu_mlp(child) and not isinstance(child, mlp_cls):
                setattr(parent, name, mlp_cls(child))
                done["mlp"] += 1
            elif name == "self_attn" and _patch_rotary(type(child).__module__):
                done["rotary"] = 1
    return done
