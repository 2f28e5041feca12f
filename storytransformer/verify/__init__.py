"""Check a merged story against its sources, without a model.

Two layers. Grounding (here): each content word of the merged story (lower-cased, lightly
stemmed) must occur in some source; the share that does is the story's grounding score, and
numbers and names no source contains always flag. Per-claim checks (``story``, ``check``):
each criterion, and the role, goal and benefit, is aligned to the source sentence(s) it
cites (or, without citations, the sentence that states most of it) and must state it with
the same polarity, modality, quantifiers, quantities, actor and object; every source
criterion must be carried over, every source's need stated (``coverage``: its action and
object, its description requirements), and the sources must share one need. A bag of words alone
accepts "can not edit" for "can edit"; the per-claim layer does not.

Modules: ``tokens`` (words and stems), ``cues`` (negation, modality, quantities, lemmas),
``claims`` (claims and source sentences), ``check`` (one claim), ``story`` (one story),
``coverage`` (each source's need in the merge), ``polarity`` (a need's negation is part of
it), ``fields`` (the title and a description, grounded), ``citations`` (each criterion's
cited stories state it), ``directions`` (opposite-direction needs: upgrade/downgrade),
``alternatives`` (two needs joined by "or"/"and"), ``conflicts`` (details the sources
disagree on: quantities, frequencies, required/optional), ``clause_negation`` (negation
compared clause by clause).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem
from storytransformer.verify.claims import source_sentences
from storytransformer.verify.conflicts import find_conflicts
from storytransformer.verify.cues import amount, analyse
from storytransformer.verify.story import check_story
from storytransformer.verify.tokens import STOPWORDS, Token, stem, tokenize

__all__ = ["DEFAULT_THRESHOLD", "STOPWORDS", "Problem", "Span", "Token", "Verification", "find_conflicts",
           "stem", "tokenize", "verify"]

DEFAULT_THRESHOLD = 0.8

@dataclass
class Span:
    field: str  # "title", "role", "goal", "benefit", "acceptance_criteria[0]", ...
    start: int  # character offsets inside that field's text
    end: int
    text: str
    kind: str = "unsupported"  # "unsupported" (no source has the word) or a Problem kind
    reason: str = ""  # why it is marked, for the report
    source: str = ""  # "story id: sentence" it was compared with

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text,
                "kind": self.kind, "reason": self.reason, "source": self.source}


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
    problems: list[Problem] = field(default_factory=list)  # per-claim differences from the sources
    # What the merge lost from its sources (a dropped criterion, a fused need), as spans of
    # the source's own text, field "source:<story id>": the report marks them there.
    lost: list[Span] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons


def _source_vocab(sources: Iterable[Story]) -> tuple[set[str], set[str]]:
    norms: set[str] = set()
    numbers: set[str] = set()
    for s in sources:
        n, d = _story_vocab(s)
        norms |= n
        numbers |= d
    return norms, numbers


@lru_cache(maxsize=50_000)
def _story_vocab(s: Story) -> tuple[frozenset[str], frozenset[str]]:
    toks = tokenize(_full_text(s))
    return frozenset(t.norm for t in toks), frozenset(_num(t.text) for t in toks if t.is_number)


def _full_text(s: Story) -> str:
    parts = [s.title or "", s.text]
    return "\n".join(p for p in parts if p)


def _num(text: str) -> str:
    t = text.replace(",", "")
    return t.rstrip("0").rstrip(".") if "." in t else t


def _flatten(fields: dict) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for name, value in fields.items():
        if isinstance(value, str):
            flat.append((name, value))
        elif value is not None:
            texts = [v.get("text", "") if isinstance(v, dict) else str(v) for v in value]
            flat.extend((f"{name}[{i}]", t) for i, t in enumerate(texts))
    return flat


@dataclass
class _Grounding:
    score: float
    total: int
    field_scores: dict[str, float]
    spans: list[Span]
    numbers: list[str]
    names: list[str]


def _same_amounts(flat: list[tuple[str, str]], sources: Sequence[Story]) -> set[str]:
    """Numbers of the merged story that state a source's amount in another unit ("120
    minutes" for "2 hours"): no invented number."""
    theirs = {amount(v, u) for s in source_sentences(sources) for v, u in s.analysis.quantities}
    return {v for _, text in flat for v, u in analyse(text).quantities if amount(v, u) in theirs}


def _grounding(flat: list[tuple[str, str]], sources: Sequence[Story]) -> _Grounding:
    """Bag-of-words support: the share of content words some source contains, with the runs
    of unsupported words as spans, and numbers or names no source contains."""
    vocab, numbers = _source_vocab(sources)
    same: set[str] | None = None  # numbers stating a source amount in another unit, on demand

    def number_ok(text: str) -> bool:
        nonlocal same
        if _num(text) in numbers:
            return True
        if same is None:  # only for a number no source has: it analyses every sentence
            same = _same_amounts(flat, sources)
        return _num(text) in same

    g = _Grounding(0.0, 0, {}, [], [], [])
    supported = 0
    for name, text in flat:
        toks = [t for t in tokenize(text) if t.is_content]
        ok_count = 0
        run: list[Token] = []
        for t in toks + [None]:
            ok = t is None or (number_ok(t.text) if t.is_number else (t.norm in vocab))
            if ok:
                if run:
                    g.spans.append(Span(name, run[0].start, run[-1].end, text[run[0].start : run[-1].end],
                                        reason="no source story has these words"))
                    run = []
                ok_count += t is not None
                continue
            run.append(t)
            if t.is_number:
                g.numbers.append(t.text)
            elif t.looks_like_name:
                g.names.append(t.text)
        g.total += len(toks)
        supported += ok_count
        g.field_scores[name] = round(ok_count / len(toks), 4) if toks else 1.0
    g.score = supported / g.total if g.total else 0.0
    return g


