"""The conservation check run on every file read (Markdown, text, CSV, Gherkin, JSON and
JSON Lines): every non-blank line is inside exactly one story's [line, end_line] (JSON: at
least one, a story may hold nested ones), or reported (file:line, why) as not read; and no
Markdown/text story holds two narratives ("As a … I want … As a … I want …").

This is what makes "nothing lost" checkable for formats and layouts nobody has seen yet
(issue 10, item 2): a reader declares the lines it keeps out of stories on purpose
(FileContext.context_lines and context_spans: headings used as epics, an introduction, front
matter, a JSON epic holding its stories; JSON brackets and the values around the list of
stories are classified here; FileContext.removed_lines: comment lines of a .txt file, taken
out before reading, reported even inside a story's span); any other
line outside every story, a line in two stories, or a story with two narratives is a reader
defect, reported as a warning naming file:line (an error with --strict).

Cost: one pass over the lines (64 K characters at a time) and a sweep over the stories
sorted by line; the two-narrative test only looks at
stories whose text has two or more intro words ("as", "als", "tant qu", "como", "come").
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

from storytransformer.ingest.line_runs import iter_nonblank
from storytransformer.ingest.narrative import count_narratives, split_body

LINE_BASED = ("markdown", "text")
# Tracker exports and Gherkin get the line check too (their readers declare the header, empty
# and parent rows, Feature/Rule/Background lines, tags and comments as context), but not the
# two-narrative test: a tracker row's Summary and Description both say "As a …" (one item),
# and a scenario's text repeats its Feature's narrative.
LINES_ONLY = ("csv", "gherkin")
# JSON and JSON Lines: every line is in a story (an item, or an item nested in another: a
# line in two is fine there), in an epic that holds stories, or reported as brackets or as
# the values around the list of stories.
NESTED = ("json", "jsonl")
NOT_READ_BY_READER = "not read by the reader (no story and no reason): a reader defect"
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_INTRO_RE = re.compile(r"\b(?:as|als|tant qu|como|come)\b", re.I)


@dataclass
class FileLedger:
    """What one file gave: its encoding, and (for line-based files) where every line went."""

    path: str
    format: str
    encoding: str = "utf-8"
    guessed: bool = False  # encoding chosen by the detector
    checked: bool = False  # the line check ran (a line-based format whose stories have end_line)
    lines: int = 0  # non-blank lines
    in_stories: int = 0  # non-blank lines inside exactly one story
    not_read: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    in_two_stories: list[int] = field(default_factory=list)  # lines inside 2+ stories
    two_narratives: list[str] = field(default_factory=list)  # ids of stories with 2+ narratives

    def to_dict(self) -> dict:
        return {"path": self.path, "format": self.format, "encoding": self.encoding,
                "guessed": self.guessed, "checked": self.checked, "lines": self.lines,
                "in_stories": self.in_stories,
                "not_read": [{"line": n, "why": why} for n, why in self.not_read],
                "in_two_stories": self.in_two_stories, "two_narratives": self.two_narratives}


def check_file(ctx, text: str) -> FileLedger:
    """Check the stories ``ctx`` read from ``text`` (the decoded file). Defects become
    warnings on ctx (InputError at the first one when ctx.strict).

    Memory: the lines are walked a chunk at a time and the stories over each line are kept
    as a heap of the stories open there, so the check holds no per-line list (a list of the
    file's lines and two per-line counters took ~24 bytes a line, 2x a file of blank lines)."""
    ledger = FileLedger(ctx.display, ctx.format, getattr(ctx, "encoding", "utf-8"),
                        getattr(ctx, "encoding_guessed", False))
    checked = (ctx.format in LINE_BASED + LINES_ONLY + NESTED and getattr(ctx, "line_check", True)
               and not any(s.end_line is None for s in ctx.stories))
    if not checked:
        ledger.lines = sum(1 for _ in iter_nonblank(text))
        return ledger
    ledger.checked = True
    over = _Open(ctx.stories)
    context = _Open([_Span(a, b, why) for a, b, why in getattr(ctx, "context_spans", [])])
    nested = ctx.format in NESTED  # a JSON story may hold others: a line in two is in one
    unexplained = []
    removed = getattr(ctx, "removed_lines", {})
    for n, line in iter_nonblank(text):
        ledger.lines += 1
        if n in removed:  # taken out before reading (a comment): in no story's text
            ledger.not_read.append((n, removed[n]))
            continue
        here = over.at(n)
        if len(here) == 1 or (here and (nested or _cut_line(over.stories_at(n), n, line))):
            ledger.in_stories += 1
        elif not here:
            why = ctx.context_lines.get(n) or next((s.why for s in context.stories_at(n)), None)
            if why is None and nested:
                why = _json_why(line)
            if why is None:
                why = NOT_READ_BY_READER
                unexplained.append(n)
            ledger.not_read.append((n, why))
        else:
            ledger.in_two_stories.append(n)
    if ctx.format in LINE_BASED:
        ledger.two_narratives = [s.id for s in ctx.stories if _two_narratives(s.text)]
    _report(ctx, ledger, unexplained)
    return ledger


@dataclass
class _Span:
    line: int
    end_line: int
    why: str


class _Open:
    """The items ([line, end_line] spans: stories, or reasons) open at a line, for lines
    asked in increasing order: a sweep with a heap of open items by their last line,
    O((items + lines) log items) in all."""

    def __init__(self, items):
        self.items = items
        self.order = sorted(range(len(items)), key=lambda k: (items[k].line, k))
        self.next = 0
        self.heap: list[tuple[int, int]] = []  # (end_line, index)

    def at(self, n: int) -> list[tuple[int, int]]:
        items, order, heap = self.items, self.order, self.heap
        while self.next < len(order) and items[order[self.next]].line <= n:
            k = order[self.next]
            heapq.heappush(heap, (items[k].end_line, k))
            self.next += 1
        while heap and heap[0][0] < n:
            heapq.heappop(heap)
        return heap

    def stories_at(self, n: int) -> list:
        """The items open at line n, in file order."""
        return [self.items[k] for k in sorted(k for _, k in self.at(n))]


_JSON_PUNCT = re.compile(r"^[\s\[\]{},:]*$")
JSON_BRACKETS = "JSON brackets and commas"
JSON_OUTSIDE = "JSON outside the stories (wrapper keys and metadata)"


def _json_why(line: str) -> str:
    """Why a line of a JSON file in no story is not read: it is structure, or a value next to
    the list of stories (a count, a project name, Jira's field names)."""
    return JSON_BRACKETS if _JSON_PUNCT.match(line) else JSON_OUTSIDE


def _cut_line(over: list, n: int, line: str) -> bool:
    """Did the reader cut line ``n`` into the stories ``over`` it ("As a user, I want A. As
    an admin, I want B.")? True when every one of them holds a piece of it: a text line that
    is part of the file's line, not all of it. The pieces lie in order along the line: each
    is looked for after the previous one (its story's first text line when the story starts
    on this line, else its last), so a line of many pieces costs one pass; the story's other
    text lines are tried only when that fails."""
    whole = line.strip()
    pos = 0
    for s in over:
        texts = [t.strip() for t in s.text.split("\n")]
        likely = texts[0] if s.line == n else texts[-1]
        at = whole.find(likely, pos) if likely and likely != whole else -1
        if at >= 0:
            pos = at + len(likely)
        elif not any(t and t != whole and t in whole for t in texts):
            return False
    return len(over) > 1


def _two_narratives(text: str) -> bool:
    from storytransformer.ingest.md_fences import without_code

    first = _INTRO_RE.search(text)
    if first is None or _INTRO_RE.search(text, first.end()) is None:
        return False  # the cheap test: one intro word cannot start two narratives
    lines = text.split("\n")
    # A heading over the story is its title ("## As a user, I want to log in" over the
    # narrative written out): not a second narrative.
    if _ATX.match(lines[0]):
        lines = lines[1:]
    elif len(lines) > 1 and _SETEXT.match(lines[1]):
        lines = lines[2:]
    # Only the prose counts: a criterion phrased "As an admin I can see it" is not a story,
    # nor an example inside a code block.
    return count_narratives("\n".join(split_body(without_code(lines)).prose)) >= 2


def _report(ctx, ledger: FileLedger, unexplained: list[int]) -> None:
    by_id = {s.id: s for s in ctx.stories}
    for n in unexplained:
        ctx.warn(n, "line not read into any story (conservation check); "
                    "please report this file's layout")
    for n in ledger.in_two_stories[:1]:  # one warning per file: the first such line
        ctx.warn(n, f"line inside two stories ({len(ledger.in_two_stories)} such line(s) in "
                    "this file; conservation check)")
    for sid in ledger.two_narratives:
        s = by_id[sid]
        ctx.warn(s.line, f"story {sid} (lines {s.line}-{s.end_line}) holds two "
                         "'As a … I want …' narratives: two stories read as one")


FORMAT_NAMES = {"markdown": "Markdown", "text": "text", "csv": "CSV", "gherkin": "Gherkin",
                "json": "JSON", "jsonl": "JSON Lines"}


def checked_label(by_format: dict[str, int]) -> str:
    """"2 Markdown, 1 CSV file(s)": which files the line check ran on, by format."""
    return ", ".join(f"{n:,} {FORMAT_NAMES.get(fmt, fmt)}" for fmt, n in by_format.items()) + " file(s)"


def totals(ledgers: list[FileLedger]) -> dict:
    """The corpus-wide counts `ingest --json` reports under "conservation"."""
    checked = [led for led in ledgers if led.checked]
    reasons: dict[str, int] = {}
    for led in checked:
        for _, why in led.not_read:
            reasons[why] = reasons.get(why, 0) + 1
    by_format: dict[str, int] = {}
    for led in checked:
        by_format[led.format] = by_format.get(led.format, 0) + 1
    return {
        "files_checked": len(checked),
        "files_checked_by_format": dict(sorted(by_format.items())),
        "lines": sum(led.lines for led in checked),
        "lines_in_stories": sum(led.in_stories for led in checked),
        "lines_reported": sum(len(led.not_read) for led in checked),
        "lines_reported_by_reason": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "lines_not_read_unexplained": reasons.get(NOT_READ_BY_READER, 0),
        "lines_in_two_stories": sum(len(led.in_two_stories) for led in checked),
        "stories_with_two_narratives": sum(len(led.two_narratives) for led in checked),
        "not_read": [{"path": led.path, "line": n, "why": why}
                     for led in checked for n, why in led.not_read],
    }
