"""What a sentence asserts, beyond its words: polarity, modality, quantifiers and quantities.

A claim and the source sentence it comes from must agree on all four, not only share words:
"Shopper can edit" and "Shopper can not edit" have the same content words and opposite
meanings. The cue words are closed classes (English has a dozen negators and a dozen modal
forms), so they are listed here rather than learned; content words are compared by lemma
(simplemma: a dictionary lemmatizer shipped inside its wheel, ~1 µs a word, no model load),
with number words read as numbers ("fifteen minutes" == "15 minutes").

``analyse(text)`` -> ``Analysis``: every word with its character offsets and its role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from storytransformer.negation_words import (ENGLISH_HOMOGRAPHS, NOBODY, NONE, NOT, PROHIBITED, STOPPED, UNABLE, WITHOUT,
                                             every)

# A word: letters/digits, inner hyphens and apostrophes kept ("pre-filled", "can't"), or a
# currency/percent sign (a unit of the number beside it).
# ("50 000", "50 000", "50'000": a number grouped by spaces or apostrophes is one word too, and
# so is a decimal comma, "1,5 kg" (it was "1" and "5 kg"): t26)
_WORD = re.compile(r"\d{1,3}(?:[, \u00a0\u202f'’]\d{3})+(?![\d,])|\d+,\d{1,2}(?![\d,])|[^\W_]+(?:[-'’.][^\W_]+)*|[%$€£]")  # "können", "não"; "1,000" one number

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_GLUED = re.compile(r"(\d+(?:\.\d+)?)([a-z]+)")
# Negators: English, then the same closed classes in the other languages stories arrive in
# (negation_words.py): a flipped "nicht" or "pas" is as wrong as a flipped "not". Words that
# are also common English words ("sin", "mai") are left out of the foreign ones. French "ne"
# is not counted: "ne ... pas" negates once, through "pas".
_CLASSES = (NOT, NONE, NOBODY, WITHOUT)
NEGATORS = every(*_CLASSES, langs=("en",)) | UNABLE
FOREIGN_NEGATORS = every(*_CLASSES, but=ENGLISH_HOMOGRAPHS | NEGATORS)
# Contractions carry their own negation: "can't" = can + not, "won't" = will + not.
_NT = re.compile(r"^(.*?)n['’]t$")
_NT_BASE = {"ca": "can", "wo": "will", "sha": "shall", "ai": "be"}

# Modal classes, strongest obligation first. "will"/"would" and the plain present ("The link
# is sent") both state what happens: one class (""), so "is sent" -> "will be sent" passes.
MODAL_RANK = {"must": 4, "should": 3, "can": 2, "may": 1, "": 0}
_MODALS = {"must": "must", "shall": "must", "should": "should", "ought": "should", "may": "may",
           "might": "may", "could": "may", "optionally": "may", "can": "can", "cannot": "can",
           "unable": "can"}
_FOREIGN_MODALS = {
    "must": "muss müssen musst müsst doit doivent devez debe deben moet moeten deve devono",
    "should": "soll sollte sollten sollen devrait devraient debería deberían dovrebbe dovrebbero deveria",
    "can": "kann können kannst könnt peut peuvent pouvez puede pueden kan kunnen può possono pode podem",
    "may": "darf dürfen dürfte könnte pourrait podría potrebbe poderia",
}
_MODALS.update({w: cls for cls, ws in _FOREIGN_MODALS.items() for w in ws.split()})
# Modal phrases: (word, next word) -> class. "needs to", "has to", "is able to", "allowed to".
_MODAL_PHRASES = {("need", "to"): "must", ("needs", "to"): "must", ("have", "to"): "must",
                  ("has", "to"): "must", ("required", "to"): "must", ("able", "to"): "can",
                  ("allowed", "to"): "can", ("permitted", "to"): "can", ("unable", "to"): "can",
                  # Spanish/Portuguese "tiene que", "tem de", French "il faut": a duty
                  ("tiene", "que"): "must", ("tienen", "que"): "must", ("tem", "que"): "must",
                  ("tem", "de"): "must", ("têm", "que"): "must", ("faut", "que"): "must"}
_MODALS["faut"] = "must"  # "il faut" (+ infinitive)
QUANTIFIERS = {"all": "all", "every": "all", "each": "all", "any": "all", "always": "all",
               "everyone": "all", "everybody": "all", "only": "only", "solely": "only",
               "exclusively": "only", "some": "some", "certain": "some", "own": "own"}

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
_TIMES = {"once": "1", "twice": "2", "thrice": "3"}  # "twice" == "2 times"
_UNITS = {"min": "minute", "mins": "minute", "minute": "minute", "h": "hour", "hr": "hour", "hrs": "hour",
          "hour": "hour", "s": "second", "sec": "second", "secs": "second", "second": "second",
          "ms": "millisecond", "millisecond": "millisecond", "day": "day", "week": "week", "month": "month",
          "year": "year", "%": "percent", "percent": "percent", "kb": "kb", "mb": "mb",
          "gb": "gb", "tb": "tb", "$": "usd", "usd": "usd", "dollar": "usd", "time": "time", "€": "eur", "eur": "eur",
          "euro": "eur", "£": "gbp", "gbp": "gbp", "pound": "gbp", "char": "character", "chars": "character"}

# Verbs and adjectives that user stories use interchangeably, one key per set (keys as
# ``lemma`` writes them). Deliberately no nouns: "invoice" -> "receipt" or "admin" -> "user"
# is a changed object or actor, never a synonym.
_SYNONYM_SETS = ("edit change update modify amend", "delete remove erase", "view see display show",
                 "create add", "select choose pick", "receive get obtain", "fast quick",
                 "send email", "store save keep remember", "log sign", "buy purchase",
                 "prefil populate", "notify alert inform", "cancel abort", "start begin",
                 "finish complete", "find search", "help assist", "include contain", "last past")
# One noun, two spellings (never two different things): "administrators" == "admins".
_SAME_NOUN = {"administrator": "admin", "application": "app", "information": "info", "e-mail": "email"}
SYNONYMS = {w: ws.split()[0] for ws in _SYNONYM_SETS for w in ws.split()} | _SAME_NOUN

# -able/-ible words that are no "can be <verb>ed".
_NOT_ABLE = frozenset("""table vegetable variable capable comfortable suitable reliable responsible possible
    visible terrible probable available valuable impossible reasonable considerable notable stable portable
    sensible flexible eligible compatible accessible applicable payable receivable billable
    taxable""".split())

# Function words carry no claim of their own. Kept OUT of this list on purpose: temporal and
# comparative words (before, after, within, until, least, most, more, less, over, under),
# whose swap changes a requirement, and the cue words above, which are compared separately.
STOP = frozenset(
    """a an the and or but if then so that this these those to of in on at by for with from into
    onto as is are was were be been being am it its itself i me my mine myself we us our ours you
    your yours he him his she her they them their theirs there here do does did doing done have has
    had having will would also just which who whom whose what how when where why
    too very via such own same other another again both either whether while
    want wants wanted wanting wish would need needs i'd i'm""".split()
)
# The same function words in the languages stories arrive in (French, Spanish, German,
# Italian, Portuguese): articles, "and"/"or" and the prepositions English lists above. Read
# as content, "Réservation d'une place en covoiturage" had two words no source sentence
# "states" ("en", "une") and a reworded title failed. The auxiliaries "be"/"is" ("être",
# "ser", "wird") as in English. Words that are also English content words ("die", "den",
# "per", "con", "son") are left out; temporal ones (avant, après, antes) stay.
FOREIGN_STOP = frozenset(
    """le la les un une des du de au aux et ou en à dans sur par pour avec
    el los las una unos unas del al y en para por con
    der das dem des ein eine einen einem einer eines und oder zu von mit für im am
    il lo gli uno della dei delle nel nella e o di da su que
    être est sont été ser es sido está están fue sein ist sind wird werden wurde essere è sono stato é são foi
    os um uma dos das do da no na em ou""".split()
)


class Word(NamedTuple):  # a NamedTuple: cheap to build, one per word of every sentence
    text: str
    start: int
    end: int
    key: str  # lemma-based key of a content word; the cue's class for cues
    kind: str  # "content" | "stop" | "neg" | "modal" | "quant" | "number" | "unit"


@dataclass(frozen=True)
class Analysis:
    text: str
    words: tuple[Word, ...]
    negations: int  # negator count; odd means the sentence denies
    modals: frozenset[str]  # modal classes present ("" never listed: plain statements have none)
    quantifiers: frozenset[str]
    quantities: tuple[tuple[str, str], ...]  # (value, unit) in reading order, unit may be ""
    content: frozenset[str]  # keys of the content words (numbers included as their value)

    @property
    def denies(self) -> bool:
        return self.negations % 2 == 1

    def modality(self) -> str:
        """The strongest modal class present, "" for a plain statement."""
        return max(self.modals, key=MODAL_RANK.__getitem__, default="")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Lower-cased dictionary lemma, hyphens dropped ("Pre-filled" -> "prefil"), a doubled
    final consonant made single, so a British spelling the dictionary lacks ("cancelled" ->
    "cancell") meets its American one. A comparison key, never shown."""
    import simplemma  # lazy: the CLI's --help never pays for the dictionaries

    w = word.lower().replace("’", "'").replace("-", "")
    if w.endswith("'s"):
        w = w[:-2]
    lem = simplemma.lemmatize(w, lang="en").lower()
    if len(lem) > 3 and lem[-1] == lem[-2] and lem[-1] not in "aeiou":
        lem = lem[:-1]
    return lem


