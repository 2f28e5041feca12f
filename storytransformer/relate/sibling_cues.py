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
  capability is *missing* ("Bug: there is no way to export timesheets") is the story asked
  the other way round, and is left to the other rules;
- **one member against all of them**: one need is about a list or all items, the other
  about a single one of the same items ("a list of all customers who withdrew consent" /
  "the consent history of a single customer"); kinds.py already reads "details" and
  "profile" pages, this reads "single / individual / one specific X";
- **an action done again against the action** ("assign a permit application to a reviewer"
  / "reassign it to another reviewer", "open a ticket" / "reopen a ticket"): the re-verb is
  another step of the process, not another word for the first.
"""

from __future__ import annotations

from storytransformer.relate.slots import Slots

# The first word of a bug report's title or need ("Bug: ...", "[Bug] ...", "Fehler: ...").
BUG = frozenset("""bug bugs defect defekt fehler bogue anomalie error errore incidencia fallo
    fout""".split())
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
    return _bug_vs_feature(a, b) or _one_vs_all(a, b) or _done_again(a, b)


def _is_bug(s: Slots) -> bool:
    return bool(s.need.tokens) and s.need.tokens[0].lstrip("!") in BUG


def _bug_vs_feature(a: Slots, b: Slots) -> str | None:
    if _is_bug(a) == _is_bug(b):
        return None
    bug = a if _is_bug(a) else b
    if bug.need.negated or set(bug.need.words) & MISSING:
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
