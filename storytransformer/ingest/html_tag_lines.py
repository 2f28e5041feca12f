"""Lines of a Markdown or text backlog that hold only HTML tags and no text ("</details>",
"<div align=\"center\">", "<br/>", "</p>"): markup a viewer renders as nothing, so they are
taken out before the stories are read and reported as not read (`HTML tag line (no text)`),
never a story of their own. Tester report 25: "</details>" after a collapsed block became an
unparsed "story" that reached merged.md, merged.csv and report.html.

Only lines made entirely of tags with known HTML names count ("<Enter>" or "<branch>" in a
sentence are text), and never inside a code fence."""

from __future__ import annotations

import re

from storytransformer.ingest.line_runs import SparseLines

HTML_TAG_LINE = "HTML tag line (no text)"
# Block and inline elements people put around Markdown (collapsed sections, centring, breaks).
_NAMES = ("details|summary|div|span|p|br|hr|center|section|article|aside|header|footer|nav|"
          "main|figure|figcaption|picture|img|sup|sub|small|b|i|u|em|strong|kbd|blockquote|"
          "ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|a|font|pre|code")
_TAG = rf"</?(?:{_NAMES})\b(?:[ \t][^<>\n]{{0,300}})?/?>"
_ONLY_TAGS = re.compile(rf"^[ \t]*+(?:{_TAG}[ \t]*+)++$", re.I)


def drop_tag_lines(lines: SparseLines, ctx, fenced: frozenset[int]) -> None:
    """Blank the non-empty lines of ``lines`` made only of HTML tags (outside the 1-based line
    numbers ``fenced``) and declare them on ``ctx.removed_lines``."""
    drop = [i for i, raw in lines.items() if "<" in raw and i + 1 not in fenced
            and raw.lstrip()[:1] == "<" and _ONLY_TAGS.match(raw)]
    for i in drop:
        ctx.removed_lines.setdefault(i + 1, HTML_TAG_LINE)
    if drop:
        lines.blank_lines(drop)