# Time units as multiples of one base ("48 hours" == "2 days", "120 minutes" == "2 hours",
# "24 months" == "2 years"): the same amount written in another unit is the same claim.
# Months and years are kept apart from days (a month is no fixed number of days); data sizes
# are not converted (1 MB is 1000 or 1024 KB depending on who writes it).
_SCALE = {"millisecond": ("second", 0.001), "second": ("second", 1), "minute": ("second", 60),
          "hour": ("second", 3600), "day": ("second", 86400), "week": ("second", 604800),
          "month": ("month", 1), "year": ("month", 12)}


def amount(value: str, unit: str) -> tuple[str, str]:
    """A quantity in its unit's base, for comparison: ("48", "hour") -> ("172800", "second");
    a unit without a scale, or a value that is no number, is returned as given."""
    scale = _SCALE.get(unit)
    try:
        v = float(value)
    except ValueError:
        return value, unit
    if scale is None:
        return value, unit
    return f"{v * scale[1]:g}", scale[0]


def _number(word: str) -> str | None:
    from storytransformer.relate.numerals import plain_number

    # "50,000" / "50.000" / "50 000" are 50000, "1,5" is 1.5 (not 15): relate/numerals.py's
    # rules (the sentence's language is not known here: English reading of a lone ",ddd")
    w = plain_number(re.sub(r"[\s'’]", "", word.lower()))
    if _DIGITS.fullmatch(w):
        return w.rstrip("0").rstrip(".") if "." in w else str(int(w))
    parts = w.split("-")
    if all(p in NUMBER_WORDS for p in parts):
        return str(sum(NUMBER_WORDS[p] for p in parts))
    return None


