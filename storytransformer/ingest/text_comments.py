"""Comment and note lines in plain-text backlogs (.txt, one story per line or paragraph):
found before the stories are read, reported as not read ("comment ..."), never a story,
an epic or part of one.

Why (what a product owner expects of a text file): people keep notes to themselves in a
backlog file the way they do in code. ``// section 2``, ``# owner: IT office``, ``; exported
by hand``, ``-- old items below``, ``TODO: ask Maria about the canteen stories``, ``=====``
and ``# ---- hand-written stories ----`` are not requirements: a tester's .txt turned them
into Story rows, into Epics that every story's Parent pointed to in merged.csv, and ``# end``
was glued onto the next story. A line written after a comment mark is taken out of the text
before the stories are read (read as a blank line: it ends a paragraph, as in the file), so
it can be neither a story nor glued into one; the conservation check reports it as not read
with its reason. A comment that holds a narrative ("# As a user, I want ...", a story
commented out) gets a warning of its own, so it is not missed.

Conservative exceptions (Markdown semantics a text file may use on purpose):
- A ``#`` line that reads like a heading (a short title: at most 8 words and 60
  characters, no "key: value" except "Epic: Payments", no ``;``/``=``, no decoration, not
  a sentence, not starting in lower case, not "end"/"EOF") stays a heading, so it may
  still name the epic of the stories under it: ``# Payments``, ``## Sprint 14``.
- ``# language: de`` (Gherkin's dialect line) and ``#12 As a ...``, ``#US-7 ...`` (a story's
  number or id) are not comments.
- ``---``/``***``/``___`` rules and a ``====`` underline under a title line are left to the
  Markdown reader (a rule and a setext heading); ``--`` directly under a list item is a
  nested bullet (Jira wiki), and ``-- As a ...`` is a story written after a dash.
- "NOTE", "XXX", "HACK", "TBD" count as note markers only in capitals ("Note: ..." under a
  story is that story's note); "TODO"/"FIXME" in any case.

Markdown files keep their own rules (a ``#`` line there is always a heading); HTML comments
(``<!-- … -->`` on lines of their own, as issue templates leave them) are hidden by every
Markdown viewer, so in Markdown and text files alike they are reported, not read: ``<!--`` and
``-->`` were unparsed stories and a story commented out between them was read as a story.
"""

from __future__ import annotations

import re

from storytransformer.ingest.blocks import _TABLE_SEP
from storytransformer.ingest.line_runs import SparseLines
from storytransformer.ingest.narrative import has_narrative

COMMENT = "comment (#, //, --, ; line)"
NOTE = "comment (TODO/FIXME note)"
DECORATION = "comment (decorative rule or banner line)"
HTML_COMMENT = "comment (<!-- -->)"
COMMENTED_STORY = ("comment line holds an 'As a … I want …' story; not read (remove the "
                   "comment mark to read it)")

# Only lines opening with one of these characters can be a comment, a rule or a note: the
# rest of a large file costs one character test a line.
_CANDIDATE_FIRST = set("#/;-=*_~+<>|.:\\[({}•") | set("TtFfXNH") | set("─━═│┃╔╚╭╰▬■□●")
# "TODO: ask Maria", "FIXME (Ana)", "- TODO check", "NOTE: ...", "TBD - pricing". Lower-case
# "todo"/"fixme" only with ":" or "(" after it: "Todo el sistema debe ..." is Spanish ("all").
_NOTE = re.compile(r"^(?:[-*+•]\s+)?(?:(?:TODO|FIXME|XXX|NOTE|HACK|TBD|NB)\b(?:\s*[:(\-–—!]|\s+\S|$)"
                   r"|(?i:todo|fixme)\s*[:(])")
