"""Cell prompts as token ids: chat-template head + haystack (with needles) + question tail.

The chat template is rendered once around a marker and split there, so the template, the
instructions and the question are counted inside the cell's context length exactly as the
model will see them."""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.errors import OptionError
from storytransformer.needle.haystack import Body, UnitSource, build_body
from storytransformer.needle.needles import Fact, NeedleSpec, fact_depths

SYSTEM = "You are a careful assistant. Answer the question using only the document. Be brief and exact."
INSTRUCTIONS = "Read the document below. A question about it follows."
_MARKER = "\u2063HAYSTACK\u2063"  # invisible separator chars: never in real text
MIN_BODY_TOKENS = 16


@dataclass(frozen=True)
class Frame:
    head: tuple[int, ...]
    tail: tuple[int, ...]
    head_text: str
    tail_text: str


def render_frame(tokenizer, question: str, system: str = SYSTEM) -> Frame:
    user = f"{INSTRUCTIONS}\n\n<document>\n{_MARKER}\n</document>\n\nQuestion: {question}"
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    if getattr(tokenizer, "chat_template", None):
        rendered = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        head_text, tail_text = rendered.split(_MARKER, 1)
        # The rendered template already spells out BOS and role tokens as text.
        head = tokenizer(head_text, add_special_tokens=False)["input_ids"]
    else:  # a base model without a chat template: plain text, the tokenizer's own BOS
        head_text, tail_text = (f"{system}\n\n{user}\nAnswer:").split(_MARKER, 1)
        head = tokenizer(head_text, add_special_tokens=True)["input_ids"]
    tail = tokenizer(tail_text, add_special_tokens=False)["input_ids"]
    return Frame(tuple(head), tuple(tail), head_text, tail_text)


@dataclass
class CellPrompt:
    length: int  # the cell's context length: prompt + answer budget
    depth: float
    ids: list[int]
    shared_prefix: int  # ids[:shared_prefix] is head + haystack before the first needle (the
    # first fact asked about; distractors sit at fixed places and may come before it)
    haystack_tokens: int  # body + needles
    needle_offsets: list[int]  # where each needle starts (token index in ids)
    spec: NeedleSpec
    story_id: str | None = None
    exact: bool = True  # the haystack hit its token target exactly
    wrapped: bool = False  # the haystack source had to be repeated
    boundaries: list[int] = field(default_factory=list)

    @property
    def prompt_tokens(self) -> int:
        return len(self.ids)

    def text(self, tokenizer) -> str:
        return tokenizer.decode(self.ids)


class Planner:
    """Builds every cell prompt of a run from one haystack source and one needle spec."""

    def __init__(self, tokenizer, source: UnitSource, spec: NeedleSpec, *, system: str = SYSTEM):
        self.tokenizer = tokenizer
        self.source = source
        self.spec = spec
        self.frame = render_frame(tokenizer, spec.question, system)
        self.story_mode = spec.mode == "story"
        sep = "\n" if self.story_mode else " "  # story mode: the criterion is a new line of its story
        facts = list(spec.facts) + list(spec.distractors)
        encoded = tokenizer([sep + f.sentence for f in facts], add_special_tokens=False)["input_ids"]
        self._needle_ids: dict[Fact, tuple[int, ...]] = {f: tuple(ids) for f, ids in zip(facts, encoded, strict=True)}
        self._bodies: dict[int, Body] = {}

    @property
    def overhead(self) -> int:
        """Tokens of every cell that are not haystack text: template, question, needles, answer."""
        return (len(self.frame.head) + len(self.frame.tail) + sum(map(len, self._needle_ids.values()))
                + self.spec.max_new_tokens)

    def min_length(self) -> int:
        return self.overhead + MIN_BODY_TOKENS

    def body(self, length: int) -> Body:
        if length not in self._bodies:
            target = length - self.overhead
            if target < MIN_BODY_TOKENS:
                raise OptionError("--lengths", f"{length} tokens is too short for this prompt "
                                               f"(template, question and answer need {self.overhead}; "
                                               f"use at least {self.min_length()})")
            self._bodies[length] = build_body(self.source, target, stories_only=self.story_mode)
        return self._bodies[length]

    def cell(self, length: int, depth: float) -> CellPrompt:
        body = self.body(length)
        placed = [(body.boundary_for_depth(d, stories_only=self.story_mode), i, f)
                  for i, (d, f) in enumerate(fact_depths(self.spec, depth))]
        placed.sort(key=lambda t: (t[0], t[1]))
        ids: list[int] = list(self.frame.head)
        offsets: dict[Fact, int] = {}
        cursor = 0
        for k, _, fact in placed:
            for u in body.units[cursor:k]:
                ids.extend(u.ids)
            cursor = max(cursor, k)
            offsets[fact] = len(ids)
            ids.extend(self._needle_ids[fact])
        for u in body.units[cursor:]:
            ids.extend(u.ids)
        ids.extend(self.frame.tail)
        first = min(offsets[f] for f in self.spec.facts)
        spec = self.spec
        story_id = None
        if self.story_mode:
            k = placed[0][0]
            story_id = body.units[k - 1].story_id
            spec = spec.for_story(story_id)
        return CellPrompt(
            length=length, depth=depth, ids=ids, shared_prefix=first,
            haystack_tokens=body.tokens + sum(len(self._needle_ids[f]) for _, _, f in placed),
            needle_offsets=[offsets[f] for f in self.spec.facts], spec=spec, story_id=story_id,
            exact=body.exact, wrapped=body.wrapped, boundaries=[k for k, _, _ in placed],
        )
