"""Quantities written in other units are one value: "24 hours" is "1 day", "60 minutes" is
"1 hour", "a 120-minute slot" is "2 hour", "1024 MB" and "1000 MB" are "1 gb".

    canonical_quantities("reminders 24 hours before")   # "reminders 1 day before"
    magnitude("#90", "minute")                           # ("time", 5400.0)

The slot reader (slots.phrase) rewrites every number followed by a unit of time or of data
size, in the languages it reads (en, de, fr, es, it, pt, nl; "24h", "2-day", "1,5 Stunden"),
into the largest unit that divides the value exactly, written in English ("#1", "day"), so two
stories that say one value in two units compare equal word for word, and two values in two
units ("1 hour" / "90 minutes") are numbers of one quantity, a contradiction when they
differ. Months and years convert only into each other (a month is not 30 days); "5 working
days" is not converted (a word between number and unit).
"""

from __future__ import annotations

import re

from storytransformer.relate.frequency import canonical_frequencies

# unit word (casefolded) -> (class, size in the class's base unit: seconds, months, kilobytes)
_UNIT_WORDS: dict[str, tuple[str, int]] = {}
for _words, _unit in (
    ("second seconds sec secs sek sekunde sekunden seconde secondes segundo segundos secondo secondi", ("time", 1)),
    ("minute minutes min mins minuten minuto minutos minuti", ("time", 60)),
    ("hour hours hr hrs h std stunde stunden heure heures hora horas ora ore uur uren", ("time", 3600)),
    ("day days tag tage tagen jour jours día días dia dias giorno giorni dag dagen", ("time", 86400)),
    ("week weeks woche wochen semaine semaines semana semanas settimana settimane weken", ("time", 604800)),
    ("month months monat monate monaten mois mes meses mese mesi maand maanden mês", ("month", 1)),
    ("year years jahr jahre jahren an ans année années año años anno anni ano anos jaar jaren", ("month", 12)),
    ("kb kib ko kbyte kilobyte kilobytes", ("data", 1)),
    ("mb mib mo mbyte megabyte megabytes", ("data", 1024)),
    ("gb gib go gbyte gigabyte gigabytes", ("data", 1024 ** 2)),
    ("tb tib tbyte terabyte terabytes", ("data", 1024 ** 3)),
):
    for _w in _words.split():
        _UNIT_WORDS[_w] = _unit

# The units written out, largest first, per class: (name, size).
_OUT = {
    "time": (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)),
    "month": (("year", 12), ("month", 1)),
    "data": (("tb", 1024 ** 3), ("gb", 1024 ** 2), ("mb", 1024), ("kb", 1)),
}
# A time of day ("14:00", "2 pm", "14 Uhr", "à 14h") is written "14:00 oclock": a number with
# its own unit, so "opens at 14:00" / "opens at 15:00" are two values of one quantity and
# "2 pm" / "14:00" one value.
CLOCK = "oclock"
# A temperature ("8 °C", "8° C", "8 degrees Celsius", "46 °F", "8 Grad") is written "8 celsius"
# (Fahrenheit converted): "8 °C" / "10 °C" are two values of one quantity, "50 °F" / "10 °C" one.
CELSIUS = "celsius"
# A rate's period ("once a day", written "interval 1 day" by frequency.py) has units of its own,
# "every_day", "every_hour", ...: "a reminder once a day" / "a reminder 1 day before my
# appointment" are a rate and a span, never one value nor two values of one quantity; two rates
# still compare ("once a day" / "twice a day": 1 every_day / 12 every_hour, one class).
INTERVALS = {name: "every_" + name for cls in ("time", "month") for name, _ in _OUT[cls]}
UNIT_TOKENS = (frozenset(name for units in _OUT.values() for name, _ in units) | {CLOCK, CELSIUS}
               | frozenset(INTERVALS.values()))
