"""`doctor` as a library: what will run on this machine and whether the context fits.

Reads the model's config only (never its weights), so it answers in seconds even for models
that would take minutes to load."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field

from storytransformer.runtime.attention import AttentionChoice, choose_attention
from storytransformer.runtime.hardware import HardwareInfo, describe_device, detect_hardware
from storytransformer.runtime.memory import MemoryPlan, plan_memory
from storytransformer.runtime.quant import QuantChoice, choose_quant


@dataclass
class Diagnosis:
    hardware: HardwareInfo
    model: str
    model_kind: str
    model_source: str
    quant: QuantChoice
    attention: AttentionChoice
    plan: MemoryPlan
    context_length: int = 0
    software: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    kv_cache: str = "auto"
    what_fits: list[dict] = field(default_factory=list)  # runtime/fits.py: per context and KV format

    def to_dict(self) -> dict:
        return {
            "device": {**self.hardware.to_dict(), "summary": describe_device(self.hardware)},
            "software": self.software,
            "model": {"name": self.model, "kind": self.model_kind, "source": self.model_source,
                      "context_length": self.context_length},
            "quantization": {"requested": self.quant.requested, "mode": self.quant.mode, "dtype": self.quant.dtype,
                             "label": self.quant.label, "reasons": self.quant.reasons},
            "attention": {"requested": self.attention.requested, "implementation": self.attention.implementation,
                          "sdpa_backends": list(self.attention.sdpa_backends or []) or None,
                          "label": self.attention.label, "reasons": self.attention.reasons},
            "plan": self.plan.to_dict(),
            # The context to use: what memory holds, capped by what the model was trained on.
            "usable_context": min(filter(None, (self.plan.max_ctx, self.context_length)), default=None),
            "kv_cache": self.kv_cache,
            "what_fits": self.what_fits,
            "notes": self.notes,
        }


def software_versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for dist in ("torch", "transformers", "accelerate", "bitsandbytes", "safetensors", "gguf",
                 "flash-attn", "flash-attn-3", "flash-attn-4", "kernels"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = None
    return out


def diagnose(model: str | None = None, *, ctx: int | None = None, batch: int = 1, quant: str = "auto",
             attn: str = "auto", device: str = "auto", dtype: str = "auto",
             hardware: HardwareInfo | None = None, kv_cache: str = "auto") -> Diagnosis:
    """Hardware, choices and memory plan for ``model`` at ``ctx`` x ``batch`` (config only).
    ``kv_cache`` (auto, int8, fp8): the KV storage planned (int8/fp8 with the chunked prefill
    they run with); ``what_fits`` compares every format at 8k, 32k, 128k and ``ctx``."""
    from storytransformer.runtime.fits import plan_kwargs, what_fits
    from storytransformer.runtime.attention import transformers_attention_values
    from storytransformer.runtime.memory import ModelShape
    from storytransformer.runtime.resolve import resolve_model

    hw = hardware or detect_hardware(device)
    resolved = resolve_model(model)  # a hub id: only its config.json is fetched (when the hub is allowed)
    config = resolved.load_config()
    shape = ModelShape.from_config(config)
    qc = choose_quant(hw, quant, dtype=dtype)
    ac = choose_attention(hw, attn, compute_dtype=qc.dtype, offered=transformers_attention_values())
    notes = []
    if ctx is None:
        ctx = shape.context_length or 8192
        notes.append(f"--ctx not given: planning the model's full trained context ({ctx} tokens)")
    plan = plan_memory(config, ctx=ctx, batch=batch, quant=qc.mode, dtype=qc.dtype,
                       double_quant=qc.double_quant, materializes_scores=ac.materializes_scores,
                       free_bytes=hw.free_memory or None, model=resolved.name, **plan_kwargs(kv_cache))
    fits = what_fits(config, ctx=ctx, batch=batch, quant=qc.mode, dtype=qc.dtype, double_quant=qc.double_quant,
                     materializes_scores=ac.materializes_scores, free_bytes=hw.free_memory or None)
    sw = software_versions()
    if hw.backend == "cpu":
        notes.append("no GPU visible: generation runs on the CPU (fine for the bundled 135M model, "
                     "slow for 7B+ models)")
    return Diagnosis(hw, resolved.name, resolved.kind, str(resolved.hub_id or resolved.path or ""),
                     qc, ac, plan, shape.context_length, sw, notes, kv_cache, fits)