@lru_cache(maxsize=200_000)
def _classify(raw: str, nxt: str) -> tuple[tuple[str, str], ...]:
    if not raw.isascii():  # full-width "Ｄrivers", ligatures, composed accents: compared as NFKC
        raw, nxt = unicodedata.normalize("NFKC", raw), unicodedata.normalize("NFKC", nxt)
    return tuple(_classify_word(raw, nxt))


def _classify_word(raw: str, nxt: str) -> list[tuple[str, str]]:
    """(kind, key) pairs for one written word; a contraction gives two ("can't")."""
    low = raw.lower().replace("’", "'")
    m = _NT.match(low)
    if m and low not in ("not",):
        base = _NT_BASE.get(m.group(1), m.group(1))
        return [*_classify(base, nxt), ("neg", "not")]
    if low in ("possible", "impossible"):  # "it is (not) possible to edit" == "can (not) be edited"
        return [("modal", "can")] + ([("neg", "not")] if low == "impossible" else [])
    if low in ("cannot", "unable"):
        return [("modal", "can"), ("neg", "not")] if low == "cannot" or nxt == "to" else [("neg", "not")]
    if (low, nxt) in _MODAL_PHRASES:
        return [("modal", _MODAL_PHRASES[(low, nxt)])]
    implicit = _implicit_negation(low, nxt)
    if implicit:
        return implicit
    if low in NEGATORS or low in FOREIGN_NEGATORS:
        return [("neg", low)]
    if low in _MODALS:
        return [("modal", _MODALS[low])]
    if low in QUANTIFIERS:
        return [("quant", QUANTIFIERS[low])]
    num = _number(low)
    if num is not None:
        return [("number", num)]
    if low in _TIMES:
        return [("number", _TIMES[low]), ("unit", "time")]
    head, _, tail = low.partition("-")
    if tail and _number(head) is not None and not _number(tail):  # "15-minute", "3-day", "two-factor"
        return [("number", _number(head) or head), *_plain_word(tail)]
    glued = _GLUED.fullmatch(low)  # "24h", "10mb", "500ms"
    if glued and glued.group(2) in _UNITS:
        return [("number", _number(glued.group(1)) or glued.group(1)), ("unit", _UNITS[glued.group(2)])]
    return _plain_word(low)