_CLASS_OF = ({name: cls for cls, units in _OUT.items() for name, _ in units} | {CLOCK: "clock", CELSIUS: "temperature"}
             | {INTERVALS[name]: "interval-" + cls for cls in ("time", "month") for name, _ in _OUT[cls]})
_SIZE_OF = ({name: size for units in _OUT.values() for name, size in units} | {CLOCK: 1, CELSIUS: 1}
            | {INTERVALS[name]: size for cls in ("time", "month") for name, size in _OUT[cls]})

# Units of time as a story's words stay in slot tokens, by the unit they name: the canonical
# unit, and the abbreviations and German, French and Spanish lemmas that stay where no number
# is converted ("5 working days", "deux an"). One table for the duration checks: TIME_UNITS
# (contradict.py: durations compare without a shared word; reason_words.py: "3 working days"
# is shown with its unit) and DURATIONS (slots.py: "a one-hour slot" keeps its number).
TIME_WORDS: dict[str, tuple[str, ...]] = {
    "second": ("sec", "sekunde", "seconde", "segundo"),
    "minute": ("min", "minuto"),
    "hour": ("hr", "hrs", "stunde", "heure", "hora"),
    "day": ("tag", "jour", "día"),
    "night": (),  # a duration in a compound ("a two-night stay"), not a unit of time: see DURATIONS
    "week": ("woche", "semaine", "semana"),
    "month": ("monat", "mois", "mes"),
    "year": ("jahr", "an", "année", "año"),
}
# (not "night": contradict.py reads a duration's bound either way, as for a deadline, and "up to 3
# nights" / "at least 2 nights" are two bounds)
TIME_UNITS = frozenset(w for unit, words in TIME_WORDS.items() if unit != "night" for w in (unit, *words))
# English units of time after a number word in a compound: the number stays a quantity
DURATIONS = frozenset(TIME_WORDS)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-eight": 48, "sixty": 60,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sieben": 7, "zehn": 10, "vierzehn": 14,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "dix": 10, "quinze": 15,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "siete": 7, "diez": 10, "quince": 15,
    "due": 2, "tre": 3, "quattro": 4, "sette": 7, "dieci": 10, "quindici": 15,
    "dois": 2, "duas": 2, "três": 3, "sete": 7, "dez": 10,
    "twee": 2, "drie": 3, "vijf": 5, "zeven": 7, "tien": 10, "veertien": 14,
}
_HALF_HOUR = re.compile(r"(?<!\w)(?:half an hour|half-hour|a half hour|eine halbe stunde|einer halben stunde|"
                        r"une demi-heure|media hora|mezz'ora|mezzora|meia hora|een half uur|een halfuur)(?!\w)",
                        re.IGNORECASE)
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
    + r")(?:\s?-\s?|\s?)(?P<u>" + "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True))
    + r")(?![\w-])", re.IGNORECASE)


# Unit words that are also short common words: a unit only after digits ("1 Go", "2 ans", "24 h").
_SHORT = frozenset("an ans go mo ko ore ano h min mes sec".split())


def _value(number: str) -> float | None:
    low = number.casefold()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    try:
        return float(low.replace(",", "."))
    except ValueError:
        return None


