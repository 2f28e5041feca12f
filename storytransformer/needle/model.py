"""The evaluated model for the needle test: loading, trained context, RoPE scaling.

Needle needs raw access to the model (KV-cache reuse), so it takes ``.model``/``.tokenizer``
from the runtime's engine."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from storytransformer.errors import ModelError, OptionError
from storytransformer.runtime.types import EngineInfo

log = logging.getLogger(__name__)

ROPE_KINDS = ("yarn", "dynamic", "linear")


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    info: EngineInfo
    rope: dict | None = None  # the RoPE scaling applied (recorded in results.json)
    notes: list[str] = field(default_factory=list)
    decoder: Any = None  # a model server's (needle.server.ServerDecoder); None: greedy decoding in-process
    kv_cache: str = "auto"  # --kv-cache: the in-process decoder's KV storage (runtime/kv_cache.py)


def trained_context(model, info: EngineInfo | None = None) -> int:
    """The context the model was trained for (before any RoPE scaling we applied)."""
    original = getattr(model, "_storytransformer_trained_ctx", None)
    if original:
        return int(original)
    if info is not None and info.context_length:
        return int(info.context_length)
    if model is None:  # a model server that does not say its context
        return 0
    return int(getattr(model.config, "max_position_embeddings", 0) or 0)


def load(model_name: str | None = None, *, quant: str = "auto", attn: str = "auto", device: str = "auto",
         trust_remote_code: bool = False, progress: bool = False, server=None, kv_cache: str = "auto") -> LoadedModel:
    """The model under test. ``server``: registry.EngineOptions for an engine without a torch
    model (a model server, ``needle --base-url``); see needle/server.py."""
    if server is not None:
        if kv_cache not in ("auto", None, ""):
            raise OptionError("--kv-cache", "a model server keeps its own KV cache; drop --base-url to test ours")
        return _load_served(server)
    from storytransformer.runtime import registry  # the same seam as merge and bench

    engine = registry.load("hf", registry.EngineOptions(model=model_name, quant=quant, attn=attn, device=device,
                                                        trust_remote_code=trust_remote_code))
    tokenizer = getattr(engine, "tokenizer", None)
    if tokenizer is None or not hasattr(engine, "model"):
        raise ModelError(f"{model_name or 'the bundled model'}: needle needs a model with a tokenizer "
                         "(random-weight config: models have none)")
    if kv_cache not in ("auto", None, ""):
        from storytransformer.runtime.kv_cache import check_full_attention

        check_full_attention(engine.model.config)
    return LoadedModel(engine.model, tokenizer, engine.info, kv_cache=kv_cache or "auto")


def _load_served(options) -> LoadedModel:
    from storytransformer.needle.server import ServerDecoder, tokenizer_for
    from storytransformer.runtime import registry

    engine = registry.load(registry.choose(options.extra.get("engine"), options.base_url), options)
    tokenizer, note = tokenizer_for(engine)
    return LoadedModel(None, tokenizer, engine.info, notes=[note] if note else [],
                       decoder=ServerDecoder(engine, tokenizer))


def apply_rope_scaling(model, kind: str, factor: float) -> dict:
    """Set the config's RoPE scaling (transformers 5.x spells it ``rope_parameters``) and
    rebuild the model's rotary-embedding modules from it, so a loaded model can be tested
    beyond its trained context with YaRN, dynamic NTK or linear interpolation."""
    if kind not in ROPE_KINDS:
        raise OptionError("--rope-scaling", f"unknown kind {kind!r}; choose from {', '.join(ROPE_KINDS)}")
    if not factor or factor <= 1.0:
        raise OptionError("--rope-factor", "must be greater than 1 (e.g. 4 to stretch 8k to 32k)")
    config = model.config
    trained = trained_context(model)
    if not trained:
        raise OptionError("--rope-scaling", "the model's config has no max_position_embeddings to scale from")
    old = dict(getattr(config, "rope_parameters", None) or {})
    if not old and getattr(config, "rope_scaling", None):  # older transformers spelling
        old = dict(config.rope_scaling)
    if old.get("rope_type", "default") not in ("default", None):
        raise OptionError("--rope-scaling", f"the model already uses {old['rope_type']} RoPE scaling")
    theta = old.get("rope_theta", getattr(config, "rope_theta", 10000.0))
    params = {"rope_type": kind, "rope_theta": theta, "factor": float(factor),
              "original_max_position_embeddings": trained}
    if hasattr(config, "rope_parameters"):
        config.rope_parameters = params
    else:
        config.rope_scaling = params
    # dynamic NTK rescales beyond max_position_embeddings at run time; the static kinds stretch it.
    if kind != "dynamic":
        config.max_position_embeddings = int(trained * factor)
    model._storytransformer_trained_ctx = trained
    replaced = 0
    for parent in model.modules():
        for child_name, child in list(parent.named_children()):
            if type(child).__name__.endswith("RotaryEmbedding"):
                device = next((b.device for b in child.buffers()), None)
                try:
                    new = type(child)(config=config)
                except TypeError:
                    new = type(child)(config)
                setattr(parent, child_name, new.to(device) if device is not None else new)
                replaced += 1
    if not replaced:
        raise OptionError("--rope-scaling", f"no rotary embedding found in {type(model).__name__}")
    log.info("RoPE scaling %s x%g applied to %d module(s)", kind, factor, replaced)
    return {"type": kind, "factor": float(factor), "trained_context": trained,
            "max_position_embeddings": int(config.max_position_embeddings)}