# Verbs that deny what follows them: "is prevented from being assigned" == "cannot be
# assigned", "fails to send" == "does not send", "disallows X" == "does not allow X". Read as
# the negation (and ability) they state, so a flip hidden in one of them is a negation flip
# and a faithful "cannot" <-> "is prevented from" rewording is no change.
_DENY_ABILITY = PROHIBITED | STOPPED
_DENY = frozenset("fail fails failed failing refuse refuses refused refusing".split())


def _implicit_negation(low: str, nxt: str) -> list[tuple[str, str]]:
    if low in _DENY_ABILITY and nxt in ("from", "to"):
        return [("modal", "can"), ("neg", "not")]
    if low in _DENY and nxt == "to":
        return [("neg", "not")]
    if low.startswith("disallow"):
        return [("neg", "not"), ("content", "allow")]
    if low == "unless":  # "unless X" == "if not X"
        return [("neg", "unless")]
    if low in _RESTRICTED and nxt in ("to", "for"):  # "downloading is restricted to admins" == "only admins can download"
        return [("quant", "only"), ("modal", "can")]
    if low in _AVOID and nxt in ("a", "an", "the", "any"):
        # "I avoid a fine" == "I do not get a fine". Only before an article: "so that I avoid
        # calling" stays a word, as the narrative line a criterion may align to carries it
        # (a negation there would read as the need's own).
        return [("neg", "not"), ("content", "receive")]
    return []


# French and Spanish past participles, keyed as their infinitive: a passive rewording
# ("Chaque réservation doit être acceptée par le conducteur") keeps the source's verb.
_PARTICIPLE = re.compile(r"(.{3,}?)(ées|ée|és|é|ados|adas|ado|ada|idos|idas|ido|ida)")
_INFINITIVE = {"ées": "er", "ée": "er", "és": "er", "é": "er", "ados": "ar", "adas": "ar", "ado": "ar", "ada": "ar",
               "idos": "ir", "idas": "ir", "ido": "ir", "ida": "ir"}
_RESTRICTED = frozenset("restricted reserved".split())
_AVOID = frozenset("avoid avoids avoided avoiding".split())


# Elided articles and pronouns before an apostrophe (French, Italian): the word is the rest.
_ELIDED = frozenset("d l j m n s t c qu jusqu lorsqu puisqu dell nell dall sull all un quell".split())


