"""Two numbers that are about two rules or two events, not one quantity of one need: no conflict.

    decided = number_events_guard(stories, units, decided)

The number rules (decide.py, durations.py) call a pair "same need, different numbers" when
each states one value of one kind. A tester's backlogs (t24, finding 6) showed three kinds of
pairs where the two values do not contradict because they are not about the same thing:

- **an automatic rule and a person's limit**: "claims below 500 EUR are approved
  *automatically*" / "as a claims adjuster I want to approve claims up to 5,000 EUR": the
  system's rule and a person's authority; both hold. Two automatic rules with two limits
  ("auto-approve below 500" / "... below 1,000") still conflict;
- **two alert levels for two purposes**: "an email when I *reach* 80% of my quota, so that I
  can upgrade in time" / "... 100% ..., so that I know requests are throttled": two
  deliberate thresholds, two events. With one purpose (or none) they conflict;
- **two quantities far apart whose statements share no word**: "booking confirmed within 1
  hour" / "no night shift longer than 12 hours" (12x apart, nothing in common but "hours").

Such a conflict becomes "related" with the reason. Runs after the rule guards that make
conflicts (assemble._guards); pairs of other reasons are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytransformer.relate.behaviour import _BENEFIT, _WORD, _content, _sentences, stem

_NUMBER_REASONS = ("same need, different numbers", "same need, different durations")
_AUTOMATIC = re.compile(r"\b(?:auto[- ]?\w*|automatic\w*|automatisch\w*|automatique\w*|automátic\w*|"
                        r"automatic\w*|without (?:any )?manual|ohne manuelle\w*|sans intervention|"
                        r"sin intervención|senza intervento)", re.IGNORECASE)
# A level that triggers something ("when I *reach* 80%", "*at* 90% of the budget", "bei 80 %").
_TRIGGER = re.compile(r"\b(?:reach|reaches|reached|hit|hits|at|exceed|exceeds|erreiche|erreicht|bei|"
                      r"atteint|atteins|atteindre|alcanzo|alcanza|llego|raggiungo|raggiunge)\s+"
                      r"(?:\w+\s+)?(\d[\d.,]*)\s*%")
_APART = 8.0  # two values of one unit at least this far apart with nothing in common are two things
_QUOTED = re.compile(r"'([^']*)'")
_UNITS = frozenset("""hour hours minute minutes second seconds day days week weeks month months year
    years stunde stunden minuten tage tagen wochen heure heures jours semaines hora horas minutos días
    semanas ora ore minuti giorni settimane euro euros eur percent within""".split())


def _benefit(story) -> set[str]:
    """The content stems of the story's reason ("so that ...")."""
    text = story.benefit or ""
    if not text:
        found = _BENEFIT.search(story.text or "")
        text = found.group(0) if found else ""
    return {stem(w) for w in _WORD.findall(text.casefold()) if _content(w)}


def _numbers(text: str) -> list[float]:
    out = []
    for raw in re.findall(r"\d[\d.,]*", text):
        try:
            out.append(float(raw.replace(",", "")))
        except ValueError:
            continue
    return out


def _statements(story, values: list[float]) -> set[str]:
    """The content stems (units aside) of the sentences of ``story`` that state one of ``values``."""
    out: set[str] = set()
    for sentence in _sentences(story):
        if set(_numbers(sentence)) & set(values):
            out |= {stem(w) for w in _WORD.findall(sentence.casefold()) if _content(w) and w not in _UNITS}
    return out


_PASSIVE_WISH = re.compile(r"\b(?:to be|be|being|zu werden|werden|être|soit|ser|sea|essere|sia)\b")
_OWN_ACTION = re.compile(r"^\s*(?:to\s+)?([^\W\d_]+)")


def _person_does(person, automatic) -> bool:
    """``person``'s need is the role's own action ("to approve claims up to 5,000 EUR",
    "approuver ...") and ``automatic`` names that action ("approved automatically"); not a
    passive wish ("documents to be deleted after 7 years": what the system does)."""
    goal = (person.goal or "").casefold()
    found = _OWN_ACTION.match(goal)
    if not found:
        return False
    verb = found.group(1)
    if _PASSIVE_WISH.search(goal):
        return False  # "claim documents to be deleted 7 years after closure"
    said = {stem(w) for w in _WORD.findall((automatic.text or "").casefold()) if _content(w)}
    return _content(verb) and stem(verb) in said


def apart_events(a, b, reason: str) -> str | None:
    """Why the two numbers of a "same need, different numbers" conflict between stories ``a``
    and ``b`` are two rules or events (module docstring), or None."""
    auto_a, auto_b = bool(_AUTOMATIC.search(a.text or "")), bool(_AUTOMATIC.search(b.text or ""))
    if auto_a != auto_b and _person_does(b if auto_a else a, a if auto_a else b):
        which = "first" if auto_a else "second"
        return f"two rules: the {which} story's is automatic, the other's a person's own limit"
    levels_a, levels_b = _TRIGGER.findall((a.text or "").casefold()), _TRIGGER.findall((b.text or "").casefold())
    if levels_a and levels_b and set(levels_a) != set(levels_b):
        ba, bb = _benefit(a), _benefit(b)
        if ba and bb and not ba & bb:
            return (f"two alert levels for two purposes: {', '.join(levels_a)}% vs {', '.join(levels_b)}%")
    quoted = _QUOTED.findall(reason)
    if len(quoted) >= 2:
        va, vb = _numbers(quoted[0]), _numbers(quoted[1])
        if va and vb and min(va + vb) > 0 and max(va + vb) / min(va + vb) >= _APART:
            sa, sb = _statements(a, va), _statements(b, vb)
            if sa and sb and not sa & sb:
                return f"the numbers are about different things: '{quoted[0]}' vs '{quoted[1]}'"
    return None


def number_events_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each number conflict
    whose values are two rules or events (``apart_events``) made "related"."""
    from storytransformer.relate.decide import Decision

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation != "conflict" or not d.reason.startswith(_NUMBER_REASONS):
            continue
        why = apart_events(stories[units[a][0]], stories[units[b][0]], d.reason)
        if why:
            out[n] = (a, b, score, Decision("related", why))
    return out
