"""Which weight format runs, and why: bitsandbytes NF4 / int8, GemLite int4, or unquantized.

``choose_quant`` is a pure function of ``HardwareInfo``: the ``auto`` policy lives here; what
each format needs, how it loads, plans memory and describes itself is its ``QuantMode`` object
(runtime/quant_modes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.errors import OptionError
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
        return self.quant_mode.label(self)

    @property
    def quant_mode(self):
        """The format's QuantMode object (runtime/quant_modes.py)."""
        from storytransformer.runtime.quant_modes import quant_mode

        return quant_mode(self.mode)


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

    from storytransformer.runtime.quant_modes import quant_mode

    mode = quant_mode(requested)
    mode.check(hw, dtype)
    return QuantChoice(requested, mode.name, dtype, quant_type=mode.quant_type,
                       reasons=[mode.asked_reason(hw, dtype)])


def torch_dtype(name: str):
    import torch

    return {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[name]
