"""Where one line holding several stories is cut: "As a user, I want A. As an admin, I want
B." is two stories, cut where a sentence ends and the next one starts a narrative, and only
where the text since the previous cut holds a narrative of its own ("1. As a user ..." is
not two stories).

    narrative_cuts(line) -> [offset, ...]   # offsets in ``line`` where a new story starts

Linear in the line's length (issue 17): the narrative anchors of the whole line are found
once (narrative_langs.anchors, one scan), and each sentence gap is decided from them.
Asking "does a narrative start here?" of the rest of the line at every gap rescanned the
rest each time: a 320 KB line of repeated narratives took 214 s of CPU.

The decision at a gap is the one ``narrative.narrative_starts`` makes for the text after it
(the first narrative after nothing, a bullet, a key or a title ending in ":" / "-" / "."; a
later one after the end of a sentence), made on the anchors of the whole line. An anchor is
at most ~200 characters, so only one that runs across the gap ("as a user. as an admin I
want": a role may hold ". " before a lower-case word) can be judged differently; on 49,716
lines and joins of lines from the test and example corpora the cuts were the same but one.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from storytransformer.ingest.narrative import _LEAD_END, NextAlnum, clean, last_char, lead_starts_story
from storytransformer.ingest.narrative_langs import anchors

_SENTENCE_GAP = re.compile(r"(?<=[.!?])[ \t]+(?=\S)")


def narrative_cuts(line: str) -> list[int]:
    """Offsets in ``line`` (as written) where a story after the first one starts."""
    gaps = [m.end() for m in _SENTENCE_GAP.finditer(line)]
    if not gaps:
        return []
    flat = clean(line)
    found = anchors(flat)
    if len(found) < 2:
        return []
    starts = [a[0] for a in found]
    later_ok = _later_ok(flat, starts)
    alnum = NextAlnum(flat)
    cuts: list[int] = []
    prev_c, c, p_prev = 0, 0, 0
    for p in gaps:
        # offset in ``flat`` of the sentence after this gap: clean() of the line is the
        # clean() of its pieces between gaps, joined by one space
        seg = clean(line[p_prev:p])
        if seg:
            c += len(seg) + 1
        p_prev = p
        i = bisect_left(starts, c)
        if i == len(found):
            break  # no narrative after this gap, nor after any later one
        if not (starts[i] == c or lead_starts_story(flat, c, starts[i], alnum) or later_ok[i + 1]):
            continue
        # a narrative between the previous cut and this gap, ending before it
        j = bisect_left(starts, prev_c)
        if j < len(found) and found[j][1] < c:
            cuts.append(p)
            prev_c = c
    return cuts


def _later_ok(flat: str, starts: list[int]) -> list[bool]:
    """later_ok[i]: some anchor k >= i follows a title or sentence end (its lead ends in one of
    narrative._LEAD_END: narrative_starts' test once the lead holds an earlier anchor, which
    has letters and is no key). One more entry (False) at the end."""
    out = [False] * (len(starts) + 1)
    for i in range(len(starts) - 1, -1, -1):
        out[i] = out[i + 1] or last_char(flat, 0, starts[i]) in _LEAD_END
    return out
