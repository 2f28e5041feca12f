"""A parent feature spelled out as a list, against one of its items: an overlap, not a duplicate.

    decided = parts_guard(stories, units, decided, slots_of)

"I want to organise the concert season: book venues, set dates and sell tickets" contains "I
want to book a venue for a concert"; "a dashboard of the resort: passes sold, lifts running,
slopes open and staff on duty" contains "see how many passes were sold today". The wide need
repeats the narrow one's words, nothing in the slots differs, the similarity is high, and
such pairs were merged as duplicates (dev8: 3 of 9 parent/part pairs, in three domains).

Read on the need as written: a colon followed by a list of at least ``LIST_ITEMS`` items
(commas and "and"/"or" in the languages slots.py knows, plus Polish and Swedish), where the
other need lists nothing and most of its words (slots tokens) are in the wide need. A list of
details inside one request ("a reminder with the time, clinician and address", "status
(booked, arrived, done)") has no colon before it and is left alone: it qualifies one thing
instead of naming several features.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

LIST_ITEMS = 3
SHARE = 0.5  # of the narrow need's words that the wide need must have too (and at least two)
_JOIN = r"(?:,|;|\band\b|\bor\b|\bund\b|\boder\b|\bet\b|\bou\b|\by\b|\bo\b|\be\b|\ben\b|\bof\b|\boch\b|\beller\b|\bi\b|\blub\b)"
_SPLIT = re.compile(_JOIN, re.IGNORECASE)


def listed_items(text: str) -> int:
    """How many items the list after the need's first colon names (0: no colon, or one item)."""
    head, colon, tail = text.partition(":")
    if not colon or not head.strip() or not tail.strip():
        return 0
    items = [part for part in _SPLIT.split(tail.split(".")[0]) if part.strip()]
    return len(items) if len(items) > 1 else 0


def parts_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list, slots_of: Callable) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each duplicate whose
    one need lists ``LIST_ITEMS`` or more features after a colon and whose other need is one
    of them turned into an "overlap". ``slots_of(position)`` gives a story's Slots."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.slots import need_text

    counted: dict[int, int] = {}

    def items(position: int) -> int:
        if position not in counted:
            counted[position] = listed_items(need_text(stories[position]))
        return counted[position]

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation != "duplicate" or d.reason.startswith("the same text"):
            continue
        pa, pb = units[a][0], units[b][0]
        for wide, narrow, which in ((pa, pb, "first"), (pb, pa, "second")):
            if items(wide) < LIST_ITEMS or items(narrow):
                continue
            words = [t for t in dict.fromkeys(slots_of(narrow).need.tokens) if t[0] != "#"]
            shared = [t for t in words if t in slots_of(wide).need.words]
            if len(shared) >= 2 and len(shared) >= SHARE * len(words):
                out[n] = (a, b, score, Decision("overlap", f"the {which} story's need lists {items(wide)} features; "
                                                           f"the other asks for one of them "
                                                           f"('{' '.join(t.lstrip('!') for t in shared)}')"))
                break
    return out
