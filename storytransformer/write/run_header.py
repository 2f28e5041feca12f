"""report.html's header line: the model that merged, or that none was loaded.

A ``--merger extractive`` run (or one where no group needed the model: copies, kept groups,
singletons) loads no model and sends no prompt, yet the header named "bundled
SmolLM2-135M-Instruct (GGUF)" and its prompt versions (a tester's run): a reader took the
extractive merges for the model's work. The header says what really ran.
"""

from __future__ import annotations

from typing import Any


def model_used(metadata: dict[str, Any]) -> str:
    """"SmolLM2-135M-Instruct · cpu · none · sdpa" when a model ran (or a resumed run's journal
    names it), "no model (extractive merge)" for ``--merger extractive``, "no model (no group
    needed one)" when no model was loaded and no call made."""
    engine = metadata.get("engine") or {}
    calls = (metadata.get("counts") or {}).get("model_calls") or 0
    if engine or calls:
        line = str(engine.get("model") or metadata.get("model"))
        if engine:
            line += f" · {engine.get('device')} · {engine.get('quantization')} · {engine.get('attention')}"
        return line
    if (metadata.get("settings") or {}).get("merger") == "extractive":
        return "no model (extractive merge)"
    return "no model (no group needed one)"


def prompts_used(metadata: dict[str, Any]) -> str:
    """"merge v3, repair v2" when a model ran; "" when none did (no prompt was sent)."""
    if model_used(metadata).startswith("no model"):
        return ""
    return ", ".join(f"{k} v{v}" for k, v in (metadata.get("prompts") or {}).get("versions", {}).items())
