"""The last check before merge groups are built: no pair that is about to share a merge
group may contradict itself, whatever stage decided it (a slot rule, similarity, meaning,
the sameness gate, the model as a judge).

    decided = guard(stories, units, decided, slots_of)   # duplicates/overlaps that clash -> "conflict"

decide.py already runs ``decide.contradiction`` on the pairs it calls duplicates, but on
their slots only: a story with no "I want ..." goal is compared on its title ("Check-in
time" / "Earliest check-in"), and its description ("Online check-in opens at 14:00") is in
no slot. Here each such story's text is read sentence by sentence too, and a judge's
duplicate gets the same check as a rule's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

MAX_SENTENCES = 20  # sentences of one story's text read (a long description is mostly notes)
MAX_SENTENCE_CHARS = 400
_SENTENCE = re.compile(r"[^\n.!?;]+(?:[.!?;](?!\d)|$)|[^\n]+", re.MULTILINE)


def guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list, slots_of: Callable,
          before: list | None = None) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with every duplicate or
    overlap whose stories contradict each other (decide.contradiction on their slots plus,
    for stories with no goal, their text's sentences) turned into a "conflict" with that
    reason. ``slots_of(position)`` gives a story's Slots. decide() has checked its own
    duplicates on their slots already: only pairs with a story that has no goal, and pairs that
    became a duplicate or overlap after ``before`` (the decisions a later stage, the judge,
    started from), are checked here (10,000 stories: the check on every pair cost ~15 s)."""
    from storytransformer.relate.decide import Decision, contradiction

    read: dict[int, object] = {}

    def full(unit: int):
        position = units[unit][0]
        if position not in read:
            read[position] = _with_text(stories[position], slots_of(position))
        return read[position]

    merging = ("duplicate", "overlap")
    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation not in merging:
            continue
        new = before is not None and before[n][3].relation not in merging
        if not new and not _unread(stories[units[a][0]]) and not _unread(stories[units[b][0]]):
            continue  # decide() has seen all of both stories
        clash = contradiction(full(a), full(b), any_units=True)
        if clash:
            out[n] = (a, b, score, Decision("conflict", clash))
    return out


def _unread(story) -> bool:
    """The story says more than its slots read: no goal, and a title standing for a longer text
    ("Check-in time" + "Online check-in opens at 14:00"), or a text longer than a need is read."""
    if story.goal:
        return False
    text = story.text.strip()
    title = (story.title or "").strip()
    return (bool(title) and len(text) > len(title) + 3) or len(text) > UNREAD_CHARS


UNREAD_CHARS = 300  # a need is read on its first 60 content words (slots.MAX_NEED_TOKENS)


def _with_text(story, slots):
    """``slots`` with the sentences of a story that has no goal added as criteria: what its
    description states is compared too."""
    from storytransformer.relate.slots import Step, phrase

    if story.goal:
        return slots  # the need and criteria are the story (the rest is its narrative)
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(story.text[:MAX_SENTENCES * MAX_SENTENCE_CHARS])]
    steps = tuple(Step("text", phrase(t[:MAX_SENTENCE_CHARS], slots.lang))
                  for t in sentences[:MAX_SENTENCES] if len(t) > 3)
    return replace(slots, criteria=slots.criteria + steps)
