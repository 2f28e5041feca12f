"""The two ends of a conversion or transfer, to tell one need from its reverse: "convert my
airline miles *into* partner hotel points" / "convert partner hotel points *into* airline
miles", "move a booking *from* room A *to* room B", "Punkte *von* der Karte *auf* das Konto
übertragen", "convertir des miles *en* points", "transferir saldo *de* la cuenta *a* la tarjeta"
(tester t26, finding 2). The two needs have the same words, so only the order of the two ends
tells them apart: two stories, not one.

    ends("convert my miles into hotel points", "en")   # ({"mile"}, {"hotel", "point"})
    reversed_ends(slots_a, slots_b)   # "the opposite direction: 'mile' -> 'hotel point' vs ..."

Read on the need as written (prepositions are not tokens). Only a need with a "from X to Y" or
a converting / moving verb before "X to / into Y" has ends; other needs have none and this
says nothing about them.
"""

from __future__ import annotations

import re

_SEG = r"(?P<s>[^,.;:!?()]{1,60}?)"
_DST = r"(?P<d>[^,.;:!?()]{1,60}?)"
_END = (r"(?=\s+(?:so|so that|because|in order|when|and|or|damit|um|weil|und|oder|pour|afin|quand|et|ou|"
        r"para|porque|cuando|y|o)\b|\s*[,.;:!?()]|\s*$)")
_VERBS_EN = r"(?:convert|transfer|move|exchange|switch|migrate|swap|turn|transform|port|shift|trade)\w*"
_PATTERNS = {
    "en": [rf"\bfrom\s+{_SEG}\s+(?:to|into|onto)\s+{_DST}{_END}",
           rf"\b{_VERBS_EN}\s+{_SEG}\s+(?:to|into|for)\s+{_DST}{_END}"],
    "de": [rf"\bvon\s+{_SEG}\s+(?:in|zu|zum|zur|nach|auf)\s+{_DST}{_END}",
           r"(?P<s>\w+(?:[\s-]\w+){0,2})\s+in\s+(?P<d>\w+(?:[\s-]\w+){0,2}?)\s+(?:umwandeln|umtauschen|"
           r"tauschen|umrechnen|konvertieren|übertragen|umbuchen|verschieben|überweisen|wechseln)\b"],
    # French and Spanish in one list: a short need is often read as the other language
    "fr": [rf"\b(?:depuis|desde|de|du|des|del)\s+{_SEG}\s+(?:vers|hacia|hasta|en|à|au|aux|a|al|dans)\s+{_DST}{_END}",
           rf"\b(?:convertir|transférer|transferir|transformer|échanger|déplacer|virer|basculer|cambiar|canjear|"
           rf"mover|traspasar|pasar)\s+{_SEG}\s+(?:en|vers|contre|à|a|al|por)\s+{_DST}{_END}"],
}
_PATTERNS["es"] = _PATTERNS["fr"]
_COMPILED = {lang: [re.compile(p, re.IGNORECASE) for p in pats] for lang, pats in _PATTERNS.items()}


def ends(text: str, lang: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(source words, target words) of the first "from X to Y" (or converting verb + "X into
    Y") in ``text``, as content lemmas; None when the need names no two ends."""
    from storytransformer.relate.slots import phrase

    for pattern in _COMPILED.get(lang, _COMPILED["en"]):
        for m in pattern.finditer(text[:400]):
            # (an action is no end: "auf mein Konto *übertragen*" ends with the verb)
            src = frozenset(t for t in phrase(m.group("s"), lang).tokens if t[0] not in "#!")
            dst = frozenset(t for t in phrase(m.group("d"), lang).tokens if t[0] not in "#!")
            if src - dst and dst - src:
                return src, dst
    return None


def reversed_ends(a, b) -> str | None:
    """The two needs (``Slots``) name the same two ends, each the other's source and target:
    "'mile' -> 'hotel point' vs 'hotel point' -> 'mile'"; None otherwise."""
    if not a.ends or not b.ends:
        return None
    (sa, da), (sb, db) = ((s - d, d - s) for s, d in (a.ends, b.ends))
    # (words at one end in both, "transfer" after "auf mein Konto", are no end of either)
    sa, sb, da, db = sa - sb, sb - sa, da - db, db - da
    if sa & db and da & sb:
        return (f"the opposite direction: '{' '.join(sorted(sa))}' -> '{' '.join(sorted(da))}' vs "
                f"'{' '.join(sorted(sb))}' -> '{' '.join(sorted(db))}'")
    return None
