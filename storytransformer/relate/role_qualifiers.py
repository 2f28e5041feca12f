"""Two qualifiers on one role noun: "a *Gold* member" / "a *Platinum* member" / "a *student*
member" are three kinds of member asking (tester t26, finding 1), like "nurse" / "doctor".

    qualifier_difference({"gold", "user"}, {"platinum", "user"})   # "'gold' vs 'platinum'"
    qualifier_difference({"registered", "user"}, {"user"})         # None

Role tokens are lemmas with the lexicon's synonyms already one word ("member" and "customer"
are "user"), so two qualifiers that are synonyms are one token and never differ. Only when
*both* roles add a word of their own to a shared noun do they name two sibling kinds; a
qualifier on one side only ("frequent flyer" / "flyer") is left to the role classes, and words
that only say the person is signed in or already known ("registered", "logged-in",
"existing") qualify nobody.
"""

from __future__ import annotations

from storytransformer.relate.lexicon import GENERIC_ROLES, STAFF_ROLES, SUBJECTS
from storytransformer.relate.role_classes import CLASS_OF

# Words that say how a person uses the service, not which kind of person: never a sibling.
NEUTRAL = frozenset("""registered logged log login logged-in signed sign signed-in authenticated verified
    existing active current online mobile web app website my our your their the this that any every
    individual single same angemeldete angemeldeter angemeldet registrierte registrierter registriert
    eingeloggte eingeloggter inscrit inscrite connecté connectée registrado registrada conectado conectada
    registrato registrata""".split())


def qualifier_difference(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> str | None:
    """``"'x' vs 'y'"`` when the two roles share a noun and each has a qualifier word the other
    lacks (and not only neutral ones); None otherwise. ``a``, ``b``: role tokens (lemmas)."""
    if not any(_person(w) for w in a & b):
        return None  # the shared word is no person ("*school* secretary" / "*school* office")
    # (an action lemma is a participle: "registered" is "!create", "logged-in" "!login": a
    # state of the account, not a kind of person)
    qa = {w for w in a - b if w not in NEUTRAL and w[0] not in "#@!"}
    qb = {w for w in b - a if w not in NEUTRAL and w[0] not in "#@!"}
    if not qa or not qb:
        return None
    return f"'{' '.join(sorted(qa))}' vs '{' '.join(sorted(qb))}'"


# Endings of nouns for a person ("subscriber", "collector", "pharmacist", "attendant", "trainee")
_PERSON_ENDINGS = ("er", "or", "ist", "ant", "ent", "ee", "ian", "eur", "euse", "ero", "era", "ente")


def _person(word: str) -> bool:
    """A word that names a person: a known role word, or a noun with a person's ending."""
    return word in GENERIC_ROLES or word in STAFF_ROLES or word in SUBJECTS or word in CLASS_OF \
        or (len(word) > 4 and word.endswith(_PERSON_ENDINGS))
