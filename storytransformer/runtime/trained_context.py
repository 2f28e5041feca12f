"""The context a model was trained for, read from its config without loading weights, so
`merge --dry-run` plans with the model that would run (and fails on a wrong --model)."""

from __future__ import annotations

import json

BUNDLED_CTX = 8192  # SmolLM2-135M-Instruct's max_position_embeddings (its GGUF metadata)
_KEYS = ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length")


def planned_context(model: str | None, allow_hub: bool | None = None) -> tuple[int, str]:
    """(tokens, where the number comes from). Raises ModelError/OptionError for a model that
    cannot be found; never downloads weights. A config that cannot be read cheaply (a GGUF not
    yet converted) falls back to the bundled model's 8k, and the source says so."""
    from storytransformer.runtime.resolve import resolve_model

    resolved = resolve_model(model, allow_hub=allow_hub)
    if resolved.kind == "bundled":
        return BUNDLED_CTX, f"the bundled model's trained context ({resolved.name})"
    cfg = None
    if resolved.config_path and resolved.config_path.is_file():
        try:
            cfg = json.loads(resolved.config_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cfg = None
    cfg = (cfg or {}).get("text_config", cfg) if isinstance(cfg, dict) else None
    for key in _KEYS:
        value = (cfg or {}).get(key)
        if isinstance(value, int) and value > 0:
            return value, f"{resolved.name}'s trained context ({key} in its config)"
    return BUNDLED_CTX, f"8k: {resolved.name}'s trained context is not readable without loading it"
