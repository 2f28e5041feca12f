"""How often, written as one interval: "twice a year" is "interval 6 months" (as "every 6
months" is), "fortnightly" is "interval 2 weeks", "dreimal pro Woche" is every 56 hours.

    canonical_frequencies("Stoves are swept twice a year")   # "Stoves are swept interval 6 months"
    canonical_frequencies("Backups run daily.")                # "Backups run interval 1 day."

units.canonical_quantities calls this before it writes each number and unit canonically, so
"twice a year" and "once every 6 months" end as the same tokens ("interval #6 month"), and
"twice a year" / "every 12 months" as two values of one quantity: a conflict when the rest is one
need. The word "interval" keeps a rate apart from a duration ("once a day" / "the first day").
Read in en, de, fr, es, it, pt, nl. "N times a <unit>" becomes the interval only when it
divides exactly (in the unit's class: seconds, or months); otherwise the text stays.

Adjectives of kind stay words: "a *monthly* report" / "a *weekly* report" are two reports
(siblings), not one report at two intervals. So an English "-ly" word is read as an interval
only where no noun follows it (the end of a clause, a preposition, "and"); German and Dutch
only in the uninflected form ("täglich", "dagelijks", not "tägliche Sicherung"); French,
Spanish, Italian and Portuguese only as adverbs ("-ment", "-mente") or with "cada"/"ogni"/
"chaque"/"tous les".
"""

from __future__ import annotations

import re

# (unit words of one period, its size in seconds or months, and the class)
_PERIODS: tuple[tuple[str, str, int], ...] = (
    (r"hour|stunde|heure|hora|ora|uur", "time", 3600),
    (r"day|tag|jour|d[ií]a|giorn[oi]|dag", "time", 86400),
    (r"week|woche|semaine|semana|settiman[ae]", "time", 604800),
    (r"month|monat|mois|mes|mes[ei]|m[eê]s|maand", "month", 1),
    (r"quarter|quartal|trimestre|kwartaal", "month", 3),
    (r"year|jahr|an|année|annee|a[ñn]o|ann[oi]|jaar", "month", 12),
)
# The word a frequency is written with: a rate is no duration ("once a day" is not "the first
# day", "every 14 days" not "within 14 days"), so the interval keeps a word of its own before its
# number ("interval 6 months"); slots.py keeps it as a content word.
MARK = "interval"
_WRITTEN = {"time": ((604800, "week"), (86400, "day"), (3600, "hour"), (60, "minute")),
            "month": ((12, "year"), (1, "month"))}

_COUNT_WORDS = {
    "once": 1, "twice": 2, "thrice": 3,
    "einmal": 1, "zweimal": 2, "dreimal": 3, "viermal": 4, "fünfmal": 5, "sechsmal": 6,
    "eenmaal": 1, "tweemaal": 2, "driemaal": 3,
}
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ein": 1, "eine": 1, "zwei": 2,
           "drei": 3, "vier": 4, "une": 1, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "una": 1, "uno": 1,
           "dos": 2, "tres": 3, "cuatro": 4, "due": 2, "tre": 3, "quattro": 4, "uma": 1, "um": 1, "duas": 2,
           "dois": 2, "três": 3, "één": 1, "een": 1, "twee": 2, "drie": 3}
_TIMES = r"times|mal|-mal|fois|veces|vez|volte|volta|vezes|keer|maal"
_PER = (r"a|an|per|each|every|pro|im|in\s+der|in\s+the|am|je|jede[ns]?|par|l'|al|a\s+la|por|cada|alla|all'|"
        r"ao|à|na|no|in\s+de|op|elke")
_PERIOD_WORDS = "|".join(p for p, _, _ in _PERIODS)
_N_TIMES = re.compile(
    r"(?<![\w-])(?:(?P<word>" + "|".join(_COUNT_WORDS) + r")|(?P<n>\d+|" + "|".join(k for k in _NUMBER if "_" not in k)
    + r")\s?(?:" + _TIMES + r"))\s+(?:(?:" + _PER + r")\s*)(?P<p>" + _PERIOD_WORDS + r")(?![\w-])",
    re.IGNORECASE)
