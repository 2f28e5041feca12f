"""Haystacks of an exact token length, measured in the evaluated model's own tokenizer.

The haystack is assembled from *units* (one sentence each, carrying the whitespace that
precedes it) whose token ids are computed once. A prompt is the concatenation of token-id
segments (chat-template head, units, needle units, template tail), so its length is known
exactly without re-tokenizing, and every cell at one length shares the identical id prefix
up to its first needle: the property the KV-cache reuse in ``run.py`` relies on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from storytransformer.errors import OptionError
from storytransformer.needle.haystack_file import split_long

_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before whitespace
# and a capital letter, digit or opening quote. Abbreviations may split early; harmless here.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[A-Z0-9])")


@dataclass(frozen=True)
class Unit:
    """One sentence of haystack material, with the separator that precedes it."""

    text: str  # separator + sentence, exactly as it appears in the prompt
    ids: tuple[int, ...]
    story_id: str | None = None
    story_end: bool = True  # a needle may follow this unit (story mode: only at a story's end)

    def __len__(self) -> int:
        return len(self.ids)


def split_sentences(text: str) -> list[tuple[str, str]]:
    """Text -> [(separator, sentence)]: '\\n\\n' before paragraphs, '\\n' before lines, ' ' inside.
    A sentence longer than haystack_file.MAX_PIECE_CHARS is cut at spaces into several."""
    out: list[tuple[str, str]] = []
    for p_index, paragraph in enumerate(_PARAGRAPH.split(text.strip())):
        for l_index, line in enumerate(l for l in paragraph.split("\n") if l.strip()):
            line = line.strip()
            sentences = (piece for s in _SENTENCE_END.split(line) if s.strip() for piece in split_long(s.strip()))
            for s_index, sentence in enumerate(sentences):
                if s_index:
                    sep = " "
                elif l_index:
                    sep = "\n"
                else:
                    sep = "\n\n" if p_index else ""
                out.append((sep, sentence.strip()))
    return out


@dataclass
class SourcePiece:
    text: str
    story_id: str | None = None
    story_end: bool = True


def pieces_from_text(text: str) -> list[SourcePiece]:
    # The first sentence gets a space too, so a needle placed before it stays a separate sentence.
    return [SourcePiece((sep or " ") + s) for sep, s in split_sentences(text)]


def pieces_from_stories(stories: Iterable) -> list[SourcePiece]:
    """Stories -> sentence pieces; each story starts a paragraph headed by its id, so a model
    can name the story it read something in."""
    pieces: list[SourcePiece] = []
    for story in stories:
        sentences = split_sentences(story.text)
        if not sentences:
            continue
        for i, (sep, sentence) in enumerate(sentences):
            if i == 0:
                sep = "\n\n" if pieces else ""
                sentence = f"Story {story.id}: {sentence}"
            pieces.append(SourcePiece(sep + sentence, story.id, story_end=(i == len(sentences) - 1)))
    return pieces


class UnitSource:
    """Haystack material, tokenized lazily and read cyclically from the start.

    Every haystack starts at the beginning of the source, so a shorter haystack is (up to the
    exact-length fix-up at its end) a prefix of a longer one. ``wrapped`` records that a
    haystack needed more text than the source has (it then repeats, and the caller warns)."""

    def __init__(self, pieces: Sequence[SourcePiece], tokenizer, name: str, *, batch: int = 512):
        if not pieces:
            raise OptionError("--haystack", f"{name}: no text to build a haystack from")
        self.pieces = list(pieces)
        self.tokenizer = tokenizer
        self.name = name
        self._batch = batch
        self._units: list[Unit] = []
        self._wrap_units: dict[int, Unit] = {}  # index -> unit re-tokenized with a paragraph break
        self.wrapped = False

    def _tokenize_until(self, n: int) -> None:
        while len(self._units) < min(n, len(self.pieces)):
            start = len(self._units)
            chunk = self.pieces[start:start + self._batch]
            encoded = self.tokenizer([p.text for p in chunk], add_special_tokens=False)["input_ids"]
            self._units.extend(Unit(p.text, tuple(ids), p.story_id, p.story_end) for p, ids in zip(chunk, encoded, strict=True))

    def unit(self, index: int) -> Unit:
        """The index-th unit of the endless stream (the source repeated)."""
        size = len(self.pieces)
        lap, i = divmod(index, size)
        self._tokenize_until(i + 1)
        u = self._units[i]
        if lap == 0 or i != 0:
            return u
        self.wrapped = True
        # The source's first unit has no separator; when it follows the source's end it needs one.
        wrapped = self._wrap_units.get(i)
        if wrapped is None:
            text = "\n\n" + u.text.lstrip()
            ids = self.tokenizer([text], add_special_tokens=False)["input_ids"][0]
            wrapped = self._wrap_units[i] = Unit(text, tuple(ids), u.story_id, u.story_end)
        return wrapped

    def total_tokens(self) -> int:
        self._tokenize_until(len(self.pieces))
        return sum(len(u) for u in self._units)


@dataclass
class Body:
    """The haystack text without needles: units whose token counts add up to ``tokens``."""

    units: list[Unit]
    target: int
    wrapped: bool = False
    offsets: list[int] = field(default_factory=list)  # token offset of each boundary 0..len(units)

    def __post_init__(self):
        if not self.offsets:
            acc = [0]
            for u in self.units:
                acc.append(acc[-1] + len(u))
            self.offsets = acc

    @property
    def tokens(self) -> int:
        return self.offsets[-1]

    @property
    def exact(self) -> bool:
        return self.tokens == self.target

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)

    def boundary_for_depth(self, depth: float, *, stories_only: bool = False) -> int:
        """Index of the sentence boundary nearest ``depth`` percent of the body's tokens
        (0 = before the first sentence, len(units) = after the last)."""
        want = self.tokens * depth / 100.0
        candidates = range(len(self.units) + 1)
        if stories_only:
            candidates = [k for k in candidates if k > 0 and self.units[k - 1].story_end and self.units[k - 1].story_id]
            if not candidates:
                raise OptionError("--mode", "story mode needs a haystack made of stories")
        else:
            # Fast path: offsets are sorted, so the nearest boundary is next to the insertion point.
            k = bisect_left(self.offsets, want)
            near = [c for c in (k - 1, k) if 0 <= c <= len(self.units)]
            return min(near, key=lambda c: (abs(self.offsets[c] - want), c))
        return min(candidates, key=lambda c: (abs(self.offsets[c] - want), c))


def build_body(source: UnitSource, target: int, *, spares: int = 400, stories_only: bool = False) -> Body:
    """Whole sentences, in source order, adding up to exactly ``target`` tokens.

    Greedy fill, then the remaining gap is closed with one or two spare sentences taken from
    further along the source whose lengths sum to the gap exactly, backing off a sentence at
    a time when no combination fits. Falls back to the closest length below the target
    (``Body.exact`` is then False) only when no combination exists at all, e.g. a tiny target.
    In story mode spares are whole one-sentence stories, so no story is cut in two."""
    if target <= 0:
        return Body([], target)
    body, total = _greedy_fill(source, target)
    index = len(body)
    # Spare pool: the sentences after the greedy fill (a natural continuation of the text).
    pool, pool_index = _spare_pool(source, index, spares, stories_only)
    by_len: dict[int, list[int]] = {}
    for j, u in enumerate(pool):
        by_len.setdefault(len(u), []).append(j)
    popped = 0
    while True:
        extra = _exact_gap_fill(by_len, target - total)
        if extra is not None:
            body.extend(pool[p] for p in extra)
            break
        if not body or popped >= 8:
            break
        total -= len(body.pop())
        popped += 1
    if extra is None:  # no exact combination: undo the back-off, keep the closest fill below
        body = [source.unit(j) for j in range(index)]
    size = len(source.pieces)
    greedy_used = index - (popped if extra is not None else 0)
    wrapped = greedy_used > size or any(pool_index[p] >= size for p in (extra or []))
    return Body(body, target, wrapped=wrapped)


def _greedy_fill(source: UnitSource, target: int) -> tuple[list[Unit], int]:
    """Units from the start of the stream while they fit in `target` -> (units, tokens)."""
    body: list[Unit] = []
    total = 0
    while True:
        u = source.unit(len(body))
        if total + len(u) > target:
            return body, total
        body.append(u)
        total += len(u)


def _spare_pool(source: UnitSource, start: int, spares: int, stories_only: bool) -> tuple[list[Unit], dict[int, int]]:
    """The `spares` units after `start` (in story mode only whole one-sentence stories) ->
    (pool, pool position -> stream index, to tell whether a spare wrapped around)."""
    pool: list[Unit] = []
    pool_index: dict[int, int] = {}
    for j in range(start, start + spares):
        u = source.unit(j)
        if stories_only and not (u.story_end and u.text.lstrip().startswith("Story ")):
            continue
        pool_index[len(pool)] = j
        pool.append(u)
    return pool, pool_index


def _exact_gap_fill(by_len: dict[int, list[int]], gap: int) -> list[int] | None:
    """One or two pool positions whose lengths sum to `gap` exactly ([] for no gap), else None."""
    if gap == 0:
        return []
    if gap in by_len:
        return [by_len[gap][0]]
    for a_len, a_idx in by_len.items():
        b_len = gap - a_len
        if b_len <= 0 or b_len not in by_len:
            continue
        a, b = a_idx[0], next((x for x in by_len[b_len] if x != a_idx[0]), None)
        if b is not None:
            return [a, b]
    return None
