"""Refuse a needle context that cannot run, before any haystack is built.

``needle --ctx 10000000k`` was accepted with a warning and then worked on without end. Two
checks, each one line naming the option:

- no model reads more than ``MAX_TOKENS`` (16M) tokens, whatever runs it (also a server);
- for the in-process model, the KV cache alone (the planner's bytes per token, as ``doctor``
  computes them, x tokens) must fit the device's memory. Between "the whole plan fits" and
  "the KV cache alone does not" a cell may still run out of memory: that is a result (an
  "oom" cell on the heatmap), not an option error.
"""

from __future__ import annotations

from storytransformer.errors import OptionError
from storytransformer.needle.grid import fmt_tokens

MAX_TOKENS = 1 << 24


def check_absurd(tokens: int, option: str = "--ctx") -> None:
    """OptionError for more tokens than any model reads."""
    if tokens > MAX_TOKENS:
        raise OptionError(option, f"{tokens:,} tokens is more than any model reads (at most "
                                  f"{MAX_TOKENS:,}); `storytransformer doctor --ctx N` "
                                  "shows the largest context that fits")


def check_fits(tokens: int, loaded, option: str = "--ctx") -> None:
    """OptionError when the KV cache of ``tokens`` tokens alone is larger than the memory of the
    device the in-process model runs on (a server's model: only check_absurd)."""
    check_absurd(tokens, option)
    model = getattr(loaded, "model", None)
    if model is None or not hasattr(model, "config"):
        return
    from storytransformer.runtime.hardware import detect_hardware
    from storytransformer.runtime.memory import DTYPE_BYTES, GIB, ModelShape, kv_cache_bytes_per_token

    try:
        shape = ModelShape.from_config(model.config.to_dict())
        dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
        per_token = kv_cache_bytes_per_token(shape, dtype if dtype in DTYPE_BYTES else "float32",
                                             getattr(loaded, "kv_cache", "auto") or "auto")
        device = str(next(model.parameters()).device)
        memory = detect_hardware("cpu" if device == "cpu" else device).total_memory
    except (StopIteration, KeyError, TypeError, ValueError, AttributeError):
        return  # an unusual model: the run itself reports what does not fit
    if per_token and memory and per_token * tokens > memory:
        raise OptionError(option, f"{fmt_tokens(tokens)} tokens need {per_token * tokens / GIB:,.1f} GiB of KV "
                                  f"cache alone; {device} has {memory / GIB:,.1f} GiB (at most about "
                                  f"{memory // per_token:,} tokens; `storytransformer doctor --ctx N` plans it)")