# "once every 12 months", "einmal alle 2 Jahre": the count is the interval's own
_ONCE_EVERY = re.compile(r"(?<![\w-])(?:once|einmal|une fois|una vez|una volta|uma vez|eenmaal|één keer|een keer)"
                         r"\s+(?=(?:every|alle|tous les|toutes les|cada|ogni|a cada|elke|iedere)\s)", re.IGNORECASE)
# "every day", "jeden Tag", "chaque jour", "tous les jours", "cada día", "todos los días", "ogni giorno",
# "tutti i giorni", "todos os dias", "elke dag";
# "every other day" is every 2 days
_EVERY = re.compile(r"(?<![\w-])(?:every|each|jeden|jede|jedes|chaque|tous\s+les|toutes\s+les|cada|todos\s+los|"
                    r"todas\s+las|ogni|tutti\s+i|tutte\s+le|todos\s+os|todas\s+as|elke|iedere)"
                    r"(?P<other>\s+other|\s+zweite[nr]?)?\s+(?P<p>" + _PERIOD_WORDS + r")s?(?![\w-])", re.IGNORECASE)
# "every 12 months", "alle 14 Tage", "tous les 15 jours", "cada 3 días", "ogni 2 settimane", "a cada 6
# meses", "elke 2 weken": the interval word before the number
_EVERY_N = re.compile(r"(?<![\w-])(?:every|alle|tous\s+les|toutes\s+les|a\s+cada|cada|ogni|elke|iedere)\s+"
                      r"(?=\d+(?:[.,]\d+)?\s?(?:" + _PERIOD_WORDS + r"|minute|minuten|minuto|minuti|minutos|"
                      r"minutes)s?(?![\w-]))", re.IGNORECASE)
# Words that are an interval by themselves: (pattern, every how many of which period)
_ADVERBS: tuple[tuple[str, str], ...] = (
    (r"hourly|stündlich|toutes les heures", "1 hour"),
    (r"daily|täglich|quotidiennement|diariamente|a diario|quotidianamente|giornalmente|dagelijks", "1 day"),
    (r"weekly|wöchentlich|hebdomadairement|semanalmente|settimanalmente|wekelijks", "1 week"),
    (r"fortnightly|bi-?weekly|zweiwöchentlich|vierzehntägig|14-tägig|quinzenalmente|quincenalmente|"
     r"quindicinalmente|tweewekelijks", "2 week"),
    (r"monthly|monatlich|mensuellement|mensualmente|mensilmente|mensalmente|maandelijks", "1 month"),
    (r"quarterly|vierteljährlich|quartalsweise|trimestriellement|trimestralmente|driemaandelijks|"
     r"per kwartaal", "3 month"),
    (r"yearly|annually|jährlich|annuellement|anualmente|annualmente|jaarlijks", "1 year"),
)
# English "-ly" words read as an interval only before these (or at a clause's end): "backups run
# daily at 2 am", not "a daily report"
_AFTER_ADVERB = re.compile(r"\s*(?:$|[.,;:!?)\n]|(?:at|on|in|by|for|to|and|or|from|with|via|until|before|after|"
                           r"during|unless|if|when|so|except|between|instead|rather|per|um|à|a|e|et|y|und|en)\b)",
                           re.IGNORECASE)
