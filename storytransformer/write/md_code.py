"""Code in a story's text shown as code in merged.md.

A story's fenced block (```xml … ```) went through the same HTML escaping as its prose, so
merged.md showed ``&lt;itunes:explicit&gt;`` where the story said ``<itunes:explicit>``
(tester t23, finding 12): inside a code span or block Markdown shows text literally, so an
escape there is printed as is. Here the fences are found with markdown-it (the CommonMark
parser the project already depends on; a fence's end and an unclosed fence are its rules,
not a regex's) and code spans with CommonMark's backtick-run rule; only the text outside them
is escaped (md_literal.md_inline). Inside code, only the "<" of an element that runs or
loads something (script, iframe, img, ...) is escaped: a renderer shows a code block
literally, but a lax one might not, and merged.md never carries a live ``<script``."""

from __future__ import annotations

import re

# Elements that execute or load content: the only tags escaped inside code.
_ACTIVE = re.compile(r"<(?=/?(?:script|iframe|img|svg|object|embed|style|link|meta|base|form|"
                     r"frame|frameset|noscript|template|math|audio|video|source|image)\b)", re.I)
# A code span: a run of backticks, then the same run closing it, not part of a longer run.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def code_safe(text: str) -> str:
    """Code as written, with only an active element's "<" escaped."""
    return _ACTIVE.sub("&lt;", text)


def md_line(line: str) -> str:
    """One line of prose for merged.md: escaped outside its code spans, as written inside."""
    from storytransformer.write.md_literal import md_inline

    if "`" not in line:
        return md_inline(line)
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(line):
        out.append(md_inline(line[pos:m.start()]))
        out.append(code_safe(m.group(0)))
        pos = m.end()
    out.append(md_inline(line[pos:]))
    return "".join(out)


def _fence_ranges(lines: list[str]) -> list[tuple[int, int, str, bool]]:
    """(first, end, fence markup, closed) of every fenced block of ``lines``, by CommonMark."""
    from markdown_it import MarkdownIt

    ranges = []
    for tok in MarkdownIt("commonmark").parse("\n".join(lines)):
        if tok.type == "fence" and tok.map:
            first, end = tok.map
            last = lines[end - 1].strip() if end - 1 > first else ""
            closed = end - 1 > first and last.startswith(tok.markup) and not last.strip(tok.markup[0])
            ranges.append((first, end, tok.markup, closed))
    return ranges


def md_story_lines(text: str, prose=md_line) -> list[str]:
    """A story's text as merged.md lines: fenced blocks kept as written (and closed, so an
    unclosed fence cannot swallow the rest of the file), every other line through ``prose``."""
    lines = text.splitlines()
    if "```" not in text and "~~~" not in text:
        return [prose(ln) for ln in lines]
    out: list[str] = []
    pos = 0
    for first, end, markup, closed in _fence_ranges(lines):
        out += [prose(ln) for ln in lines[pos:first]]
        out += [code_safe(ln) for ln in lines[first:end]]
        if not closed:
            out.append(markup)
        pos = end
    out += [prose(ln) for ln in lines[pos:]]
    return out
