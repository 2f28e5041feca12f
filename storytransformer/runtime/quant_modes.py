"""Quantization modes as objects, gpt-fast style (one handler per scheme, dispatched once):
each weight format is one ``QuantMode`` that knows whether it can run on this machine, how a
checkpoint loads with it, what its weights cost in memory and how to describe itself. They
live in one registry, ``MODES``; the rest of the runtime asks the mode instead of comparing
strings (quant.py chooses, memory.py plans, runtime/__init__ loads, random_model builds bench's
random-weight models).

Adding a format: subclass QuantMode, fill in what differs, register it in ``MODES`` (and in
``quant.QUANT_CHOICES`` if ``--quant`` should offer it for real checkpoints).
"""

from __future__ import annotations

from storytransformer.errors import OptionError, UnsupportedError

NF4_BLOCK = 64  # bitsandbytes 4-bit blocksize: one absmax per 64 weights
DQ_BLOCK = 256  # double quantization: absmax values quantized to 8 bit in blocks of 256
INT4_GROUP = 64  # GemLite int4 as we run it: a 16-bit scale and zero per group of 64 weights


class QuantMode:
    """One weight format. ``name`` is its --quant value."""

    name = ""
    quantized = True  # False: every weight in the compute dtype
    layerwise = True  # bench's random models on CUDA: built on meta, quantized one layer at a time
    bench_only = False  # only bench's random-weight models take it (no real-checkpoint path)
    bitsandbytes = False  # a transformers-native bitsandbytes format (models are marked is_loaded_in_<name>)
    # bench checks the memory planner against its measurement where the planner models the
    # format as bench builds it (bench's int4-gemlite models quantize the output head too)
    planned_in_bench = True
    quant_type = "nf4"  # QuantChoice.quant_type: the 4-bit code book (bitsandbytes), "int4" for GemLite

    def check(self, hw, dtype: str) -> None:
        """Raise UnsupportedError / OptionError (one line, naming --quant) when this mode cannot
        run on ``hw`` (runtime.hardware.HardwareInfo) with compute ``dtype``."""

    def asked_reason(self, hw, dtype: str) -> str:
        """Why this mode runs, when the user asked for it (EngineInfo.reasons)."""
        return f"{self.name} as asked"

    def label(self, choice) -> str:
        """The one-line description shown by doctor and recorded in EngineInfo.quantization."""
        return self.name

    # -- memory plan (runtime/memory.py) ---------------------------------------------------

    def bytes_per_weight(self, double_quant: bool = True) -> float:
        """Bytes per weight of the quantized Linear layers (scales included)."""
        raise ValueError(self.name)

    def scale_bytes(self, shape) -> int:
        """Bytes stored beside the packed weights per model, not per weight (memory.ModelShape)."""
        return 0

    # -- loading a checkpoint (runtime/__init__.py) ----------------------------------------

    def load_config(self, choice):
        """transformers' ``quantization_config`` for from_pretrained, or None."""
        return None

    def loads_on_device(self) -> bool:
        """Whether from_pretrained places the weights on the GPU itself (device_map)."""
        return True

    def after_load(self, model, device: str) -> None:
        """Quantize a model loaded in the compute dtype (formats transformers does not load)."""

    # -- bench's random-weight models (runtime/random_model.py) ----------------------------

    def compute_dtype(self, dtype):
        """The torch dtype a model computes in with this format (given the default/asked one)."""
        return dtype

    def quantize_random(self, module, device: str, dtype, fuse: str) -> None:
        """Quantize the Linear layers of ``module`` (a model or one decoder layer) in place."""
        raise UnsupportedError(f"--quant {self.name}: not available for random-weight models")

    quantizes_head = False  # bench's random models: the output head quantized too, by default

    def quantize_head(self, model) -> None:
        """Quantize the output head (lm_head) in place; UnsupportedError where the format cannot."""
        raise UnsupportedError(f"--quant {self.name}: the output head is quantized only with int4-gemlite")


