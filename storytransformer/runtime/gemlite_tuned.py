"""Which tuned GemLite kernel configs to load for the GPU at hand.

GemLite 0.6.0 ships configs per GPU (gemlite/configs/<tag>.json) and loads the first whose tag
is a substring of the device name; an H200 ("nvidia_h200") matches none, so every new weight
shape and row count is autotuned on first use over a short list, timed with the weight clone
inside the timed region. `benchmarks/gemlite_tune.py` tunes the shapes our engine runs and
writes GemLite's own config-cache format; those files ship here as
`gemlite_configs/<normalized device name>.json` and are merged over whatever GemLite loaded
itself (an entry here wins for its kernel and signature, GemLite's own entries stay for the
rest). Measured gains on the H200 are in docs/benchmarks.md section 14.

`$STORYTRANSFORMER_GEMLITE_CONFIG` picks another file, or `none` for GemLite's own configs only.
Everything here is plain Python: the choice is tested on machines without a GPU.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

CONFIG_ENV = "STORYTRANSFORMER_GEMLITE_CONFIG"
CONFIG_DIR = Path(__file__).with_name("gemlite_configs")
KERNELS = frozenset({"GEMV", "GEMV_REVSPLITK", "GEMV_SPLITK", "GEMM_SPLITK", "GEMM"})
# GemLite's cache key: (rows bucket, N, K, group size, elements per packed word, type id)
_SIGNATURE = re.compile(r"^\(\d+(, \d+){5}\)$")
_OFF = {"none", "off", "0", "false"}
# The shipped files hold GemLite 0.6's kernel parameters (block sizes, A_load_order, ...); another
# release may name them differently, and a config the kernel does not take fails at its first call.
TUNED_WITH = "0.6"


def normalized_name(device_name: str) -> str:
    """A device name as a file stem: 'NVIDIA H200' -> 'nvidia_h200'."""
    return re.sub(r"[^a-z0-9]+", "_", device_name.lower()).strip("_")


def config_path(device_name: str, env: str | None = None, config_dir: Path = CONFIG_DIR) -> Path | None:
    """The tuned config file for `device_name`: `env` (the value of $STORYTRANSFORMER_GEMLITE_CONFIG)
    when set, None when it says none/off, else the shipped file named for the device, else None
    (GemLite's own configs only)."""
    if env is not None and env.strip():
        return None if env.strip().lower() in _OFF else Path(env.strip()).expanduser()
    shipped = config_dir / f"{normalized_name(device_name)}.json"
    return shipped if shipped.is_file() else None


def read_config(path: Path) -> dict | None:
    """A GemLite config-cache file -> {kernel: {signature: config}}, or None with a warning that
    names the file when it is missing or not in GemLite's format (GemLite's own configs are
    used then)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        problem = _format_problem(data)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        problem = f"{type(err).__name__}: {err}"
    if problem:
        log.warning("GemLite tuned configs: %s not used (%s); GemLite's own configs apply", path, problem)
        return None
    return data


def _format_problem(data) -> str:
    if not isinstance(data, dict) or not data:
        return "not a JSON object of kernels"
    for kernel, entries in data.items():
        if kernel not in KERNELS:
            return f"unknown kernel {kernel!r}"
        if not isinstance(entries, dict):
            return f"{kernel}: not an object of signatures"
        for signature, config in entries.items():
            if not _SIGNATURE.match(signature):
                return f"{kernel}: signature {signature!r} is not (rows, N, K, group, elements, type)"
            if not isinstance(config, dict) or not all(
                    isinstance(config.get(k), int) and not isinstance(config.get(k), bool)
                    for k in ("num_warps", "num_stages", "BLOCK_SIZE_N")):
                return f"{kernel} {signature}: config lacks integer num_warps/num_stages/BLOCK_SIZE_N"
    return ""


def tuned_config(device_name: str, env: str | None = None, config_dir: Path = CONFIG_DIR,
                 gemlite_version: str | None = None) -> tuple[Path, dict] | None:
    """(file, configs) to merge into GemLite's config cache for this device, or None. A shipped
    file is used only with the GemLite release it was tuned with (TUNED_WITH); a file named
    in the environment is the user's choice and used with any."""
    path = config_path(device_name, env, config_dir)
    if path is None:
        return None
    explicit = env is not None and bool(env.strip())
    if not explicit and gemlite_version and not _same_release(gemlite_version):
        log.warning("GemLite tuned configs: %s was tuned with GemLite %s, this is %s; GemLite's own "
                    "configs apply (%s=%s forces it)", path.name, TUNED_WITH, gemlite_version, CONFIG_ENV, path)
        return None
    data = read_config(path)
    return None if data is None else (path, data)


def _same_release(version: str) -> bool:
    parts = version.split(".")
    return ".".join(parts[:2]) == TUNED_WITH


def apply(device_name: str | None = None) -> Path | None:
    """Merge the tuned configs for this GPU into GemLite's config cache (before any kernel runs);
    returns the file used, or None. Needs gemlite importable (CUDA)."""
    import gemlite

    if device_name is None:
        import torch

        device_name = torch.cuda.get_device_name()
    chosen = tuned_config(device_name, os.environ.get(CONFIG_ENV), gemlite_version=gemlite.__version__)
    if chosen is None:
        return None
    path, data = chosen
    if not gemlite.load_config(str(path)):  # GemLite logs its own error
        log.warning("GemLite tuned configs: gemlite.load_config refused %s; GemLite's own configs apply", path)
        return None
    log.info("GemLite tuned configs: %s (%d entries) for %s", path, sum(map(len, data.values())), device_name)
    return path
