"""The contract between the runtime and its users (merge, needle, bench).

Anything that satisfies ``Engine`` can drive the pipeline: the real transformers engine, or,
in tests, a scripted engine that replays chosen (mis)behaviour through the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence, runtime_checkable

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": str}


@dataclass(frozen=True)
class GenerationRequest:
    """One prompt to complete.

    ``prefill``: text the assistant's answer starts with, rendered right after the chat
    template's generation prompt; the model continues it (e.g. ``'{"stories": [{"title": "'``
    steers a small model into the expected JSON). The result's ``text`` includes the prefill,
    so callers parse one complete answer; ``output_tokens`` counts generated tokens only.

    ``stop_at_json_end``: stop as soon as prefill + generated text holds a complete top-level
    JSON object or array (brackets balanced outside strings, escapes honoured); anything after
    it is cut from ``text``; finish_reason "stop".

    ``stop_on_repetition``: stop a sequence that loops (the tail of its tokens repeats a short
    period, ignoring whitespace, or only numbers change; rule in runtime/stops.py);
    finish_reason "repetition", ``text`` is what was generated up to there.
    """

    messages: tuple[Message, ...]  # rendered with the model's chat template by the engine
    max_new_tokens: int = 512
    stop: tuple[str, ...] = ()  # generation stops after any of these strings
    request_id: str = ""
    prefill: str = ""
    stop_at_json_end: bool = False
    stop_on_repetition: bool = True
    # The JSON schema the answer must follow (answer_schema.answer_schema(labels)). Engines
    # that can constrain decoding to it do (a server's response_format, a grammar in-process);
    # the others ignore it and the lenient parser reads what they write.
    json_schema: dict | None = None


@dataclass
class GenerationResult:
    request_id: str
    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float  # wall time attributable to this request (batch time / batch size when batched)
    # "stop" (eos, stop string, or the JSON answer closed) | "length" (hit max_new_tokens)
    # | "repetition" (stopped looping, see GenerationRequest.stop_on_repetition) | "error"
    finish_reason: str = "stop"
    time_to_first_token: float | None = None
    error: str | None = None  # why, when finish_reason == "error" (e.g. out of memory)


@dataclass
class EngineInfo:
    """What actually runs, and why: shown by doctor, recorded in results files."""

    model: str
    device: str = "cpu"
    dtype: str = "float32"
    quantization: str = "none"
    attention: str = "eager"
    context_length: int = 0  # the model's trained context (max_position_embeddings)
    replicas: int = 1  # copies of the model sharing the work, one per device in ``device`` (runtime/replicas.py)
    reasons: list[str] = field(default_factory=list)


@runtime_checkable
class Engine(Protocol):
    info: EngineInfo

    def count_tokens(self, text: str) -> int:
        """Tokens of plain text in this model's tokenizer (no special tokens)."""

    def prompt_tokens(self, messages: Sequence[Message]) -> int:
        """Tokens of the prompt after the chat template, as the model would see it."""

    def generate(
        self,
        requests: Sequence[GenerationRequest],
        on_result: Callable[[GenerationResult], None] | None = None,
    ) -> list[GenerationResult]:
        """Run every request (batched where the engine can); results in request order.
        ``on_result`` is called as each finishes, so callers can journal and show progress."""
