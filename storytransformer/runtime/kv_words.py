"""How the model lines of merge, needle and bench name the KV cache format (--kv-cache)."""

from __future__ import annotations

_WORDS = {"int8": "KV cache int8 (one byte a value, a scale per token and head)",
          "fp8": "KV cache fp8 (one byte a value, a scale per token and head)"}


def kv_words(fmt: str | None) -> str:
    """"KV cache int8 (…)" for a one-byte format, "" for auto (the model's own dtype, which the
    line already shows): a run with --kv-cache int8 said nothing of it before."""
    if fmt in (None, "", "auto"):
        return ""
    return _WORDS.get(fmt, f"KV cache {fmt}")
