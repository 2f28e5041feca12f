"""How the HF engine runs a batch of requests: one module per strategy, gpt-fast style.

- ``padded.py``: transformers' ``generate`` on left-padded batches (the CPU default; the one
  that also constrains answers to a JSON schema through a logits processor).
- ``static.py`` + ``refill.py``: fast_decode's static KV cache and compiled decode step (CUDA
  graphs) over a fixed number of slots, each refilled with the next queued request as soon as
  its own ends (continuous refill), with generate's semantics.
- ``continuous.py``: transformers' continuous batching (``generate_batch``, paged KV cache).

Padded and continuous expose ``run(engine, batch) -> [GenerationResult]``, refill
``run(engine, prepared, results, on_result)`` for a whole call; all over the shared pieces in
``common.py`` (planning batches, one left-pad, splitting a batch on out-of-memory) and
``rows.py`` (each row's stop rules and the exact cut of its tokens). ``choose_batching`` below
is the one place ``--batching auto`` is decided.
"""

from __future__ import annotations

from dataclasses import dataclass

BATCHING_CHOICES = ("auto", "static", "padded", "continuous")

# With `--batching auto` on CUDA, a generate call whose whole output budget (sum of
# max_new_tokens) is below this runs as padded batches until the static decoder exists: each
# new static shape costs a compile + graph capture of 40-90 s on an 8B model (H100,
# docs/benchmarks.md), while transformers' generate moves ~500-1,100 tok/s at batch 64 there
# and the static loop 2,200-4,800, so below ~30k output tokens the compile does not pay back.
STATIC_MIN_OUTPUT_TOKENS = 32768


@dataclass(frozen=True)
class BatchingChoice:
    """The strategy an engine runs (``mode``: "static" | "padded" | "continuous"), the output
    budget below which a static engine still runs padded while no graph exists
    (``static_min_tokens``, 0: never), and why (``reason``, None: nothing to say)."""

    mode: str
    static_min_tokens: int = 0
    reason: str | None = None


def choose_batching(requested: str, backend: str) -> BatchingChoice:
    """Static batching on CUDA, padded batches elsewhere, unless asked otherwise.

    ``backend``: "cuda" | "rocm" | "mps" | "cpu" (HardwareInfo.backend). Raises OptionError
    for an unknown ``requested``.

    Static: bench's fast decode loop (static KV cache, compiled decode step replayed as CUDA
    graphs, grouped-query decode attention) run on ragged batches. On the H100, NF4 8B, batch 64,
    1,024-token prompts, 64 new tokens (docs/benchmarks.md), that loop took the whole call at
    1,078 tok/s where transformers' generate gave 534 (decode alone: 2,182 tok/s).
    On a CPU there are no CUDA graphs to replay, so generate's padded batches stay the default.
    Continuous batching is never the default: on the H100 (ENVIRONMENT.md) transformers 5.17's
    gave 195 tokens/s at 64 requests where padded generate gave 453."""
    if requested not in BATCHING_CHOICES:
        from storytransformer.errors import OptionError

        raise OptionError("--batching", f"unknown batching {requested!r}; choose from {', '.join(BATCHING_CHOICES)}")
    is_gpu = backend in ("cuda", "rocm", "mps")
    if requested == "auto":
        if backend == "cuda":
            return BatchingChoice("static", STATIC_MIN_OUTPUT_TOKENS, (
                "batching: static (static KV cache + decode step compiled into CUDA graphs, ragged batches "
                f"left-padded and masked; docs/runtime.md) for calls of at least {STATIC_MIN_OUTPUT_TOKENS:,} "
                "output tokens, padded batches below that until graphs exist; --batching static|padded to choose"))
        if is_gpu:
            return BatchingChoice("padded", 0, "batching: padded batches sorted by length (static batching's CUDA "
                                               "graphs are untested on ROCm: --batching static to try it)")
        return BatchingChoice("padded")
    if requested == "continuous" and not is_gpu:
        return BatchingChoice("continuous", 0, "batching: continuous batching asked for on CPU; it is built for CUDA")
    if requested == "static" and not is_gpu:
        return BatchingChoice("static", 0, "batching: static asked for on CPU; it runs (static cache, no compile) "
                                           "but only CUDA graphs make it pay")
    return BatchingChoice(requested)


def backend_of(device) -> str:
    """The HardwareInfo.backend name of a torch device: ROCm builds call their GPUs "cuda" too."""
    kind = getattr(device, "type", str(device).split(":")[0])
    if kind != "cuda":
        return kind
    import torch

    return "rocm" if getattr(torch.version, "hip", None) else "cuda"
