"""Stories the slot reader cannot split into words are never merged on similarity alone.

    decision = unread_similarity(slots_a, slots_b, decision)

slots.py reads words between spaces in seven languages. Japanese, Chinese, Thai (no spaces) come
out as one "word" per sentence, so no slot rule can tell two such stories apart, and the
bundled English MiniLM embeds any two of them close: "各エピソードの自動文字起こしが欲しい"
(a transcript) / "エピソードにチャプターを追加したい" (chapters) were merged (tester t23). A
duplicate decided on similarity or meaning alone (no slot evidence) where either need is
written in such a script is "related", marked a possible duplicate for a person to review; the
same text still merges.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.slots import Phrase, Slots

# Scripts written without spaces between words: Thai, Lao, Khmer, Myanmar, CJK (kana, ideographs,
# Hangul syllables too: one token per phrase is as likely).
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x9FFF), (0xAC00, 0xD7AF),
             (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def unspaced(p: Phrase) -> bool:
    """Some token of ``p`` is written in a script without spaces between words."""
    return _unspaced(p.tokens)


@lru_cache(maxsize=65536)  # (one need is in many pairs)
def _unspaced(tokens: tuple[str, ...]) -> bool:
    return any(ord(ch) >= 0x0E00 and any(lo <= ord(ch) <= hi for lo, hi in _UNSPACED) for t in tokens for ch in t[:4])


def unread_similarity(a: Slots, b: Slots, d: Decision) -> Decision | None:
    """"related" (a possible duplicate) instead of ``d`` when ``d`` is a duplicate on similarity
    or meaning alone and either need is in a script slots.py cannot split; else None."""
    from storytransformer.relate.decide import Decision

    if d.relation != "duplicate" or d.evidence or not (unspaced(a.need) or unspaced(b.need)):
        return None
    return Decision("related", "similar, but not shown to be the same need (a script without spaces between "
                               "words: the stories' words could not be compared)", evidence=False,
                    possible_duplicate=True)
