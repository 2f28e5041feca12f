"""Check a merged story against its sources, without a model.

Support is lexical: each content word of the merged story (after lower-casing, stripping
punctuation and a light stemming) must occur in some source text. That is deliberately
strict: a paraphrase with new words is flagged for a human rather than trusted. Numbers and
names get no benefit of the doubt: one that no source contains always flags the story, and
sources that disagree on a quantity ("15 minutes" vs "30 minutes") are reported as a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from storytransformer.stories import Story

DEFAULT_THRESHOLD = 0.8

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
STOPWORDS = frozenset(
    """a an the and or but if then so that this these those to of in on at by for with from
    into onto as is are was were be been being it its i me my we our you your he she they
    them their his her can could should would will shall may might must do does did not no
    want wants wanted able when where which who whom what how all any each every some such
    than too very also just only there here up out about over under via per want""".split()
)
_SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
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


@dataclass(frozen=True)
class Token:
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
    for m in _WORD.finditer(text):
        before = text[: m.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:;\n-*•\"(" or text[: m.start()].endswith("\n")
        out.append(Token(m.group(), stem(m.group()), m.start(), m.end(), sentence_start))
    return out


@dataclass
class Span:
    field: str  # "title", "role", "goal", "benefit", "acceptance_criteria[0]", ...
    start: int  # character offsets inside that field's text
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Verification:
    score: float  # supported content words / content words, over all fields, in [0, 1]
    field_scores: dict[str, float]
    unsupported: list[Span]
    invented_numbers: list[str]
    invented_names: list[str]
    conflicts: list[str]
    dropped_criteria: list[str]  # source criteria the merged story does not seem to carry
    reasons: list[str] = field(default_factory=list)  # why it failed; empty when it passed

    @property
    def passed(self) -> bool:
        return not self.reasons


def _source_vocab(sources: Iterable[Story]) -> tuple[set[str], set[str]]:
    norms, numbers = set(), set()
    for s in sources:
        for t in tokenize(_full_text(s)):
            norms.add(t.norm)
            if t.is_number:
                numbers.add(_num(t.text))
    return norms, numbers


def _full_text(s: Story) -> str:
    parts = [s.title or "", s.text]
    return "\n".join(p for p in parts if p)


def _num(text: str) -> str:
    t = text.replace(",", "")
    return t.rstrip("0").rstrip(".") if "." in t else t


def find_conflicts(sources: Sequence[Story]) -> list[str]:
    """Quantities with the same unit whose values differ between stories (one story listing
    5 and 10 minutes is not a conflict; one saying 15 minutes and another 30 minutes is)."""
    per_unit: dict[str, dict[str, set[str]]] = defaultdict(dict)
    shown: dict[str, str] = {}
    for s in sources:
        toks = tokenize(_full_text(s))
        for a, b in zip(toks, toks[1:]):
            if a.is_number and not b.is_number and b.is_content:
                per_unit[b.norm].setdefault(s.id, set()).add(_num(a.text))
                shown.setdefault(b.norm, b.text.lower())
    out = []
    for unit, by_story in sorted(per_unit.items()):
        value_sets = {frozenset(v) for v in by_story.values()}
        if len(by_story) < 2 or len(value_sets) < 2:
            continue
        listing = "; ".join(f"{sid}: {', '.join(sorted(v))}" for sid, v in sorted(by_story.items()))
        out.append(f"sources disagree on '{shown[unit]}' ({listing})")
    return out


def _criterion_carried(criterion: str, merged_norms: set[str]) -> bool:
    words = {t.norm for t in tokenize(criterion) if t.is_content}
    if not words:
        return True
    return len(words & merged_norms) / len(words) >= 0.5


def verify(
    fields: dict[str, str | Sequence[str]],
    sources: Sequence[Story],
    threshold: float = DEFAULT_THRESHOLD,
) -> Verification:
    """``fields``: title, role, goal, benefit (str) and acceptance_criteria (list of str)."""
    vocab, numbers = _source_vocab(sources)
    flat: list[tuple[str, str]] = []
    for name, value in fields.items():
        if isinstance(value, str):
            flat.append((name, value))
        else:
            flat.extend((f"{name}[{i}]", v) for i, v in enumerate(value))
    total = supported = 0
    field_scores: dict[str, float] = {}
    spans: list[Span] = []
    invented_numbers: list[str] = []
    invented_names: list[str] = []
    merged_norms: set[str] = set()
    for name, text in flat:
        toks = [t for t in tokenize(text) if t.is_content]
        merged_norms.update(t.norm for t in toks)
        ok_count = 0
        run: list[Token] = []
        for t in toks:
            ok = (_num(t.text) in numbers) if t.is_number else (t.norm in vocab)
            if ok:
                ok_count += 1
                if run:
                    spans.append(Span(name, run[0].start, run[-1].end, text[run[0].start : run[-1].end]))
                    run = []
                continue
            run.append(t)
            if t.is_number:
                invented_numbers.append(t.text)
            elif t.looks_like_name:
                invented_names.append(t.text)
        if run:
            spans.append(Span(name, run[0].start, run[-1].end, text[run[0].start : run[-1].end]))
        total += len(toks)
        supported += ok_count
        field_scores[name] = ok_count / len(toks) if toks else 1.0
    score = supported / total if total else 0.0
    conflicts = find_conflicts(sources)
    dropped = [c for s in sources for c in s.acceptance_criteria if not _criterion_carried(c, merged_norms)]
    reasons = []
    if total == 0:
        reasons.append("the merged story has no content")
    elif score < threshold:
        reasons.append(f"grounding {score:.2f} is below {threshold:.2f}")
    if invented_numbers:
        reasons.append("numbers in no source: " + ", ".join(dict.fromkeys(invented_numbers)))
    if invented_names:
        reasons.append("names in no source: " + ", ".join(dict.fromkeys(invented_names)))
    reasons.extend(conflicts)
    if dropped:
        shown = "; ".join(f"'{c[:70]}…'" if len(c) > 70 else f"'{c}'" for c in dropped[:3])
        more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
        reasons.append(f"source acceptance criteria not carried over: {shown}{more}")
    return Verification(
        score=round(score, 4),
        field_scores={k: round(v, 4) for k, v in field_scores.items()},
        unsupported=spans,
        invented_numbers=list(dict.fromkeys(invented_numbers)),
        invented_names=list(dict.fromkeys(invented_names)),
        conflicts=conflicts,
        dropped_criteria=dropped,
        reasons=reasons,
    )
