"""Numbers written with the story language's digit grouping, rewritten to one plain form.

"50,000" (English), "50 000" / "50 000" (French, a no-break or narrow no-break space),
"50.000" (German, Spanish, Italian, Portuguese, Dutch) and "50'000" (Swiss) are one number:
``plain_numbers`` writes each as "50000", and a decimal with a point ("1,5 kg" in
fr/de/es/it/pt/nl is "1.5 kg"), so that the relate stage compares values, not spellings
(tester t26: a French "50 000 miles" was a conflict with an English "50,000 miles").

Rules (``lang`` is a key of slots.FUNCTION_WORDS, "en" when unknown):
- groups of exactly three digits after a space, no-break space or apostrophe: thousands;
- a mark used twice or more ("1.000.000", "1,000,000"): thousands;
- both marks ("1.234,5", "1,234.5"): the last one is the decimal mark;
- one comma: thousands in English before exactly three digits ("1,500"), else a decimal
  mark ("1,5"; "1,500 kg" in German is 1.5 kg);
- one point before exactly three digits after 1-3 digits not starting with 0: thousands
  ("50.000"; English backlogs written in Europe use it too, and "2.500 seconds" is never
  2.5 seconds in a user story), else a decimal mark ("1.5", "0.125").
"""
from __future__ import annotations

import re

# Languages whose decimal mark is a comma ("1,5 kg").
COMMA_DECIMAL = frozenset({"de", "fr", "es", "it", "pt", "nl"})

_SPACE_GROUPS = re.compile(r"(?<![\w.,'’])(\d{1,3})((?:[ \u00a0\u202f'’]\d{3})+)(?![\d'’]|[.,]\d)")
_MARKED = re.compile(r"(?<![\w.,:])\d+(?:[.,]\d+)+(?![\d:])")


def plain_number(raw: str, lang: str = "en") -> str:
    """``raw`` (digits with "." / "," marks, e.g. "1.234,5") as digits with at most one
    decimal point ("1234.5"); ``raw`` unchanged when it is no grouped or decimal number."""
    commas, points = raw.count(","), raw.count(".")
    if commas and points:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        whole, _, fraction = raw.rpartition(decimal)
        return _decimal(re.sub(r"[.,]", "", whole), fraction)
    mark = "," if commas else "."
    if commas + points > 1:  # "1.000.000"; a version or an address ("1.2.3") stays as written
        groups = raw.split(mark)
        ok = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        return raw.replace(mark, "") if ok else raw
    whole, _, fraction = raw.partition(mark)
    grouping = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if mark == "," and lang in COMMA_DECIMAL:
        grouping = False
    return whole + fraction if grouping else _decimal(whole, fraction)


def _decimal(whole: str, fraction: str) -> str:
    """"1.500" (German "1,500") and "1.50" are "1.5"; "2.0" is "2"."""
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def plain_numbers(text: str, lang: str = "en") -> str:
    """``text`` with every grouped number in its plain form (see the module docstring);
    clock times ("10:30") and other words are left as written."""
    text = _SPACE_GROUPS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    return _MARKED.sub(lambda m: plain_number(m.group(), lang), text)