def _written(cls: str, base: float) -> str | None:
    """``base`` (seconds, months or kilobytes) in the largest unit that divides it exactly (for
    data sizes also in steps of 1000: "1000 MB" is "1 gb")."""
    for name, size in _OUT[cls]:
        for step in ((size,) if cls != "data" or size == 1 else (size, size * 1000 // 1024)):
            count = base / step
            if count >= 1 and abs(count - round(count)) < 1e-9:
                return f"{int(round(count))} {name}"
    return None


def _rewrite(m: re.Match) -> str:
    unit = _UNIT_WORDS.get(m.group("u").casefold())
    value = _value(m.group("n"))
    if unit is None or value is None or value <= 0:
        return m.group(0)
    if m.group("u").casefold() in _SHORT and not m.group("n")[0].isdigit():
        return m.group(0)  # "deux an", "three h": a number word before a short unit is no quantity
    written = _written(unit[0], value * unit[1])
    return written or m.group(0)


# "48 to 72 hours", "2-3 days": the unit after the second number is the first's too.
_RANGE = re.compile(r"(?<![\w.,])(?P<n1>\d+(?:[.,]\d+)?)(?P<sep>\s?[-–]\s?|\s(?:to|bis|à|a|and|und|et|y|e|en|or|oder|ou|o)\s)"
                    r"(?=(?P<n2>\d+(?:[.,]\d+)?)(?:\s?-\s?|\s?)(?P<u>" + "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len,
                                                                                      reverse=True)) + r")(?![\w-]))",
                    re.IGNORECASE)


def _range(m: re.Match) -> str:
    first = _QUANTITY.sub(_rewrite, f"{m.group('n1')} {m.group('u')}")
    return f"{first} {m.group('sep').strip()} "  # spaced: "2 day-3 day" would read as one word


# Times of day: "14:00", "9.30 Uhr", "2 pm", "2:30 p.m.", "14 Uhr", "14h30", and "14h" after a
# word that names a point in time ("à 14h", "dès 9h"; "48h" alone is a duration).
_CLOCK = re.compile(
    r"(?<![\w.,:])(?:(?P<h1>[01]?\d|2[0-3])[:.](?P<m1>[0-5]\d)\s?(?P<ap1>[ap]\.?\s?m\b\.?)"
    r"|(?P<h2>1[0-2]|0?[1-9])\s?(?P<ap2>[ap]\.?\s?m\b\.?)"
    r"|(?P<h3>[01]?\d|2[0-4])(?:[:.](?P<m3>[0-5]\d))?\s?(?:uhr\b|h\b(?!\s?\d))"
    r"|(?P<h4>[01]?\d|2[0-3])\s?h\s?(?P<m4>[0-5]\d)\b"
    r"|(?P<h5>[01]?\d|2[0-3]):(?P<m5>[0-5]\d)(?!\d))"
    r"(?:\s?(?:uhr|h)\b)?", re.IGNORECASE)
# "14h" / "14 h" alone is a time of day only after these (a duration otherwise: "24h support").
_AT = re.compile(r"(?:\bà|\bdès|\bvers|\bpartir de|\bum|\bab|\bat|\bfrom|\buntil|\bbis|\bjusqu'à)\s*$", re.IGNORECASE)


def _clock(m: re.Match) -> str:
    g = m.groupdict()
    if g["h3"] is not None and "uhr" not in m.group(0).casefold() and not _AT.search(m.string[:m.start()]):
        return m.group(0)  # "24h", "48 h": a duration (units.py's job)
    hour = int(next(g[k] for k in ("h1", "h2", "h3", "h4", "h5") if g[k] is not None))
    minute = int(next((g[k] for k in ("m1", "m3", "m4", "m5") if g[k] is not None), 0) or 0)
    ampm = (g["ap1"] or g["ap2"] or "").casefold()[:1]
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    return f"{hour % 24:02d}:{minute:02d} {CLOCK}"


# "8 °C", "8°C", "8 ° C", "8 ºC", "46 °F", "8 degrees Celsius", "8 Grad Celsius", "8 Grad", "8 degrés",
# "8 grados Celsius" (a bare "degrees" is an angle, "a 360 degree view"; a bare German "8 Grad" is Celsius).
_TEMPERATURE = re.compile(
    r"(?<![\w.,])(?P<n>-?\d+(?:[.,]\d+)?)\s?(?:(?:[°º]\s?(?P<f1>F)|[°º]\s?C|[°º])(?!\w)|"
    r"(?:degrees?|grad|degrés?|grados?|gradi|graden)\s+(?:(?P<f2>fahrenheit)|celsius|centigrade)(?!\w)|"
    r"grad(?![\w-]))",
    re.IGNORECASE)


