"""Story text as the HTML of Azure DevOps rich-text fields (Description, Acceptance Criteria).

Ingest reads an Azure cell's HTML into text that keeps its structure (ingest/html_text.py):
"<b>x</b>" as "**x**", list items as "- ", headings as "### ", code in backticks, line breaks.
Writing that text escaped put Markdown inside the HTML field ("**Expected**" shown as is):
here it goes back to the same simple tags, so a re-import shows what the export showed and
reading the file again gives the same text. Everything else is escaped text: a story cannot
inject markup ("<script>" stays "&lt;script&gt;").
"""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INLINE = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"  # [text](url)
                     r"|`([^`\n]+)`"  # `code`
                     r"|\*\*([^*\n]+)\*\*|__([^_\n]+)__")  # **bold** / __bold__


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def inline(text: str) -> str:
    """One line: links, code and bold as tags, the rest escaped."""
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        out.append(_esc(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(f'<a href="{html.escape(m.group(2))}">{_esc(m.group(1))}</a>')
        elif m.group(3) is not None:
            out.append(f"<code>{_esc(m.group(3))}</code>")
        else:
            out.append(f"<b>{_esc(m.group(4) or m.group(5))}</b>")
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _kind(line: str) -> tuple[str, str]:
    """("ul" | "ol" | "h1".."h6" | "p" | "blank", the line's text)."""
    if not line.strip():
        return "blank", ""
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
        m = pattern.match(line)
        if m:
            return kind, m.group(1)
    m = _HEADING.match(line)
    if m:
        return f"h{len(m.group(1))}", m.group(2)
    return "p", line.strip()


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _fenced(lines: list[str]):
    """(line, inside a fenced code block, is a fence line) for each line; an unclosed fence
    runs to the end."""
    fence = None
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            yield line, True, True
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
            yield line, True, True
        else:
            yield line, fence is not None, False


def lines_html(lines: list[str]) -> str:
    """Lines of text as HTML: runs of "- " items as <ul>, numbered items as <ol>, headings as
    <hN>, a fenced code block as <pre><code> (its lines escaped, as written: t23 finding 12),
    other lines as a <p> per paragraph with <br> between its lines."""
    blocks: list[tuple[str, list[str]]] = []  # (kind, texts) of consecutive lines
    code_block: list[str] | None = None  # the lines of the fenced block being read
    for line, code, fence in _fenced(lines):
        if code:
            if code_block is None:  # the opening fence: a block of its own
                code_block = []
                blocks.append(("pre", code_block))
            elif fence:  # the closing fence
                code_block = None
            else:
                code_block.append(line)
            continue
        kind, text = _kind(line)
        if kind != "blank" and blocks and blocks[-1][0] == kind and kind in ("ul", "ol", "p"):
            blocks[-1][1].append(text)
        else:
            blocks.append((kind, [text]))
    out = []
    for kind, texts in blocks:
        if kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{inline(t)}</li>" for t in texts) + f"</{kind}>")
        elif kind == "p":
            out.append("<p>" + "<br>".join(inline(t) for t in texts) + "</p>")
        elif kind == "pre":
            out.append("<pre><code>" + _esc("\n".join(texts)) + "</code></pre>")
        elif kind != "blank":
            out.append(f"<{kind}>{inline(texts[0])}</{kind}>")
    return "".join(out)


def criteria_html(criteria: list[str]) -> str:
    """Acceptance criteria as one list ("" for none)."""
    items = ["<br>".join(inline(x.strip()) for x in c.splitlines() if x.strip()) for c in criteria]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if criteria else ""
