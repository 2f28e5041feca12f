"""Negation compared clause by clause, not by the parity of the whole sentence.

``check.polarity_problems`` compares a claim's negation count (odd = denies) with its
source's. A claim that removes two negations keeps the parity ("I am not left guessing and
do not have to call the hotline" -> "I am left guessing and have to call the hotline"), and
so does one that moves a negation ("do not have to call" = no duty, "have to not call" = a
duty not to): both were accepted clean (t24 finding 8). Here each clause of the claim (cut at
punctuation and join words) is aligned to the source clause sharing
most of its content words, and must deny what that clause denies; an English clause that
has a negation and a modal must have them in the source's order ("not ... have to" vs
"have to ... not", "need not" vs "must not").

Ties in alignment are read in the claim's favour (a clause sharing as many words with a
clause of its polarity is no flip), so a merge that joins two clauses of one sentence
differently ("overdue tasks that are not done" / "tasks that are not done and overdue")
passes.
"""

from __future__ import annotations

import re
from typing import Sequence

from storytransformer.verify.cues import analyse
from storytransformer.verify.polarity import split_at

# English modal words whose order against "not" changes the meaning: "do not have to" / "have
# to not", "need not" / "must not"... Other languages put the negation after the modal in
# both readings ("muss nicht" = no duty, "darf nicht" = forbidden: the modal itself differs).
_EN_MODALS = frozenset("have has had need needs must should required allowed able can may".split())


# Words that carry a negation of their own ("not assigned unless done" = "assigned only if
# done"): a sentence with one is left to the whole-sentence parity check.
_RESTRICTIONS = frozenset("""unless only except without but however although though nor neither
    sauf sans seulement außer ausser ohne nur es sei denn excepto sin solo salvo senza tranne""".split())
_JOINS = frozenset("and or plus und oder sowie et ou y o e oppure en of".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[,;:.!?()]")


def _clauses(text: str) -> list[str]:
    """``text`` cut at punctuation and join words (and, or, und, et, y, ...); [] when it has
    a restriction word."""
    words = [m.group() for m in _WORD.finditer(text or "")]
    if any(w.casefold() in _RESTRICTIONS for w in words):
        return []
    return split_at(words, _JOINS)


def _reading(clause: str) -> tuple[frozenset[str], bool, str, frozenset[str]]:
    """(content keys, denies, order of negation and English modal: "nm", "mn" or "", the
    negated words: the first content word after each negation)."""
    a = analyse(clause)
    order = ""
    heads = set()
    words = a.words
    for i, w in enumerate(words):
        if w.kind == "neg":
            order += "" if "n" in order else "n"
            heads.update(next(([x.key] for x in words[i + 1:] if x.kind == "content"), []))
        elif w.kind == "modal" and w.text.lower().split("'")[0] in _EN_MODALS and "m" not in order:
            order += "m"
    return a.content, a.denies, order if len(order) == 2 and a.negations else "", frozenset(heads)


def _flipped(mine: tuple, theirs: tuple) -> bool:
    """The two clauses differ in polarity about a word both state: the word the denying one
    negates is in the other ("not left guessing" / "left guessing"; not "not editable" /
    "invoices are issued")."""
    if mine[1] == theirs[1]:
        return False
    denying, other = (mine, theirs) if mine[1] else (theirs, mine)
    return bool(denying[3] & other[0])


def clause_problems(claim_text: str, source_texts: Sequence[str]) -> list[tuple[str, str]]:
    """(the claim's clause, why) for each clause of ``claim_text`` that denies what its
    aligned source clause states, or orders a negation and a modal the other way."""
    sources = [_reading(c) for t in source_texts for c in _clauses(t)]
    if not sources or any(not _clauses(t) for t in source_texts if t.strip()):
        return []
    out = []
    for clause in _clauses(claim_text):
        reading = _reading(clause)
        mine = reading[0]
        best = max(len(mine & s[0]) for s in sources)
        tied = [s for s in sources if len(mine & s[0]) == best]
        if not mine or 2 * best < len(mine) or (best < 2 and not any(s[0] == mine for s in tied)):
            continue  # no source clause says most of it (or the same words): the word checks speak for it
        if all(_flipped(reading, s) for s in tied):
            what = "adds a negation" if reading[1] else "drops a negation"
            out.append((clause, f"negation flipped in a clause: '{clause}' {what} its source clause has"))
        elif reading[2] and not any(s[1] == reading[1] and (not s[2] or s[2] == reading[2]) for s in tied):
            out.append((clause, f"negation moved: '{clause}' puts 'not' on the other side of the modal than its source"))
    return out
