"""Reasons in the stories' own words: each quoted list of slot tokens in a relation's reason
("different roles: 'manager practice' vs 'patient'") replaced by the shortest stretch of the
story's text that says those words ("'practice manager' vs 'patient'").

    in_their_words("different roles: 'manager practice' vs 'patient'", story_a, story_b)

Why: the decision compares lemmas with function words dropped, synonyms mapped and role
words sorted (slots.py), which is right for deciding and unreadable for a person: "'view
creating account'", "'cancell'", "'officer payroll'". A product owner reads the phrase as
the story wrote it. Quotes are matched to the stories by position: a quote before " vs "
is the first story's (``a``, the link's source), one after it the second's, one after "the
first story" / "the second story" that story's; any other quote (or one not found where
expected) is looked up in both, the shorter stretch shown. A number alone is shown with the word
after it ("'24 hours'"), a phrase right after a negation with the negation ("'without
creating an account'"). A quote whose words are not in either story (a synonym the lexicon
mapped, a model's words) is left as it was; an empty one reads "none". Only the quotes
change: the rest of the reason is written by the rules in decide.py and friends.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storytransformer.relate.lexicon import NEGATIONS, PHRASES
from storytransformer.relate.slots import phrase, story_language
from storytransformer.relate.units import TIME_UNITS, quantity_spans
from storytransformer.stories import Story

MAX_SHOWN = 90  # characters of a story's phrase shown in a reason, at a word boundary
# A quote opens after a non-word character and closes before one ("the other's need" is no
# quote); an apostrophe inside a word stays inside ("'Leo's name'").
_QUOTE = re.compile(r"(?<!\w)'((?:[^'\n]|'(?=\w))*)'(?!\w)")
# A quoted string or a placeholder is one chunk, as slots.py reads it ("Hello world", <number>).
_CHUNK = re.compile(r"\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|<[\w .-]{1,40}>|\S+")
# lexicon.PHRASES as one pass, as slots.py runs it: group n is the n-th phrase's word.
_MULTIWORD = re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p, _ in PHRASES) + ")", re.IGNORECASE)
_EDGE = " \t\n.,;:!?*_-–—"  # stripped off a shown phrase's ends (markdown, punctuation; not quotes)
BACK_OVER = 5  # function or filler words a negation may stand before the quoted words ("not want to receive the")


def in_their_words(reason: str, a: Story, b: Story) -> str:
    """``reason`` with its quoted token lists in the words of ``a`` (the first story) and ``b``."""
    return Quoter()(reason, a, b)


class Quoter:
    """``in_their_words`` for many links: each story's text is read once, and each quote looked
    up once per story (kept for the life of this object; on 10,000 stories a shared bounded
    cache kept re-reading them)."""

    def __init__(self):
        self._indexes: dict[int, tuple] = {}

    def __call__(self, reason: str, a: Story, b: Story) -> str:
        if "'" not in reason:
            return reason
        out, last = [], 0
        for m in _QUOTE.finditer(reason):
            before, after = reason[max(0, m.start() - 4):m.start()], reason[m.end():m.end() + 4]
            said = reason[:m.start()]  # "the second story rules out ...: '...'" quotes the second story
            second = before == " vs " or ("the second story" in said and after != " vs ")
            prefer = after == " vs " or second or "the first story" in said
            out += [reason[last:m.start()], self._shown(m.group(1), (b, a) if second else (a, b), prefer)]
            last = m.end()
        return "".join(out) + reason[last:]

    def _said(self, story: Story, quoted: str) -> tuple[int, str] | None:
        """(characters ``story`` needs to say every "; "-separated part of ``quoted``, that
        stretch as shown), None when it does not say them all. Each quote is looked up once per
        story: a story's role or need is quoted in many of its links (10,000 stories: 170,000
        look-ups, 25,000 different)."""
        key = id(story)
        if key not in self._indexes:  # the story keeps its id alive
            self._indexes[key] = (story, _story_index(story.text, story_language(story)), {})
        _, index, said = self._indexes[key]
        if quoted not in said:
            parts = [p.strip().rstrip("…").split() for p in quoted.split("; ")]
            spans = [_find(index, words) for words in parts]
            if not all(spans):  # too far apart for one stretch ("YES" ... "NO"): each word where it is
                spans = [_find(index, [w]) for words in parts for w in words]
            said[quoted] = ((sum(e - s for s, e in spans), _joined(index[0], spans, quoted.rstrip().endswith("…")))
                            if all(spans) else None)
        return said[quoted]

    def _shown(self, quoted: str, stories: tuple[Story, Story], prefer: bool) -> str:
        """One quote in the stories' words: each "; "-separated part found in one story (the
        first of ``stories`` when it says them all and ``prefer``, else the one that says them
        in fewer characters), parts that overlap there shown once."""
        if not quoted.strip():
            return "none"
        found = []
        for story in stories:
            said = self._said(story, quoted)
            if said is not None:
                found.append(said)
                if prefer:
                    break
        if not found:
            return f"'{quoted}'"
        return "'" + min(found, key=lambda f: f[0])[1] + "'"


def _joined(text: str, spans, cut: bool) -> str:
    """The spans' text in order, overlapping ones as one, whitespace collapsed, long ones cut."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    shown = "; ".join(_balanced(" ".join(text[a:b].split()).strip(_EDGE)) for a, b in merged)
    if cut or len(shown) > MAX_SHOWN:
        shown = shown[:MAX_SHOWN].rsplit(" ", 1)[0].rstrip(_EDGE) + " …"
    return shown


