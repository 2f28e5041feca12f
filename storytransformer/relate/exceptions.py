"""A prohibition or exemption against the need it limits: a conflict, never only "related".

    decided = exception_guard(stories, units, decided, slots_of)
    exception_conflict(slots_a, slots_b)   # "the second story rules out ... what the first asks for: ..."

The decision rules (decide.py) see two stories with other roles, other numbers or one extra
qualifier as siblings, and rightly so for most pairs. But one story may forbid or exempt what
the other asks for, and then a person must settle which holds:

- a prohibition against a permission with a condition: "adjusters are prevented from
  approving claims they created themselves" / "as a claims adjuster, approve claims I created
  myself below 500 EUR" (two roles: the rule is about the other's person);
- a restriction against a universal requirement: "SMS must not be sent between 22:00 and
  07:00" / "an SMS is sent on every status change" (they overlap at night);
- an exemption against a fee: "children under 12 are never charged late fees" / "a late fee
  of 0.20 EUR per day is charged".

So a pair decided "related" (or unrelated) of which one story's need forbids in words
("must not", "never", "do not want", "prevented from", "no requiera"; not "without X", not
"free") and one of its statements (need or criterion) is negated, and the other story, not negated, says every word the negation covers (its next few content
words) and at least half of the negated statement's content words (two at least) is a
"conflict" with both sides quoted. Found by tester t22 on hand-written backlogs (insurance,
library); the rule reads only the slots (lemmas, lexicon classes), so it holds in every
language slots.py reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storytransformer.negation_words import NONE, NOT, PROHIBITED, every
from storytransformer.relate.slots import Phrase, Slots

WINDOW = 3  # tokens after the negation it covers ("never be charged late fees"; not the
# condition after them: "no requiera 3-D Secure *para importes* menores de 30 EUR")
STEM = 5  # letters two forms of one word share at their start ("approving" / "approve")
KEY_SHARE = 0.5  # share of the negated statement's content words the other must say
# Words that say nothing about what is forbidden: reflexives, modals, generic verbs.
_IGNORED = frozenset("""myself yourself himself herself itself ourselves themselves self own want need
    able allow allowed permit permitted must shall should may can could would will be ever atmost atleast
    longer anymore""".split())


# A need that forbids or refuses in words ("must not", "never", "do not want", "prevented from",
# "nicht", "ne ... pas", "no requiera"): negators and "no ... at all" determiners of every
# language (negation_words.py) and the participles that forbid; not "without X" (which things,
# negation_conflict's business) nor "free" / "no fee" (a price, decide.py compares those).
_PROHIBITS = re.compile(r"\b(?:%s)\b|n't\b" % "|".join(sorted(every(NOT, NONE, but=frozenset({"no"})) | PROHIBITED)))
# English and Spanish "no" before a word ("no ads", "no requiera"); not "no fee" (a price), and
# not in Portuguese or Italian, where "no" is "in the" ("no treino").
_NO = re.compile(r"\bno (?!fee|charge|cost|extra|additional|more than|less than|later than)(?=\w)")
# A negation inside a relative clause says which items, not that anything is forbidden
# ("see which members have *not* paid", "Mitglieder, die *nicht* bezahlt haben"); not "que",
# "che", "dat": complementizers too ("quiero que el pago no requiera ...").
_RELATIVE = re.compile(r"\b(?:which|who|whose|that|whom|die|der|welche|qui|quienes|cuyos?|cui|wie|welke)\b"
                       r"[^,.;:]{0,40}$")


# ... nor inside a question or a reported fact: "be told *why* my bin was not emptied", "melden,
# *dass* meine Tonne nicht geleert wurde", "signaler que ...": what happened, not a rule (t24).
_REPORTED = re.compile(r"(?:\b(?:why|warum|weshalb|wieso|pourquoi|perché|porqué)|"
                       r"\b(?:report|tell|melden|mitteilen|sagen|angeben|signaler|indiquer|informar|avisar|"
                       r"segnalare|comunicare)\s*,?\s+(?:that|dass|que|che))\b[^.;:]{0,60}$")


def prohibits(need_text: str, lang: str = "en") -> bool:
    """``need_text`` (a need as written, in language ``lang``) forbids or refuses something in
    words, outside a relative clause."""
    low = need_text.casefold()
    found = list(_PROHIBITS.finditer(low)) + (list(_NO.finditer(low)) if lang in ("en", "es") else [])
    return any(not _RELATIVE.search(low[:m.start()]) and not _REPORTED.search(low[:m.start()]) for m in found)


def exception_conflict(a: Slots, b: Slots, forbids_a: bool = True, forbids_b: bool = True) -> str | None:
    """A reason when one story's negated statement (need or criterion) rules out what a
    statement of the other asks for; else None. ``forbids_a``/``forbids_b``: whether each
    story's need forbids in words (``prohibits``): only such a story is read as the rule. The
    reason quotes the first story first."""
    for x, y, forbids in ((a, b, forbids_a), (b, a, forbids_b)):
        if not forbids or not x.need.negated or (x.scenario and y.scenario):
            continue  # (two scenarios of one feature: their steps are compared by decide.py)
        for p in (x.need, *(step.phrase for step in x.criteria)):
            covered, key = _negated(p, x.role)
            if not covered or len(key) < 2:
                continue
            for q in (y.need, *(step.phrase for step in y.criteria)):
                if q.negated:
                    continue
                words = {_bare(t) for t in q.tokens}
                if not all(_said(w, words) for w in covered):
                    continue
                if sum(_said(w, words) for w in key) < max(2, KEY_SHARE * len(key)):
                    continue
                which = "first" if x is a else "second"
                ruled, asked = f"'{_plain(p.tokens)}'", f"'{_plain(q.tokens)}'"
                first, second = (ruled, asked) if x is a else (asked, ruled)  # (reason_words: a's words first)
                return f"the {which} story rules out or exempts what the other asks for: {first} vs {second}"
    return None


def _negated(p: Phrase, role: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the content words the negation covers, all the statement's content words but its role's)."""
    if not p.negated or p.negated_at < 0:
        return frozenset(), frozenset()
    covered = frozenset(_bare(t) for t in p.tokens[p.negated_at:p.negated_at + WINDOW] if _content(t))
    key = frozenset(_bare(t) for t in p.tokens if _content(t)) - role
    return covered, key


