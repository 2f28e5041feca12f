"""The negation words of the languages backlogs arrive in: one table for every reader.

    from storytransformer.negation_words import NOT, NONE, WITHOUT, every

The slot reader (relate/lexicon.py ``NEGATIONS``), the prohibition reader
(relate/exceptions.py), the modal-prohibition reader (relate/polarity.py), the claim checker
(verify/cues.py) and the extractive merge (extractive.py) each kept a list of their own, and a
word added to one was missing from the others (Portuguese "não" was no negation to the slot
reader; "aucun" none to the prohibition reader). Here the words stand once, by class and
language; each reader takes the classes it means:

- ``NOT``: a negator of a verb or clause ("not", "nicht", "pas", "non", "não", "niet", "inte");
- ``NONE``: a determiner that says "no ... at all" ("no", "kein", "aucun", "ningún", "geen");
- ``NOBODY``: a pronoun that says nothing or nobody ("none", "nothing", "niemand", "nadie");
- ``WITHOUT``: "without X": which things or which way, not a prohibition ("ohne", "sans", "sin");
- ``PROHIBITED``: a participle that forbids ("prevented", "prohibited", "verboten", "interdit");
  ``STOPPED``: one that forbids only before "from"/"to" ("blocked from", "banned from");
- ``ENGLISH_HOMOGRAPHS``: foreign negators that are also English words ("sin", "mai"): a reader
  that meets English text under any language leaves them out;
- ``FRENCH_NE``: "ne" of "ne ... pas", which negates once, through "pas".

Closed classes, so listed rather than learned; all lower case, keyed by ISO 639-1 language.
"""

from __future__ import annotations


def _table(**langs: str) -> dict[str, frozenset[str]]:
    return {lang: frozenset(words.split()) for lang, words in langs.items()}


NOT = _table(
    en="not never cannot", de="nicht nie niemals", fr="pas jamais", es="no nunca jamás", it="non mai",
    pt="não nunca", nl="niet nooit", sv="inte aldrig", pl="nie")
NONE = _table(
    en="no", de="kein keine keinen keiner keines keinem keinerlei", fr="aucun aucune nul nulle",
    es="ningún ninguna ninguno ningun", it="nessun nessuno nessuna", pt="nenhum nenhuma", nl="geen",
    sv="ingen inget inga")
NOBODY = _table(
    en="none nobody nothing neither nor", de="nichts niemand", es="nadie nada tampoco", it="niente",
    pt="ninguém nada", nl="niets niemand")
WITHOUT = _table(en="without", de="ohne", fr="sans", es="sin", it="senza", pt="sem", nl="zonder")
UNABLE = frozenset({"unable"})  # "unable to": a denied ability, like "cannot"
CONTRACTIONS = frozenset("can't don't doesn't won't isn't aren't mustn't shouldn't".split())
PROHIBITED = frozenset("prevented prohibited forbidden barred verboten interdit prohibido vietato".split())
STOPPED = frozenset("blocked banned stopped".split())
ENGLISH_HOMOGRAPHS = frozenset("sin mai".split())
FRENCH_NE = frozenset({"ne"})


def every(*tables: dict[str, frozenset[str]], langs=None, but: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of ``tables`` in ``langs`` (every language when None), less ``but``."""
    return frozenset(w for table in tables for lang, words in table.items()
                     if langs is None or lang in langs for w in words) - but
