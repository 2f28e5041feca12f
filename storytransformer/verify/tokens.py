"""Words of a text with their offsets, and the light stemmer the bag-of-words grounding uses."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Scripts written without spaces (Japanese): a run of one script is a word ("注文", "を",
# "キャンセル", "できる"), so kanji, kana and their particles are not one sentence-long token.
# Chinese, all kanji, still reads a run between punctuation as one word.
_HAN, _HIRAGANA, _KATAKANA = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff", "\u3040-\u309f", "\u30a0-\u30ff\uff66-\uff9f"


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern:
    """A word: letters and digits of any script ("être", "Straße", "źródło"), inner apostrophes
    and dots kept ("can't", "v1.2"), combining marks inside it (a decomposed "é", a Devanagari
    vowel sign); or a number with thousands commas ("1,000"). On ASCII text the same words as
    ``[A-Za-z0-9]+(?:['’.][A-Za-z0-9]+)*``. Built on first use: listing the marks costs ~30 ms."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M")
    spaced = "_" + _HAN + _HIRAGANA + _KATAKANA  # (what the general word class leaves out)
    letter = f"[^\\W{spaced}]"
    part = f"{letter}(?:{letter}|[{re.escape(marks)}])*"
    return re.compile(rf"\d{{1,3}}(?:,\d{{3}})+(?![\d,])|[{_HAN}]+|[{_HIRAGANA}]+|[{_KATAKANA}]+|{part}(?:['’.]{part})*")


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
STOPWORDS = frozenset(
    """a an the and or but if then so that this these those to of in on at by for with from
    into onto as is are was were be been being it its i me my we our you your he she they
    them their his her can could should would will shall may might must do does did not no
    want wants wanted able when where which who whom what how all any each every some such
    than too very also just only there here up out about over under via per want""".split()
)
_SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    if not word.isascii():  # "Ｄrivers" == "Drivers" (NFKC), as in ``cues``
        word = unicodedata.normalize("NFKC", word)
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: -len(suf)]
            if suf in ("ies", "ied"):
                return base + "y"
            if suf in ("ing", "ed") and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # logging -> log, stopped -> stop
            w = base
            break
    # expire / expires / expired all end as "expir"
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


class Token(NamedTuple):  # a NamedTuple: built ~1M times for 10,000 stories, 3x cheaper than a dataclass
    text: str
    norm: str
    start: int
    end: int
    sentence_start: bool

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER.match(self.text))

    @property
    def is_content(self) -> bool:
        return self.text.lower() not in STOPWORDS

    @property
    def looks_like_name(self) -> bool:
        # Capitalised mid-sentence (or all caps / CamelCase anywhere): a proper noun or product name.
        t = self.text
        if len(t) < 2 or not t[0].isupper() or t.lower() in STOPWORDS:
            return False
        return not self.sentence_start or t.isupper() or any(c.isupper() for c in t[1:])


def tokenize(text: str) -> list[Token]:
    out = []
    prev_end = 0
    for m in _word_pattern().finditer(text):
        # What stands between this word and the last: a sentence starts after . ! ? : ; a
        # bullet, an opening quote or bracket, or a line break (looked at in the gap only,
        # so a long text costs linear time).
        gap = text[prev_end : m.start()]
        mark = gap.rstrip()
        sentence_start = not out or (bool(mark) and mark[-1] in ".!?:;\n-*•\"(") or gap.endswith("\n")
        out.append(Token(m.group(), stem(m.group()), m.start(), m.end(), sentence_start))
        prev_end = m.end()
    return out
