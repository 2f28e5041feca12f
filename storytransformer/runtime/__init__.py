"""The model runtime shared by merge, needle and bench: resolve a model, load it (quantized,
with the fastest exact attention), generate in batches. Heavy imports stay inside functions.

    from storytransformer.runtime import load_engine
    engine = load_engine()                       # bundled SmolLM2-135M-Instruct, offline
    engine = load_engine("path/to/model", quant="4bit", attn="sdpa")
"""

from __future__ import annotations

import logging
import time

from storytransformer.errors import ModelError, StoryTransformerError
from storytransformer.runtime.types import EngineInfo, GenerationRequest, GenerationResult  # noqa: F401

log = logging.getLogger(__name__)

__all__ = ["load_engine", "engine_from_model", "EngineInfo", "GenerationRequest", "GenerationResult"]


def load_engine(model=None, *, quant: str = "auto", attn: str = "auto", device: str = "auto",
                dtype: str = "auto", trust_remote_code: bool = False, allow_hub: bool | None = None,
                allow_pickle: bool = False, batching: str = "auto", max_batch_tokens: int | None = None,
                progress: bool = False):
    """Resolve ``model`` (see runtime.resolve), pick quantization and attention for this machine,
    load the weights and return an HFEngine. Raises ModelError / UnsupportedError / OptionError
    with one-line messages for everything a user can fix."""
    from storytransformer.runtime.attention import choose_attention, transformers_attention_values
    from storytransformer.runtime.hardware import detect_hardware
    from storytransformer.runtime.quant import choose_quant
    from storytransformer.runtime.resolve import resolve_model

    resolved = resolve_model(model, allow_hub=allow_hub, allow_pickle=allow_pickle)
    if resolved.kind == "config":
        raise ModelError(f"{resolved.name} is an architecture without weights: doctor can plan it, "
                         "`storytransformer bench` runs it with random weights; to generate, pass a real model")
    import_torch_and_transformers()
    hw = detect_hardware(device)
    threads_note = set_cpu_threads() if hw.backend == "cpu" else None
    qc = choose_quant(hw, quant, dtype=dtype)
    qc = _respect_prequantized(resolved, qc, quant)
    ac = choose_attention(hw, attn, compute_dtype=qc.dtype, offered=transformers_attention_values())
    reasons = [f"model: {resolved.name} ({resolved.kind})"] + ([threads_note] if threads_note else [])
    source = resolved.hub_id or str(resolved.path)
    if resolved.kind in ("bundled", "gguf"):
        from storytransformer.runtime.bundled import cached_dir_if_ready, convert_gguf

        cached = cached_dir_if_ready(resolved.path)
        source = str(convert_gguf(resolved.path, progress=progress))
        reasons.append(f"GGUF {'read from the converted cache' if cached else 'converted once'}: {source}")
    return _load_from(source, resolved.name, hw, qc, ac, reasons=reasons, trust_remote_code=trust_remote_code,
                      allow_pickle=allow_pickle, batching=batching, max_batch_tokens=max_batch_tokens,
                      local_only=resolved.kind != "hub", bundled=resolved.kind == "bundled")


def import_torch_and_transformers() -> None:
    """Import torch and transformers' modeling code with Python's cyclic garbage collector paused.

    The imports create ~600k objects that live as long as the process. With the collector on,
    it walks them again and again while they are being created (6 full and ~900 young
    collections: 0.6-1.2 s of the start on the 2-core build machine) and again at exit
    (~0.8 s). So: collect the garbage there is now, import with the collector paused, freeze
    everything (gc.freeze: later collections skip it) and resume. The price: the few reference
    cycles the imports leave behind (~10k objects, a few MiB) are never freed; collecting them
    before freezing would cost 0.3 s. Only the process's first load does this (later ones find
    the modules imported); a collector the caller paused stays paused."""
    import gc
    import sys

    if "transformers.modeling_utils" in sys.modules or not gc.isenabled():
        return
    gc.collect()
    gc.disable()
    try:
        import torch  # noqa: F401
        import transformers.modeling_utils  # noqa: F401

        gc.freeze()
    finally:
        gc.enable()


