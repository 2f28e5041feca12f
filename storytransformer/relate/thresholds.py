"""Two Gherkin scenarios that expect the same outcome after another value of one quantity.

    other_threshold(a, b)   # "same expected outcome after other values of one quantity: '5 minute' vs '10 minute'"

"Given I am logged in / When I am inactive for 5 minutes / Then I am logged out" and the same
scenario after 10 minutes state two settings of one threshold: a conflict a person settles.
Other inputs with other outcomes are the rows of a scenario outline (contradict.scenario_inputs:
related). Only when everything but that one value agrees: the same given steps, the same
expected outcome word for word, and in each differing step exactly one number with the same
kind of unit on both sides ("5 minute" / "1 hour"; two amounts of money are two test cases: "100 EUR"
/ "200 EUR" have no unit of time or size: they stay related).
"""

from __future__ import annotations

from storytransformer.relate.slots import Phrase, Slots
from storytransformer.relate.units import UNIT_TOKENS, magnitude


def other_threshold(a: Slots, b: Slots) -> str | None:
    """A reason when scenarios ``a`` and ``b`` expect one outcome after two values of one
    quantity (see the module docstring); else None."""
    if not (a.scenario and b.scenario) or len(a.criteria) != len(b.criteria) or not a.criteria:
        return None
    values_a, values_b = [], []
    for x, y in zip(a.criteria, b.criteria, strict=True):
        if x.kind != y.kind:
            return None
        if x.phrase.tokens == y.phrase.tokens:
            continue
        if x.kind == "then":
            return None  # another expected outcome: another test case
        qa, qb = _quantity(x.phrase), _quantity(y.phrase)
        ma, mb = (magnitude("#" + qa[0], qa[1]) if qa else None), (magnitude("#" + qb[0], qb[1]) if qb else None)
        if not ma or not mb or ma[0] != mb[0] or ma[1] == mb[1]:
            return None  # ("60 minutes" is written "1 hour": compared as one quantity)
        values_a.append(" ".join(qa))
        values_b.append(" ".join(qb))
    if not values_a or not any(s.kind == "then" for s in a.criteria):
        return None
    return (f"same expected outcome after other values of one quantity: "
            f"'{', '.join(values_a)}' vs '{', '.join(values_b)}'")


def _quantity(p: Phrase) -> tuple[str, str] | None:
    """The step's one number and its unit of time or size, or None (no number, several, none
    with a unit)."""
    found = [(t[1:], p.tokens[i + 1]) for i, t in enumerate(p.tokens[:-1])
             if t[0] == "#" and p.tokens[i + 1] in UNIT_TOKENS]
    numbers = [t for t in p.tokens if t[0] == "#"]
    return found[0] if len(found) == 1 and len(numbers) == 1 else None
