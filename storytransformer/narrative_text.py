"""The "I want …" clause of a rendered story in correct English.

Ingest keeps a story's goal without its leading "to" ("I want to book a slot" -> goal "book a
slot"; "I want a report" -> goal "a report"), and a model may answer either way. Rendering
"I want " + goal then reads "I want book a slot". Whether "to" belongs there is decided by
what the sources wrote ("want to book …" in a source -> "to"); only when no source shows the
goal's first word after "want" does a small word-class rule decide (determiners, pronouns,
numbers, plurals and -ing forms take no "to"; anything else is read as a verb).
"""

from __future__ import annotations

import re
from typing import Iterable

# Words that start a noun phrase ("I want a report", "I want my invoices"), not a verb.
_NO_TO = frozenset("""
a an the my our your their his her its this that these those some any all every each more less fewer
no one two three four five six seven eight nine ten several many much few it them me us him something
anything everything nothing someone anyone everybody somebody what which whatever whichever
""".split())
_LEADS = {"not": "I do not want", "never": "I never want", "only": "I only want"}


def want_phrase(goal: str, sources: Iterable[str] = ()) -> str:
    """'book a slot' -> 'I want to book a slot'; 'a report' -> 'I want a report';
    'not pay twice' -> 'I do not want to pay twice'; 'to join' stays 'I want to join'."""
    text = " ".join(goal.split())
    lead = "I want"
    first, _, rest = text.partition(" ")
    if first.lower() in _LEADS and rest:
        lead, text = _LEADS[first.lower()], rest
    if re.match(r"(?i)to\b", text):
        return f"{lead} {text}"
    return f"{lead} to {text}" if takes_to(text, sources) else f"{lead} {text}"


def takes_to(goal: str, sources: Iterable[str] = ()) -> bool:
    """Whether "want" needs "to" before ``goal``: as the sources wrote it, else by word class."""
    words = re.findall(r"[\w'’-]+", goal.lower())
    if not words:
        return False
    first = words[0]
    pattern = re.compile(r"\bwant(?:s|ed)?\s+(?:(?:not|only|never)\s+)?(to\s+(?:be\s+able\s+to\s+)?)?"
                         + re.escape(first) + r"\b", re.I)
    votes = [bool(m.group(1)) for text in sources for m in [pattern.search(" ".join(str(text).split()))] if m]
    if votes:
        return sum(votes) * 2 >= len(votes)
    if first in _NO_TO or first[0].isdigit():
        return False
    if first.endswith(("ing", "ly")) or (first.endswith("s") and not first.endswith(("ss", "us", "is"))):
        return False
    return True


# Words whose first letter is a vowel but whose sound is not ("a user", "a European") and the
# reverse ("an hour", "an HR manager"); enough for the roles of user stories.
_CONSONANT_SOUND = re.compile(r"(?i)^(?:u[nr]i|use|usu|eu|one|once|ukr)")
_VOWEL_SOUND = re.compile(r"(?i)^(?:hour|honest|honou?r|heir)")
_SPELLED = re.compile(r"^[A-Z][A-Z0-9]*(?=$|[\s-])")  # an acronym or a letter, said letter by letter


def indefinite_article(word: str) -> str:
    """'a' or 'an' before ``word`` by its sound: 'an employee', 'a user', 'an hour', 'an HR
    manager', 'a European customer'."""
    w = " ".join(str(word).split())
    if not w:
        return "a"
    if _CONSONANT_SOUND.match(w):
        return "a"
    spelled = _SPELLED.match(w)
    if spelled and (len(spelled.group()) > 1 or len(w) == 1 or w[1] in " -"):
        return "an" if w[0] in "AEFHILMNORSX" else "a"  # "an HR manager", "an X-ray", "a QA lead"
    if w[0].lower() in "aeiou" or _VOWEL_SOUND.match(w):
        return "an"
    return "a"
