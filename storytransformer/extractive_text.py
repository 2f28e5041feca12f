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


class Kept:
    """The criterion keys a merged story already states, indexed so that a long story (a
    tester's held 172,942 characters) is not compared sentence by sentence with every other.
    Two keys are near-duplicates only with the same guard words (numbers, negations, ...),
    when the shorter's content words all appear in the longer and cover ``MIN_COVERAGE`` of
    it: so only keys with the same guards, one of the sentence's words and a length in that
    range are compared, at most ``MAX_COMPARED`` (beyond that a sentence is kept: repeated,
    never lost)."""

    MAX_COMPARED = 200

    def __init__(self, keys: Iterable = ()):
        self._exact: set[str] = set()
        self._index: dict[tuple, dict[int, list]] = {}  # (guards, word) -> content length -> keys
        for key in keys:
            self.add(key)

    def add(self, key) -> None:
        self._exact.add(key.exact)
        for word in set(key.content):
            self._index.setdefault((key.guards, word), {}).setdefault(len(key.content), []).append(key)

    def _candidates(self, key) -> Iterable:
        from storytransformer.extractive import MIN_COVERAGE

        n = len(key.content)
        by_len = [self._index.get((key.guards, w), {}) for w in set(key.content)]
        if not by_len or not all(by_len):  # no content word: only an exact match counts
            rarest = {}  # some word of ``key`` is in no kept key: none holds all of its words
        else:
            rarest = min(by_len, key=lambda d: sum(map(len, d.values())))
        for length, keys in rarest.items():  # kept keys as long or longer: they hold every word of key
            if n <= length <= n / MIN_COVERAGE:
                yield from keys
        for d in by_len:  # shorter kept keys: all their words are in key
            for length in range(max(1, int(n * MIN_COVERAGE)), n):
                yield from d.get(length, ())

    def states(self, key) -> bool:
        from storytransformer.extractive import near_duplicates

        if key.exact in self._exact:
            return True
        seen: set[int] = set()
        for k in self._candidates(key):
            if id(k) in seen:
                continue
            if len(seen) >= self.MAX_COMPARED:
                return False
            seen.add(id(k))
            if near_duplicates(k, key):
                return True
        return False


def covered(text: str, kept: Kept) -> bool:
    """True when ``text`` says what one of the kept criterion keys says (near-duplicate)."""
    from storytransformer.extractive import criterion_key

    key = criterion_key(text)
    if not key.content and not key.numbers:
        return True  # only markup, stop words or a label: nothing a reader could miss
    return kept.states(key)


def _lines_left(story: Story, kept: Kept) -> list[str]:
    """The lines of ``story`` (its title first, then its text less its criteria lines) with
    only the sentences not covered by ``kept``; each sentence kept joins ``kept``."""
    from storytransformer.extractive import criterion_key, story_text

    out = []
    for line in [story.title, *story_text(story).splitlines()]:
        new = [s for s in sentences(line) if not covered(s, kept)]
        for s in new:
            kept.add(criterion_key(s))
        if new:
            out.append(" ".join(new))
    return out


def conserved_text(base_text: str, base_title: str, criteria: Sequence[str], others: Sequence[Story]) -> str:
    """``base_text`` followed, per story of ``others`` (group order) with anything left, by a
    "From <id>: " paragraph holding its title and text sentences that neither the base's
    title or text nor ``criteria`` (the merged criteria, every story's) already state."""
    from storytransformer.extractive import criterion_key

    kept = Kept(criterion_key(t) for t in (base_title, *criteria) if t.strip())
    for line in base_text.splitlines():
        for s in sentences(line):
            kept.add(criterion_key(s))
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

    kept = Kept(criterion_key(t) for t in (keep.title, *keep.acceptance_criteria) if t.strip())
    for line in keep.text.splitlines():
        for s in sentences(line):
            kept.add(criterion_key(s))
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
