"""Misspelt words: one letter dropped, added, changed or two letters swapped ("hosptial" /
"hospital", "recieve", "adress"), inside the word.

    typo_of("hosptial", frozenset({"hospital", "donation"}))   # True
    typo_of("unload", frozenset({"upload"}))                    # False: both are words
    misspelt_function_word("wich", "en")                        # True

Only a word no lemmatiser dictionary knows (simplemma, in any language this package reads) can
be a misspelling, and only of a word at most one edit away that is known: two real words one
letter apart ("upload" / "unload", "import" / "impart") stay two words. The sameness gate
(relate/sameness.py) matches a misspelt word to what it misspells instead of reading it as
something the other story does not ask for (testers' backlogs are typed in a hurry).
"""

from __future__ import annotations

from functools import lru_cache

_LANGS = ("en", "de", "fr", "es", "it", "pt", "nl")
MIN_LETTERS = 4  # shorter words are too often another word one letter away ("bill" / "fill")


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang=_LANGS) or simplemma.is_known(word.capitalize(), lang=("de",))


def _one_edit(x: str, y: str) -> bool:
    """``x`` and ``y`` differ by one deletion, insertion, substitution or adjacent swap inside
    the word: a letter more or another letter at its start or end makes another word ("ebike" /
    "bike", "books" / "book", "pike" / "bike")."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) > len(y):
        x, y = y, x
    if len(x) < len(y):  # one letter added
        return any(y[:i] + y[i + 1:] == x for i in range(1, len(y) - 1))
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    if not diff or diff[0] == 0 or diff[-1] == len(x) - 1:
        return False
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]


@lru_cache(maxsize=65536)
def typo_of(word: str, others: frozenset[str]) -> bool:
    """``word`` (a token, lower case) is an unknown word one edit away from a known word of
    ``others``."""
    if len(word) < MIN_LETTERS or not word.isalpha() or _known(word):
        return False
    return any(len(o) >= MIN_LETTERS and o.isalpha() and _one_edit(word, o) and _known(o) for o in others)


@lru_cache(maxsize=8192)
def misspelt_function_word(word: str, lang: str) -> bool:
    """``word`` is an unknown word one edit away from a function word of ``lang`` or English
    of at least MIN_LETTERS letters ("wich", "whit", "thier")."""
    from storytransformer.relate.lexicon import FUNCTION_WORDS

    if len(word) < MIN_LETTERS - 1 or not word.isalpha() or _known(word):
        return False
    words = FUNCTION_WORDS.get(lang, frozenset()) | FUNCTION_WORDS["en"]
    return any(len(f) >= MIN_LETTERS and _one_edit(word, f) for f in words)