class Unquantized(QuantMode):
    name = "none"
    quantized = False
    layerwise = False

    def asked_reason(self, hw, dtype: str) -> str:
        return f"no quantization as asked ({dtype})"

    def label(self, choice) -> str:
        return f"none ({choice.dtype})"

    def bytes_per_weight(self, double_quant: bool = True) -> float:
        raise ValueError("unquantized weights cost their dtype's bytes")

    def after_load(self, model, device: str) -> None:
        if str(device).startswith("cuda"):
            fuse_16bit(model)

    def quantize_random(self, module, device: str, dtype, fuse: str) -> None:
        if str(device).startswith("cuda") and fuse != "none":  # as merge loads a checkpoint (after_load)
            fuse_16bit(module)


def fuse_16bit(model) -> int:
    """On a GPU, 16-bit projections that read one input run as one cuBLAS GEMM each: q/k/v and
    gate/up of every decoder layer (runtime/fused_projections.py). The products are the same,
    in fewer and larger GEMMs: 8B shape at batch 64 on the H200, 7,926 vs 7,487 decode tok/s
    (docs/benchmarks.md section 15). `model`: a causal LM or a module holding `.model.layers`
    / decoder layers; returns the number of groups fused (0 for an unknown layout)."""
    from storytransformer.runtime import fused_projections

    decoder = model.get_decoder() if hasattr(model, "get_decoder") else getattr(model, "model", model)
    layers = getattr(decoder, "layers", None)
    if layers is None:
        return 0
    return sum(fused_projections.fuse_layer(layer) for layer in layers)


class _BitsAndBytes(QuantMode):
    bitsandbytes = True

    def check(self, hw, dtype: str) -> None:
        if not hw.packages.get("bitsandbytes"):
            raise UnsupportedError(f"--quant {self.name}: needs bitsandbytes (pip install bitsandbytes)")
        if hw.backend == "mps":
            raise UnsupportedError(f"--quant {self.name}: bitsandbytes has no Apple MPS backend")

    def quantize_random(self, module, device: str, dtype, fuse: str) -> None:
        from storytransformer.runtime import random_model

        random_model._quantize_bnb(module, self.name, device, dtype)


class NF4(_BitsAndBytes):
    """bitsandbytes 4-bit NF4 (double quantization by default): the GPU default."""

    name = "4bit"

    def asked_reason(self, hw, dtype: str) -> str:
        return (f"4-bit NF4, double quant, {dtype} compute via bitsandbytes {hw.packages.get('bitsandbytes')} as asked"
                + ("" if hw.is_gpu else " (CPU path: works, slower than float32 for small models)"))

    def label(self, choice) -> str:
        dq = " double-quant" if choice.double_quant else ""
        return f"4bit {choice.quant_type.upper()}{dq}, {choice.dtype} compute"

    def bytes_per_weight(self, double_quant: bool = True) -> float:
        absmax = (1 / NF4_BLOCK + 4 / (NF4_BLOCK * DQ_BLOCK)) if double_quant else 4 / NF4_BLOCK
        return 0.5 + absmax

    def load_config(self, choice):
        from transformers import BitsAndBytesConfig

        from storytransformer.runtime.quant import torch_dtype

        return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=choice.quant_type,
                                  bnb_4bit_use_double_quant=choice.double_quant,
                                  bnb_4bit_compute_dtype=torch_dtype(choice.dtype))


class Int8(_BitsAndBytes):
    """bitsandbytes LLM.int8."""

    name = "8bit"

    def asked_reason(self, hw, dtype: str) -> str:
        return (f"8-bit LLM.int8 via bitsandbytes {hw.packages.get('bitsandbytes')} as asked"
                + ("" if hw.is_gpu else " (CPU path: casts activations to float16)"))

    def label(self, choice) -> str:
        return "8bit (LLM.int8)"

    def bytes_per_weight(self, double_quant: bool = True) -> float:
        return 1.0

    def scale_bytes(self, shape) -> int:
        return shape.layers * shape.linear_out_features_per_layer() * 4  # per-row float32 scales

    def load_config(self, choice):
        from transformers import BitsAndBytesConfig

        return BitsAndBytesConfig(load_in_8bit=True)


