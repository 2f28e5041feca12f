"""Engines by name: the one seam between the commands and whatever runs the model.

An engine is anything that satisfies ``runtime.types.Engine``. It is found by name through
Python entry points in the group ``storytransformer.engines`` (as simonw/llm finds its model
plugins), so a third-party package adds one with

    [project.entry-points."storytransformer.engines"]
    my-engine = "my_package.engine:load"      # load(EngineOptions) -> Engine

The built-in engines are declared the same way in our own pyproject.toml; ``BUILTIN`` repeats
those two lines only for a source checkout run without ``pip install`` (no package metadata),
and loads them through the same ``EntryPoint`` objects. Tests register theirs through
``register`` (in-process) or run a real server for the ``openai`` engine (subprocesses): no
environment variable switches engines in production code.

Which engine a command uses: ``--engine NAME`` when given, else ``openai`` when a server URL
is given (``--base-url`` or ``STORYTRANSFORMER_BASE_URL``), else ``hf`` (in-process).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Callable

from storytransformer.errors import OptionError

GROUP = "storytransformer.engines"
BASE_URL_ENV = "STORYTRANSFORMER_BASE_URL"
BUILTIN = {
    "hf": "storytransformer.runtime:load_hf_engine",
    "openai": "storytransformer.runtime.openai_engine:load",
}
_registered: dict[str, Callable[["EngineOptions"], Any]] = {}


@dataclass
class EngineOptions:
    """Everything a command knows about the engine it wants. Each engine reads what applies to
    it and ignores the rest (the ``hf`` engine has no URL; a server has no ``--quant``)."""

    model: str | None = None
    ctx: int | None = None  # the user's --ctx: a server that does not say its context uses it
    quant: str = "auto"
    attn: str = "auto"
    device: str = "auto"
    # --devices: one replica per device, sharing the work (runtime/replicas.py); None: --device
    devices: tuple[str, ...] | None = None
    batching: str = "auto"
    trust_remote_code: bool = False
    base_url: str | None = None
    api_key_env: str | None = None  # the NAME of the variable holding the key, never the key
    concurrency: int = 8
    timeout: float = 600.0  # seconds per request (a long prompt on a slow server takes minutes)
    progress: bool = False
    kv_cache: str = "auto"  # --kv-cache: auto, int8 or fp8 (runtime/kv_cache.py; the hf engine)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do, so commands adapt instead of guessing.

    tokenize: "exact" (the model's own tokenizer) | "approximate" (counts from another
    tokenizer; lengths are estimates) · constrained: "grammar" (in-process) | "json_schema" |
    "json_object" | "none" (free text, read by the lenient parser) · max_context: tokens
    (0: unknown) · concurrency: requests worked on at once (a batch, or requests in flight) ·
    prefill: whether GenerationRequest.prefill is honoured · raw_model: whether ``.model`` and
    ``.tokenizer`` are torch objects (needle's KV-cache reuse, bench's kernels need them)."""

    tokenize: str = "exact"
    constrained: str = "none"
    max_context: int = 0
    concurrency: int = 1
    prefill: bool = False
    raw_model: bool = False


def capabilities(engine: Any) -> Capabilities:
    """An engine's declared capabilities; engines that declare none are taken as the least."""
    caps = getattr(engine, "capabilities", None)
    if isinstance(caps, Capabilities):
        return caps
    return Capabilities(max_context=int(getattr(getattr(engine, "info", None), "context_length", 0) or 0))


def register(name: str, load: Callable[[EngineOptions], Any]) -> None:
    """Add an engine in this process (tests, notebooks); wins over an entry point of that name."""
    _registered[name] = load


def unregister(name: str) -> None:
    _registered.pop(name, None)


def _entry_points() -> dict[str, EntryPoint]:
    found = {name: EntryPoint(name, value, GROUP) for name, value in BUILTIN.items()}
    found.update({ep.name: ep for ep in entry_points(group=GROUP)})  # installed metadata wins
    return found


def names() -> list[str]:
    """Every engine name that can be asked for."""
    return sorted(set(_entry_points()) | set(_registered))


def choose(engine: str | None, base_url: str | None) -> str:
    """The engine name a command uses (see the module docstring)."""
    if engine:
        return engine
    return "openai" if base_url else "hf"


def resolve_base_url(base_url: str | None) -> str | None:
    """--base-url, else $STORYTRANSFORMER_BASE_URL, else None (in-process)."""
    return base_url or os.environ.get(BASE_URL_ENV) or None


def load(name: str, options: EngineOptions) -> Any:
    """Load engine ``name`` with ``options``. Raises OptionError naming --engine for an unknown
    name, and whatever the engine raises (ModelError, ...) for one that cannot start."""
    loader = _registered.get(name)
    if loader is None:
        ep = _entry_points().get(name)
        if ep is None:
            raise OptionError("--engine", f"no engine named {name!r}; installed: {', '.join(names())}")
        loader = ep.load()
    return loader(options)