def _content(token: str) -> bool:
    from storytransformer.relate.units import UNIT_TOKENS

    return token[0] not in "#@" and token not in UNIT_TOKENS and _bare(token) not in _IGNORED


def _said(word: str, words: set[str]) -> bool:
    """``word`` is in ``words`` as itself, another form of it ("approving" / "approve") or
    another verb of its action class ("correcting" / "!edit")."""
    if word in words or _action(word) in words:
        return True
    return len(word) >= STEM and any(len(w) >= STEM and w[:STEM] == word[:STEM] for w in words)


def _action(word: str) -> str:
    """The action class of a verb, also of its -ing form ("correcting" -> "edit"); else ""."""
    from storytransformer.relate.lexicon import ACTION_CLASS

    stems = (word, word[:-3], word[:-3] + "e", word[:-4]) if word.endswith("ing") else (word,)
    return next((ACTION_CLASS[s] for s in stems if s in ACTION_CLASS), "")


def _bare(token: str) -> str:
    return token.lstrip("!")


def _plain(tokens) -> str:
    return " ".join(t.lstrip("#@!") for t in tokens[:10])


def exception_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list,
                    slots_of: Callable) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each "related" or
    "unrelated" pair that ``exception_conflict`` finds turned into a "conflict".
    ``slots_of(position)`` gives a story's Slots."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.exception_clause import exception_clause_conflict, has_exception
    from storytransformer.relate.polarity import _STATE
    from storytransformer.relate.slots import need_text

    forbids: dict[int, bool] = {}

    def forbidding(position: int) -> bool:
        if position not in forbids:
            forbids[position] = prohibits(need_text(stories[position]), slots_of(position).lang)
        return forbids[position]

    excepts: dict[int, bool] = {}

    def excepting(position: int) -> bool:
        if position not in excepts:
            excepts[position] = has_exception(slots_of(position))
        return excepts[position]

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation not in ("related", "unrelated") or d.reason.startswith(_STATE):
            continue  # ("fatture *non* pagate" / "fatture pagate": two lists, decide.py said so)
        pa, pb = units[a][0], units[b][0]
        found = None
        if forbidding(pa) or forbidding(pb):
            found = exception_conflict(slots_of(pa), slots_of(pb), forbidding(pa), forbidding(pb))
        if not found and d.relation == "related" and (excepting(pa) or excepting(pb)):
            # "granted, except on weekends" / "never granted on any day" (exception_clause.py)
            found = exception_clause_conflict(slots_of(pa), slots_of(pb))
        if found:
            out[n] = (a, b, score, Decision("conflict", found))
    return out


# A prohibition whose words more stories than this say is too general to retrieve pairs for.
RETRIEVE_MAX = 50


def exception_pairs(slots: Sequence[Slots], stories: Sequence):
    """Candidate pairs (rows < cols, int64 arrays over the lists' indices) of a story whose need
    forbids in words and each story whose statements say every word its negation covers: a
    restriction written in other words or another language than the need it limits ("que el pago
    no requiera 3-D Secure" / "3-D Secure is required for every card payment") shares too little
    to be retrieved on similarity. Only retrieval: ``exception_conflict`` still decides."""
    import numpy as np

    from storytransformer.relate.slots import need_text

    index: dict[str, set[int]] = {}
    for i, s in enumerate(slots):
        for p in (s.need, *(step.phrase for step in s.criteria)):
            for t in p.tokens:
                index.setdefault(_bare(t), set()).add(i)
    pairs = set()
    for i, s in enumerate(slots):
        if not s.need.negated or not prohibits(need_text(stories[i]), s.lang):
            continue
        for p in (s.need, *(step.phrase for step in s.criteria)):
            covered, key = _negated(p, s.role)
            if not covered or len(key) < 2:
                continue
            found = set.intersection(*(index.get(w, set()) | index.get(_action(w), set()) for w in covered))
            found.discard(i)
            if len(found) <= RETRIEVE_MAX:  # (only the pairs the decision will call a conflict)
                pairs |= {(min(i, j), max(i, j)) for j in found if exception_conflict(s, slots[j], True, False)}
    ordered = sorted(pairs)
    return (np.array([p[0] for p in ordered], dtype=np.int64),
            np.array([p[1] for p in ordered], dtype=np.int64))
