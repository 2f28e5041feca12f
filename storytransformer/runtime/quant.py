"""Which weight format runs, and why: bitsandbytes NF4 / int8, or unquantized.

``choose_quant`` is a pure function of ``HardwareInfo``; ``bnb_config`` builds the
transformers ``BitsAndBytesConfig`` for a choice (importing transformers only then).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.errors import OptionError, UnsupportedError
from storytransformer.runtime.hardware import HardwareInfo

QUANT_CHOICES = ("auto", "4bit", "8bit", "none", "int4-gemlite")

# Measured on the 2-core AVX2 build machine (SmolLM2-135M, greedy, 64 new tokens, 1 thread,
# median of 3): float32 8.5 tok/s, bfloat16 7.7, bitsandbytes NF4 (float32 compute) 3.4.
# bfloat16 matmuls are emulated on CPUs without AMX; NF4 dequantizes on every matmul.
_CPU_DTYPE_NOTE = ("float32 (measured faster than bfloat16 on an AVX2 CPU: 8.5 vs 7.7 tok/s; "
                   "bfloat16 matmuls are emulated without AMX)")


@dataclass
class QuantChoice:
    requested: str
    mode: str  # "4bit" | "8bit" | "none" | "int4-gemlite"
    dtype: str  # dtype of the non-quantized parts and of the compute: "bfloat16" | "float16" | "float32"
    double_quant: bool = True
    quant_type: str = "nf4"
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.mode == "4bit":
            dq = " double-quant" if self.double_quant else ""
            return f"4bit {self.quant_type.upper()}{dq}, {self.dtype} compute"
        if self.mode == "8bit":
            return "8bit (LLM.int8)"
        if self.mode == "int4-gemlite":
            return f"int4 GemLite (group 64, q/k/v fused, 16-bit head), {self.dtype} compute"
        return f"none ({self.dtype})"


def _gpu_dtype(hw: HardwareInfo) -> str:
    return "bfloat16" if hw.bf16 else "float16"


def choose_quant(hw: HardwareInfo, requested: str = "auto", *, dtype: str | None = None) -> QuantChoice:
    """Pick the quantization. ``dtype`` overrides the compute dtype ("auto"/None = by device)."""
    requested = (requested or "auto").strip().lower()
    if requested not in QUANT_CHOICES:
        raise OptionError("--quant", f"unknown quantization {requested!r}; choose from {', '.join(QUANT_CHOICES)}")
    if dtype in (None, "auto"):
        dtype = _gpu_dtype(hw) if hw.is_gpu else "float32"
    elif dtype not in ("bfloat16", "float16", "float32"):
        raise OptionError("--dtype", f"unknown dtype {dtype!r}; choose bfloat16, float16 or float32")
    bnb = hw.packages.get("bitsandbytes")
    where = "GPU" if hw.is_gpu else hw.backend.upper()

    if requested == "auto":
        if hw.is_gpu:
            if not bnb:
                return QuantChoice("auto", "none", dtype, reasons=[
                    f"{where}: bitsandbytes is not installed, so weights stay in {dtype} "
                    "(pip install bitsandbytes for 4-bit NF4: about a quarter of the weight memory)"])
            return QuantChoice("auto", "4bit", dtype, reasons=[
                f"{where}: 4-bit NF4 with double quantization and {dtype} compute via bitsandbytes "
                f"{bnb}: ~0.5 byte per weight, so the KV cache gets the memory"])
        why = _CPU_DTYPE_NOTE if dtype == "float32" else dtype
        return QuantChoice("auto", "none", dtype, reasons=[
            f"{where}: no quantization, {why}; bitsandbytes' CPU 4-bit path works "
            "(--quant 4bit) but dequantizes on every matmul (3.4 tok/s here)"])

    if requested == "none":
        return QuantChoice("none", "none", dtype, reasons=[f"no quantization as asked ({dtype})"])

    if requested == "int4-gemlite":
        if hw.backend != "cuda":
            raise UnsupportedError("--quant int4-gemlite: needs an NVIDIA GPU (GemLite's Triton kernels); "
                                   f"this machine runs {where}: use --quant 4bit or none")
        if not hw.has("gemlite"):
            raise UnsupportedError("--quant int4-gemlite: needs the gemlite package "
                                   "(pip install 'storytransformer[int4]' or pip install gemlite)")
        if dtype == "float32":
            raise OptionError("--dtype", "int4-gemlite computes in bfloat16 or float16, not float32")
        return QuantChoice("int4-gemlite", "int4-gemlite", dtype, quant_type="int4", reasons=[
            f"int4 weights through GemLite {hw.packages.get('gemlite')} as asked: round-to-nearest int4 in "
            f"groups of 64, q/k/v fused, output head kept 16-bit, {dtype} compute; on the H100 (8B shape, "
            "int4 head) 266 tok/s at batch 1 and 4,805-4,866 at batch 64 vs NF4's 186 and 2,182; on SmolLM2 "
            "its perplexity is level with NF4's with the 16-bit head (docs/benchmarks.md section 4); "
            "not measured on an 8B checkpoint, so NF4 stays the default"])

    if not bnb:
        raise UnsupportedError(f"--quant {requested}: needs bitsandbytes (pip install bitsandbytes)")
    if hw.backend == "mps":
        raise UnsupportedError(f"--quant {requested}: bitsandbytes has no Apple MPS backend")
    if requested == "4bit":
        return QuantChoice("4bit", "4bit", dtype, reasons=[
            f"4-bit NF4, double quant, {dtype} compute via bitsandbytes {bnb} as asked"
            + ("" if hw.is_gpu else " (CPU path: works, slower than float32 for small models)")])
    return QuantChoice("8bit", "8bit", dtype, reasons=[
        f"8-bit LLM.int8 via bitsandbytes {bnb} as asked"
        + ("" if hw.is_gpu else " (CPU path: casts activations to float16)")])


def torch_dtype(name: str):
    import torch

    return {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[name]


def bnb_config(choice: QuantChoice):
    """The transformers BitsAndBytesConfig for a choice, or None when bitsandbytes is not used
    (unquantized, or int4-gemlite, which quantizes after loading)."""
    if choice.mode in ("none", "int4-gemlite"):
        return None
    from transformers import BitsAndBytesConfig

    if choice.mode == "4bit":
        return BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type=choice.quant_type,
            bnb_4bit_use_double_quant=choice.double_quant,
            bnb_4bit_compute_dtype=torch_dtype(choice.dtype),
        )
    return BitsAndBytesConfig(load_in_8bit=True)