def _temperature(m: re.Match) -> str:
    value = float(m.group("n").replace(",", "."))
    if m.group("f1") or m.group("f2"):
        value = (value - 32) * 5 / 9
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{'-0' if shown == '-0' else shown} {CELSIUS}".replace("-0 ", "0 ")


def canonical_quantities(text: str) -> str:
    """``text`` with every number-and-unit of time or data size written canonically (see the
    module docstring), and every time of day as "HH:MM oclock"; everything else unchanged.
    A frequency is an interval first ("twice a year" is "every 6 months": frequency.py)."""
    text = _PERCENT.sub(r"\g<n>%", canonical_frequencies(text))
    if not _DIGIT.search(text) and not _NUMBER_HINT.search(text):
        return text
    text = _TEMPERATURE.sub(_temperature, _CLOCK.sub(_clock, _HALF_HOUR.sub("30 minutes", text)))
    text = _QUANTITY.sub(_rewrite, _RANGE.sub(_range, text))
    return _RATE.sub(lambda m: f"{m.group(1)} {INTERVALS[m.group(2)]}", text) if "interval" in text else text


# "interval 1 day" (frequency.py's rate, its unit written canonically by now): the rate's units
_RATE = re.compile(r"(\binterval \d+(?:[.,]\d+)?) (" + "|".join(INTERVALS) + r")\b")


_DIGIT = re.compile(r"\d")
# "10 percent", "10 Prozent", "10 pour cent", "10 por ciento", "10 per cento", "10 procent" are "10%"
# (slots.py reads "10%" and "10 %" as one number token)
_PERCENT = re.compile(r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)\s?(?:percent|per cent|pct|prozent|pour cent|pourcent|"
                      r"por ciento|porciento|per cento|percento|por cento|procent)(?!\w)", re.IGNORECASE)
_NUMBER_HINT = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _NUMBER_WORDS)) + r"|half|halbe|demi|media|mezz|meia)",
                          re.IGNORECASE)


def quantity_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical form) of each number-and-unit ``canonical_quantities`` rewrites
    in ``text``: where a reason quoting "2 week" finds "14 jours" in the story."""
    if not _DIGIT.search(text) and not _NUMBER_HINT.search(text):
        return []
    out = [(m.start(), m.end(), "30 minute") for m in _HALF_HOUR.finditer(text)]
    out += [(m.start(), m.end(), _clock(m)) for m in _CLOCK.finditer(text) if _clock(m) != m.group(0)]
    out += [(m.start(), m.end(), _temperature(m)) for m in _TEMPERATURE.finditer(text)]
    clocks = [(a, b) for a, b, w in out if w.endswith((CLOCK, CELSIUS))]  # "à 14h" is no "14 hour"
    for m in _QUANTITY.finditer(text):
        written = _rewrite(m)
        if written != m.group(0) and not any(a <= m.start() < b for a, b in clocks):
            out.append((m.start(), m.end(), written))
    return out


def magnitude(number_token: str, unit: str) -> tuple[str, float] | None:
    """(class, value in the class's base unit) of a "#n" token followed by a canonical unit
    token; None when the unit is no unit of time or data size."""
    cls = _CLASS_OF.get(unit)
    if cls is None:
        return None
    try:
        return cls, float(number_token.lstrip("#").replace(",", ".")) * _SIZE_OF[unit]
    except ValueError:
        return None


def unit_class(unit: str) -> str:
    """"time", "month", "data", "clock" or "temperature" for a canonical unit token; the token itself otherwise."""
    return _CLASS_OF.get(unit, unit)


def same_class(u: str, v: str) -> bool:
    """Two canonical unit tokens of one quantity ("hour" / "minute", "gb" / "mb")."""
    return u in _CLASS_OF and _CLASS_OF.get(u) == _CLASS_OF.get(v)
