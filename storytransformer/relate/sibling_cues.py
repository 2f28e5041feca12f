"""Cues that two long needs a similarity score calls one need are two siblings.

    sibling_cue(a, b)   # "a bug in a feature vs the feature's story: ..." or None

Asked only where decide.py would otherwise call a pair a duplicate on similarity alone (no
slot rule said anything, nothing vouches for one need), like kinds.distinct_things. Needs
of many words share most of them between siblings written by one team; the one word that
differs is easily outweighed. Each cue names a kind of difference a product owner keeps
apart, whatever the need's length:

- **a bug in a feature against the feature's story**: one story reports a fault of what the
  other asks for ("Bug: the timesheet export cuts off long names" / "export the timesheets
  to Excel"): fixing the bug is other work than building the feature. A bug report that a
  capability is *missing* ("Bug: there is no way to export timesheets", "bank transfer is not
  offered", "can only pay by card") is the story asked the other way round, and is left to
  the other rules; "the countdown does not pause" is a fault;
- **one member against all of them**: one need is about a list or all items, the other
  about a single one of the same items ("a list of all customers who withdrew consent" /
  "the consent history of a single customer"); kinds.py already reads "details" and
  "profile" pages, this reads "single / individual / one specific X";
- **opposite words**: one need says a word and the other its opposite, an action or a state
  ("order red cell units" / "return unused red cell units", "put a unit in quarantine" /
  "release it from quarantine", "a failed inspection" / "a successful inspection",
  "deactivate" / "activate"): by a prefix that negates ("un-", "dis-", "non-", "ent-", "dé-",
  "des-") or a listed pair; never when a need says both, unless the other need is led by the
  undoing verb ("*release* a member from hold" / "put a member on hold");
- **an action done again against the action** ("assign a permit application to a reviewer"
  / "reassign it to another reviewer", "open a ticket" / "reopen a ticket"): the re-verb is
  another step of the process, not another word for the first;
- **changing a thing against making it** ("change the tennis court I booked" / "book a tennis
  court"): a need led by the edit action against one led by another known action (create vs
  edit is kinds.py's, with its "enter my new account number" exception);
- **nothing named alike**: both stories have a heading besides their goal, and neither the
  headings nor the goals share a word ("Reschedule an appointment" / "Email confirmation with
  calendar file"): the similarity comes from the role and the product's words around them;

``title_swap(a, b)`` is no cue but a reason to look closer: two headings one template apart
("Cart assignment overview" / "Tug assignment overview") put a pair of long needs under the
sameness gate (sameness.py), which then asks the headings' differing words to match.

Each was measured on the tunable splits before it was kept (docs/grouping.md, "Long siblings").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storytransformer.relate.slots import Slots

# How a bug report's title or need opens: a bug word as a label, with a colon, a dash or in
# brackets ("Bug: ...", "[Bug] ...", "BUG - ...", "Fehler: ...", "Bogue : ..."); not a feature
# about bugs ("Bug report form: attach screenshots", "error messages in plain language").
BUG_LABEL = re.compile(r"^\W*(?:\[\s*(?:bug|defect|defekt|fehler|bogue|fallo|errore)\s*\]|"
                       r"(?:bug|defect|defekt|fehler|bogue|fallo|errore)\s*[:\-\u2013\u2014])", re.IGNORECASE)


def bug_report(text: str) -> bool:
    """``text`` (a need as written: a title when the story has no goal) is labelled a bug report."""
    return bool(BUG_LABEL.match(text))
# Words of a bug report that says a capability is missing: the story asked the other way round.
MISSING = frozenset("""missing miss lack lacking absent unavailable impossible fehlt fehlen fehlend
    unmöglich manque manquant impossible falta faltan imposible manca mancante impossibile
    ontbreekt""".split())
# Words that make the next word one item of many ("the history of *a single customer*").
SINGLE = frozenset("""single individual particular specific einzeln einzelne einzelnen einzelner
    bestimmte bestimmten seul seule individuel individuelle particulier spécifique solo único única
    individual específico específica singolo singola specifico specifica individuale enkel
    specifieke""".split())
# Words that make a need about many items (kinds.COLLECTION plus "all" and "every").
MANY = frozenset("""list dashboard roster catalogue catalog index table overview liste listen tabelle
    übersicht tableau lista listado tabla elenco tabella lijst tabel all every alle tous toutes
    todos todas tutti tutte""".split())


def sibling_cue(a: Slots, b: Slots) -> str | None:
    """A reason when ``a`` and ``b`` (Slots) are two siblings by one of the module's cues;
    None otherwise."""
    return _bug_vs_feature(a, b) or _one_vs_all(a, b) or _opposite_words(a, b) or _done_again(a, b) \
        or _change_vs_make(a, b) or _nothing_named_alike(a, b) or _rate_vs_span(a, b)


def _rate_vs_span(a: Slots, b: Slots) -> str | None:
    """One need says how often (a rate: "once a day", read "interval #1 every_day"), the other
    how long or how far ahead ("1 day before my appointment", "the first day"), and not how
    often: two needs, even where the numbers agree ("a reminder once a day" / "a reminder 1
    day before my appointment")."""
    from storytransformer.relate.units import INTERVALS, UNIT_TOKENS

    spans = UNIT_TOKENS & set(INTERVALS)
    for x, y in ((a, b), (b, a)):
        rate = [t for t in x.need.tokens if t in INTERVALS.values()]
        span = [t for i, t in enumerate(y.need.tokens) if t in spans and i and y.need.tokens[i - 1][0] == "#"]
        if rate and span and not any(t in INTERVALS.values() for t in y.need.tokens):
            first, second = f"how often: every {rate[0][6:]}", f"how long: {span[0]}"
            return f"{first} vs {second}" if x is a else f"{second} vs {first}"
    return None


def _nothing_named_alike(a: Slots, b: Slots) -> str | None:
    """Both stories have a heading besides their goal, and neither the headings nor the goals
    share a word (after the lexicon: "appointment" / "booking" would be one): what the two ask
    for is named apart twice, so the similarity comes from the rest (one role, the product's
    words in benefit and criteria). On the examples: "Reschedule an appointment: move my
    appointment to another free slot" / "Email confirmation with calendar file: my booking
    confirmation email to include a calendar invite" (similarity 0.43, merged; of the pairs
    merged on similarity alone on the dev sets and examples, the only one so named)."""
    if not a.title.tokens or not b.title.tokens or not a.need.words or not b.need.words:
        return None
    if a.title.words & b.title.words or a.need.words & b.need.words:
        return None
    heads = (" ".join(t.lstrip("!") for t in x.title.tokens) for x in (a, b))
    return "nothing named alike: headings '{}' vs '{}'".format(*heads)


def _change_vs_make(a: Slots, b: Slots) -> str | None:
    """One need changes a thing (led by the edit action) that the other makes, orders or books
    (led by another known action; "change the time slot *I booked*" names it after the
    object): changing an existing one is another story."""
    for x, y in ((a, b), (b, a)):
        # (create vs edit is kinds.py's, with its "enter my new account number" exception)
        if x.action == "!edit" and y.action not in ("", "!edit", "!create") and "!edit" not in y.need.tokens:
            return f"changing an existing one vs {y.action[1:]}: '{x.action[1:]}' vs '{y.action[1:]}'"
    return None


def title_swap(a: Slots, b: Slots) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The two headings' differing words when both stories have a heading besides their goal and
    the headings are one template with one slot filled otherwise ("Cart assignment overview" /
    "Tug assignment overview" -> ("cart",), ("tug",)), neither story saying the other's words;
    else None. Not a reason on its own ("Failed safety check" / "Unsuccessful safety checks" is
    one need): the sameness gate then asks the heading words to match (sameness.py)."""
    from storytransformer.relate.decide import _one_swap

    if not a.title.tokens or not b.title.tokens:
        return None
    swap = _one_swap(a.title, b.title)
    if not swap:
        return None
    mine, theirs = swap
    if set(mine) & (b.all_words | b.title.words) or set(theirs) & (a.all_words | a.title.words):
        return None  # a word the other story says too: another team's heading for one need
    return swap


def _is_bug(s: Slots) -> bool:
    """A bug report: its need is labelled one (``Slots.bug``) and no role asks it (a narrative
    "as a tester, I want to file bugs: ..." is a story)."""
    return s.bug and not s.role


def _bug_vs_feature(a: Slots, b: Slots) -> str | None:
    if _is_bug(a) == _is_bug(b):
        return None
    bug = a if _is_bug(a) else b
    if bug.unable or set(bug.need.words) & MISSING:
        return None  # "Bug: there is no way to export ...": the missing feature itself
    return "a bug in a feature vs the feature's story"


def _one_vs_all(a: Slots, b: Slots) -> str | None:
    one_a, one_b = _single_items(a), _single_items(b)
    if bool(one_a) == bool(one_b):
        return None
    one, many = (a, b) if one_a else (b, a)
    items = (one_a or one_b) & many.need.words
    bare_many = {t.lstrip("!") for t in many.need.tokens} & MANY
    if not items or not bare_many or {t.lstrip("!") for t in one.need.tokens} & MANY:
        return None
    return f"all items vs a single one: '{' '.join(sorted(bare_many))}' vs 'single {' '.join(sorted(items))}'"


def _single_items(s: Slots) -> set[str]:
    """The words right after a SINGLE word in the need ("single customer" -> {"customer"})."""
    tokens = s.need.tokens
    return {tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in SINGLE and tokens[i + 1][0] not in "#@!"}


# A need that says something cannot be done ("there is no way to export", "timesheets cannot be
# exported", "es imposible", "kann nicht"): as a bug report, a missing capability (slots.py sets
# Slots.unable from it). "Does not pause" is a fault of a feature that exists.
UNABLE = re.compile(r"\b(?:cannot|can't|can ?not|unable|no way|not possible|impossible|not able|"
                    r"kann nicht|können nicht|nicht möglich|keine möglichkeit|ne peut pas|ne peuvent pas|"
                    r"pas possible|aucun moyen|no se puede|no puede|no es posible|no hay forma|"
                    r"non si può|non è possibile|non può|não é possível|não pode|kan niet|niet mogelijk|"
                    r"(?:is|are) not (?:offered|available|supported|provided|implemented)|can only|"
                    r"nicht (?:angeboten|verfügbar|unterstützt)|pas (?:proposée?s?|disponibles?)|"
                    r"no (?:se ofrece|está disponible)|non (?:è )?disponibile)\b",
                    re.IGNORECASE)


def unable(text: str) -> bool:
    """``text`` (a need as written) says something cannot be done."""
    return bool(UNABLE.search(text))


# Pairs of opposite words (lemmas and the lexicon's action classes, without "!"), both ways.
_OPPOSITE_PAIRS = """order:return buy:return borrow:return rent:return lend:return quarantine:release
    hold:release import:export add:remove open:close start:stop pause:resume accept:decline
    accept:reject approve:reject pass:fail success:fail successful:fail successful:failed
    success:failure positive:negative arrival:departure arrive:depart inbound:outbound
    incoming:outgoing checkin:checkout entry:exit load:unload include:exclude allow:forbid
    private:public internal:external online:offline increase:decrease raise:lower maximum:minimum
    earliest:latest win:lose show:hide lock:unlock enable:disable login:logout create:delete
    upload:download book:cancel put:lift impose:lift""".split()
OPPOSITES: dict[str, frozenset[str]] = {}
for _pair in _OPPOSITE_PAIRS:
    _x, _y = _pair.split(":")
    OPPOSITES[_x] = OPPOSITES.get(_x, frozenset()) | {_y}
    OPPOSITES[_y] = OPPOSITES.get(_y, frozenset()) | {_x}
# Prefixes that make a word its opposite ("unassign", "disconnect", "non-refundable",
# "entsperren", "désactiver", "desbloquear").
NEGATING = ("un", "dis", "non-", "non", "ent", "dé", "des")


def _opposite_words(a: Slots, b: Slots) -> str | None:
    wa, wb = _said(a), _said(b)
    for x, wy in ((a, wb), (b, wa)):
        # a need led by the undoing verb names the state it undoes ("*release* a member from
        # hold" / "put a member on hold"): its lead against the other need's words decides
        lead = (x.verb or x.action).lstrip("!")  # (the first known action where no "to <verb>" leads)
        found = sorted(_opposites(lead) & wy) if lead and lead not in wy else []
        if found:
            return f"opposite words: '{lead}' vs '{found[0]}'"
    for word in sorted(wa - wb):
        for other in sorted(_opposites(word) & (wb - wa)):
            return f"opposite words: '{word}' vs '{other}'"
    return None


def _said(s: Slots) -> set[str]:
    """The need's words, its leading verb and what it reacts to, without action marks (the verb
    too: decide.py takes role words out of the need, "order" of an "ordering clerk")."""
    return {t.lstrip("!") for t in (*s.need.tokens, *s.event.tokens, s.verb) if t and t[0] not in "#@"}


def _opposites(word: str) -> set[str]:
    out = set(OPPOSITES.get(word, ()))
    for prefix in NEGATING:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            out.add(word[len(prefix):])
        out.add(prefix + word)
    return out


def _done_again(a: Slots, b: Slots) -> str | None:
    for x, y in ((a, b), (b, a)):
        again = _again_verbs(x, y)
        if again:
            return f"an action done again vs the action: '{again}' vs '{_action(_without_again(again))}'"
    return None


def _again_verbs(s: Slots, other: Slots) -> str:
    """A word of ``s``'s need that is "re" + a verb ``other``'s need uses, where ``s`` does not use
    that verb itself and ``other`` does not say the re-word ("reassign" / "assign")."""
    mine = {t.lstrip("!") for t in s.need.tokens}
    theirs = {t.lstrip("!") for t in other.need.tokens}
    for word in mine:
        base = _action(_without_again(word))
        if base and base in theirs and base not in mine and word not in theirs and _is_action(base, other):
            return word
    return ""


def _action(word: str) -> str:
    """``word`` as the action class the lexicon reads it as ("assegnare" -> "assign"), else itself."""
    from storytransformer.relate.lexicon import ACTION_CLASS

    return ACTION_CLASS.get(word, word)


# Prefixes that say "again" (reassign, réattribuer, reasignar, riassegnare).
AGAIN = ("re-", "re", "ré", "ri")


def _without_again(word: str) -> str:
    """``word`` without an "again" prefix, "" when it has none (or too little is left)."""
    for prefix in AGAIN:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return ""


def _is_action(word: str, s: Slots) -> bool:
    """``word`` is a known action or the verb the need starts from in ``s``."""
    return f"!{word}" in s.need.tokens or word == s.verb.lstrip("!")