def _index(text: str, lang: str):
    """(the text (NFKC), its chunks in order: (start, end, the slot words it gives (marks
    stripped), those and the word as written), each word -> the chunks that give it).
    Multi-word phrases the lexicon maps to one word ("sign in") are chunks too."""
    text = unicodedata.normalize("NFKC", text)
    # A word is also itself: in context slots.py may keep a form it maps alone ("a reserved
    # slot" keeps 'reserved'; "reserved" alone is the action '!book').
    chunks = [(m.start(), m.end(), *_both(m.group(0), lang)) for m in _CHUNK.finditer(text)]
    chunks += [(m.start(), m.end(), w, w) for m in _MULTIWORD.finditer(text)
               for w in (_words(PHRASES[m.lastindex - 1][1], lang),)]
    # a number with its unit, read canonically by slots.py ("14 jours" is "2 week": units.py)
    chunks += [(start, end, w, w) for start, end, written in quantity_spans(text) for w in (_words(written, lang),)]
    chunks.sort(key=lambda c: (c[0], -c[1]))
    where: dict[str, list[int]] = {}
    for n, (_, _, _, words) in enumerate(chunks):
        for w in words:
            where.setdefault(w, []).append(n)
    return text, chunks, where


@lru_cache(maxsize=50_000)
def _story_index(text: str, lang: str):
    """``_index`` once per text for the whole run: the links' Quoter and group_reasons' Quoter
    read the same stories (10,000 stories: 13,500 readings of 9,800 texts, ~3 s). Read only."""
    return _index(text, lang)


@lru_cache(maxsize=100_000)
def _both(chunk: str, lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the slot words of a chunk, those and the chunk as written)."""
    content = _words(chunk, lang)
    word = chunk.strip(_EDGE + "\"'“”()[]").casefold()
    return content, (content | {word}) if word else content


@lru_cache(maxsize=100_000)
def _words(chunk: str, lang: str) -> frozenset[str]:
    return frozenset(w for t in phrase(chunk, lang).tokens for w in t.lstrip("#@!").split())


def _find(index, wanted: list[str]) -> tuple[int, int] | None:
    """(start, end) of the shortest stretch of the text whose chunks give every wanted word,
    with a negation just before it and, for numbers alone, what they count; None if none."""
    text, chunks, where = index
    need = set(wanted)
    if not need or any(w not in where for w in need):
        return None
    hits = sorted({n for w in need for n in where[w]})  # only chunks that give a wanted word
    reach = 4 * len(need) + 6  # chunks one stretch may span
    best: tuple[int, int, int] | None = None  # (length, first chunk, last chunk)
    for k, i in enumerate(hits):
        got: set[str] = set()
        for j in hits[k:]:
            if j - i >= reach:
                break
            got |= chunks[j][3] & need
            if got == need:
                if best is None or chunks[j][1] - chunks[i][0] < best[0]:
                    best = (chunks[j][1] - chunks[i][0], i, j)
                break
    if best is None:
        return None
    _, i, j = best
    i = _with_negation(text, chunks, i)
    if all(_NUMBER.fullmatch(w) for w in need) and chunks[j][2] <= need:
        j = _with_unit(chunks, j)
    return chunks[i][0], chunks[j][1]


_NUMBER = re.compile(r"[£$€¥]?\d+(?:[.,:]\d+)*%?")


def _balanced(text: str) -> str:
    """Without a bracket the stretch cut off from its pair ("5 days)"), or that wraps it whole."""
    for left, right in ("()", "[]"):
        if text.startswith(left) and text.endswith(right) and text.count(left) == 1 and text.count(right) == 1:
            text = text[1:-1]
        if text.endswith(right) and text.count(right) > text.count(left):
            text = text[:-1].rstrip(_EDGE)
        if text.startswith(left) and text.count(left) > text.count(right):
            text = text[1:].lstrip(_EDGE)
    return text


def _with_unit(chunks, j: int) -> int:
    """``j`` moved on to what a number counts: the next content word over at most one function
    word ("24 hours", "half an hour"), and a time unit right after it ("3 working days")."""
    k = j + 1
    if k + 1 < len(chunks) and not chunks[k][2] and chunks[k + 1][2] & TIME_UNITS:
        return k + 1  # "half an hour"
    if k >= len(chunks) or not chunks[k][2] or all(_NUMBER.fullmatch(w) for w in chunks[k][2]):
        return j
    if k + 1 < len(chunks) and chunks[k + 1][2] & TIME_UNITS and not chunks[k][2] & TIME_UNITS:
        return k + 1
    return k


def _with_negation(text: str, chunks, i: int) -> int:
    """``i`` moved back to a negation standing (over a few function words) before chunk ``i``."""
    k = i - 1
    while k >= 0 and i - k <= BACK_OVER + 1:
        word = text[chunks[k][0]:chunks[k][1]].strip(_EDGE).casefold().replace("’", "'")
        if word in NEGATIONS or word.endswith("n't"):
            return k
        if chunks[k][2] or not word:  # a content word (or punctuation) between: not its negation
            return i
        k -= 1
    return i