def _plain_word(low: str) -> list[tuple[str, str]]:
    """A word that is no negator, modal, quantifier or number: a unit, a function word or
    a content word (by lemma)."""
    if low in "%$€£" or (len(low) > 1 and low in _UNITS):  # "mins", "hrs", "MB", "dollars"
        return [("unit", _UNITS[low])]
    if low in STOP or low in FOREIGN_STOP:
        return [("stop", low)]
    head, apo, rest = low.partition("'")
    if apo and rest and head in _ELIDED:  # "d'une" -> "une", "l'episodio" -> "episodio"
        return _plain_word(rest)
    key = lemma(low)
    if key in STOP:  # "needed", "wanted", "having"
        return [("stop", key)]
    if key in _UNITS and len(key) > 1:  # "minutes" -> minute, "dollars" -> usd
        return [("unit", _UNITS[key])]
    if key.endswith(("able", "ible")) and len(key) > 6 and key not in _NOT_ABLE:
        # "editable" states "can be edited": the verb's key and the ability it grants.
        base = lemma(key[:-4])
        return [("content", SYNONYMS.get(base, base)), ("modal", "can")]
    participle = _PARTICIPLE.fullmatch(key) if len(key) >= 6 else None
    if participle:  # "acceptée" states "accepter", "escaneado" "escanear", "recibido" "recibir"
        return [("content", participle.group(1) + _INFINITIVE[participle.group(2)])]
    verb = _derived_verb(key) if key not in SYNONYMS else ""
    if verb:  # "cancellation" states "cancel", "approval" "approve", "payment" "pay"
        return [("content", SYNONYMS.get(verb, verb))]
    return [("content", SYNONYMS.get(key, key))]


@lru_cache(maxsize=50_000)
def _derived_verb(key: str) -> str:
    """The verb a noun is made from, as a verb key: "cancellation" -> "cancel", "approval" ->
    "approve", "notification" -> "notify"; "" for a word that is no such noun. The verb itself,
    never its broad action class (``relate.nominal.action_of``: "registration" is "create"
    there, which would let a claim say "create" where a source says "register"); only verbs the
    action lexicon knows count (``relate.nominal``'s endings and spellings)."""
    from storytransformer.relate.lexicon import ACTION_CLASS
    from storytransformer.relate.nominal import _ENDINGS, _OTHER_MEANING, _stems

    if len(key) < 6 or key in ACTION_CLASS or key in _OTHER_MEANING:
        return ""
    for ending, verb_endings in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            for base in _stems(key[: -len(ending)]):
                for v in verb_endings:
                    if base + v in ACTION_CLASS:
                        return lemma(base + v)
    return ""


# Bounds on a number, one key per direction: "at least 5" == "5 or more" == "a minimum of 5"
# == "no fewer than 5"; "at most 5" == "up to 5" == "5 or less" == "no more than 5". Strict
# bounds ("more than", "less than") are kept apart from these.
_BOUND_WORDS = {"minimum": "min", "maximum": "max"}


_BOUND_TRIGGERS = frozenset("least most minimum maximum up more less fewer".split())


def _bound(low: str, prev: str, nxt: str) -> str:
    """The bound key a word states in its context, "" when it states none."""
    if prev == "at" and low in ("least", "most"):
        return "min" if low == "least" else "max"
    if low in _BOUND_WORDS:
        return _BOUND_WORDS[low]
    if low == "up" and nxt == "to":
        return "max"
    if low in ("more", "less", "fewer"):
        up = low == "more"
        if prev in ("or", "and"):
            return "min" if up else "max"
        if nxt == "than":  # "no more than" is an upper bound; "more than" a strict lower one
            return ("max" if up else "min") if prev in ("no", "not") else ("gt" if up else "lt")
    return ""


def _only_if(matches: list, i: int) -> bool:
    """ "only" opening a condition ("assigned only if X"), which says "not assigned unless X":
    read as two negations, not as a scope."""
    return any(m.group().lower() == "if" for m in matches[i + 1 : i + 3])


