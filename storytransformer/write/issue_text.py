"""What a tracker issue shows for an output story: a summary fit for Jira's Summary field and a
body split into narrative, other text and acceptance criteria (each once), free of tool text.

Shared by the Jira and Azure DevOps CSV writers, which only differ in markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storytransformer.results import OutputStory

SUMMARY_LIMIT = 255  # Jira's Summary field; Azure DevOps titles take 255 as well
# Leading characters a summary must not start with: list bullets (a dash or plus before a
# space), quotes, headings, quote marks. Formula characters (= + - @ and their full-width
# forms) are the story's text and stay: the CSV writer prefixes such a cell with a single
# quote, as OWASP's CSV Injection page recommends, so "=HYPERLINK(…)" keeps its "=".
_LEAD_JUNK = re.compile(r"^(?:[\s–—•*#>|'\"`‘’“”]|[-+](?=\s))+|^\d+[.)]\s+|^\[[ xX]\]\s*")
_AC_HEADING = re.compile(r"(?i)^\W*(acceptance criteria|acceptance|ac|definition of done|criteria)\W*$")
# A bullet, a number or a checkbox, or a bullet then a checkbox ("- [ ] x": a checklist item
# is the criterion "x", so it is found in the text and kept once: t23 finding 12).
_BULLET = re.compile(r"^\s*(?:(?:[-*•+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?|\[[ xX]\]\s+)")


def clean_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """One line, no leading bullet/quote/dash/formula character, at most ``limit`` characters,
    cut at a word boundary with an ellipsis."""
    line = " ".join(str(text).split())
    previous = None
    while line and line != previous:  # "- 'As a…" takes two passes
        previous, line = line, _LEAD_JUNK.sub("", line)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def summary_of(o: OutputStory) -> str:
    first = next((ln for ln in o.text.splitlines() if ln.strip()), "") if o.text else ""
    return clean_summary(o.title or first or o.id) or o.id


_MARKS = re.compile(r"\*\*|__|`")  # bold and code as ingest writes them ("**Expected**"); criteria are read without


def _norm(text: str) -> str:
    return " ".join(_MARKS.sub("", _BULLET.sub("", text)).split()).strip(" .;").lower()


@dataclass
class IssueBody:
    narrative: str
    details: list[str] = field(default_factory=list)  # other lines of the story, in order
    criteria: list[str] = field(default_factory=list)


def body_of(o: OutputStory) -> IssueBody:
    """The story's text without its title line, its criteria (kept once, in ``criteria``) and
    the criteria heading. For a merged story the text is its rendered narrative."""
    criteria = [c for c in o.acceptance_criteria if c.strip()]
    wanted = {_norm(c): i for i, c in enumerate(criteria)}
    title = _norm(o.title) if o.title else None
    lines = o.text.splitlines()
    kept: list[str] = []
    for line in lines:
        n = _norm(line.lstrip("#").strip())
        if not n and not kept:
            continue
        if n in wanted and _MARKS.search(line):  # the criterion with its bold, as the text has it
            criteria[wanted[n]] = _BULLET.sub("", line).strip()
        if (title and n == title and not kept) or n in wanted or _AC_HEADING.match(line.strip("#* _")):
            continue
        kept.append(line.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    narrative, details = "", kept
    if kept and not kept[0].lstrip().startswith(("-", "*", "#")):
        narrative, details = kept[0].strip(), kept[1:]
    while details and not details[0].strip():
        details = details[1:]
    return IssueBody(narrative, details, criteria)


def review_note(o: OutputStory) -> str:
    """Why a person should look, for a column of its own (never inside the description)."""
    return " | ".join(" ".join(f.split()) for f in o.flags)
