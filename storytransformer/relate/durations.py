"""One period stated twice with other values: "refunded if cancelled 72 hours before" / "7 days
in advance", "guaranteed for 3 months" / "a warranty of one year", "a 30-day loan term" / "loans
run for 3 months".

    duration_clash(slots_a, slots_b)    # "same need, different durations: '3 day' vs '1 week'"
    same_period(("#30", "day"), ("#1", "month"))   # True: a month is 28 to 31 days

units.py writes each duration in the largest unit that divides it ("72 hours" is "3 day", "7
days" is "1 week", "12 months" is "1 year"), so one period in two stories often ends in two
unit tokens, and months never convert to days. Here two durations are compared as spans of
seconds (a month 28-31 days, a year 365-366 days): they agree when the spans meet ("30 days" /
"1 month", "52 weeks" / "1 year", "48 hours" / "two days"), and they are of one scale when the
larger is at most ``SCALE`` times the smaller ("3 months" / "1 year" yes; "check in 30 minutes
before" / "a reminder 1 day before" no: two periods of two things).

A clash needs each story to state exactly one duration (in its need and criteria): then the
two stories, read as one need, give that one period two values. Two durations on one side
("slots for the next 7 days are shown; a reminder 1 day before") say nothing about which of
them the other story's value is about.
"""

from __future__ import annotations

from functools import lru_cache

from storytransformer.relate.units import unit_class

DAY = 86400
# (low, high) seconds of one unit token as units.py writes it
_SPANS = {"second": (1, 1), "minute": (60, 60), "hour": (3600, 3600), "day": (DAY, DAY), "week": (7 * DAY, 7 * DAY),
          "month": (28 * DAY, 31 * DAY), "year": (365 * DAY, 366 * DAY)}
# At most this ratio between two values of one period ("3 months" / "1 year": 4; "a reminder 24
# hours before" / "a short-notice reminder 2 hours before", 12x, are two reminders: examples/)
SCALE = 8
# Between two needs that share only their subject, a closer scale: "reserve a parking space for
# 2 hours" / "parking fines after 15 minutes" (8x) are two periods; "the loan term is 30 days" /
# "pawn loans run for 3 months" (3x), "72 hours" / "7 days" (2.3x) one (a heuristic, dev-tuned)
NEAR_SCALE = 4


def span(number: str, unit: str) -> tuple[float, float] | None:
    """(low, high) seconds of a "#n" token and a canonical unit of time; None for other units."""
    size = _SPANS.get(unit)
    if size is None:
        return None
    try:
        n = float(number.lstrip("#").replace(",", "."))
    except ValueError:
        return None
    return n * size[0], n * size[1]


def agree(x: tuple[float, float], y: tuple[float, float]) -> bool:
    """Two spans that can be one value ("30 days" / "1 month")."""
    return x[0] <= y[1] and y[0] <= x[1]


def same_scale(x: tuple[float, float], y: tuple[float, float], scale: float = SCALE) -> bool:
    low, high = sorted((x[0], y[0]))
    return low > 0 and high / low <= scale


