"""Explicit kernel choices checked before anything slow: `merge --attn flash_attention_2` on a
machine without flash-attn fails while planning, in one line, not after the model has loaded.

Uses the same pure choosers as the loader (runtime.quant, runtime.attention) on the detected
hardware; only the check that the installed transformers offers the kernel is left to the
loader (it costs a transformers import)."""

from __future__ import annotations


def check_kernel_choices(*, attn: str = "auto", quant: str = "auto", device: str = "auto") -> None:
    """Raise OptionError/UnsupportedError (one line naming the option) for an explicit --attn,
    --quant or --device this machine cannot run. All-auto returns at once, without torch."""
    if (attn or "auto") == "auto" and (quant or "auto") == "auto" and (device or "auto") == "auto":
        return
    from storytransformer.runtime.attention import choose_attention
    from storytransformer.runtime.hardware import detect_hardware
    from storytransformer.runtime.quant import choose_quant

    hw = detect_hardware(device or "auto")
    qc = choose_quant(hw, quant or "auto")
    choose_attention(hw, attn or "auto", compute_dtype=qc.dtype)