class GemLiteInt4(QuantMode):
    """Round-to-nearest int4 in groups of 64 through GemLite's Triton kernels (NVIDIA only):
    loaded in 16 bit on the CPU, quantized and moved to the GPU layer by layer."""

    name = "int4-gemlite"
    quant_type = "int4"
    planned_in_bench = False

    def check(self, hw, dtype: str) -> None:
        if hw.backend != "cuda":
            where = "GPU" if hw.is_gpu else hw.backend.upper()
            raise UnsupportedError("--quant int4-gemlite: needs an NVIDIA GPU (GemLite's Triton kernels); "
                                   f"this machine runs {where}: use --quant 4bit or none")
        if not hw.has("gemlite"):
            raise UnsupportedError("--quant int4-gemlite: needs the gemlite package "
                                   "(pip install 'storytransformer[int4]' or pip install gemlite)")
        if dtype == "float32":
            raise OptionError("--dtype", "int4-gemlite computes in bfloat16 or float16, not float32")

    def asked_reason(self, hw, dtype: str) -> str:
        return (f"int4 weights through GemLite {hw.packages.get('gemlite')} as asked: round-to-nearest int4 in "
                f"groups of 64, q/k/v fused, output head kept 16-bit, {dtype} compute; on the H100 (8B shape, "
                "int4 head) 266 tok/s at batch 1 and 4,805-4,866 at batch 64 vs NF4's 186 and 2,182; on SmolLM2 "
                "its perplexity is level with NF4's with the 16-bit head (docs/benchmarks.md section 4); "
                "not measured on an 8B checkpoint, so NF4 stays the default")

    def label(self, choice) -> str:
        return f"int4 GemLite (group 64, q/k/v fused, 16-bit head), {choice.dtype} compute"

    def bytes_per_weight(self, double_quant: bool = True) -> float:
        return 0.5 + 2 * 2 / INT4_GROUP  # int4 + a 16-bit scale and zero per group

    def loads_on_device(self) -> bool:
        return False  # loaded on the CPU, moved layer by layer as it is quantized

    def after_load(self, model, device: str) -> None:
        from storytransformer.runtime import int4_gemlite

        int4_gemlite.quantize_model(model, device)

    def compute_dtype(self, dtype):
        import torch

        return torch.bfloat16  # the int4 kernels run with bf16 activations

    def quantize_random(self, module, device: str, dtype, fuse: str) -> None:
        from storytransformer.runtime import int4_gemlite, random_model

        int4_gemlite.quantize_layer(module, fuse=fuse, linears=random_model._quantizable_linears)

    # its int4 GEMV reads a 128k x 4096 output head 4x faster than bf16 (bench compares it with
    # llama.cpp's Q4_K_M, whose head is quantized too)
    quantizes_head = True

    def quantize_head(self, model) -> None:
        from storytransformer.runtime import int4_gemlite

        int4_gemlite.quantize_head(model)


class TorchAOInt4(QuantMode):
    """torchao int4 weight-only, tinygemm layout (bench only: its random-weight models)."""

    name = "int4-torchao"
    bench_only = True
    planned_in_bench = False  # the planner has no model of torchao's layout

    def compute_dtype(self, dtype):
        import torch

        return torch.bfloat16

    def quantize_random(self, module, device: str, dtype, fuse: str) -> None:
        from storytransformer.runtime import random_model

        random_model._quantize_torchao_int4(module)


MODES: dict[str, QuantMode] = {m.name: m for m in (Unquantized(), NF4(), Int8(), GemLiteInt4(), TorchAOInt4())}
INT4_KERNELS = tuple(name for name, m in MODES.items() if name.startswith("int4-"))  # CUDA-only kernels


def quant_mode(name: str) -> QuantMode:
    """The mode registered under ``name``; OptionError naming --quant for an unknown one."""
    try:
        return MODES[name]
    except KeyError:
        raise OptionError("--quant", f"unknown quantization {name!r}; choose from {', '.join(MODES)}") from None
