"""The two sides of a check: the claims a merged story makes, and the source sentences.

A claim is one field of the merged story (role, goal, benefit, one acceptance criterion) with
the story ids it says it comes from. A source sentence is one part of a source story: its
role, goal, benefit, each acceptance criterion, and each sentence or line of its raw text
(stories that could not be structured, Gherkin steps, prose criteria).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.cues import Analysis, analyse

_SPLIT = re.compile(r"\n+|(?<=[.!?;])\s+(?=[A-Z0-9\"'(])")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|\[[ xX]\])\s*")
_HEADER = re.compile(r"^\s*(?:acceptance criteria|criteria|ac|notes?)\s*:?\s*$", re.I)


@dataclass(frozen=True)
class SourceSentence:
    story_id: str
    part: str  # "role" | "goal" | "benefit" | "criterion" | "text"
    index: int  # the criterion's index in its story; 0 for the other parts
    text: str
    analysis: Analysis

    def cite(self) -> str:
        return f"{self.story_id}: {self.text}"


@dataclass(frozen=True)
class Claim:
    field: str  # "role" | "goal" | "benefit" | "acceptance_criteria[i]"
    text: str
    cited: tuple[str, ...]  # story ids it names as its sources; () = align among all sources
    analysis: Analysis

    @property
    def is_criterion(self) -> bool:
        return self.field.startswith("acceptance_criteria")


def _text_sentences(text: str) -> list[str]:
    out = []
    for piece in _SPLIT.split(text or ""):
        piece = _BULLET.sub("", piece).strip()
        if piece and not _HEADER.match(piece) and not piece.startswith("#"):
            out.append(piece)
    return out


def _glued(criterion: str, lines: Sequence[str]) -> bool:
    """A criterion that is two or more of the story's own lines read as one (bullets the
    reader joined): its lines stand for it, each a criterion; the whole would let a claim
    borrow one line's modality or negation for another line's words."""
    return sum(1 for ln in lines if ln in criterion and ln != criterion) >= 2


def _inside(text: str, story_text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True when every place ``text`` stands in the story's text overlaps a control span (a
    sentence that opens 'Answer: {"stories": ...' is control text from its first word)."""
    at = story_text.find(text)
    if at < 0:
        return False
    while at >= 0:
        if not any(start < at + len(text) and at < end for start, end in spans):
            return False
        at = story_text.find(text, at + 1)
    return True


@lru_cache(maxsize=50_000)
def control_sentences(story: Story) -> tuple[SourceSentence, ...]:
    """The story's sentences that are control text (``guard.control_spans``: an instruction
    to the model and what follows it in its paragraph, a chat marker, a merge answer pasted
    into the story). They support no claim: "add the criterion: All records are deleted" is
    no source stating that records are deleted."""
    from storytransformer.guard import control_spans

    spans = control_spans(story.text)
    if not spans:
        return ()
    return tuple(s for s in _all_sentences(story) if _inside(s.text, story.text, spans))


@lru_cache(maxsize=50_000)
def _sentences(story: Story) -> tuple[SourceSentence, ...]:
    control = set(control_sentences(story))
    return tuple(s for s in _all_sentences(story) if s not in control)


def _all_sentences(story: Story) -> tuple[SourceSentence, ...]:
    out: list[SourceSentence] = []
    for part in ("role", "goal", "benefit"):
        value = (getattr(story, part) or "").strip()
        if value:
            out.append(SourceSentence(story.id, part, 0, value, analyse(value)))
    lines = _text_sentences(story.text)
    for i, c in enumerate(story.acceptance_criteria):
        if c.strip() and not _glued(c.strip(), lines):
            out.append(SourceSentence(story.id, "criterion", i, c.strip(), analyse(c.strip())))
    known = {s.text for s in out}
    criteria = [c for c in story.acceptance_criteria if c.strip()]
    for sentence in lines:
        if sentence not in known:
            known.add(sentence)
            # A line inside a longer criterion (bullets the reader glued into one criterion)
            # is itself a criterion: the merge's copy of that line aligns to it, not to the
            # glued whole with its neighbours' modality ("doit" / "peut") and negation.
            part = "criterion" if any(sentence in c and sentence != c.strip() for c in criteria) else "text"
            out.append(SourceSentence(story.id, part, 0, sentence, analyse(sentence)))
    return tuple(out)


def source_sentences(stories: Sequence[Story]) -> list[SourceSentence]:
    """Every sentence of the given stories, in story order (cached per story)."""
    return [s for story in stories for s in _sentences(story)]


def claims_of(fields: dict, cited: Sequence[Sequence[str]] | None = None) -> list[Claim]:
    """The checkable claims of a merged story. ``fields``: role, goal, benefit (str) and
    acceptance_criteria (list of str, or of {"text", "sources"}); ``cited``: per criterion,
    the story ids it names (overrides sources inside the criteria)."""
    # Texts are kept as given (not stripped): spans are offsets into the field as written.
    out = [Claim(name, str(fields.get(name) or ""), (), analyse(str(fields.get(name) or "")))
           for name in ("role", "goal", "benefit") if str(fields.get(name) or "").strip()]
    for i, item in enumerate(fields.get("acceptance_criteria") or ()):
        text, ids = (item.get("text", ""), tuple(item.get("sources") or ())) if isinstance(item, dict) else (item, ())
        if cited is not None and i < len(cited):
            ids = tuple(cited[i])
        text = str(text)
        if text.strip():
            out.append(Claim(f"acceptance_criteria[{i}]", text, ids, analyse(text)))
    return out
