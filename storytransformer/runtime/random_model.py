"""Random-weight models of real architectures, built from a config alone.

Speed and memory do not depend on the weights' values, so `--model config:llama-3.1-8b`
measures an 8B model where its weights cannot be downloaded (air-gapped machines, CI, the
GPU box). The weights are random normal (std = the config's initializer_range, never zeros:
zeros hide wrong indexing and can run faster than real data).

On CUDA the model is built directly on the GPU in bf16 and its Linear layers are then
quantized in place one by one, so an 8B model never has an fp32 copy anywhere and the bf16
copy of each layer is freed as soon as that layer is quantized.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from storytransformer.errors import ModelError, OptionError, UnsupportedError
from storytransformer.runtime.quant_modes import INT4_KERNELS, quant_mode

log = logging.getLogger(__name__)

PREFIX = "config:"
QUANTS = ("auto", "4bit", "8bit", "none", "int4-torchao", "int4-gemlite")  # each a QuantMode (quant_modes.py)
# Names the bench and the runtime use for kernels that all run through the model's "sdpa"
# implementation; which SDPA kernel runs is chosen at call time (see sdpa_backend_context).
SDPA_VARIANTS = {"sdpa": None, "sdpa_cudnn": "CUDNN_ATTENTION", "sdpa_flash": "FLASH_ATTENTION",
                 "sdpa_efficient": "EFFICIENT_ATTENTION", "sdpa_math": "MATH"}
# The CLI spells them sdpa:X (as runtime.attention does); both name the same kernels.
SDPA_VARIANTS.update({k.replace("sdpa_", "sdpa:"): v for k, v in list(SDPA_VARIANTS.items()) if k != "sdpa"})


def is_config_model(name: str | None) -> bool:
    return bool(name) and str(name).startswith(PREFIX)


def available_configs() -> list[str]:
    """Names of the configs shipped with the package (usable as config:NAME)."""
    folder = resources.files("storytransformer") / "configs"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def _config_dict(name: str) -> tuple[dict[str, Any], str]:
    name = name[len(PREFIX):] if name.startswith(PREFIX) else name
    path = Path(name)
    if path.suffix == ".json" or path.exists():
        if not path.is_file():
            raise OptionError("--model", f"config file not found: {path}")
        source = str(path)
        text = path.read_text(encoding="utf-8")
    else:
        shipped = resources.files("storytransformer") / "configs" / f"{name}.json"
        if not shipped.is_file():
            known = ", ".join(f"config:{n}" for n in available_configs())
            raise OptionError("--model", f"unknown model config {name!r}; shipped configs: {known} "
                                         "(or config:path/to/config.json)")
        source = f"config:{name}"
        text = shipped.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise OptionError("--model", f"{source}: not valid JSON at line {err.lineno}: {err.msg}") from None
    if not isinstance(data, dict) or "model_type" not in data:
        raise OptionError("--model", f"{source}: a model config needs a 'model_type' key")
    return {k: v for k, v in data.items() if not k.startswith("_")}, source


def load_config(name: str):
    """`config:llama-3.1-8b`, `llama-3.1-8b` or a path to a config.json -> a transformers config."""
    from transformers import AutoConfig

    data, source = _config_dict(name)
    model_type = data.pop("model_type")
    try:
        config = AutoConfig.for_model(model_type, **data)
    except (ValueError, KeyError) as err:
        raise OptionError("--model", f"{source}: {err}") from None
    config.name_or_path = source
    return config


def parameter_count(config) -> int:
    """Parameters of a dense decoder (embeddings + layers + head), from the config alone."""
    h, n, v = config.hidden_size, config.num_hidden_layers, config.vocab_size
    heads, kv = config.num_attention_heads, getattr(config, "num_key_value_heads", None) or config.num_attention_heads
    hd = getattr(config, "head_dim", None) or h // heads
    attn = h * heads * hd * 2 + h * kv * hd * 2
    mlp = 3 * h * config.intermediate_size
    head = 0 if getattr(config, "tie_word_embeddings", False) else v * h
    return v * h + n * (attn + mlp + 2 * h) + h + head


def resolve_device(device: str = "auto") -> str:
    import torch

    if device in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise UnsupportedError(f"--device {device}: torch sees no CUDA device")
    return device


def resolve_quant(quant: str, device: str) -> str:
    if quant not in QUANTS:
        raise OptionError("--quant", f"unknown quantization {quant!r}; choose from {', '.join(QUANTS)}")
    if quant == "auto":
        return "4bit" if device.startswith("cuda") else "none"
    return quant


def model_attn_implementation(attn: str) -> str:
    """The transformers attn_implementation for a bench/runtime attention name."""
    if attn in (None, "auto"):
        return "sdpa"
    if attn in SDPA_VARIANTS:
        return "sdpa"
    return attn


def sdpa_backend_context(attn: str):
    """A context manager that pins PyTorch SDPA to one kernel (e.g. cuDNN) for `sdpa_*` names;
    a no-op for every other name. Pinning means a kernel that cannot run raises instead of
    silently falling back, so a measurement says what it measured."""
    import contextlib

    backend = SDPA_VARIANTS.get(attn)
    if backend is None:
        return contextlib.nullcontext()
    from torch.nn.attention import SDPBackend, sdpa_kernel

    return sdpa_kernel([getattr(SDPBackend, backend)])


def build(name_or_path: str, *, quant: str = "auto", attn: str = "auto", device: str = "auto",
          dtype=None, seed: int = 0, layerwise: bool | None = None, fuse: str = "attn",
          quantize_head: bool | None = None):
    """Build a random-weight model -> (model, tokenizer_or_None, config).

    No tokenizer exists for a config alone: callers feed random token ids (bench) or report
    that text generation needs a real model.

    `layerwise` (default: on CUDA when quantizing) builds the skeleton on the meta device and
    then materializes, initializes and quantizes one decoder layer at a time, so the 16-bit
    copy of the whole model never exists: an 8B model in 4-bit builds on a 16 GB GPU.
    `fuse` (int4-gemlite): which projections sharing an input become one int4 matmul
    ("attn": q/k/v, "all": also gate/up, "none"). `quantize_head` (default: only for
    int4-gemlite, whose int4 GEMV reads the 128k x 4096 output head 4x faster than bf16 and
    which sets that against llama.cpp's Q4_K_M, whose output head is quantized too).
    """
    import torch

    config = load_config(name_or_path)
    device = resolve_device(device)
    quant = resolve_quant(quant, device)
    on_cuda = device.startswith("cuda")
    dtype = _compute_dtype(dtype, quant, on_cuda)
    if layerwise is None:
        layerwise = on_cuda and quant_mode(quant).layerwise
    torch.manual_seed(seed)
    model = _skeleton(config, name_or_path, attn=attn, dtype=dtype, device="meta" if layerwise else device)

    def quantize(module):
        _quantize_module(module, quant, device, dtype, fuse)

    try:
        if layerwise:
            _materialize_layerwise(model, device, quantize)
        else:
            quantize(model)
    except torch.OutOfMemoryError as err:
        raise ModelError(f"{name_or_path}: out of memory building the model on {device}: "
                         f"{str(err).splitlines()[0]}") from None
    _quantize_output_head(model, quant, quantize_head)
    if quant_mode(quant).bitsandbytes:
        # Mark the model the way transformers' own 4/8-bit loading does, for code that checks.
        setattr(model, f"is_loaded_in_{quant}", True)
    config = model.config
    config.storytransformer_quant = quant  # recorded for doctor/bench; not a transformers field
    if on_cuda:
        from storytransformer.runtime import prefill_fusions

        prefill_fusions.install(model, device)  # long prefills: norms, rotary, silu-mul fused
        if quant == "4bit":
            from storytransformer.runtime import nf4_batched

            nf4_batched.install(model)  # NF4 on several rows: compiled dequantize + cuBLAS
        torch.cuda.synchronize()
    return model, None, config


def _compute_dtype(dtype, quant: str, on_cuda: bool):
    """The torch dtype the model computes in: bf16 on CUDA, float32 on CPU, unless given
    (a torch dtype or its name); always bf16 for the int4 kernels. Raises UnsupportedError
    for an int4 kernel off CUDA."""
    import torch

    if dtype is None:
        dtype = torch.bfloat16 if on_cuda else torch.float32
    elif isinstance(dtype, str):
        dtype = getattr(torch, dtype)
    if quant in INT4_KERNELS and not on_cuda:
        raise UnsupportedError(f"--quant {quant} needs a CUDA GPU (its int4 kernels are CUDA-only)")
    return quant_mode(quant).compute_dtype(dtype)  # the int4 kernels run with bf16 activations


def _skeleton(config, name_or_path: str, *, attn: str, dtype, device: str):
    """The model from its config on `device` ("meta": no storage yet), eval mode, no grads.
    Raises UnsupportedError for an attention the install cannot run, ModelError on OOM."""
    import torch
    from transformers import AutoModelForCausalLM

    impl = model_attn_implementation(attn)
    try:
        with torch.device(device):
            model = AutoModelForCausalLM.from_config(config, dtype=dtype, attn_implementation=impl)
    except ImportError as err:  # e.g. flash_attention_2 without the flash-attn package
        raise UnsupportedError(f"--attn {attn}: {err}".splitlines()[0]) from None
    except ValueError as err:
        raise UnsupportedError(f"--attn {attn}: {str(err).splitlines()[0]}") from None
    except torch.OutOfMemoryError as err:
        raise ModelError(f"{name_or_path}: out of memory building the model on {device}: "
                         f"{str(err).splitlines()[0]}") from None
    model.eval()
    model.requires_grad_(False)
    return model


def _quantize_module(module, quant: str, device: str, dtype, fuse: str) -> None:
    """Quantize the linears of `module` (the model or one decoder layer) in place."""
    quant_mode(quant).quantize_random(module, device, dtype, fuse)


def _quantize_output_head(model, quant: str, quantize_head: bool | None) -> None:
    """Quantize the output head (default: where the format does so, int4-gemlite: QuantMode.quantizes_head)."""
    mode = quant_mode(quant)
    if quantize_head if quantize_head is not None else mode.quantizes_head:
        mode.quantize_head(model)


def _materialize_layerwise(model, device: str, quantize) -> None:
    """Meta-device skeleton -> real tensors on `device`, one decoder layer at a time, each
    quantized before the next exists. Initialization is transformers' own `_init_weights`
    (normal(0, initializer_range) for Linear/Embedding, ones for norms)."""
    import torch

    def init(module):
        module.to_empty(device=device, recurse=True)
        for sub in module.modules():
            model._init_weights(sub)
        module.requires_grad_(False)

    layers = model.get_decoder().layers
    for layer in layers:
        init(layer)
        quantize(layer)
    done = {id(m) for layer in layers for m in layer.modules()}
    for name, module in list(model.named_modules()):
        if id(module) in done:
            continue
        own_params = [p for p in module.parameters(recurse=False) if p.is_meta]
        own_buffers = [b for b in module.buffers(recurse=False) if b.is_meta]
        if own_params:
            module.to_empty(device=device, recurse=False)
            model._init_weights(module)
            module.requires_grad_(False)
        elif own_buffers:
            # Computed buffers (rotary inverse frequencies) cannot be "initialized": rebuild the
            # module on the device from the config, as its constructor computes them.
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            with torch.device(device):
                setattr(parent, child, type(module)(config=module.config))
    left = [n for n, t in list(model.named_parameters()) + list(model.named_buffers()) if t.is_meta]
    if left:
        raise ModelError(f"could not materialize {', '.join(left[:5])} (unsupported architecture for layerwise build)")
    if hasattr(model, "tie_weights"):
        model.tie_weights()


def _quantizable_linears(model):
    """Every nn.Linear except the output head (kept in high precision, as bitsandbytes and
    transformers do by default: quantizing it hurts quality and saves little)."""
    import torch.nn as nn

    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if isinstance(child, nn.Linear) and not full.endswith("lm_head"):
                yield module, child_name, child


def _quantize_bnb(model, quant: str, device: str, dtype) -> None:
    try:
        import bitsandbytes as bnb
    except ImportError as err:
        raise UnsupportedError(f"--quant {quant} needs bitsandbytes ({err})") from None
    import torch

    for parent, child_name, linear in _quantizable_linears(model):
        w = linear.weight.data
        if quant == "4bit":
            new = bnb.nn.Linear4bit(linear.in_features, linear.out_features, bias=linear.bias is not None,
                                    compute_dtype=dtype if dtype != torch.float32 else torch.float32,
                                    compress_statistics=True, quant_type="nf4", device="meta")
            new.weight = bnb.nn.Params4bit(w, requires_grad=False, compress_statistics=True,
                                           quant_type="nf4", module=new)
        else:
            new = bnb.nn.Linear8bitLt(linear.in_features, linear.out_features, bias=linear.bias is not None,
                                      has_fp16_weights=False, threshold=6.0, device="meta")
            new.weight = bnb.nn.Int8Params(w, requires_grad=False, has_fp16_weights=False)
        if linear.bias is not None:
            new.bias = torch.nn.Parameter(linear.bias.data, requires_grad=False)
        new = new.to(device)  # bitsandbytes quantizes on this move, on the device itself
        setattr(parent, child_name, new)
        del linear, w
    if device.startswith("cuda"):
        torch.cuda.empty_cache()


def _quantize_torchao_int4(model, group_size: int = 128) -> None:
    """int4 weight-only with the tinygemm layout: PyTorch's own _weight_int4pack_mm kernel,
    which works under torch.compile and CUDA graphs (bitsandbytes NF4 is slow at batch 1)."""
    try:
        from torchao.quantization import Int4WeightOnlyConfig, quantize_
    except ImportError as err:
        raise UnsupportedError(f"--quant int4-torchao needs torchao ({err})") from None
    import torch

    try:
        cfg = Int4WeightOnlyConfig(group_size=group_size, int4_packing_format="tile_packed_to_4d")
    except TypeError:  # older torchao (<0.14): version-1 config with the tinygemm layout by default
        cfg = Int4WeightOnlyConfig(group_size=group_size)
    names = {id(child) for _, _, child in _quantizable_linears(model)}
    quantize_(model, cfg, filter_fn=lambda module, fqn: id(module) in names)
    torch.cuda.empty_cache()