def _respect_prequantized(resolved, qc, requested: str):
    """A checkpoint that is already quantized (GPTQ, AWQ, bnb, ...) loads as it is: stacking
    bitsandbytes on top is not possible, so auto keeps it and an explicit --quant is an error."""
    from dataclasses import replace

    from storytransformer.errors import UnsupportedError

    if resolved.kind not in ("local",) or resolved.config_path is None:
        return qc
    try:
        import json

        method = (json.loads(resolved.config_path.read_text()).get("quantization_config") or {}).get("quant_method")
    except (OSError, ValueError, AttributeError):
        return qc
    if not method:
        return qc
    if requested not in ("auto", None, "") and qc.quant_mode.quantized:
        raise UnsupportedError(f"--quant {requested}: {resolved.name} is already quantized ({method}); "
                               "use --quant auto")
    return replace(qc, mode="none", reasons=[f"checkpoint is already quantized ({method}); loaded as it is"])


def set_cpu_threads() -> str | None:
    """Use only the idle cores for torch's CPU threads.

    OpenMP threads that share cores with other busy processes wait on each other at every
    barrier: on the 2-core build machine at load average ~9, generating with 2 threads ran
    5-20x slower than with 1. $STORYTRANSFORMER_THREADS overrides."""
    import os

    import torch

    cores = os.cpu_count() or 1
    env = os.environ.get("STORYTRANSFORMER_THREADS", "").strip()
    if env:
        try:
            n = max(1, int(env))
        except ValueError:
            from storytransformer.errors import OptionError

            raise OptionError("STORYTRANSFORMER_THREADS", f"not a number: {env!r}") from None
        torch.set_num_threads(n)
        return f"CPU threads: {n} (STORYTRANSFORMER_THREADS)"
    try:
        load = os.getloadavg()[0]
    except OSError:
        return None
    current = torch.get_num_threads()
    idle = max(1, int(cores - load + 0.5))
    if idle < current:
        torch.set_num_threads(idle)
        return (f"CPU threads: {idle} of {current} (load average {load:.1f} on {cores} cores: threads "
                "competing for busy cores slow every step; STORYTRANSFORMER_THREADS overrides)")
    return None


def _load_bundled_directly(source, dtype, ac):
    """The bundled model's converted cache on the CPU, unquantized: built from its config and
    its safetensors directly (runtime.bundled.load_converted_llama), saving from_pretrained's
    generic work, 0.1-0.2 s of the ~4 s start on the 2-core build machine. None (use
    from_pretrained) if the directory is not what the conversion writes, or if that fails."""
    from pathlib import Path

    from storytransformer.runtime.bundled import load_converted_llama

    try:
        return load_converted_llama(Path(source), dtype=dtype, attn_implementation=ac.implementation)
    except Exception as err:  # e.g. a transformers release that builds Llama differently
        log.warning("reading %s directly failed (%s: %s); using from_pretrained", source, type(err).__name__, err)
        return None


