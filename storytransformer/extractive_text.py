"""What the extractive merge keeps of the stories that are not its base: every sentence of
their text that the merged story does not already state.

The merged story is the base story's text plus the union of acceptance criteria
(``extractive.py``). A duplicate group's other stories also have a title, a narrative and
description sentences ("1-5 stars plus comment.", "Max 200 characters.") that are no
criteria; before, only the base's were carried and the rest survived only under "originals
kept for review". Now each other story's sentences that are not a near-duplicate
(``extractive.near_duplicates``: same content words in order, same numbers, negations,
modal verbs and restrictions) of a sentence already kept are added, verbatim, after a
"From <story id>:" line that cites them:

    As a customer, I want to add delivery instructions      <- the base's text
    Max 200 characters.

    From LOG-144: As a customer, I want to rate my delivery  <- LOG-144's title (not covered)
    1-5 stars plus comment.                                 <- LOG-144's description

Nothing is invented (every added line is a source's words, split at sentence ends only),
and nothing is lost unless it is a near-duplicate of something kept: the near-duplicate test
keeps apart sentences that differ in a number or a qualifier.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from storytransformer.stories import Story

# Sentence ends inside one line: after . ! ? ; and before the next word (numbers like "1.5"
# and abbreviations without a following space are never cut).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
CITE = "From {id}: "  # the line that says which story the sentences after it come from


_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")  # "- ", "* ", "1. ": markup, not a sentence


def sentences(line: str) -> list[str]:
    """The sentences of one line, as written (stripped, without a list marker), in order."""
    return [s.strip() for s in _SENTENCE_END.split(_LIST_MARK.sub("", line).strip()) if s.strip()]


def covered(text: str, kept: Iterable) -> bool:
    """True when ``text`` says what one of the kept criterion keys says (near-duplicate)."""
    from storytransformer.extractive import criterion_key, near_duplicates

    key = criterion_key(text)
    if not key.content and not key.numbers:
        return True  # only markup, stop words or a label: nothing a reader could miss
    return any(near_duplicates(k, key) for k in kept)


def _lines_left(story: Story, kept: list) -> list[str]:
    """The lines of ``story`` (its title first, then its text less its criteria lines) with
    only the sentences not covered by ``kept``; each sentence kept joins ``kept``."""
    from storytransformer.extractive import criterion_key, story_text

    out = []
    for line in [story.title, *story_text(story).splitlines()]:
        new = [s for s in sentences(line) if not covered(s, kept)]
        kept += [criterion_key(s) for s in new]
        if new:
            out.append(" ".join(new))
    return out


def conserved_text(base_text: str, base_title: str, criteria: Sequence[str], others: Sequence[Story]) -> str:
    """``base_text`` followed, per story of ``others`` (group order) with anything left, by a
    "From <id>: " paragraph holding its title and text sentences that neither the base's
    title or text nor ``criteria`` (the merged criteria, every story's) already state."""
    from storytransformer.extractive import criterion_key

    kept = [criterion_key(t) for t in (base_title, *criteria) if t.strip()]
    kept += [criterion_key(s) for line in base_text.splitlines() for s in sentences(line)]
    parts = [base_text.strip()] if base_text.strip() else []
    for story in others:
        left = _lines_left(story, kept)
        if left:
            parts.append(CITE.format(id=story.id) + "\n".join(left))
    return "\n\n".join(parts)


def adds_text(keep: Story, others: Sequence[Story]) -> bool:
    """True when a story of ``others`` has a sentence in its text (its title aside: trackers
    title copies differently) that ``keep`` does not state: such stories are not copies of
    ``keep``, and keeping only ``keep`` would lose that sentence."""
    from storytransformer.extractive import criterion_key, story_text

    kept = [criterion_key(t) for t in (keep.title, *keep.acceptance_criteria) if t.strip()]
    kept += [criterion_key(s) for line in keep.text.splitlines() for s in sentences(line)]
    return any(not covered(s, kept) for story in others
               for line in story_text(story).splitlines() for s in sentences(line))


def without_citations(text: str, story_ids: Sequence[str]) -> str:
    """``text`` less the "From <id>: " marks ``conserved_text`` put before sentences it
    added (for checks that compare a merged text's words with its sources')."""
    marks = tuple(CITE.format(id=i) for i in story_ids)
    return "\n".join(line[len(next(m for m in marks if line.startswith(m))):] if line.startswith(marks) else line
                     for line in text.split("\n"))


def added_part(text: str, story_ids: Sequence[str]) -> str:
    """The part of a merged text that ``conserved_text`` added (from the first "From <id>: "
    line on), "" when none: what a view showing only role/goal/benefit must add."""
    marks = tuple(CITE.format(id=i) for i in story_ids)
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(marks)), None) if marks else None
    return "" if start is None else "\n".join(lines[start:])
