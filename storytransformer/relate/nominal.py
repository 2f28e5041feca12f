"""The action a noun or adjective is made from: "cancellation" is "cancel", "revocable" is
"revoke", "Stornierung" is "stornieren", "cancelación" is "cancelar".

    action_of("cancellation")   # "cancel" (the head of its lexicon.ACTION_CLASS class), or ""

Another team writes "the cancellation of an order" for "cancel an order", "API tokens to be
revocable" for "revoke API tokens". The lemmatiser keeps such derivations as words of their
own, so the slot rules saw another word. Here an ending of English, German, French, Spanish,
Italian, Portuguese or Dutch derivation is taken off and the verb's usual endings tried; only
a verb the action lexicon knows counts (no guessing about unknown words).
"""

from __future__ import annotations

from functools import lru_cache

# Derivation endings, longest first, and the verb endings to try on what is left.
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ications", ("y",)), ("ication", ("y",)), ("rations", ("er",)), ("ration", ("er",)), ("ssions", ("t",)),
    ("ssion", ("t",)), ("ations", ("e", "", "ate", "er")), ("ation", ("e", "", "ate", "er")),
    ("itions", ("e",)), ("ition", ("e",)), ("ptions", ("be",)), ("ption", ("be",)),
    ("tions", ("te", "t")), ("tion", ("te", "t")), ("sions", ("de", "d", "se", "t")), ("sion", ("de", "d", "se", "t")),
    ("ements", ("er",)), ("ement", ("er",)), ("ments", ("",)), ("ment", ("",)), ("ability", ("", "e")),
    ("ibility", ("", "e")), ("able", ("", "e", "er")), ("ible", ("", "e")), ("als", ("", "e")), ("al", ("", "e")),
    ("ungen", ("en", "n")), ("ung", ("en", "n")), ("ación", ("ar",)), ("aciones", ("ar",)), ("ición", ("ir",)),
    ("ción", ("r",)), ("azione", ("are",)), ("azioni", ("are",)), ("izione", ("ire",)), ("ação", ("ar",)),
    ("ações", ("ar",)), ("atie", ("eren",)), ("ering", ("eren",)),
)


# Nouns made from a verb that name another thing than its action ("information" is content,
# not informing someone).
_OTHER_MEANING = frozenset("""information informations informationen información informazione informazioni
    informação informações informatie""".split())


@lru_cache(maxsize=50_000)
def action_of(word: str) -> str:
    """The action class (lexicon.ACTION_CLASS head) of the verb ``word`` is derived from, or "".
    ``word``: a casefolded lemma; a word that is itself a known action returns "" (that is
    the slot reader's business)."""
    from storytransformer.relate.lexicon import ACTION_CLASS

    if len(word) < 6 or word in ACTION_CLASS or word in _OTHER_MEANING:
        return ""
    for ending, verb_endings in _ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = word[: -len(ending)]
        for base in _stems(stem):
            for v in verb_endings:
                if base + v in ACTION_CLASS:
                    return ACTION_CLASS[base + v]
    return ""


def _stems(stem: str) -> list[str]:
    """``stem`` and its spelling variants before a verb ending: a doubled last consonant
    ("cancell-"), c for k ("revoc-" / "revoke")."""
    out = [stem]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        out.append(stem[:-1])
    if stem.endswith("c"):
        out.append(stem[:-1] + "k")
    return out
