"""Two bounds on one measure: stories about to be merged that set one limit to two values.

    decided = bound_guard(stories, units, decided)

"Claims scoring above 70 are routed to the fraud team" against "claims scoring above 80 go to
the investigations unit" (tester t24, finding 4), "orders over 50 EUR ship free" / "orders over
40 EUR ship free", "Bestellungen über 50 EUR" / "über 40 EUR": one measure, one comparison, two
values. Similarity reads them as one need; merged, the story would state both limits, or one of
them with the other lost. Such a pair is a conflict for a person to settle.

A bound is a comparison word ("above", "over", "more than", "at least", "up to", "below"; de, fr,
es, it too) followed by a number; its measure is the content word before the comparison
("scoring", "orders") or, failing that, the word after the number ("3 requests"). Two stories
conflict when they have a bound of one direction (upper or lower) on one measure (the same word
up to a plural or -ing ending) with other numbers, and no bound on that measure agrees. Asked
only of pairs decided duplicate or overlap without hard evidence (nothing in the slots vouched).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Comparison words, by direction: "over 50" is a lower bound of what qualifies ("more than").
_MORE = r"above|over|more than|greater than|exceeding|higher than|at least|minimum of|min\.?|" \
        r"über|mehr als|mindestens|ab|au-dessus de|plus de|au moins|supérieure? à|" \
        r"más de|por encima de|al menos|superior a|oltre|più di|sopra|almeno|superiore a"
_LESS = r"below|under|less than|lower than|at most|up to|maximum of|max\.?|no more than|" \
        r"unter|weniger als|höchstens|bis zu|maximal|au-dessous de|moins de|au plus|jusqu'à|" \
        r"inférieure? à|menos de|por debajo de|como máximo|hasta|inferior a|meno di|sotto|" \
        r"al massimo|fino a|inferiore a"
_BOUND = re.compile(rf"(?:(\w+)\s+)?\b({_MORE}|{_LESS})\s+(\d+(?:[.,]\d+)?)\s*(%|\w+)?", re.IGNORECASE)
_LESS_RE = re.compile(rf"^(?:{_LESS})$", re.IGNORECASE)
# Words before a comparison that name no measure ("I want claims above ...": the word after).
_NOT_MEASURES = frozenset("""is are be been was were get gets got have has with for of to and or
    the a an if when that which who any all each every sind ist wird werden mit für von und oder
    est sont avec pour de et ou es son con para y o è sono con per e""".split())


def bounds(text: str) -> list[tuple[frozenset[str], bool, float, str]]:
    """(measure stems, upper?, value, bound as written) for each bound in ``text``: the measure is
    named by the content word before the comparison and by the word or unit after the number
    ("orders over 50 EUR": 'order', 'eur'); see the module docstring."""
    out = []
    for m in _BOUND.finditer(text):
        before, word, number, after = m.group(1), m.group(2), m.group(3), m.group(4)
        measure = {w for w in (before if before and before.lower() not in _NOT_MEASURES else None, after)
                   if w and not w.isdigit()}
        if measure:
            out.append((frozenset(_stem(w) for w in measure), bool(_LESS_RE.match(word.strip())),
                        float(number.replace(",", ".")), _shown(before, word, number, after)))
    return out


def _shown(before: str | None, word: str, number: str, after: str | None) -> str:
    unit = f" {after}" if after and (after.isupper() or after == "%") else ""
    return f"{before + ' ' if before else ''}{word} {number}{unit}"


def _stem(word: str) -> str:
    w = word.casefold()
    for ending in ("ing", "es", "s", "e", "en", "i"):
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            return w[: -len(ending)]
    return w


def other_bound(a: str, b: str) -> str | None:
    """A reason when texts ``a`` and ``b`` bound one measure in one direction with other
    values, and no bound of theirs on it agrees; else None."""
    return _other_bound(bounds(a), bounds(b))


def _other_bound(ba: list, bb: list) -> str | None:
    for measure, upper, _value, written in ba:
        theirs = [(v, w) for m, u, v, w in bb if m & measure and u == upper]
        mine = {v for m, u, v, _ in ba if m & measure and u == upper}
        if theirs and not {v for v, _ in theirs} & mine:
            return f"one limit, two values: '{written}' vs '{theirs[0][1]}'"
    return None


def bound_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each duplicate or overlap
    decided without hard evidence whose stories bound one measure to two values made a
    "conflict"."""
    from storytransformer.relate.decide import Decision

    read: dict[int, list] = {}

    def of(unit: int) -> list:  # (a story is in many pairs: its bounds are read once)
        if unit not in read:
            read[unit] = bounds(stories[units[unit][0]].text[:2000])
        return read[unit]

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation not in ("duplicate", "overlap") or d.evidence:
            continue
        clash = _other_bound(of(a), of(b))
        if clash:
            out[n] = (a, b, score, Decision("conflict", clash))
    return out