def _load_from(source, name, hw, qc, ac, *, reasons, trust_remote_code, allow_pickle, batching,
               max_batch_tokens, local_only, bundled=False):
    from storytransformer.runtime.hf_engine import HFEngine
    from storytransformer.runtime.oom import is_out_of_memory
    from storytransformer.runtime.quant import torch_dtype

    import torch  # noqa: F401  (fail early and clearly if torch is broken)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    mode = qc.quant_mode  # the weight format's QuantMode (runtime/quant_modes.py)
    quant_cfg = mode.load_config(qc)
    kwargs = dict(dtype=torch_dtype(qc.dtype), attn_implementation=ac.implementation,
                  trust_remote_code=trust_remote_code, use_safetensors=None if allow_pickle else True,
                  local_files_only=local_only)
    if quant_cfg is not None:
        kwargs["quantization_config"] = quant_cfg
        kwargs["device_map"] = {"": hw.device}  # bitsandbytes quantizes while placing the weights
    elif hw.is_gpu and mode.loads_on_device():  # int4-gemlite: loaded on the CPU, moved layer by layer
        kwargs["device_map"] = {"": hw.device}
    t0 = time.perf_counter()
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=trust_remote_code,
                                                  local_files_only=local_only)
        direct = bundled and not hw.is_gpu and not mode.quantized
        model = _load_bundled_directly(source, kwargs["dtype"], ac) if direct else None
        how = " (converted cache read directly)" if model is not None else ""
        if model is None:
            model = AutoModelForCausalLM.from_pretrained(source, **kwargs)
    except StoryTransformerError:
        raise
    except Exception as err:
        if is_out_of_memory(err):
            raise ModelError(f"{name}: does not fit in {hw.device} memory with {qc.label} "
                             "(see `storytransformer doctor --model ...`)") from err
        if "trust_remote_code" in str(err):
            raise ModelError(f"{name}: needs custom code from the model repo; pass --trust-remote-code "
                             "only if you trust it") from err
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        raise ModelError(f"{name}: cannot load ({type(err).__name__}: {first[:300]})") from err
    mode.after_load(model, hw.device)  # formats transformers does not load (int4-gemlite) quantize now
    from storytransformer.runtime import prefill_fusions

    prefill_fusions.install(model, hw.device)  # CUDA: long prefills run norms/rotary/silu-mul fused
    if str(hw.device).startswith("cuda"):
        from storytransformer.runtime import nf4_batched

        nf4_batched.install(model)  # NF4 layers on several rows: compiled dequantize + cuBLAS
    model.eval()
    load_s = time.perf_counter() - t0
    cfg = model.config
    ctx = int(getattr(cfg, "max_position_embeddings", 0) or 0)
    info = EngineInfo(model=name, device=hw.device, dtype=qc.dtype, quantization=qc.label,
                      attention=ac.label, context_length=ctx,
                      reasons=reasons + qc.reasons + ac.reasons + [f"loaded in {load_s:.1f} s{how}"])
    # Batching (auto: static on CUDA for big jobs, padded elsewhere) is chosen by the engine,
    # in one place: runtime.batching.choose_batching.
    return HFEngine(model, tokenizer, info, attention=ac, batching=batching, backend=hw.backend,
                    max_batch_tokens=max_batch_tokens)


def engine_from_model(model, tokenizer, *, name: str = "custom", attention=None, quantization: str = "none",
                      batching: str = "padded", max_batch_tokens: int | None = None):
    """Wrap an already-built transformers model (e.g. bench's random-weight models) as an engine."""
    from storytransformer.runtime.hf_engine import HFEngine

    cfg = model.config
    info = EngineInfo(model=name, device=str(model.device), dtype=str(model.dtype).replace("torch.", ""),
                      quantization=quantization,
                      attention=attention.label if attention else str(getattr(cfg, "_attn_implementation", "")),
                      context_length=int(getattr(cfg, "max_position_embeddings", 0) or 0),
                      reasons=list(attention.reasons) if attention else [])
    return HFEngine(model, tokenizer, info, attention=attention, batching=batching,
                    max_batch_tokens=max_batch_tokens)


def load_hf_engine(options):
    """The ``hf`` engine's registry entry (runtime.registry): transformers, in this process.

    ``options``: registry.EngineOptions (model, quant, attn, device, batching, trust_remote_code,
    progress). Returns the HFEngine with its ``capabilities`` declared."""
    from storytransformer.runtime import constrained
    from storytransformer.runtime.registry import Capabilities

    if getattr(options, "devices", None):  # --devices: one replica per device (runtime/replicas.py)
        from storytransformer.runtime import replicas

        return replicas.load(options, base="hf")
    engine = load_engine(options.model, quant=options.quant, attn=options.attn, device=options.device,
                         batching=options.batching, trust_remote_code=options.trust_remote_code,
                         progress=options.progress)
    if getattr(options, "kv_cache", "auto") not in ("auto", None, ""):
        from storytransformer.runtime.kv_cache import use_kv_cache

        use_kv_cache(engine, options.kv_cache)
    why_not = constrained.available()
    if why_not:
        engine.info.reasons.append(f"answers unconstrained: {why_not}")
    else:
        how = {"static": "applied in the static decode loop", "padded": "a logits processor in generate",
               "continuous": "batches with a schema run as padded batches: generate_batch takes no per-request "
                             "logits processor"}[engine.batching]
        engine.info.reasons.append(f"answers constrained to the JSON schema (xgrammar token masks; {how})")
    grammar = why_not is None
    engine.capabilities = Capabilities(tokenize="exact", constrained="grammar" if grammar else "none",
                                       max_context=engine.info.context_length,
                                       concurrency=64, prefill=True, raw_model=True)
    return engine