_SLASH = re.compile(r"^(?://|/\*.*\*/$)")
_SEMI = re.compile(r"^;")
_DASHES = re.compile(r"^--(?:\s|$)")
_HASH = re.compile(r"^(#+)(.*)$")
_LANGUAGE = re.compile(r"^#\s*language\s*:\s*[A-Za-z][\w-]*\s*$")
_NUMBERED = re.compile(r"^#[A-Za-z]{0,10}[-_]?\d")  # "#12 As a ...", "#G01# As a ...": a story's id
_DECO_RUN = re.compile(r"[-=*_~#+/\\|<>.:─━═│┃▬■□●•]{3,}")
# "==== Payments ====", "---- hand-written ----" (spaces inside: "***Important***" is bold text)
_BANNER = re.compile(r"^([-=*_~#+/\\|<>─━═▬■]{3,})\s+\S.*?\s+([-=*_~#+/\\|<>─━═▬■]{3,})$")
_MD_RULE = re.compile(r"^([-*_])(?:\s*\1){2,}$")  # Markdown's thematic break: the reader's
_SETEXT_EQ = re.compile(r"^=+$")
_FENCE = re.compile(r"^(?:`{3,}|~{3,})")
# A list item the line above may be (then "-- x" under it is a nested bullet): "- a", "1. a",
# and Jira wiki's deeper "-- a", "** a", "## a" when not a comment themselves.
_LISTISH = re.compile(r"^(?:[-*+•]+|\d{1,3}[.)]|#+)\s")
# "Epic: Payments", "Feature: Checkout": a label a heading may carry; any other "key: value"
# after a # is a note about the file ("# owner: IT office").
_HEADING_LABEL = re.compile(r"^(?:epic|feature|theme|section|module|area|component|sprint|"
                            r"release|milestone|épica|epica|funcionalidad|fonctionnalité|thème|"
                            r"thema|bereich|merkmal)\s*:\s*\S", re.I)
_END_MARK = re.compile(r"^(?:the\s+)?(?:end|eof|end\s+of\s+(?:file|list|stories|backlog)|fin|"
                       r"ende|einde|fine|konec|koniec|slut|loppu)\W*$", re.I)


def drop_comments(lines: SparseLines, ctx) -> None:
    """Blank the comment, note and decoration lines of a text file's ``lines`` (line
    numbers kept) and declare each on ``ctx.removed_lines`` with its reason."""
    drop: list[int] = []
    prev, prev_kept, prev_i = "", False, -2  # the line directly above (index prev_i)
    for i, raw in lines.items():
        text = raw.strip()
        if not text:
            continue
        above = prev if prev_i == i - 1 else ""
        why = None
        if text[0] in _CANDIDATE_FIRST:
            why = comment_reason(text, above, above_kept=prev_kept and prev_i == i - 1)
        if why is not None:
            drop.append(i)
            ctx.removed_lines[i + 1] = why
            if why == COMMENT and has_narrative(_uncommented(text)):
                _note(ctx, i + 1)
        prev, prev_kept, prev_i = text, why is None, i
    if drop:
        lines.blank_lines(drop)


def comment_reason(text: str, above: str = "", above_kept: bool = True) -> str | None:
    """Why a stripped, non-blank line of a text file is not read (COMMENT, NOTE or
    DECORATION), or None for a line the story reader reads. ``above``: the line directly
    above ("" after a blank line); ``above_kept``: it is not itself a comment."""
    if _NOTE.match(text):
        return NOTE
    first = text[0]
    if first == "#":
        return _hash_reason(text)
    if first == "/" and _SLASH.match(text):
        return COMMENT
    if first == ";" and _SEMI.match(text):
        return COMMENT
    if first == "-" and _DASHES.match(text):
        if (above_kept and _LISTISH.match(above)) or has_narrative(text[2:]):
            return None  # a nested bullet (Jira wiki "-- criterion"), or a story after a dash
        return COMMENT
    return _decoration(text, above, above_kept)


