"""What makes two similar stories contradict each other, or tells their numbers apart.

    negation_conflict(slots_a, slots_b)   # "one story rules out what the other asks for: 'create account' vs ..."
    numbers_compare(need_a, need_b)       # False: "payment over 500 EUR" / "balance below 100 EUR"

Two checks the relation decision (decide.py) makes before it calls a pair a duplicate or a
conflict:

* **a negated detail**: one story excludes what the other asks for or requires ("check out
  as a guest *without* creating an account" / "checkout *requires* an account"; a criterion
  "unfreezing requires the PIN" / a need "unfreezing does *not* require the PIN"). The
  negated words must all be in the other story's phrase, not negated there, and the other
  phrase must either require them (require, mandatory, must, erforderlich, obligatoire, ...)
  or otherwise be the same need. Such a pair is never one merge group;
* **numbers of one quantity**: two numbers are compared only when they qualify the same
  thing: the same unit after them (or none on both sides), the same bound before them when
  both give one ("below" / "above" are two thresholds), and a shared word among the two
  content words before each and the word after its unit ("a *payment* over 500 EUR" / "my *balance* below 100 EUR" are
  two quantities, not one need with other numbers).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from storytransformer.relate.slots import Phrase, Slots
from storytransformer.relate.units import TIME_UNITS, same_class

NEGATED_WINDOW = 3  # content words after a negation that it covers ("without creating an account")
BOUNDS = frozenset({"atmost", "atleast"})
# Words that say a thing is required: the other side of "without X" / "does not require X".
REQUIRE = frozenset("""require required requires requirement mandatory compulsory obligatory must
    needed necessary erforderlich verpflichtend pflicht obligatorisch benötigen
    voraussetzen notwendig erfordern obligatoire exiger requis nécessaire requerir obligatorio
    necesario exigir""".split())


def negation_conflict(a: Slots, b: Slots) -> str | None:
    """A reason when one story excludes (not / without / never ...) what the other asks for
    or requires, in its need or a criterion; else None."""
    for x, y in ((a, b), (b, a)):
        for p in (x.need, *(s.phrase for s in x.criteria)):
            excluded = _negated_words(p)
            if not excluded:
                continue
            rest = set(p.tokens[:p.negated_at])
            for q in (y.need, *(s.phrase for s in y.criteria)):
                if q.negated and q.negated_at <= _first_index(q, excluded):
                    continue  # negated there too
                if not excluded <= q.words:
                    continue
                same_rest = p is x.need and q is y.need and rest and rest <= q.words
                if q.words & REQUIRE or same_rest:  # quoted in the order of the pair (a, then b)
                    ruled_out = f"'{_plain(p.tokens[p.negated_at:p.negated_at + NEGATED_WINDOW])}'"
                    asked = f"'{_plain(q.tokens)}'"
                    first, second = (ruled_out, asked) if x is a else (asked, ruled_out)
                    return f"one story rules out what the other asks for: {first} vs {second}"
    return None


def _negated_words(p: Phrase) -> frozenset[str]:
    """The content words a phrase's first negation covers: its next few words, actions and
    numbers aside (one side "creating", the other "create" or no verb at all)."""
    if not p.negated or p.negated_at < 0:
        return frozenset()
    window = p.tokens[p.negated_at:p.negated_at + NEGATED_WINDOW]
    return frozenset(t for t in window if t[0] not in "!#" and not t.endswith("ing") and t not in REQUIRE)


def _first_index(q: Phrase, words: frozenset[str]) -> int:
    return min((i for i, t in enumerate(q.tokens) if t in words), default=len(q.tokens))


def _plain(tokens) -> str:
    return " ".join(t.lstrip("#@!") for t in tokens[:8])


def number_contexts(p: Phrase) -> tuple[tuple[str, str, str, frozenset[str], frozenset[str]], ...]:
    """Each number of a phrase with what it qualifies: (number, bound before it or "", unit
    after it or "", up to two content words before it and the word after its unit, the words
    before it alone: the thing measured)."""
    return _number_contexts(p.tokens)


# (a phrase's numbers are read for each of its pairs: 460,000 reads of 35,000 phrases on the
# 10,000-story plan)
@lru_cache(maxsize=1 << 16)
def _number_contexts(toks: tuple[str, ...]) -> tuple[tuple[str, str, str, frozenset[str], frozenset[str]], ...]:
    out = []
    for i, t in enumerate(toks):
        if t[0] != "#":
            continue
        bound = toks[i - 1] if i and toks[i - 1] in BOUNDS else ""
        unit = toks[i + 1] if i + 1 < len(toks) and toks[i + 1][0] not in "#@!" else ""
        before = [u for u in toks[:i] if u[0] != "#" and u not in BOUNDS][-2:]
        after = toks[i + 2:i + 3] if unit else ()  # "48 hours before *arrival*"
        if t.endswith("%"):  # a percentage carries its unit: "10% *discount*" / "15% off the *price*"
            unit, after = "%", toks[i + 1:i + 2]
        measured = frozenset(u.lstrip("!") for u in before if u[0] not in "#@")
        out.append((t, bound, unit, frozenset(u.lstrip("!") for u in (*before, *after) if u[0] not in "#@"),
                    measured))
    return tuple(out)


# Durations (units.TIME_UNITS): compared without a shared word around them when two stories are one need.
def unit_class(unit: str) -> str:
    return "time" if unit in TIME_UNITS else unit


def _same_unit(u: str, v: str) -> bool:
    if u == v:
        # Units are written canonically (units.py: "24 hours" is "1 day"); two units of one
        # quantity ("1 hour" / "90 minute") count as one only where the needs differ in
        # nothing else (decide._only_numbers): elsewhere "a reminder 1 day before" and
        # "check in 30 minutes before" are two durations.
        return True
    # one unit in two spellings or languages ("Dokumente" / "documents")
    return len(u) > 4 and len(v) > 4 and SequenceMatcher(None, u, v).ratio() >= 0.75


def same_quantity(x: tuple[str, str, str, frozenset[str]], y: tuple[str, str, str, frozenset[str]],
                  loose: bool = False) -> bool:
    """Two numbers (number_contexts entries) that qualify one thing. ``loose`` (for two
    stories already read as one need): durations in one unit need no shared word around them."""
    _, bound_x, unit_x, before_x, measured_x = x
    _, bound_y, unit_y, before_y, measured_y = y
    if not _same_unit(unit_x, unit_y):
        # two units of one duration or size ("24 hours" is "1 day": units.py) compare only
        # for one thing measured ("an SMS *reminder* 1 day before" / "a second *reminder* 1
        # hour before"; not "check in 30 minute before")
        return loose and same_class(unit_x, unit_y) and bool(measured_x & measured_y)
    time = bool(unit_x) and unit_class(unit_x) == "time"
    # A deadline reads either way ("up to 24 hours before" / "at least 48 hours before"):
    # bounds tell thresholds apart for amounts only.
    if bound_x and bound_y and bound_x != bound_y and not time:
        return False
    if loose and time:
        return True
    return bool(before_x & before_y) or not (before_x or before_y)


def numbers_compare(p: Phrase, q: Phrase) -> bool:
    """True when some number of ``p`` and some number of ``q`` qualify the same thing (so
    other values are a contradiction; durations always compare); False when they give
    numbers of different quantities."""
    cq = number_contexts(q)
    return any(same_quantity(x, y, loose=True) for x in number_contexts(p) for y in cq)


def quantities_shown(p: Phrase) -> str:
    """The numbers of a phrase with the words before them, for a reason."""
    return "; ".join(f"{' '.join(sorted(before))} {n.lstrip('#')} {unit if unit != '%' else ''}".strip()
                     for n, _, unit, before, _ in number_contexts(p))


# Actions that undo each other: two needs starting from opposite actions are two stories
# ("freeze my card" / "unfreeze my card"), whatever else they share.
OPPOSITE_ACTIONS = {frozenset(p) for p in (("!lock", "!unlock"), ("!enable", "!disable"), ("!login", "!logout"),
                                           ("!approve", "!reject"), ("!create", "!delete"),
                                           ("!upload", "!download"), ("!book", "!cancel"))}


def opposite_actions(a: Slots, b: Slots) -> str | None:
    """A reason when the two needs start from opposite actions and neither names the other's
    as an action of its own (a list "book or cancel"; a mention after the object, "cancel a
    mass intention *I booked*", says which thing, and is no action asked for)."""
    x, y = a.action, b.action
    if x and y and frozenset((x, y)) in OPPOSITE_ACTIONS and not asks(a.need, y) and not asks(b.need, x):
        return f"opposite actions: '{x[1:]}' vs '{y[1:]}'"
    return None


def asks(need, action: str) -> bool:
    """``need`` (a Phrase) names ``action`` as something it asks for: in a list of actions, or
    before its third token (the action and its object)."""
    if action not in need.words:
        return False
    return need.joins > 0 or action in need.tokens[:2]


def scenario_inputs(a: Slots, b: Slots) -> str | None:
    """Two Gherkin scenarios whose given/when steps give other values: other test cases of one
    feature (related), whatever their expected outcomes."""
    if not (a.scenario and b.scenario):
        return None
    va = [t for s in a.criteria if s.kind != "then" for t in s.phrase.tokens if t[0] in "#@"]
    vb = [t for s in b.criteria if s.kind != "then" for t in s.phrase.tokens if t[0] in "#@"]
    if (va or vb) and sorted(va) != sorted(vb):
        return f"same feature, different inputs: '{_plain(va)}' vs '{_plain(vb)}'"
    return None


# Modal verbs and what a negation leaves after it without changing what is negated ("must
# not", "no longer", "darf nicht", "ne doit pas", "no debe", "non deve", "nicht mehr"): as
# slots.py reads them ("doivent" is read as the noun "devoir", a school assignment).
_MODALS = frozenset("""must shall should may can could would will need longer long more anymore
    dürfen müssen sollen können mehr devoir assignment pouvoir plus deber poder más dovere potere più
    dever moeten mogen kunnen mag moet meer""".split())
SHARED_WORDS = 0.6  # share of the shorter statement's words the other must say too


def modal_negation(a: Slots, b: Slots) -> str | None:
    """A reason when one story says a thing must not happen ("idle fees must *not* be charged",
    "should no longer", "darf nicht", "ne doit pas", "no debe", "non deve") and the other says
    it does or must ("idle fees must be charged after 10 minutes"): the words before the
    negation (what it is about) and the first word after it (what is ruled out) are both in
    the other statement, not negated there, and the two statements share most words.

    Not ``polarity.modal_negation`` (one text, a modal verb with its negation, as written): this
    one compares two stories' statements, need and criteria, on the slots, whatever negation
    slots.py read ("should no longer", "never"), and asks that the other story says the same
    thing un-negated; that one flags any merge of a modally forbidding need with one that is
    not, in languages the slots do not read."""
    for x, y in ((a, b), (b, a)):
        for p in (x.need, *(s.phrase for s in x.criteria)):
            if not p.negated or p.negated_at < 0:
                continue
            about = {_bare(t) for t in p.tokens[:p.negated_at]} - _MODALS
            after = [_bare(t) for t in p.tokens[p.negated_at:] if _bare(t) not in _MODALS]
            if not about or not after:
                continue  # "I do not want ...": decide.py's own check (it needs the needs aligned)
            for q in (y.need, *(s.phrase for s in y.criteria)):
                words = {_bare(t) for t in q.tokens} - _MODALS
                if q.negated or not about <= words or after[0] not in words:
                    continue
                mine = {_bare(t) for t in p.tokens} - _MODALS
                if len(mine & words) < SHARED_WORDS * min(len(mine), len(words)):
                    continue
                ruled_out = f"'{_plain(p.tokens)}'"
                asked = f"'{_plain(q.tokens)}'"
                first, second = (asked, ruled_out) if x is b else (ruled_out, asked)
                return f"one story rules out what the other requires: {first} vs {second}"
    return None


def _bare(token: str) -> str:
    return token.lstrip("!")