_ADVERB = re.compile(r"(?<![\w-])(?P<w>" + "|".join(p for p, _ in _ADVERBS) + r")(?![\w-])", re.IGNORECASE)
# Words one of the patterns above needs (a plain substring test: most texts have none, and this
# runs on every phrase of a 10,000-story plan)
_HINTS = tuple("""once twice thrice times einmal zweimal dreimal viermal fünfmal sechsmal -mal fois vece
    vez volt keer eenmaal tweemaal driemaal every each jede chaque cada ogni todos todas tutti tutte elke iedere hourly
    daily weekly monthly quarterly yearly annually fortnightly biweekly bi-weekly täglich wöchentlich monatlich
    jährlich stündlich quartalsweise kwartaal diario tägig lijks quotidien hebdomadaire semanalmente settimanal
    mensuel mensual mensil mensal trimestri annuel anualmente annualmente quinzenal quincenal quindicinal giornal
    limit limiet often beliebig volonté límite quiser vaak heures""".split()) + (" mal ", " maal ", " oft ", "alle ", "tous les", "toutes les")


# No limit, said in words: "as many times a day as they like", "as often as you want", "beliebig
# oft", "à volonté", "sin límite": one token, "unlimited" (claims.py: against "at most once a day")
_UNLIMITED = re.compile(
    r"(?<!\w)(?:as (?:many times|often)(?: (?:a|per) \w+)? as (?:they|you|he|she|we|I|members?|customers?|users?)"
    r" (?:like|likes|want|wants|wish|wishes)|with no limit|without (?:any )?limit|no limit|beliebig oft|"
    r"so oft (?:sie|er|man|du) (?:will|wollen|möchte|möchten)|à volonté|sans limite|autant de fois qu'(?:ils|il|elle|elles|on)"
    r" (?:veut|veulent)|sin límite|tantas veces como quiera[n]?|senza limiti?|tutte le volte che vuole|"
    r"quantas vezes quiser(?:em)?|sem limite|zo vaak als (?:ze|hij|je|u) wil(?:len)?|zonder limiet)(?!\w)",
    re.IGNORECASE)


def canonical_frequencies(text: str) -> str:
    """``text`` with each frequency written "interval N <unit>" (see the module docstring);
    everything else unchanged."""
    low = text.casefold()
    if not any(h in low for h in _HINTS):
        return text
    text = _UNLIMITED.sub("unlimited", text)
    text = _ONCE_EVERY.sub("", text)
    text = _N_TIMES.sub(_n_times, text)
    text = _EVERY.sub(_every, text)
    text = _EVERY_N.sub(MARK + " ", text)
    return _ADVERB.sub(_adverb, text)


def _period(word: str) -> tuple[str, int] | None:
    for pattern, cls, size in _PERIODS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return cls, size
    return None


def _interval(cls: str, base: float) -> str | None:
    for size, name in _WRITTEN[cls]:
        count = base / size
        if count >= 1 and abs(count - round(count)) < 1e-9:
            return f"{MARK} {int(round(count))} {name}{'s' if round(count) != 1 else ''}"
    return None


def _n_times(m: re.Match) -> str:
    period = _period(m.group("p"))
    count = _COUNT_WORDS.get((m.group("word") or "").casefold()) or _count(m.group("n"))
    if not period or not count:
        return m.group(0)
    return _interval(period[0], period[1] / count) or m.group(0)


def _count(n: str | None) -> int | None:
    if not n:
        return None
    if n.isdigit():
        return int(n) or None
    return _NUMBER.get(n.casefold())


def _every(m: re.Match) -> str:
    period = _period(m.group("p"))
    if not period:
        return m.group(0)
    return _interval(period[0], period[1] * (2 if m.group("other") else 1)) or m.group(0)


def _adverb(m: re.Match) -> str:
    word = m.group("w")
    low = word.casefold()
    if (low.endswith("ly") or low in ("bi-weekly", "biweekly")) and not _AFTER_ADVERB.match(m.string, m.end()):
        return word  # "a daily report", "a weekly newsletter": a kind of thing
    for pattern, interval in _ADVERBS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            n, unit = interval.split()
            return f"{MARK} {n} {unit}{'s' if n != '1' else ''}"
    return word
