"""The conservation check run on every file a line-based reader (Markdown, text, and the
CSV and Gherkin readers) reads: every non-blank line is inside exactly one story's
[line, end_line], or reported (file:line, why) as not read; and no Markdown/text story holds
two narratives ("As a … I want … As a … I want …").

This is what makes "nothing lost" checkable for formats and layouts nobody has seen yet
(issue 10, item 2): a reader declares the lines it keeps out of stories on purpose
(FileContext.context_lines: headings used as epics, an introduction, front matter); any other
line outside every story, a line in two stories, or a story with two narratives is a reader
defect, reported as a warning naming file:line (an error with --strict).

Cost: one pass over the lines and one over the stories; the two-narrative test only looks at
stories whose text has two or more intro words ("as", "als", "tant qu", "como", "come").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storytransformer.ingest.narrative import count_narratives, split_body

LINE_BASED = ("markdown", "text")
# Tracker exports and Gherkin get the line check too (their readers declare the header, empty
# and parent rows, Feature/Rule/Background lines, tags and comments as context), but not the
# two-narrative test: a tracker row's Summary and Description both say "As a …" (one item),
# and a scenario's text repeats its Feature's narrative.
LINES_ONLY = ("csv", "gherkin")
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
    warnings on ctx (InputError at the first one when ctx.strict)."""
    ledger = FileLedger(ctx.display, ctx.format, getattr(ctx, "encoding", "utf-8"),
                        getattr(ctx, "encoding_guessed", False))
    lines = text.split("\n")
    ledger.lines = sum(1 for ln in lines if ln.strip())
    if ctx.format not in LINE_BASED + LINES_ONLY or any(s.end_line is None for s in ctx.stories):
        return ledger
    ledger.checked = True
    cover = _coverage(len(lines), ctx.stories)
    shared = _stories_over_shared_lines(ctx.stories, cover)
    unexplained = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if cover[n] == 1 or (cover[n] > 1 and _cut_line(shared[n], n, line)):
            ledger.in_stories += 1
        elif cover[n] == 0:
            why = ctx.context_lines.get(n)
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


def _stories_over_shared_lines(stories, cover: list[int]) -> dict[int, list]:
    """line -> the stories over it (in file order), for the lines inside two or more
    stories. One pass over the stories' spans: asking every story about every such line was
    quadratic (a line cut into 27,000 stories)."""
    shared: dict[int, list] = {}
    top = len(cover) - 1
    for s in stories:
        for n in range(max(1, s.line), min(top, s.end_line) + 1):
            if cover[n] > 1:
                shared.setdefault(n, []).append(s)
    return shared


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


def _coverage(n_lines: int, stories) -> list[int]:
    """cover[n] = how many stories' [line, end_line] hold line n (1-based), by a difference
    array: O(lines + stories)."""
    delta = [0] * (n_lines + 2)
    for s in stories:
        lo, hi = max(1, s.line), min(n_lines, s.end_line)
        if lo <= hi:
            delta[lo] += 1
            delta[hi + 1] -= 1
    cover, run = [0] * (n_lines + 1), 0
    for n in range(1, n_lines + 1):
        run += delta[n]
        cover[n] = run
    return cover


def _two_narratives(text: str) -> bool:
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
    # Only the prose counts: a criterion phrased "As an admin I can see it" is not a story.
    return count_narratives("\n".join(split_body(lines).prose)) >= 2


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
