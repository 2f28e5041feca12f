"""The needle test against a model server (``needle --base-url``): the model the team will
really use, through the same engine merge uses (runtime.openai_engine).

Haystack lengths are measured in the server's own tokenizer where it offers tokenize and
detokenize endpoints (llama-server, vLLM, llama-cpp-python): the cell's text is built from
those ids exactly as for the in-process model. The prompt then goes through the chat API, so
the server applies its own chat template: the instructions are counted with a plain-text
frame here and the server's ``usage.prompt_tokens`` (recorded per cell as
``prefill_tokens``) says what the model really read; the two differ by the template's few
tokens. Without those endpoints the lengths are approximate (cl100k_base stands in) and the
run says so. There is no KV-cache sharing to do: the server manages its cache (vLLM's and
llama-server's prefix caching reuse the common prefix by themselves).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence

from storytransformer.needle.decode import Answer
from storytransformer.needle.prompt import SYSTEM, CellPrompt
from storytransformer.runtime.server_probe import ServerTokenizer, approximate_tokenizer
from storytransformer.runtime.types import GenerationRequest, GenerationResult


class TokenizerAdapter:
    """A ServerTokenizer with the slice of the transformers tokenizer API that needle's planner
    calls: ``tok(texts, add_special_tokens=False)["input_ids"]`` and ``decode(ids)``. No chat
    template: the planner renders its plain-text frame, the server adds its template."""

    chat_template = None

    def __init__(self, tokens: ServerTokenizer):
        self.tokens = tokens

    def __call__(self, texts, add_special_tokens: bool = False, **_: Any) -> dict[str, list]:
        if isinstance(texts, str):
            return {"input_ids": self.tokens.encode(texts)}
        return {"input_ids": [self.tokens.encode(t) for t in texts]}

    def decode(self, ids: Sequence[int], **_: Any) -> str:
        assert self.tokens.decode is not None
        return self.tokens.decode(list(ids))


def tokenizer_for(engine) -> tuple[TokenizerAdapter, str | None]:
    """The engine's server tokenizer when it can also detokenize; else cl100k_base, with the
    warning to show (lengths approximate)."""
    tokens = getattr(engine, "tokens", None)
    if tokens is not None and tokens.exact and tokens.decode is not None:
        return TokenizerAdapter(tokens), None
    reason = ("the server cannot detokenize" if tokens is not None and tokens.exact
              else "the server offers no tokenize endpoint")
    approx = approximate_tokenizer(reason)
    return TokenizerAdapter(approx), (f"haystack lengths are approximate: {approx.name}; each cell's "
                                      "prefill_tokens is the server's own count")


def messages_for(text: str) -> tuple[dict[str, str], ...]:
    """The cell's plain-text prompt (planner frame: system, blank line, user turn, 'Answer:')
    as chat messages, so the server applies the model's chat template."""
    body = text.lstrip()
    if body.startswith(SYSTEM):
        body = body[len(SYSTEM):].lstrip("\n")
    body = body.rstrip()
    if body.endswith("Answer:"):
        body = body[: -len("Answer:")].rstrip()
    return ({"role": "system", "content": SYSTEM}, {"role": "user", "content": body})


class ServerDecoder:
    """needle.decode.GreedyDecoder's interface over an engine: every cell as one chat request,
    greedy (temperature 0), ``concurrency`` cells in flight."""

    def __init__(self, engine, tokenizer: TokenizerAdapter):
        self.engine = engine
        self.tokenizer = tokenizer

    def answer(self, prompts: Sequence[CellPrompt], *, share: bool = True,
               on_answer: Callable[[Answer], None] | None = None,
               on_start: Callable[[CellPrompt], None] | None = None) -> list[Answer]:
        by_id = {f"cell{i}": p for i, p in enumerate(prompts)}
        requests = [GenerationRequest(messages_for(self.tokenizer.decode(p.ids)), p.spec.max_new_tokens,
                                      request_id=rid, stop_on_repetition=False) for rid, p in by_id.items()]
        if prompts and on_start:
            on_start(prompts[0])
        answers: list[Answer] = []

        def done(result: GenerationResult) -> None:
            p = by_id[result.request_id]
            text = result.text.strip()
            ids = self.tokenizer.tokens.encode(text) if text else []
            ans = Answer(prompt=p, output_ids=ids, text=text, seconds=result.seconds,
                         prefill_tokens=result.prompt_tokens, finish_reason=result.finish_reason,
                         time_to_first_token=result.time_to_first_token or result.seconds)
            answers.append(ans)
            if on_answer:
                on_answer(ans)

        t0 = time.perf_counter()
        self.engine.generate(requests, on_result=done)
        self.seconds = time.perf_counter() - t0
        return answers
