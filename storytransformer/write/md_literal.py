"""Story text in merged.md shown as written, and safe.

Gherkin placeholders ("<n>", "<amount>", "<Betrag>") were escaped like HTML, so merged.md read
"&lt;n&gt;" (tester report 20, item 11); left bare, a Markdown viewer would take "<n>" for an
HTML tag and hide it. So:

- in prose, a placeholder becomes a code span ("`<n>`"): shown as "<n>", never markup; every
  other "<", ">" and "&" is escaped as before (a real tag, "<script>", "<img onerror=…>",
  stays text);
- a Gherkin scenario kept unchanged goes into a fenced ```gherkin block, as written, layout
  kept: a code block is never read as HTML, so only a real tag is escaped there too (the
  ``<script`` of a hostile story never reaches the file as markup, even inside a fence)."""

from __future__ import annotations

import html
import re

# The elements a renderer or sanitizer acts on (and the ones an attack uses): a "<name>" with
# one of these names is escaped as HTML; any other bare "<name>" is a placeholder.
_HTML_NAMES = frozenset("""
a abbr address area article aside audio b base bdi bdo blink blockquote body br button canvas
caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em
embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
hgroup hr html i iframe img image input ins kbd keygen label legend li link listing main map
mark marquee math menu meta meter nav nobr noembed noframes noscript object ol optgroup option
output p param picture plaintext portal pre progress q rp rt ruby s samp script search section
select slot small source span strike strong style sub summary sup svg table tbody td template
textarea tfoot th thead time title tr track tt u ul var video wbr xmp
""".split())
# "<n>", "<amount>", "<user name>", "<Betrag>", "<start-date>": a word (or a few) between angle
# brackets, no attribute, no slash, no quote.
_PLACEHOLDER = re.compile(r"<([^\W\d][\w .\-]{0,40}?)>")


def _is_placeholder(name: str) -> bool:
    return name.strip().lower() not in _HTML_NAMES and name == name.strip()


def md_inline(text) -> str:
    """Text for a Markdown line: HTML characters escaped, placeholders as code spans."""
    text = "" if text is None else str(text)
    if "<" not in text:
        return html.escape(text, quote=False)
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(text):
        if not _is_placeholder(m.group(1)):
            continue
        out.append(html.escape(text[pos:m.start()], quote=False))
        out.append(f"`{m.group(0)}`")
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


_TAG_START = re.compile(r"<(?=[/!?]|[A-Za-z][\w\-]*)")


def _code_line(line: str) -> str:
    """A line for a fenced block: "<" escaped only where it opens an HTML tag, a closing tag, a
    comment or a processing instruction; placeholders stay as written."""
    if "<" not in line:
        return line
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(line):
        out.append(_escape_tags(line[pos:m.start()]))
        out.append(m.group(0) if _is_placeholder(m.group(1)) else _escape_tags(m.group(0)))
        pos = m.end()
    out.append(_escape_tags(line[pos:]))
    return "".join(out)


def _escape_tags(text: str) -> str:
    return _TAG_START.sub("&lt;", text)


def fenced(text: str, info: str = "gherkin") -> list[str]:
    """``text`` as a fenced code block (lines), the fence longer than any backtick run in it."""
    lines = [_code_line(ln) for ln in text.strip("\n").splitlines()]
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [fence + info, *lines, fence]