# "once" opening a clause ("once the order ships", "once it is paid") states a time.
_CLAUSE_OPENERS = frozenset("the a an it they this that these those their its his her my our your he she we you i all both".split())
# Nouns that add nothing to the word before them: "for accounting purposes" states "for
# accounting" ("for security reasons"); a file format's head noun ("PDF files", "CSV format")
# states the format.
_FILLER_NOUNS = frozenset("purpose purposes reason reasons".split())
_FORMAT_HEADS = frozenset("file files format formats document documents".split())


def _format_name(word: str) -> bool:
    """An all-capitals short token naming a format: "PDF", "CSV", "XLSX", "JSON"."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


def _words(text: str) -> list[Word]:
    matches = list(_WORD.finditer(text))
    out: list[Word] = []
    for i, m in enumerate(matches):
        nxt = matches[i + 1].group().lower() if i + 1 < len(matches) else ""
        low = m.group().lower()
        prev = matches[i - 1].group().lower() if i else ""
        bound = _bound(low, prev, nxt) if low in _BOUND_TRIGGERS else ""
        if bound:
            if bound in ("min", "max") and prev in ("no", "not") and out and out[-1].kind == "neg":
                out.pop()  # "no more than": the "no" is part of the bound, not a negation
            out.append(Word(m.group(), m.start(), m.end(), bound, "content"))
            continue
        if low == "than" and prev in _BOUND_TRIGGERS:  # part of the bound key before it
            out.append(Word(m.group(), m.start(), m.end(), low, "stop"))
            continue
        if low == "only" and _only_if(matches, i):  # (checked after the cheap tests above)
            out += [Word(m.group(), m.start(), m.end(), "only if", "neg")] * 2
            continue
        if low == "half" and nxt in ("a", "an"):  # "half an hour" == "30 minutes"
            out.append(Word(m.group(), m.start(), m.end(), "0.5", "number"))
            continue
        if low == "once" and (i == 0 or nxt in _CLAUSE_OPENERS):
            # "Once issued, ..." / "... once the order ships": a time, "after", not "1 time"
            out.append(Word(m.group(), m.start(), m.end(), "after", "content"))
            continue
        if (low in _FILLER_NOUNS and i > 1 and matches[i - 2].group().lower() == "for") \
                or (low in _FORMAT_HEADS and i and _format_name(matches[i - 1].group())):
            # "for accounting purposes" == "for accounting"; "as PDF files" == "as PDF"
            out.append(Word(m.group(), m.start(), m.end(), low, "stop"))
            continue
        if (low == "like" and i and matches[i - 1].group().lower() in ("would", "i'd", "i’d")) or (low == "given" and i == 0):
            # "I would like" == "I want"; "Once issued, ..." is a time, not "1 time"; "Given
            # ..., when ..., then ..." is a Gherkin step, its keyword no claim
            out.append(Word(m.group(), m.start(), m.end(), low, "stop"))
            continue
        for kind, key in _classify(m.group(), nxt):
            out.append(Word(m.group(), m.start(), m.end(), key, kind))
    return out


def _quantities(words: list[Word]) -> list[tuple[str, str]]:
    out = []
    for i, w in enumerate(words):
        if w.kind != "number":
            continue
        unit = ""
        before = words[i - 1] if i else None
        if before is not None and before.kind == "unit":  # "$10"
            unit = before.key
        else:
            for nxt in words[i + 1 : i + 3]:
                if nxt.kind in ("content", "unit"):
                    unit = _UNITS.get(nxt.text.lower(), _UNITS.get(nxt.key, nxt.key))
                    break
                if nxt.kind != "stop":
                    break
        out.append((w.key, unit))
    return out


@lru_cache(maxsize=100_000)
def analyse(text: str) -> Analysis:
    """The words and cues of one sentence or short text. Cached: sources repeat across drafts."""
    words = _words(text)
    return Analysis(
        text=text,
        words=tuple(words),
        negations=sum(w.kind == "neg" for w in words),
        modals=frozenset(w.key for w in words if w.kind == "modal"),
        quantifiers=frozenset(w.key for w in words if w.kind == "quant"),
        quantities=tuple(_quantities(words)),
        content=frozenset(w.key for w in words if w.kind in ("content", "number", "unit")),
    )
