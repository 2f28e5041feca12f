"""Two needs joined into one by "or"/"and": "to clock in with my badge or with the app".

A merge is for duplicates: stories that ask for the same thing. When the sources ask for the
same action on different channels or objects ("clock in with my badge" / "clock in with the
app"), a merged goal that names both joined by "or"/"and" states every word of both sources,
so grounding and coverage accept it, and two tickets become one with no review (t24 finding
2). Here the merged goal is read around each join word of the stories' languages (and, or,
und, oder, et, ou, y, o, e, oppure, en, of): when the words before it are one source's own
(words the other source's need does not have) and the words after it the other source's own,
the answer joined two different needs. And two sources whose needs go in opposite directions
("upgrade" / "downgrade", ``directions``) are two needs whatever the merge says.

Both are reported as kind "fused": the merge fails, the group is flagged for a person.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem
from storytransformer.verify.cues import analyse
from storytransformer.verify.directions import opposite_pairs

_JOINS = frozenset("and or plus und oder sowie et ou y o u e oppure en of".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[,;:.!?()/]")
_BREAK = frozenset(",;:.!?()")


def _stems(text: str) -> frozenset[str]:
    return frozenset(w.key[:5] for w in analyse(text).words if w.kind == "content" and not w.key[0].isdigit())


def _segments(goal: str) -> list[tuple[str, str, str]]:
    """(words before, join word, words after) for each join word of ``goal``, each side up
    to the next join or punctuation."""
    tokens = [m.group() for m in _WORD.finditer(goal)]
    cuts = [i for i, t in enumerate(tokens) if t.casefold() in _JOINS or t == "/"]
    out = []
    for n, i in enumerate(cuts):
        start = next((j + 1 for j in range(i - 1, -1, -1) if tokens[j] in _BREAK), 0)
        start = max(start, cuts[n - 1] + 1 if n else 0)
        end = next((j for j in range(i + 1, len(tokens)) if tokens[j] in _BREAK or j in cuts), len(tokens))
        out.append((" ".join(tokens[start:i]), tokens[i], " ".join(tokens[i + 1:end])))
    return out


def _need(story: Story) -> str:
    from storytransformer.verify.coverage import need_of

    return need_of(story).text


def joined_needs(fields: dict, sources: Sequence[Story]) -> list[Problem]:
    """Problems (kind "fused", field "goal") for a merged goal that joins two sources' own
    words with a join word, and for two sources with opposite-direction needs."""
    needs = [(s, _need(s)) for s in sources]
    out = []
    for a, b, name in opposite_pairs([(s, t) for s, t in needs if t]):
        out.append(Problem(f"source:{b.id}", 0, len(_need(b)), _need(b), "fused",
                           f"fused: {a.id} and {b.id} ask for opposite directions ('{name}'): two needs, "
                           "not one story", f"{b.id}: {_need(b)}"))
    goal = str(fields.get("goal") or "")
    segments = _segments(goal)
    if not segments:
        return out
    for (a, ta), (b, tb) in combinations([(s, t) for s, t in needs if t], 2):
        sa, sb = _stems(ta), _stems(tb)
        own_a, own_b = sa - sb, sb - sa
        if not own_a or not own_b:
            continue
        for left, join, right in segments:
            wl, wr = _stems(left), _stems(right)
            pair = (wl & own_a and wr & own_b) or (wl & own_b and wr & own_a)
            if pair:
                at = goal.find(join)
                out.append(Problem("goal", max(at, 0), max(at, 0) + len(join), join, "fused",
                                   f"fused: the goal joins {a.id}'s and {b.id}'s different needs with '{join}' "
                                   f"('{left}' {join} '{right}'): a person decides whether they are one story",
                                   f"{a.id}: {ta}; {b.id}: {tb}"))
                break
    return out


def opposite_flags(sources: Sequence[Story]) -> list[str]:
    """One flag line per two sources whose needs go in opposite directions ("upgrade my plan"
    / "downgrade my plan"), for a merge made without a model (the extractive merge)."""
    needs = [(s, _need(s)) for s in sources]
    return [f"{a.id} and {b.id} ask for opposite directions ('{name}'): two needs, a person decides whether they are one story"
            for a, b, name in opposite_pairs([(s, t) for s, t in needs if t])]
