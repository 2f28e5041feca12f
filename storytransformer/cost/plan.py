"""The call plan: how many model calls a merge of the whole corpus takes at a context size.

Before grouping we do not know which stories are related, so the plan is the honest upper
bound: every story goes through the model once, packed in corpus order into calls whose
prompt (fixed overhead + stories) plus the expected output fits the context window. A story
is never split across calls; one that does not fit alone gets a call of its own and is
flagged. `merge` sends one call per group of related stories, and a model group holds at
least two stories, so it makes at most n/2 calls, each paying the overhead: estimate-cost
packs at most MERGE_GROUP_MIN stories per call (``max_stories``), which bounds every grouping
`merge --dry-run` can plan (tests/test_cost_bound.py compares them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

DEFAULT_OUTPUT_RATIO = 1.0
MERGE_GROUP_MIN = 2  # the fewest stories a model group holds: merge makes at most n/2 calls
DEFAULT_PROMPT_OVERHEAD = 400  # used only when no prompt templates can be read; labelled so
# Every message of a chat prompt is wrapped by the chat template; counted as ChatML text.
CHAT_FRAMING = "<|im_start|>system\n<|im_end|>\n<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\n"


@dataclass(frozen=True)
class Request:
    prompt_tokens: int  # overhead + stories as rendered
    output_tokens: int  # expected: output_ratio x the stories' tokens (labels excluded)
    stories: int
    story_tokens: int
    oversized: bool = False  # a single story that alone does not fit the context


@dataclass
class Plan:
    tokenizer: str
    ctx: int
    prompt_overhead: int
    output_ratio: float
    story_capacity: int  # story tokens one call may carry
    reserved_output: int  # ctx - overhead - story_capacity
    requests: list[Request] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def prompt_tokens(self) -> int:
        return sum(r.prompt_tokens for r in self.requests)

    @property
    def output_tokens(self) -> int:
        return sum(r.output_tokens for r in self.requests)

    @property
    def story_tokens(self) -> int:
        return sum(r.story_tokens for r in self.requests)

    @property
    def min_calls(self) -> int:
        """Calls if stories could be cut anywhere: ceil(story tokens / capacity), a lower bound."""
        return math.ceil(self.story_tokens / self.story_capacity) if self.story_capacity > 0 else 0

    @property
    def oversized(self) -> int:
        return sum(r.oversized for r in self.requests)

    @property
    def max_prompt_tokens(self) -> int:
        return max((r.prompt_tokens for r in self.requests), default=0)

    def to_dict(self) -> dict:
        return {
            "tokenizer": self.tokenizer,
            "ctx": self.ctx,
            "prompt_overhead_tokens": self.prompt_overhead,
            "output_ratio": self.output_ratio,
            "story_capacity_tokens": self.story_capacity,
            "reserved_output_tokens": self.reserved_output,
            "calls": self.calls,
            "min_calls": self.min_calls,
            "story_tokens": self.story_tokens,
            "prompt_tokens": self.prompt_tokens,
            "output_tokens": self.output_tokens,
            "max_prompt_tokens": self.max_prompt_tokens,
            "oversized_stories": self.oversized,
        }


def story_capacity(ctx: int, overhead: int, output_ratio: float, reserve_output: int | None = None) -> int:
    """Story tokens per call. The output shares the context window with the prompt (a local
    model's KV cache holds both), so with c story tokens a call needs overhead + c + ratio*c:
    c = floor((ctx - overhead) / (1 + ratio)). An explicit reserve replaces the ratio."""
    room = ctx - overhead
    if reserve_output is not None:
        return max(0, room - reserve_output)
    return max(0, math.floor(room / (1.0 + output_ratio)))


def make_plan(
    story_tokens: Sequence[int],
    *,
    tokenizer: str,
    ctx: int,
    prompt_overhead: int,
    output_ratio: float = DEFAULT_OUTPUT_RATIO,
    reserve_output: int | None = None,
    position_tokens: Sequence[int] = (),
    max_stories: int | None = None,
) -> Plan:
    """Pack stories (their token counts as rendered in the prompt, in corpus order) greedily
    into calls of at most ``story_capacity`` story tokens and at most ``max_stories`` stories
    (None: no limit).

    ``position_tokens[k]`` is added for the k-th story of a call (0-based): the label a call
    gives its stories (S1, S2, ... S120) grows with the position, and so do its tokens."""
    if ctx <= 0:
        raise ValueError("ctx must be positive")
    if output_ratio < 0:
        raise ValueError("output_ratio must be >= 0")
    cap = story_capacity(ctx, prompt_overhead, output_ratio, reserve_output)
    plan = Plan(tokenizer, ctx, prompt_overhead, output_ratio, cap, ctx - prompt_overhead - cap)

    def close(n: int, tokens: int, body: int, oversized: bool = False) -> None:
        # The answer re-writes the stories' content; the labels are only the prompt's.
        if n:
            plan.requests.append(
                Request(prompt_overhead + tokens, math.ceil(output_ratio * body), n, tokens, oversized)
            )

    def extra(k: int) -> int:
        if not position_tokens:
            return 0
        return position_tokens[k] if k < len(position_tokens) else position_tokens[-1]

    n, tokens, body = 0, 0, 0
    for t in story_tokens:
        if n and (tokens + t + extra(n) > cap or (max_stories and n >= max_stories)):
            close(n, tokens, body)
            n, tokens, body = 0, 0, 0
        if t + extra(0) > cap:
            close(1, t + extra(0), t, oversized=True)  # alone and still too big: its own call, flagged
            continue
        tokens += t + extra(n)
        body += t
        n += 1
    close(n, tokens, body)
    return plan


def request_shapes(plan: Plan) -> list[tuple[int, int, int]]:
    """(prompt_tokens, output_tokens, how many requests) for each distinct request; pricing
    each distinct shape once prices every request without thousands of identical lookups."""
    shapes: dict[tuple[int, int], int] = {}
    for r in plan.requests:
        shapes[(r.prompt_tokens, r.output_tokens)] = shapes.get((r.prompt_tokens, r.output_tokens), 0) + 1
    return [(p, o, n) for (p, o), n in shapes.items()]