def _hash_reason(text: str) -> str | None:
    if _LANGUAGE.match(text) or _NUMBERED.match(text):
        return None
    m = _HASH.match(text)
    hashes, rest = m.group(1), m.group(2)
    if not re.search(r"\w", rest):
        return DECORATION  # "#####", "# ----"
    if _NOTE.match(rest.strip()):
        return NOTE  # "# TODO: ..."
    if has_narrative(rest):
        return COMMENT  # "# As a user, I want ...": a story commented out (warned about)
    if len(hashes) <= 6 and rest[:1] in (" ", "\t") and _heading_like(_atx_title(rest)):
        return None
    return COMMENT


def _atx_title(rest: str) -> str:
    """'Payments ##' -> 'Payments' (closing hashes after a space, as CommonMark)."""
    rest = rest.strip()
    bare = rest.rstrip("#")
    return bare.strip() if bare != rest and (not bare or bare[-1] in " \t") else rest


def _heading_like(title: str) -> bool:
    """A short title that may name an epic ("Payments", "Sprint 14", "Epic: Checkout")."""
    if not title or len(title) > 60 or len(title.split()) > 8:
        return False
    letter = next((c for c in title if c.isalpha()), "")
    if not letter or letter.islower() or _END_MARK.match(title):
        return False
    title = title[:-1].rstrip() if title.endswith(":") else title  # "Acceptance criteria:"
    if not title or title[-1] in ".!?,;:" or ";" in title or "=" in title or _DECO_RUN.search(title):
        return False
    return ":" not in title or _HEADING_LABEL.match(title) is not None


def _decoration(text: str, above: str, above_kept: bool) -> str | None:
    """A line of symbols only ("=====", "*-*-*-*", "////", "┈┈┈") or a banner
    ("==== Payments ====", "---- hand-written ----"): decoration, not a story."""
    if not re.search(r"\w", text):
        if len(text) < 3 or _FENCE.match(text) or _MD_RULE.match(text) or set(text) == {"-"} \
                or _TABLE_SEP.match(text):
            return None  # a fence, a Markdown rule, a setext "---", a table's "|---|---|"
        if _SETEXT_EQ.match(text) and above and above_kept and _heading_like(above):
            return None  # "Payments" / "========": a setext heading
        return DECORATION
    if _BANNER.match(text) and not has_narrative(text):
        return DECORATION
    return None


def _uncommented(text: str) -> str:
    return re.sub(r"^(?:#+|//+|;+|--)\s*", "", text)


def _note(ctx, line: int) -> None:
    from storytransformer.stories import IngestWarning

    # A note, not a problem: --strict does not stop at it (the user commented the story out).
    ctx.warnings.append(IngestWarning(ctx.display, line, COMMENTED_STORY, False))


_FENCE_LINE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")


def drop_html_comments(lines: SparseLines, ctx) -> None:
    """Blank the ``<!-- … -->`` blocks that fill whole lines (outside code fences) and declare
    their lines on ``ctx.removed_lines``. A block never closed, or with text after its
    ``-->``, is left as it is (it is not a hidden comment then)."""
    drop: list[int] = []
    block: list[int] = []  # the lines of the open block
    fence = False
    for i, raw in lines.items():
        text = raw.strip()
        if not block and _FENCE_LINE.match(raw):
            fence = not fence
        if fence or not text or (not block and not text.startswith("<!--")):
            continue
        block.append(i)
        closes = text.find("-->", 4 if len(block) == 1 else 0)
        if closes >= 0:
            if closes + 3 == len(text):
                drop.extend(block)
            block = []
    for i in drop:
        ctx.removed_lines[i + 1] = HTML_COMMENT
    if drop:
        _warn_commented_stories(lines, ctx, drop)
        lines.blank_lines(drop)


def _warn_commented_stories(lines: SparseLines, ctx, drop: list[int]) -> None:
    for i in drop:
        inner = lines[i].replace("<!--", "").replace("-->", "")
        if has_narrative(inner):
            _note(ctx, i + 1)
