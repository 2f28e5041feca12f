"""Which reader a file gets: by extension, and by sniffing the content when that is ambiguous."""

from __future__ import annotations

import re

from storytransformer.ingest.narrative import has_narrative

BY_EXTENSION = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".txt": "text", ".text": "text",
    ".csv": "csv", ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".feature": "gherkin",
}
_GHERKIN = re.compile(r"^\s*(?:@\S+\s*)*Feature\s*:", re.M)
_CSV_HEADER = re.compile(r"(summary|title|issue key|work item type|description)", re.I)
# How JSON opens: "[" then a value that can start an item ({ [ " or the end of the line) or
# "{" then a key or "}". A text line "[ ] As a user, ..." (a task-list box), "[x] ...",
# "[1] As a ..." (a numbered reference) or "{Draft} As a ..." is text, not JSON.
_JSON_START = re.compile(r'\[[ \t]*(?:[{\["]|\]?[ \t]*(?:\r?\n|$))|\{[ \t]*(?:"|\}?[ \t]*(?:\r?\n|$))')


_LANGUAGE = re.compile(r"^\s*#\s*language\s*:\s*([a-zA-Z\-_]+)\s*$", re.M)


def _localized_gherkin(head: str) -> bool:
    """A "# language: fr" header followed by that language's Feature keyword."""
    m = _LANGUAGE.search(head[:500])
    if not m:
        return False
    from gherkin.dialect import Dialect  # only for files that declare a Gherkin language

    dialect = Dialect.for_name(m.group(1))
    return bool(dialect) and any(re.search(rf"^\s*{re.escape(k)}\s*:", head, re.M)
                                 for k in dialect.feature_keywords)


def _implied_gherkin(head: str) -> bool:
    """A feature file in another language saved as .txt without its "# language:" line
    ("Fonctionnalité: …" then "Scénario: …" and its steps): the gherkin reader finds the
    language from the Feature keyword."""
    if ":" not in head[:200]:
        return False
    from storytransformer.ingest.gherkin_words import looks_like_feature

    return looks_like_feature(head)


_TAB_HEADER = re.compile(r"(?:^|\t)\s*(?:summary|title|user story|story|description|issue key)\s*(?:\t|$)",
                         re.I)


def _tab_table(head: str) -> bool:
    """A sheet saved from Excel as "Text (Tab delimited)" or "Unicode Text" (.txt): a header
    naming a story column and rows with as many tabs as it. Read as CSV, its columns are
    columns (the ID is the id, the Priority is not story text)."""
    lines = [ln for ln in head.split("\n")[:21] if ln.strip()]
    if len(lines) < 2 or "\t" not in lines[0] or not _TAB_HEADER.search(lines[0]):
        return False
    tabs = lines[0].count("\t")
    rows = lines[1:-1] if len(lines) > 2 else lines[1:]  # the last may be cut at 4 KB
    return sum(ln.count("\t") == tabs for ln in rows) >= 0.8 * len(rows)


def sniff(suffix: str, text: str) -> str | None:
    """The format of a decoded file, or None when it is not a story file we know."""
    fmt = BY_EXTENSION.get(suffix.lower())
    head = text.lstrip()[:4096]
    if fmt == "json":
        # A .json file that is really JSON Lines (several top-level objects, one per line).
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}")
                                  for ln in lines[:50]):
            return "jsonl"
        return fmt
    if fmt in ("text", None):
        if _JSON_START.match(head):
            first = head.split("\n", 1)[0].strip()
            return "jsonl" if first.startswith("{") and first.endswith("}") and \
                "\n{" in head else "json"
        if _GHERKIN.search(head[:2000]) and re.search(r"^\s*Scenario", text, re.M | re.I) \
                or _localized_gherkin(head) or _implied_gherkin(head):
            return "gherkin"
        first = head.split("\n", 1)[0]
        if fmt is None and _CSV_HEADER.search(first) and (first.count(",") >= 2 or first.count(";") >= 2):
            return "csv"
        if _tab_table(head):
            return "csv"
        if fmt is None:
            return "text" if has_narrative(text[:20000]) else None
    return fmt
