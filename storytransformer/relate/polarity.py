"""One need required by one story and forbidden by the other is a conflict, never a duplicate.

    decided = polarity_guard(stories, units, decided)

Requirements written as rules ("The system shall ...", "Visitors must be able to see the
names ...") state a prohibition in the middle of the sentence: "The names of deceased persons
*must not* be shown to visitors", "The phone number *must not be visible* to the crew". The
decision rules (decide.py, contradict.py) catch a need negated at its start ("I do not want
...") and a prohibition whose subject words all recur in the other story; a passive
restatement adds or swaps a word ("persons", "visible" for "see"), the similarity stays high,
and the pair was merged (dev8: 4 of its 7 "must not" pairs, in four domains).

Here a pair about to be merged (a duplicate or overlap) of which one need forbids with a
*modal* negation and the other does not ("must not", "shall not", "may not", "darf nicht",
"ne doit pas", "no debe", "non deve", "mag niet", "não deve", "får
inte", "nie wolno", ...), becomes a "conflict": a person settles which holds. Other negations
("without an account", "members who have not paid") say which things or which way and are left
to the rules: they are as often a sibling or a rewording as a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytransformer.negation_words import ENGLISH_HOMOGRAPHS, NONE, NOT

# A modal verb of obligation or permission and a negation within a few words ("must not", "shall
# not", "may not", "ne doit pas", "darf nicht", "no debe", "não deve", "mag niet", "får inte",
# "nie wolno"). Verbs of ability are left out: "they cannot come to a rehearsal" says what a
# person is unable to do, not what the product forbids (dev8: a duplicate read as a conflict).
# Matched on the need as written (lower case), so no lemmatiser or word list is needed.
def _any(words) -> str:
    return "(?:%s)" % "|".join(sorted(words, key=len, reverse=True))


# The negators are negation_words.py's, per language: after the modal in English, German,
# French, Dutch and Swedish, before it in Spanish, Italian, Portuguese and Polish.
_MODAL_NEGATION = re.compile(
    rf"\b(?:(?:must|shall|should|may)(?:\s+\w+)?\s+{_any(NOT['en'] - {'cannot'})}\b|mustn't|shan't|shouldn't|"
    r"(?:is|are)\s+not\s+(?:allowed|permitted)|"
    rf"(?:darf|dürfen|soll|sollen|muss|müssen)\s+(?:\w+\s+){{0,5}}?{_any(NOT['de'] | NONE['de'])}\b|"
    rf"ne\s+(?:doit|doivent|devrait|devraient)\s+(?:\w+\s+)?{_any(NOT['fr'])}\b|"
    rf"{_any(NOT['es'])}\s+(?:debe|deben|debería|deberían)\b|"
    rf"{_any(NOT['it'] - ENGLISH_HOMOGRAPHS)}\s+(?:deve|devono|dovrebbe|dovrebbero)\b|"
    rf"{_any(NOT['pt'])}\s+(?:deve|devem|deveria)\b|"
    rf"(?:mag|mogen|moet|moeten|zal|zullen)\s+(?:\w+\s+){{0,5}}?{_any(NOT['nl'] | NONE['nl'])}\b|"
    rf"(?:får|ska|skall|bör)\s+(?:\w+\s+)?{_any(NOT['sv'])}\b|"
    rf"{_any(NOT['pl'])}\s+(?:wolno|powinien|powinna|powinno|powinni|powinny)\b)")


# Modal verbs, negated or not: a need with more of them than prohibitions also permits or
# requires something ("say which items *may* be replaced and which *must not* be"): a choice the
# story asks for, not a prohibition of the other story's need (the examples' FC-118 pair).
_MODAL = re.compile(r"\b(?:must|shall|should|may|can|darf|dürfen|soll|sollen|muss|müssen|doit|doivent|peut|"
                    r"peuvent|debe|deben|puede|pueden|deve|devono|può|possono|devem|pode|podem|mag|mogen|moet|"
                    r"moeten|kan|kunnen|får|ska|skall|bör|może|mogą|wolno)\b")


def modal_negation(text: str) -> bool:
    """``text`` forbids something with a modal verb ("must not be shown", "darf nicht") and
    permits nothing beside it. One text, as written; ``contradict.modal_negation`` is the pair
    check on slots (the other story must state the forbidden thing)."""
    low = text.casefold()
    forbidden = len(_MODAL_NEGATION.findall(low))
    return forbidden > 0 and len(_MODAL.findall(low)) <= forbidden


# decide._needs' reason for one need that negates an action inside it ("members who have *not
# paid*"): read as items in another state, which a modal prohibition is not ("die Abholliste darf
# den Eltern nicht angezeigt werden" / "Eltern sollen die Abholliste sehen können").
_STATE = "same need for items in another state"


def polarity_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each duplicate or
    overlap (or pair read as one need for items in another state) of which exactly one need as written (slots.need_text) forbids with a modal
    negation turned into a "conflict". Read on the text, not on slots.py's negation flag, so it
    holds in languages the slots do not read ("får inte", "nie wolno")."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.slots import need_text

    forbids: dict[int, bool] = {}

    def forbidding(position: int) -> bool:
        if position not in forbids:
            forbids[position] = modal_negation(need_text(stories[position]))
        return forbids[position]

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation not in ("duplicate", "overlap") and not d.reason.startswith(_STATE):
            continue
        pa, pb = units[a][0], units[b][0]
        if forbidding(pa) == forbidding(pb):
            continue
        negated = pa if forbids[pa] else pb
        said = " ".join(need_text(stories[negated]).split()[:16])
        which = "first" if negated == pa else "second"
        out[n] = (a, b, score, Decision("conflict", f"the {which} story forbids what the other requires: '{said}'"))
    return out
