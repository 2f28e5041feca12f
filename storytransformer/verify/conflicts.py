"""Sources that state different values of one detail: a conflict for a person, never a merge.

``find_conflicts`` compares the sentences of different stories that speak of the same thing
(their content words overlap, read by 5-letter stem so "collected"/"collection" meet) and
reports:

- a quantity with two values: "expires after 15 minutes" / "lasts 30 minutes"; a frequency
  written as a word or a phrase is a quantity too ("weekly" = every 1 week, "every 2 weeks",
  "alle 2 Wochen", "toutes les deux semaines", "fortnightly", "täglich"), compared in one
  base unit ("daily" / "every 12 hours"); a bare number is compared with the bare numbers
  of a sentence of the same thing ("scoring above 70 are routed" / "scoring above 80 go");
- an obligation against an option: "Photo required" / "Photo optional" ("not required",
  "facultatif", "freiwillig", "opcional" are options; "Pflicht", "obligatoire" duties).

One story listing 5 and 10 minutes is no conflict, and neither are two stories giving minutes
for different things ("slots are 15 minutes long" / "accept 30 minutes before the slot"):
their sentences share too few words. Used by ``verify`` (a merge of such sources fails, the
reasons name both values) and by the extractive merge (the conflict is flagged).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.claims import SourceSentence, source_sentences
from storytransformer.verify.cues import amount

CONFLICT_OVERLAP = 0.3  # stem overlap (Jaccard, numbers, units and frequency words left out) of two sentences about one thing
STATUS_OVERLAP = 0.5  # the same for required/optional: the rest of "Photo required" is all its subject

# Unit words of other languages -> the English unit ``cues`` uses (it reads "2 Wochen" as the
# number 2 of a thing "wochen").
_UNIT_WORDS = {
    "minute": "minute", "minuten": "minute", "minutes": "minute", "minuto": "minute", "minutos": "minute",
    "minuti": "minute", "stunde": "hour", "stunden": "hour", "heure": "hour", "heures": "hour",
    "hora": "hour", "horas": "hour", "ora": "hour", "ore": "hour", "tag": "day", "tage": "day",
    "tagen": "day", "jour": "day", "jours": "day", "día": "day", "días": "day", "dia": "day", "dias": "day",
    "giorno": "day", "giorni": "day", "woche": "week", "wochen": "week", "semaine": "week",
    "semaines": "week", "semana": "week", "semanas": "week", "settimana": "week", "settimane": "week",
    "monat": "month", "monate": "month", "monaten": "month", "mois": "month", "mes": "month",
    "meses": "month", "mese": "month", "mesi": "month", "jahr": "year", "jahre": "year", "jahren": "year",
    "an": "year", "ans": "year", "année": "year", "années": "year", "año": "year", "años": "year",
    "anno": "year", "anni": "year", "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year", "hour": "hour", "hours": "hour",
}
# Frequency adverbs/adjectives: (every how many, unit).
_FREQUENCY = {
    "hourly": ("1", "hour"), "daily": ("1", "day"), "nightly": ("1", "day"), "weekly": ("1", "week"),
    "fortnightly": ("2", "week"), "biweekly": ("2", "week"), "bi-weekly": ("2", "week"),
    "monthly": ("1", "month"), "quarterly": ("3", "month"), "yearly": ("1", "year"), "annually": ("1", "year"),
    "annual": ("1", "year"), "stündlich": ("1", "hour"), "täglich": ("1", "day"), "wöchentlich": ("1", "week"),
    "zweiwöchentlich": ("2", "week"), "vierzehntägig": ("2", "week"), "monatlich": ("1", "month"),
    "vierteljährlich": ("3", "month"), "jährlich": ("1", "year"), "quotidien": ("1", "day"),
    "quotidienne": ("1", "day"), "quotidiennement": ("1", "day"), "hebdomadaire": ("1", "week"),
    "hebdomadairement": ("1", "week"), "mensuel": ("1", "month"), "mensuelle": ("1", "month"),
    "mensuellement": ("1", "month"), "annuel": ("1", "year"), "annuelle": ("1", "year"),
    "diario": ("1", "day"), "diaria": ("1", "day"), "diariamente": ("1", "day"), "semanal": ("1", "week"),
    "semanalmente": ("1", "week"), "quincenal": ("2", "week"), "mensual": ("1", "month"),
    "mensualmente": ("1", "month"), "anual": ("1", "year"), "giornaliero": ("1", "day"),
    "giornaliera": ("1", "day"), "quotidiano": ("1", "day"), "quotidiana": ("1", "day"),
    "settimanale": ("1", "week"), "settimanalmente": ("1", "week"), "quindicinale": ("2", "week"),
    "mensile": ("1", "month"), "annuale": ("1", "year"),
}
# "every week", "jede Woche", "chaque semaine", "cada semana", "ogni settimana", "every other week"
_EVERY = frozenset("every each per jede jeden jedes chaque cada ogni".split())
_OTHER = frozenset("other second".split())
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "zwei": "2", "drei": "3", "vier": "4",
                 "deux": "2", "trois": "3", "quatre": "4", "dos": "2", "tres": "3", "cuatro": "4",
                 "due": "2", "tre": "3", "quattro": "4", "un": "1", "une": "1", "eine": "1", "einen": "1"}

# Obligation against option (lower-case phrases; a negated duty is an option).
_OPTIONAL = re.compile(
    r"\b(?:optional|not\s+(?:required|mandatory|compulsory|needed)|no\s+longer\s+required|"
    r"nicht\s+(?:erforderlich|verpflichtend|notwendig|nötig)|kein\s+pflicht\w*|freiwillig|optionale?[nrs]?|"
    r"facultati(?:f|ve|vo|va)s?|optionnel(?:le)?s?|pas\s+obligatoire|no\s+(?:es\s+)?obligatori[oa]s?|"
    r"opcional(?:es)?|non\s+obbligatori[oa]|opzional[ei])\b", re.I)
_REQUIRED = re.compile(
    r"\b(?:required|mandatory|compulsory|obligatory|pflicht\w*|erforderlich|verpflichtend|obligatoire|"
    r"requise?s?|obligatori[oa]s?|requerid[oa]s?|obbligatori[oa]|richiest[oa])\b", re.I)
_STATUS_WORDS = frozenset(
    """optional required mandatory compulsory obligatory needed not no longer pflicht pflichtfeld erforderlich
    verpflichtend notwendig nötig kein nicht freiwillig optionale optionaler optionales facultatif facultative
    facultativo facultativa optionnel optionnelle obligatoire pas requis requise obligatorio obligatoria
    requerido requerida opcional obbligatorio obbligatoria richiesto richiesta opzionale non es""".split())


def _stem(key: str) -> str:
    return key[:5]


Quantity = tuple[str, str, str]  # (what it measures: a base unit, "n:<noun>" or "p:<word before>", value in it, as written)


_EVERY_NUMBER = _EVERY | {"alle", "toutes", "tous", "all'"}


def _scaled(value: str, unit: str, shown: str) -> Quantity:
    base_value, base_unit = amount(value, unit)
    return base_unit, base_value, shown


def _number_at(words, i: int) -> list[Quantity]:
    """The quantity a number word at ``i`` states: in its unit ("2 Wochen", "$5", "10 MB"),
    or, with no unit, keyed by the noun after it and by the word before it ("above 70")."""
    w = words[i]
    low = w.text.lower()
    value = _NUMBER_WORDS.get(low, w.key)
    nxt = words[i + 1] if i + 1 < len(words) else None
    prev = words[i - 1] if i else None
    if nxt is not None and (nxt.kind == "unit" or nxt.text.lower() in _UNIT_WORDS):
        unit = _UNIT_WORDS.get(nxt.text.lower(), nxt.key)
        before = {x.text.lower() for x in words[max(0, i - 2):i]}
        q = _scaled(value, unit, f"{w.text} {nxt.text}")
        # "every 2 weeks", "alle 2 Wochen", "toutes les 2 semaines": how often, not how long
        return [("every:" + q[0], q[1], q[2])] if before & _EVERY_NUMBER else [q]
    if prev is not None and prev.kind == "unit":
        return [_scaled(value, prev.key, f"{prev.text}{w.text}")]
    out = []
    if nxt is not None and nxt.kind == "content":
        out.append(("n:" + nxt.key, value, f"{w.text} {nxt.text}"))
    if prev is not None and prev.kind == "content":
        out.append(("p:" + prev.key, value, f"{prev.text} {w.text}"))
    return out


def _frequency_at(words, i: int) -> list[Quantity]:
    """"weekly", "every week", "jede Woche", "every other week" as a quantity of time."""
    low = words[i].text.lower()
    if low in _FREQUENCY:
        return [_every(*_FREQUENCY[low], words[i].text)]
    if low not in _EVERY or i + 1 >= len(words):
        return []
    nxt = words[i + 1].text.lower()
    if nxt in _UNIT_WORDS:
        return [_every("1", _UNIT_WORDS[nxt], f"{words[i].text} {words[i + 1].text}")]
    if nxt in _OTHER and i + 2 < len(words) and words[i + 2].text.lower() in _UNIT_WORDS:
        return [_every("2", _UNIT_WORDS[words[i + 2].text.lower()], " ".join(x.text for x in words[i:i + 3]))]
    return []


def _every(value: str, unit: str, shown: str) -> Quantity:
    what, base, _ = _scaled(value, unit, shown)
    return "every:" + what, base, shown


@lru_cache(maxsize=50_000)
def _details(s: SourceSentence) -> tuple[tuple[Quantity, ...], frozenset[str], str]:
    """(quantities, the sentence's stems about the thing, its status) of one source
    sentence; status "required", "optional" or ""."""
    words = s.analysis.words
    quantities: list[Quantity] = []
    skip: set[str] = set()
    for i, w in enumerate(words):
        low = w.text.lower()
        if w.kind == "number" or (low in _NUMBER_WORDS and i + 1 < len(words) and words[i + 1].text.lower() in _UNIT_WORDS):
            quantities += _number_at(words, i)
        else:
            quantities += _frequency_at(words, i)
        if low in _UNIT_WORDS or low in _FREQUENCY or w.kind in ("unit", "number"):
            skip.add(w.key)
    stems = frozenset(_stem(w.key) for w in words if w.kind == "content" and w.key not in skip
                      and not w.key[0].isdigit() and w.text.lower() not in _EVERY and w.text.lower() not in _STATUS_WORDS)
    text = s.text.lower()
    status = "optional" if _OPTIONAL.search(text) else "required" if _REQUIRED.search(text) else ""
    return tuple(dict.fromkeys(quantities)), stems, status


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def might_conflict(story: Story) -> bool:
    """Cheap test: can this story state a detail ``find_conflicts`` compares (a digit, a
    frequency word, a duty or an option)? A story that cannot is left out of the pairing."""
    text = f"{story.title}\n{story.text}".lower()
    return bool(re.search(r"\d", text) or _OPTIONAL.search(text) or _REQUIRED.search(text)
                or any(w in _FREQUENCY or w in _EVERY for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text)))


def _value_clash(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> list[tuple[str, str, list[str]]]:
    """(what, a's value as written, b's values as written) for each quantity of ``qa`` whose
    measure ``qb`` gives only other values."""
    out = []
    for what, value, shown in qa:
        theirs = {v: sh for w, v, sh in qb if w == what}
        if theirs and value not in theirs:
            out.append((what, shown, sorted(set(theirs.values()))))
    return out


def find_conflicts(sources: Sequence[Story]) -> list[str]:
    """One line per detail the stories disagree on: "sources disagree on 'weeks' (A: 1; B:
    2)" (values in the unit's base: seconds for times, as ``cues.amount`` gives them, shown
    as written when there is no scale) and "sources disagree on whether it is required (A:
    'Photo required'; B: 'Photo optional')". [] when they agree or speak of other things."""
    per_unit: dict[str, dict[str, set[str]]] = defaultdict(dict)
    status: dict[tuple[str, str], str] = {}  # one line per pair of stories (a criterion is also a line of the text)
    sentences = [s for s in source_sentences(sources) if _details(s)[0] or _details(s)[2]]
    for a, b in combinations(sentences, 2):
        if a.story_id == b.story_id:
            continue
        (qa, wa, sa), (qb, wb, sb) = _details(a), _details(b)
        overlap = _overlap(wa, wb)
        if sa and sb and sa != sb and overlap >= STATUS_OVERLAP:
            status.setdefault((a.story_id, b.story_id),
                              f"sources disagree on whether it is required ({a.story_id}: '{a.text}'; {b.story_id}: '{b.text}')")
        if overlap < CONFLICT_OVERLAP:
            continue
        for what, shown, theirs in _value_clash(qa, qb):
            if what[:2] in ("n:", "p:") and _overlap(wa - {what[2:]}, wb - {what[2:]}) < CONFLICT_OVERLAP:
                # (the noun a number counts is no overlap of its own: "Fee of 10 EUR per 1,000
                # miles" and "Maximum 50 000 miles par an" share only "miles", t26)
                continue
            per_unit[_unit_name(what)].setdefault(a.story_id, set()).add(shown)
            per_unit[_unit_name(what)].setdefault(b.story_id, set()).update(theirs)
    out = []
    for name, by_story in sorted(per_unit.items()):
        listing = "; ".join(f"{sid}: {', '.join(sorted(v))}" for sid, v in sorted(by_story.items()))
        out.append(f"sources disagree on {name} ({listing})")
    return out + list(status.values())


_PLURAL = {"percent": "percent", "usd": "dollars", "eur": "euros", "gbp": "pounds", "mb": "MB", "gb": "GB", "kb": "KB",
           "c": "°C", "f": "°F"}


def _unit_name(what: str) -> str:
    """How a reason names what the values measure: "'seconds'" (times in seconds), "the number of 'photo'", "the number after 'above'"."""
    if what.startswith("every:"):
        return "how often"
    if what.startswith("n:"):
        return f"the number of '{what[2:]}'"
    if what.startswith("p:"):
        return f"the number after '{what[2:]}'"
    return f"'{_PLURAL.get(what, what + 's')}'"
