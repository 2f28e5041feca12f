"""``bench --base-url``: throughput of a model server at given concurrency levels, measured the
way vLLM's ``benchmark_serving`` and llama.cpp's server bench do: a fixed set of requests
(prompts of ``ctx`` tokens, ``new_tokens`` out), ``concurrency`` of them in flight, wall time
from the first send to the last answer.

Reported per (ctx, concurrency): requests/s, output tokens/s and input tokens/s (from the
server's ``usage``), and request latency mean / median / p99. Time to first token needs a
streamed answer, which not every server reports usage for; it is not measured here (said in
the results, not guessed). The prompts are the bundled filler prose, each starting at a
different sentence so a prefix cache cannot answer one from another; lengths are in the
server's tokenizer where it offers tokenize/detokenize, else approximate (said so).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from storytransformer.runtime.types import GenerationRequest, GenerationResult

SCHEMA = "storytransformer.bench-serving/1"
INSTRUCTION = "Summarize the following text in a few sentences.\n\n"


@dataclass
class ServingResult:
    ctx: int  # prompt tokens asked for (content, before the chat template)
    concurrency: int
    requests: int
    errors: int
    wall_seconds: float
    input_tokens: int  # the server's usage.prompt_tokens, summed
    output_tokens: int
    requests_per_s: float
    output_tokens_per_s: float
    input_tokens_per_s: float
    latency_mean_s: float
    latency_median_s: float
    latency_p99_s: float
    error_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def prompts(tokens, ctx: int, count: int) -> tuple[list[str], bool]:
    """``count`` different prompts of about ``ctx`` tokens of filler; True when the lengths are
    exact in the server's tokenizer."""
    from storytransformer.needle import filler

    sentences = [s.strip() + "." for s in filler.load().split(".") if s.strip()]
    exact = bool(tokens.exact and tokens.decode is not None)
    budget = max(8, ctx - tokens.count(INSTRUCTION))
    out = []
    for i in range(count):
        start = (i * 37) % len(sentences)
        rotated = sentences[start:] + sentences[:start]
        text = " ".join(rotated[: budget // 8 + 1])  # a filler sentence is 10-25 tokens
        ids = tokens.encode(text)
        while len(ids) < budget:  # wrap around the prose if one pass is too short
            text += " " + " ".join(rotated[: budget // 8 + 1])
            ids = tokens.encode(text)
        body = tokens.decode(ids[:budget]) if tokens.decode is not None else _cut_chars(text, len(ids), budget)
        out.append(INSTRUCTION + body)
    return out, exact


def _cut_chars(text: str, have: int, want: int) -> str:
    return text[: max(1, int(len(text) * want / max(have, 1)))]


def run_level(engine, texts: Sequence[str], ctx: int, concurrency: int, new_tokens: int,
              on_done: Callable[[GenerationResult], None] | None = None) -> ServingResult:
    """Send every prompt with ``concurrency`` in flight through ``engine`` (an OpenAIEngine)."""
    engine.concurrency = concurrency
    reqs = [GenerationRequest(({"role": "user", "content": t},), new_tokens, request_id=f"r{i}",
                              stop_on_repetition=False) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    results = engine.generate(reqs, on_result=on_done)
    wall = time.perf_counter() - t0
    ok = [r for r in results if r.finish_reason != "error"]
    lat = sorted(r.seconds for r in ok) or [0.0]
    inp, out = sum(r.prompt_tokens for r in ok), sum(r.output_tokens for r in ok)
    return ServingResult(
        ctx=ctx, concurrency=concurrency, requests=len(results), errors=len(results) - len(ok),
        wall_seconds=round(wall, 3), input_tokens=inp, output_tokens=out,
        requests_per_s=round(len(ok) / wall, 3), output_tokens_per_s=round(out / wall, 2),
        input_tokens_per_s=round(inp / wall, 2), latency_mean_s=round(statistics.fmean(lat), 3),
        latency_median_s=round(statistics.median(lat), 3),
        latency_p99_s=round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 3),
        error_examples=[r.error or r.text for r in results if r.finish_reason == "error"][:3],
    )


def run_serving_bench(engine, *, ctxs: Sequence[int], concurrencies: Sequence[int], num_prompts: int,
                      new_tokens: int, on_result: Callable[[ServingResult], None] | None = None) -> dict[str, Any]:
    """Every (ctx, concurrency) in turn; the results document (``SCHEMA``)."""
    results, exact_all = [], True
    for ctx in ctxs:
        texts, exact = prompts(engine.tokens, ctx, num_prompts)
        exact_all = exact_all and exact
        for c in concurrencies:
            res = run_level(engine, texts, ctx, c, new_tokens)
            results.append(res)
            if on_result:
                on_result(res)
    return {
        "schema": SCHEMA,
        "server": asdict(engine.info),
        "settings": {"ctx": list(ctxs), "concurrency": list(concurrencies), "num_prompts": num_prompts,
                     "new_tokens": new_tokens, "temperature": 0.0,
                     "prompt_lengths": "exact (server tokenizer)" if exact_all else f"approximate ({engine.tokens.name})",
                     "time_to_first_token": "not measured (non-streamed requests)"},
        "results": [r.to_dict() for r in results],
    }
