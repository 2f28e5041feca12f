"""An exception clause against a statement of every case: a conflict, never one merge group.

    exception_clause_conflict(slots_a, slots_b)   # "the first story makes an exception ...: ..."

"Off-peak fares apply after 09:30 on weekdays, *except on weekends* when they apply all day" and
"off-peak fares apply only after 09:30 on *every day including weekends*" share every word but
the exception, so similarity and the slot rules read them as one need (tester t23: the corpus'
highest duplicate score). Likewise in Gherkin: "a noise exemption is granted, *except on
weekends*" / "a noise exemption is *never* granted on *any* day". A person must settle which
holds.

So a statement (need or criterion) with an exception clause (except, unless, other than, apart
from, außer, ausgenommen, sauf, excepté, salvo, excepto, tranne, eccetto, behalve, exceto) whose
words right before the clause (its last ``HEAD_WINDOW``; at least two, at least half of them) are said by a statement of the
other story that has no exception and speaks of every case (every, each, all, any, always,
including, jeden, alle, immer, einschließlich, tous, chaque, y compris, todos, cada, ogni,
tutti, sempre, elke, altijd, ...) is a conflict. ``slots.phrase`` marks both (``Phrase.excepted_at``,
``Phrase.universal``), so the check reads only tokens and holds in every language slots.py reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storytransformer.relate.slots import Phrase, Slots

EXCEPT_WORDS = frozenset("""except excepting unless außer ausgenommen ausser sauf excepté hormis salvo excepto
    tranne eccetto behalve uitgezonderd exceto""".split())
UNIVERSAL_WORDS = frozenset("""every each all any always including incl daily jede jeden jedem jeder alle immer
    täglich einschließlich inklusive tous toutes chaque toujours compris todos todas cada siempre incluidos
    incluidas incluso ogni tutti tutte sempre compresi comprese inclusi elke altijd inclusief incluindo
    interval""".split())  # ("every day" is read "interval 1 day": relate/frequency.py)
HEAD_SHARE = 0.5  # share of the words before the exception the other statement must say
# content tokens before the exception that it limits (at most; and only in its own sentence,
# ``Phrase.excepted_from``): its own clause ("off-peak fares apply after
# 09:30 on weekdays, except ..."), not a whole paragraph read as one need (a synthetic story's
# "submit my overtime hours each week, so that ... Feedback is anonymous unless ..." is no
# exception to "submit my overtime hours for approval each week")
HEAD_WINDOW = 6


def exception_clause_conflict(a: Slots, b: Slots) -> str | None:
    """A reason when one story's statement makes an exception that a statement of every case in
    the other story rules out; else None. The reason quotes the first story first."""
    for x, y in ((a, b), (b, a)):
        for p in _statements(x):
            if p.excepted_at < 2:
                continue
            head = frozenset(t.lstrip("!") for t in p.tokens[max(p.excepted_from, p.excepted_at - HEAD_WINDOW):p.excepted_at])
            if len(head) < 2:
                continue
            for q in _statements(y):
                if q.excepted_at >= 0 or not q.universal:
                    continue
                said = head & frozenset(t.lstrip("!") for t in q.tokens)
                if len(said) >= max(2, HEAD_SHARE * len(head)):
                    made, ruled = f"'{_plain(p.tokens)}'", f"'{_plain(q.tokens)}'"
                    first, second = (made, ruled) if x is a else (ruled, made)
                    which = "first" if x is a else "second"
                    return (f"the {which} story makes an exception the other rules out (it speaks of every case): "
                            f"{first} vs {second}")
    return None


def has_exception(s: Slots) -> bool:
    """Some statement of ``s`` (need or criterion) has an exception clause."""
    return any(p.excepted_at >= 0 for p in _statements(s))


def _statements(s: Slots) -> tuple[Phrase, ...]:
    return (s.need, *(step.phrase for step in s.criteria))


def _plain(tokens) -> str:
    return " ".join(t.lstrip("#@!") for t in tokens[:12])
