"""int4 weights with GemLite's Triton kernels: the fast 4-bit format on NVIDIA GPUs.

bitsandbytes NF4 is the compatible default, but its kernels are slow where decoding spends
its time: at batch 1 its GEMV reads the weights well below the memory bandwidth, and at any
batch above 1 it dequantizes every weight matrix to 16 bits before a plain matmul, so batch
64 moves the whole model at 16 bits per step. GemLite (Dropbox/Mobius Labs, the int4 backend
of HQQ and SGLang) fuses the dequantization into GEMV and GEMM kernels, ships tuned configs
for common GPUs (H100 among them), and registers its forward as a torch custom op, so the
compiled CUDA-graph decode step captures it.

The format is HQQ's: asymmetric int4 per group of `group_size` input columns,
``W ~= (W_q - zero) * scale``. Quantization here is round-to-nearest with min/max per group
(HQQ's starting point without its optimizer); `quantize_weight` is pure torch so its error is
tested on the CPU, while the kernels themselves need CUDA and are measured on the GPU
(docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import logging
import os

from storytransformer.errors import UnsupportedError
from storytransformer.runtime import fp8_prefill  # torch-free at import

log = logging.getLogger(__name__)

GROUP_SIZE = 64
# From this many rows (tokens) on, a layer dequantizes its weight to 16 bits and runs the
# cuBLAS matmul instead of GemLite's fused GEMM: long prefills are compute-bound, where
# cuBLAS on bf16 is faster, while the dequantization costs one pass over the weight.
# Measured on the H100 (docs/benchmarks.md): GemLite alone prefilled 32k tokens at 10.5k
# tokens/s against 22.7k with bitsandbytes' dequantize-then-matmul.
DEQUANT_FROM_ROWS = 1024
_ROWS_PER_CHUNK = 16384
# The prefill matmul (rows >= DEQUANT_FROM_ROWS): "bf16" unpacks the weight to 16 bits for
# cuBLAS; "fp8" unpacks it to e4m3 with per-channel scales and runs cuBLASLt's FP8 GEMM on
# per-token-scaled activations (runtime/fp8_prefill.py; sm_89+, elsewhere bf16).
PREFILL_MATMUL = os.environ.get("STORYTRANSFORMER_PREFILL_MATMUL", "bf16")


def quantize_weight(weight, group_size: int = GROUP_SIZE):
    """weight [out, in] float -> (W_q uint8 [out, in] in 0..15, scale [out, in/g], zero [out, in/g])
    with weight ~= (W_q - zero) * scale, scale and zero in the weight's dtype."""
    import torch

    out_features, in_features = weight.shape
    if in_features % group_size:
        raise UnsupportedError(f"int4: {in_features} input features are not a multiple of the group size {group_size}")
    if out_features > _ROWS_PER_CHUNK:
        # The float32 temporaries of a whole output head (128k x 4096) would take ~10 GB of
        # GPU memory at once; rows are independent, so quantize them in slices.
        parts = [quantize_weight(weight[i:i + _ROWS_PER_CHUNK], group_size)
                 for i in range(0, out_features, _ROWS_PER_CHUNK)]
        return tuple(torch.cat(p) for p in zip(*parts, strict=True))
    w = weight.float().reshape(out_features, in_features // group_size, group_size)
    lo = w.amin(dim=-1, keepdim=True)
    hi = w.amax(dim=-1, keepdim=True)
    scale = ((hi - lo) / 15.0).clamp(min=1e-8)
    zero = -lo / scale  # float zero point: exact for the group minimum, as HQQ keeps it
    w_q = torch.round(w / scale + zero).clamp_(0, 15).to(torch.uint8)
    return (w_q.reshape(out_features, in_features), scale.squeeze(-1).to(weight.dtype),
            zero.squeeze(-1).to(weight.dtype))


def dequantize_weight(w_q, scale, zero, group_size: int = GROUP_SIZE):
    out_features, in_features = w_q.shape
    w = w_q.float().reshape(out_features, in_features // group_size, group_size)
    w = (w - zero.float()[..., None]) * scale.float()[..., None]
    return w.reshape(out_features, in_features).to(scale.dtype)


def require_gemlite():
    try:
        import gemlite  # noqa: F401
        from gemlite.helper import A16Wn
    except Exception as err:  # ImportError, or Triton failing to initialise without a GPU
        raise UnsupportedError(f"--quant int4-gemlite needs the gemlite package and a CUDA GPU ({err})") from None
    _load_tuned_configs()
    return A16Wn


@functools.cache
def _load_tuned_configs():
    """Kernel configs tuned for this GPU (runtime/gemlite_tuned.py), merged into GemLite's cache
    once, before the first kernel autotunes; a failure leaves GemLite's own configs."""
    from storytransformer.runtime import gemlite_tuned

    try:
        return gemlite_tuned.apply()
    except Exception as err:  # noqa: BLE001 - configs are a speed matter, never a reason to stop
        log.warning("GemLite tuned configs not loaded (%s: %s); GemLite's own configs apply", type(err).__name__, err)
        return None


def gemlite_linear(linear, group_size: int = GROUP_SIZE):
    """An nn.Linear (bf16/fp16 on CUDA) -> a GemLite int4 layer computing the same product."""
    A16Wn = require_gemlite()
    weight = linear.weight.data
    w_q, scale, zero = quantize_weight(weight, group_size)
    bias = linear.bias.data if linear.bias is not None else None
    layer = A16Wn(device=weight.device, dtype=weight.dtype).from_weights(
        w_q, scale, zero, W_nbits=4, group_size=group_size, bias=bias)
    return layer


def _unpack_math(packed, scale, zero, nbits: int, fused_zero: bool):
    """packed [out, in/per] ints, scale/zero [out, in/g] -> weight [out, in] in scale's dtype."""
    import torch

    out_features, words = packed.shape
    per = 32 // nbits if packed.dtype == torch.int32 else packed.element_size() * 8 // nbits
    shifts = torch.arange(per, device=packed.device, dtype=packed.dtype) * nbits
    w_q = ((packed.unsqueeze(-1) >> shifts) & ((1 << nbits) - 1)).reshape(out_features, words * per)
    groups = scale.shape[1]
    w = w_q.to(scale.dtype).view(out_features, groups, -1)
    if fused_zero:
        w = w * scale[..., None] + zero[..., None]
    else:
        w = (w - zero[..., None]) * scale[..., None]
    return w.reshape(out_features, words * per)


@functools.cache
def _compiled_unpack():
    import torch

    # One fused kernel per weight shape instead of ~6 passes over int32/bf16 temporaries
    # (measured on the H100: docs/benchmarks.md section 4). Compiled on first use per shape.
    return torch.compile(_unpack_math, dynamic=False, fullgraph=True)


# "compiled" on CUDA (inductor fuses the unpack into one kernel), "eager" elsewhere or when asked.
UNPACK_MODE = "compiled"
_UNPACK_FAILED: set[tuple] = set()  # weight shapes whose compiled unpack failed once: eager from then on


def _unpack_fp8_math(packed, scale, zero, nbits: int, fused_zero: bool):
    return fp8_prefill.weight_rows(_unpack_math(packed, scale, zero, nbits, fused_zero))


@functools.cache
def _compiled_unpack_fp8():
    import torch

    return torch.compile(_unpack_fp8_math, dynamic=False, fullgraph=True)


def unpack_gemlite_fp8(layer):
    """A GemLite int4 layer's weight as (w8 [out, in] float8_e4m3fn, scale [1, out] float32),
    for fp8_prefill.linear; compiled into one kernel per weight shape on CUDA."""
    args = _unpack_args(layer)
    key = ("fp8", tuple(layer.W_q.shape), tuple(layer.scales.shape))
    if layer.W_q.device.type == "cuda" and key not in _UNPACK_FAILED:
        try:
            return _compiled_unpack_fp8()(*args)
        except Exception as err:  # noqa: BLE001 - a compiler problem must not break prefill
            _UNPACK_FAILED.add(key)
            log.warning("compiled int4->fp8 unpack failed (%s); unpacking eagerly", type(err).__name__)
    return _unpack_fp8_math(*args)


def _unpack_args(layer):
    if layer.W_group_mode not in (3, 4):
        raise UnsupportedError(f"int4: GemLite group mode {layer.W_group_mode} is not one this code unpacks")
    if layer.elements_per_sample * layer.W_nbits != layer.W_q.element_size() * 8:
        raise UnsupportedError("int4: GemLite packing width differs from its storage type")
    return (layer.W_q.t(), layer.scales.t(), layer.zeros.t(), layer.W_nbits, layer.W_group_mode == 4)


def unpack_gemlite(layer, mode: str | None = None):
    """A GemLite int4 layer's weight back in 16 bits, [out, in], as its kernels see it.

    GemLite packs `elements_per_sample` 4-bit values per integer along the input dimension
    (value j of a word at bit 4*j), stores the packed matrix transposed, and keeps scales and
    zeros transposed too ([in/g, out]); group mode 3 is ``(W_q - zero) * scale`` and mode 4 the
    fused form ``W_q * scale + zero`` (zero already multiplied by -scale)."""
    args = _unpack_args(layer)
    mode = mode or UNPACK_MODE
    key = (tuple(layer.W_q.shape), tuple(layer.scales.shape))
    if mode == "compiled" and layer.W_q.device.type == "cuda" and key not in _UNPACK_FAILED:
        try:
            return _compiled_unpack()(*args)
        except Exception as err:  # noqa: BLE001 - a compiler problem must not break prefill
            _UNPACK_FAILED.add(key)
            log.warning("compiled int4 unpack failed for a %s weight (%s: %s); unpacking it eagerly",
                        "x".join(map(str, key[0])), type(err).__name__,
                        str(err).splitlines()[0][:200] if str(err) else "")
    return _unpack_math(*args)


@functools.cache
def Int4Linear():  # noqa: N802 - returns a class, built on first use so torch loads lazily
    import torch

    class _Int4Linear(torch.nn.Module):
        """GemLite's fused int4 kernels for decode-sized inputs, dequantize + cuBLAS for
        prefill-sized ones (see DEQUANT_FROM_ROWS). The branch depends on the input's shape
        only, so a compiled decode step traces the GemLite side alone."""

        def __init__(self, kernel, dequant_from_rows: int = DEQUANT_FROM_ROWS):
            super().__init__()
            self.kernel = kernel
            self.in_features = kernel.in_features
            self.out_features = kernel.out_features
            self.dequant_from_rows = dequant_from_rows

        def forward(self, x):
            rows = x.numel() // x.shape[-1]
            if rows >= self.dequant_from_rows:
                if PREFILL_MATMUL == "fp8" and _fp8_ok(x.device):
                    return fp8_prefill.linear(x, *unpack_gemlite_fp8(self.kernel), self.kernel.bias)
                weight = unpack_gemlite(self.kernel)
                bias = self.kernel.bias
                return torch.nn.functional.linear(x, weight.to(x.dtype), None if bias is None else bias.to(x.dtype))
            return self.kernel(x)

    return _Int4Linear


@functools.cache
def _fp8_ok(device) -> bool:
    return fp8_prefill.supported(device)


FUSE_CHOICES = {"none": (), "attn": ("self_attn",), "all": ("self_attn", "mlp")}


def quantize_layer(layer, group_size: int = GROUP_SIZE, *, fuse: str = "attn", linears=None) -> int:
    """Quantize one decoder layer: projections that share an input fused first (one GEMV
    instead of several, see fused_projections), then every remaining Linear.

    `fuse`: "attn" (q/k/v: the small k and v products are the ones that waste bandwidth),
    "all" (also gate/up), "none". `linears`: which Linears to quantize after fusing (default:
    every one in the layer)."""
    from storytransformer.runtime import fused_projections

    if fuse not in FUSE_CHOICES:
        raise UnsupportedError(f"int4: unknown fuse choice {fuse!r}; choose from {', '.join(FUSE_CHOICES)}")
    if FUSE_CHOICES[fuse]:
        fused_projections.fuse_layer(layer, make=lambda lin: Int4Linear()(gemlite_linear(lin, group_size)),
                                     groups=FUSE_CHOICES[fuse])
    return quantize_linears(list((linears or linears_of)(layer)), group_size)


def quantize_linears(linears, group_size: int = GROUP_SIZE) -> int:
    """Replace each (parent, child_name, linear) in place; returns how many were replaced."""
    import torch

    wrapper = Int4Linear()
    count = 0
    for parent, child_name, linear in linears:
        setattr(parent, child_name, wrapper(gemlite_linear(linear, group_size)))
        count += 1
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return count


def linears_of(module):
    """(parent, name, nn.Linear) for every Linear inside `module`."""
    import torch

    for parent in list(module.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, torch.nn.Linear):
                yield parent, name, child


def quantize_model(model, device, *, fuse: str = "attn", head: bool = False,
                   group_size: int = GROUP_SIZE) -> None:
    """A 16-bit transformers causal LM (on the CPU or already on `device`) -> int4 on `device`,
    one decoder layer at a time, so the GPU never holds more than one layer in 16 bits.

    The output head stays 16-bit unless `head`: on SmolLM2 an int4 head took perplexity from
    +23.4% to +30.1% over float32 (NF4: +22.3%; docs/benchmarks.md section 4) for ~5% more
    batch-1 speed, a trade merges of real stories should not make silently."""
    import torch

    layers = model.get_decoder().layers
    for layer in layers:
        layer.to(device)
        quantize_layer(layer, group_size, fuse=fuse)
    model.to(device)  # embeddings, norms, rotary buffers; the int4 layers are already there
    if head:
        quantize_head(model, group_size)
    torch.cuda.empty_cache()


def quantize_head(model, group_size: int = GROUP_SIZE) -> None:
    """The output head (a Linear child of the model) in int4; a tied input embedding stays
    16-bit, the head becomes its own int4 copy."""
    out = model.get_output_embeddings()
    for name, child in model.named_children():
        if child is out:
            quantize_linears([(model, name, out)], group_size)
            return
    raise UnsupportedError("int4: the output head is not a direct child of the model; it stays 16-bit")