def same_period(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """Two ("#n", unit) durations that may be one period's two values, or one value: same
    scale (see the module docstring)."""
    sx, sy = span(*x), span(*y)
    return bool(sx and sy and same_scale(sx, sy))


def durations(p) -> list[tuple[str, str]]:
    """The ("#n", unit) durations of a phrase (slots.Phrase), in order."""
    return list(_durations(p.tokens))


@lru_cache(maxsize=1 << 16)  # (a story's statements are read for each of its pairs)
def _durations(toks: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    if not any(t[0] == "#" for t in toks):
        return ()
    out = []
    for i, t in enumerate(toks[:-1]):
        if t[0] != "#":
            continue
        if toks[i + 1] in _SPANS:
            out.append((t, toks[i + 1]))
        elif i + 2 < len(toks) and toks[i + 2] in _SPANS and toks[i + 1][0] not in "#@!":
            out.append((t, toks[i + 2]))  # "5 *free* days", "3 working days"
    return tuple(out)


def stated_durations(s) -> list[tuple[str, str]]:
    """The distinct durations a story (slots.Slots) states in its need and criteria."""
    found = [d for p in (s.need, *(step.phrase for step in s.criteria)) for d in _durations(p.tokens)]
    return list(dict.fromkeys(found))


def duration_clash(a, b, scale: float = SCALE) -> str | None:
    """A reason when each story states exactly one duration, the two of one scale (at most
    ``scale`` times apart), and they cannot be one value ("72 hours" / "7 days"); else None."""
    da, db = stated_durations(a), stated_durations(b)
    if len(da) != 1 or len(db) != 1:
        return None
    sa, sb = span(*da[0]), span(*db[0])
    if not (sa and sb) or agree(sa, sb) or not same_scale(sa, sb, scale) or not _one_thing(a, b):
        return None
    shown = [f"'{n.lstrip('#')} {u}'" for n, u in (da[0], db[0])]
    return f"same need, different durations: {shown[0]} vs {shown[1]}"


def _one_thing(a, b) -> bool:
    """Some statement of each story that holds its duration shares a word with the other's:
    what the period is of ("*deposits* are refundable ... 7 days" / "the *deposit* is refunded
    ... 72 hours"; not "an offer expires after 30 minutes" / "a second reminder 1 hour before")."""
    pa = [p for p in (a.need, *(step.phrase for step in a.criteria)) if _durations(p.tokens)]
    pb = [p for p in (b.need, *(step.phrase for step in b.criteria)) if _durations(p.tokens)]
    return any(_stems(p) & _stems(q) for p in pa for q in pb)


def same_subject(p, q) -> bool:
    """The two phrases (slots.Phrase) start from one thing: their first content word that is
    no action, number or name ("*deposits* are refundable ..." / "the *deposit* is refunded")
    (a modifier before it counts too: "*pawn* loans run ..." / "the loan term ...")"""
    sp, sq = _subjects(p), _subjects(q)
    return bool(sp and sq) and (sp[0] in sq or sq[0] in sp)


def _subjects(p) -> list[str]:
    """The first two content words that are no action, number, name or bound."""
    return [t for t in p.tokens if t[0] not in "#@!" and t not in ("atmost", "atleast") and t not in _SPANS][:2]


def durations_agree(p, q) -> bool:
    """Each phrase states one duration, the two can be one value ("30 days" / "1 month"), and
    their other numbers are the same: one need in two units."""
    dp, dq = durations(p), durations(q)
    if len(dp) != 1 or len(dq) != 1:
        return False
    sp, sq = span(*dp[0]), span(*dq[0])
    others_p = sorted(t for t in p.tokens if t[0] == "#" and t != dp[0][0])
    others_q = sorted(t for t in q.tokens if t[0] == "#" and t != dq[0][0])
    return bool(sp and sq) and agree(sp, sq) and others_p == others_q


def apart_in_scale(p, q) -> bool:
    """Each phrase states one duration and the two are more than ``SCALE`` times apart: two
    periods of two things ("booked at least 2 days ahead" / "a lesson lasts 3 hours")."""
    dp, dq = durations(p), durations(q)
    if len(dp) != 1 or len(dq) != 1:
        return False
    sp, sq = span(*dp[0]), span(*dq[0])
    return bool(sp and sq) and not same_scale(sp, sq)


def stated_clash(a, b) -> str | None:
    """``duration_clash`` for two stories not read as one need, when the two statements that
    hold the durations say one thing: at least two shared words (first four letters: "a
    *decision* is issued within 8 weeks of a *complete application*" / "the council shall
    *decide* on a *complete* building permit *application* within 60 days"), most of the
    shorter statement's."""
    clash = duration_clash(a, b)
    if not clash:
        return None
    p, q = _holding(a), _holding(b)
    if p is None or q is None:
        return None
    x, y = _stems(p), _stems(q)
    shared = x & y
    return clash if len(shared) >= 2 and len(shared) >= STATED_SHARED * min(len(x), len(y)) else None


STATED_SHARED = 0.5


def _holding(s):
    """The one statement (need or criterion) of a story that states a duration."""
    found = [p for p in (s.need, *(step.phrase for step in s.criteria)) if durations(p)]
    return found[0] if len(found) == 1 else None


def _stems(p) -> set[str]:
    return {t.lstrip("!")[:4] for t in p.tokens if t[0] not in "#@" and t not in _SPANS
            and t not in ("atmost", "atleast")}


def is_duration(unit: str) -> bool:
    return unit in _SPANS or unit_class(unit) in ("time", "month")
