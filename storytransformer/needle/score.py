"""Scoring an answer against the expected values, without another LLM.

Answers and expectations are normalized (Unicode NFKC, case-folded, punctuation and hyphens
turned into spaces) into word tokens, so "Amber-Falcon-7391." matches "amber falcon 7391".
Per expected value:
  exact     the whole normalized answer equals it;
  substring it appears in the answer as a contiguous run of whole words ("7391" does not
            match "73910");
  recall    the fraction of its words that occur anywhere in the answer.
Cell score:
  lenient (default) mean over expected values of 1 if substring else recall (partial credit);
  strict   1 only if every expected value is a substring match and no distractor value
           appears, else 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

SCORINGS = ("lenient", "strict")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return [w for w in _NON_WORD.split(text) if w]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    if n == 0:
        return False
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class Match:
    expected: str
    exact: bool
    substring: bool
    recall: float


def match(answer: str, expected: str) -> Match:
    a, e = words(answer), words(expected)
    recall = (sum(1 for w in set(e) if w in set(a)) / len(set(e))) if e else 0.0
    return Match(expected, bool(e) and a == e, _contains(a, e), recall)


@dataclass(frozen=True)
class Score:
    score: float
    exact: bool  # the answer is exactly the (single) expected value
    substring: bool  # every expected value found as a whole
    recall: float  # mean word recall over expected values
    matches: tuple[Match, ...]
    distractor_hits: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["matches"] = [asdict(m) for m in self.matches]
        d["distractor_hits"] = list(self.distractor_hits)
        return d


def score_answer(answer: str, expected: tuple[str, ...] | list[str], *, forbidden=(),
                 scoring: str = "lenient") -> Score:
    if scoring not in SCORINGS:
        raise ValueError(f"unknown scoring {scoring!r}")
    matches = tuple(match(answer, e) for e in expected)
    a = words(answer)
    hits = tuple(f for f in forbidden if _contains(a, words(f)))
    all_found = bool(matches) and all(m.substring for m in matches)
    if scoring == "strict":
        value = 1.0 if all_found and not hits else 0.0
    else:
        value = sum(1.0 if m.substring else m.recall for m in matches) / len(matches) if matches else 0.0
    exact = len(matches) == 1 and matches[0].exact
    recall = sum(m.recall for m in matches) / len(matches) if matches else 0.0
    return Score(round(value, 4), exact, all_found, round(recall, 4), matches, hits)
