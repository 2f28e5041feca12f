"""Why a run found no story at all, in one line: "no stories found" alone left a user who gave
a screenshot or a zipped backlog named .md guessing (tester report 20, item 11)."""

from __future__ import annotations

from typing import Sequence

from storytransformer.stories import Corpus

_SHOWN = 4  # files named in the line; the rest are counted


def no_stories_reason(corpus: Corpus, paths: Sequence[object]) -> str:
    """"no stories found in <paths>", followed by what each file that was not read is (its
    ingest warning: "binary file …", "a ZIP archive …", "empty file"), the first few by name
    and the rest counted. One line."""
    where = ", ".join(map(str, paths))
    reasons: dict[str, str] = {}
    for w in corpus.warnings:
        if w.skipped and w.path not in reasons:
            reasons[w.path] = w.message
    if not reasons:
        return f"no stories found in {where}"
    if len(reasons) == 1 and [str(p) for p in paths] == list(reasons):
        path, why = next(iter(reasons.items()))
        return f"no stories found: {path} is {_as_complement(why)}"
    named = [f"{path} ({why})" for path, why in list(reasons.items())[:_SHOWN]]
    more = len(reasons) - _SHOWN
    tail = f"; and {more} more file(s) not read" if more > 0 else ""
    return f"no stories found in {where}; not read: " + "; ".join(named) + tail


def _as_complement(why: str) -> str:
    """'binary file (…)' -> 'a binary file (…)'; 'a PNG image …' stays; 'empty file' -> 'an
    empty file'; anything else is quoted after 'not read:'."""
    low = why.lower()
    if low.startswith(("a ", "an ")):
        return why
    if low.startswith(("binary", "not ", "cannot", "broken")):
        return f"a {why}" if low.startswith("binary") else f"not read: {why}"
    if low.startswith(("empty", "only")):
        return f"an {why}" if low.startswith("empty") else f"not read: {why}"
    return f"not read: {why}"