def _source_spans(problems: Sequence[Problem], sources: Sequence[Story]) -> list[Span]:
    """Story-level problems (a dropped criterion, a fused need) as spans of the source story's
    own text (field "source:<id>", offsets in ``Story.text``; -1 when the text is not there
    verbatim), so the report can mark them where the reviewer reads the source."""
    texts = {s.id: s.text for s in sources}
    out = []
    for p in problems:
        if p.field.startswith("source:"):
            at = texts.get(p.field[7:], "").find(p.text) if p.text else -1
            out.append(Span(p.field, at, at + len(p.text) if at >= 0 else -1, p.text, p.kind, p.reason, p.source))
    return out


def _unexplained(spans: Sequence[Span], flat: Sequence[tuple[str, str]], sources: Sequence[Story]) -> list[Span]:
    """The grounding's unsupported runs that stay unsupported when read as the per-claim check
    reads the field (lemma, synonym class, number words and units, modal phrases: "change"
    for "edit", "two weeks" for "14 days", "is required to" for "must"). Those are dropped:
    they are supported. What is left has a word no source has in any reading, and every
    such span fails the story (``verify``): the verifier never records an unsupported word
    in an output it calls clean (t23 finding 1)."""
    if not spans:
        return []
    keys = frozenset().union(*(s.analysis.content for s in source_sentences(sources)),
                             *(analyse(s.title or "").content for s in sources))
    texts = dict(flat)
    out = []
    for sp in spans:
        words = analyse(texts.get(sp.field, sp.text)).words if sp.field in texts else analyse(sp.text).words
        inside = [w for w in words if w.kind == "content" and w.start >= sp.start and w.end <= sp.end] \
            if sp.field in texts else [w for w in words if w.kind == "content"]
        if any(not w.key[0].isdigit() and w.key not in keys and not _elided_known(w.key, keys) for w in inside):
            out.append(sp)
    return out


def _elided_known(key: str, keys: frozenset[str]) -> bool:
    """French/Italian elision: "d'une", "l'episodio" read as the word after the apostrophe
    (a stop word, or a word the sources have)."""
    head, _, rest = key.replace("’", "'").partition("'")
    if not rest or len(head) > 3:
        return False
    return not analyse(rest).content or bool(analyse(rest).content & keys)


def _problem_reason(p: Problem) -> str:
    where = p.field if not p.field.startswith("source:") else "sources"
    return f"{where}: {p.reason}"


def verify(
    fields: dict,
    sources: Sequence[Story],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    cited: Sequence[Sequence[str]] | None = None,
    embedder=None,
) -> Verification:
    """Check one merged story against its source stories.

    ``fields``: title, role, goal, benefit (str) and acceptance_criteria (a list of str, or of
    {"text": str, "sources": [story ids]}); ``cited``: per criterion, the story ids it names
    (overrides sources inside the criteria; None or () for a criterion: align it among all
    sources). ``threshold``: the least grounding score (0..1) that passes. ``embedder``: an
    optional ``group.embed.Embedder`` whose MiniLM similarity breaks alignment ties (off by
    default: the lexical check stands alone). Never raises on content; a story passes only
    when ``reasons`` is empty."""
    flat = _flatten(fields)
    g = _grounding(flat, sources)
    conflicts = find_conflicts(sources)
    problems = check_story(fields, sources, cited, embedder)
    dropped = [p.text for p in problems if p.kind == "dropped"]
    reasons = []
    if g.total == 0:
        reasons.append("the merged story has no content")
    elif g.score < threshold:
        reasons.append(f"grounding {g.score:.2f} is below {threshold:.2f}")
    if g.numbers:
        reasons.append("numbers in no source: " + ", ".join(dict.fromkeys(g.numbers)))
    if g.names:
        reasons.append("names in no source: " + ", ".join(dict.fromkeys(g.names)))
    words = _unexplained(g.spans, flat, sources)
    if words:
        listing = "; ".join(dict.fromkeys(f"{sp.field}: '{sp.text}'" for sp in words))
        reasons.append(f"words in no source ({listing})")
    reasons.extend(conflicts)
    reasons.extend(dict.fromkeys(_problem_reason(p) for p in problems))
    claim_spans = [Span(p.field, p.start, p.end, p.text, p.kind, p.reason, p.source)
                   for p in problems if not p.field.startswith("source:")]
    return Verification(
        score=round(g.score, 4),
        field_scores=g.field_scores,
        unsupported=words + claim_spans,
        invented_numbers=list(dict.fromkeys(g.numbers)),
        invented_names=list(dict.fromkeys(g.names)),
        conflicts=conflicts,
        dropped_criteria=dropped,
        reasons=reasons,
        problems=problems,
        lost=_source_spans(problems, sources),
    )
