"""The polarity of a need: "be unable to delete an episode" is another need than "delete any
episode", though every word but the negation is the same.

``coverage`` compares a source's need with the merge by its action and words, so a merge
that kept one story's "team members to be unable to delete episodes" stated the other's
"I want to delete episodes" as far as words go, and was accepted clean (t23 finding 3: the
second story's need vanished from merged.md/json/csv). Here each need's action is read in
its clause ("... to be unable to delete episodes, so that ..."), with that clause's
negation (``cues``: not, no, never, cannot, unable, "must not", kein, nicht, "ne ... pas",
jamais, "no puede", nunca, ...), and:

- the merge's goal must not state an action of the need only with the opposite polarity (a
  merged need that says the reverse of the source's need has lost it, even when a criterion
  still says "team members can delete any episode"); criteria are not asked, they often
  restrict a need in the other polarity ("track my parcel" / "Tracking is not available
  for international parcels": a faithful merge on the labelled set);
- two sources whose needs have one action with opposite polarities cannot be one story: a
  prohibition and a permission are a conflict for a person, never a merge, whatever the
  answer says ("unable to delete and delete episodes").
"""

from __future__ import annotations

import re
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem
from storytransformer.verify.cues import analyse

# What ends a clause besides a join word of the need's language ("and", "und", "et", "y"):
# punctuation, a contrast or a reason ("but", "so that", "aber", "mais", "pero", "afin"), and
# a condition or time ("once", "after", "wenn", "quand", "cuando"): in "not be able to cancel
# an order once it has shipped" the negation is the cancelling's, not the shipping's.
_BREAKS = frozenset("""but so because while whereas aber damit weil sondern mais afin car pour que pero para
    porque ma perché affinché maar zodat omdat mas
    once after before when whenever if unless until wenn falls sobald bevor nachdem quand lorsque si avant
    après dès cuando antes después hasta quando prima dopo finché als zodra voordat nadat""".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[,;:.!?()]")


def clauses(text: str, lang: str) -> list[str]:
    """``text`` cut at punctuation, join words and contrast/reason words."""
    from storytransformer.relate import slots

    joins = slots._JOINS.get(lang, slots._JOINS["en"]) | _BREAKS
    return split_at([m.group() for m in _WORD.finditer(text or "")], joins)


def split_at(words: Sequence[str], joins: frozenset[str] | set[str]) -> list[str]:
    """``words`` cut into clauses (each one string) at punctuation and at any word in
    ``joins`` (compared casefolded); the cutting words themselves are dropped."""
    out, cur = [], []
    for w in words:
        if w in ",;:.!?()" or w.casefold() in joins:
            if cur:
                out.append(" ".join(cur))
            cur = []
        else:
            cur.append(w)
    if cur:
        out.append(" ".join(cur))
    return out


def stances(text: str, lang: str, forms_of) -> dict[str, set[bool]]:
    """Action class ("!delete") -> the polarities (True = denied) with which ``text`` states
    it, clause by clause; ``forms_of(clause, lang)`` gives a clause's keys (``coverage.forms``:
    "!class" for each word of the action lexicon used as a verb). The action need not lead the
    need: "team members to be *unable to delete* episodes"."""
    out: dict[str, set[bool]] = {}
    for clause in clauses(text, lang):
        denies = analyse(clause).denies
        for key in forms_of(clause, lang):
            if key.startswith("!"):
                out.setdefault(key, set()).add(denies)
    return out


def polarity_lost(story: Story, need_text: str, lang: str, forms_of, goal: str) -> str:
    """Why ``story``'s need is lost by its polarity ("" when it is not): an action the need
    states in one polarity that the merge's ``goal`` states only in the other. Only the goal:
    criteria restrict a need in the other polarity all the time ("to track my parcel" +
    "Tracking is not available for international parcels", a faithful merge on the labelled set)."""
    merged = stances(goal, lang, forms_of)
    for action, pols in stances(need_text, lang, forms_of).items():
        if len(pols) == 1 and merged.get(action) and not pols & merged[action]:
            how = "denies" if next(iter(pols)) else "asks for"
            return (f"need of {story.id} not in the merge: '{need_text}' (the source {how} "
                    f"'{action[1:]}', the merged goal says the opposite)")
    return ""


def opposite_needs(readings: Sequence[tuple[Story, str, dict[str, set[bool]]]]) -> list[Problem]:
    """``readings``: per source (story, need text, ``stances`` of it). Two sources that state
    one action in opposite polarities: a conflict, reported once for the later source."""
    out = []
    seen: set[str] = set()
    for i, (a, ta, sa) in enumerate(readings):
        for b, tb, sb in readings[i + 1:]:
            clash = [k for k in sa.keys() & sb.keys() if len(sa[k]) == len(sb[k]) == 1 and sa[k] != sb[k]]
            if not clash or b.id in seen:
                continue
            seen.add(b.id)
            reason = (f"lost: sources contradict each other on '{clash[0][1:]}': {a.id} '{ta}' and {b.id} '{tb}' "
                      "(one denies what the other asks for); one merged story cannot state both")
            out.append(Problem(f"source:{b.id}", 0, len(tb), tb, "lost", reason, f"{b.id}: {tb}"))
    return out
