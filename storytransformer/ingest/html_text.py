"""Rich-text cells (Azure DevOps and Jira export HTML) to plain text that keeps the structure a
reader needs: list items as "- ", headings as Markdown "### ", bold labels as "**...**" (so the
description reader finds "Acceptance criteria" sections), and every character of code.

Text is never deleted: a "tag" that is not HTML is text ("Press <Enter>", ``List<String>``,
``git log <branch>`` inside ``<code>``), and inside Markdown backticks every tag is text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Rich text as trackers store it: a closing tag or a line break of a known element. A lone
# "<Enter>" or "<A>" in a summary is text, not markup.
_HTML = re.compile(r"</\s*(?:div|p|span|b|i|u|em|strong|li|ul|ol|a|h[1-6]|td|tr|th|table|pre|code|"
                   r"blockquote|font)\s*>|<br\s*/?>", re.I)
_BLOCK = {"p", "div", "br", "tr", "ul", "ol", "table", "blockquote", "pre", "hr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD = {"b", "strong"}
_CODE = {"code", "pre", "tt", "kbd", "samp"}
# Elements trackers' rich text uses; any other "<tag>" is the author's text.
_KNOWN = _BLOCK | _HEADINGS | _BOLD | _CODE | {
    "li", "td", "th", "thead", "tbody", "tfoot", "span", "i", "u", "em", "a", "font", "img",
    "s", "del", "ins", "strike", "sub", "sup", "small", "big", "mark", "dl", "dt", "dd",
    "caption", "colgroup", "col", "section", "article", "header", "footer", "figure",
    "figcaption", "center", "abbr", "cite", "q", "html", "head", "body", "meta", "style",
    "label", "input", "hr", "wbr", "nobr", "o:p"}


_OPEN, _CLOSE = "\x01", "\x02"  # bold markers, placed as "**" once spaces are settled
_BOLD_SPAN = re.compile("\x01\\s*(.*?)\\s*\x02", re.S)


# A start tag as HTML writes it; "<b && c>" (from "a<b && c>d" in unescaped code) is text.
_WELL_FORMED = re.compile(r"""<[A-Za-z][\w:-]*(?:\s+[A-Za-z_:][\w:.-]*"""
                          r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.code = 0  # depth inside <code>/<pre>: tags there are text
        self.ticks = 0  # backticks on the current output line (odd: inside `code`)

    def emit(self, text: str) -> None:
        self.out.append(text)
        if "\n" in text:
            self.ticks = text.rsplit("\n", 1)[1].count("`")
        else:
            self.ticks += text.count("`")

    def _literal(self, tag: str) -> bool:
        """Is this tag the author's text? Any tag that is not HTML; inside <code>/<pre>, the
        tags that are not HTML (List<String>; a highlighter's <span> is markup); inside an
        open Markdown backtick span on the current line, every tag but the closing code."""
        if tag not in _KNOWN:
            return True
        if self.code:
            return False
        return self.ticks % 2 == 1 and tag not in _CODE

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or f"<{tag}>"
        if self._literal(tag) or not _WELL_FORMED.fullmatch(raw):
            self.emit(raw)
            return
        if self.code and tag not in _CODE:
            return  # formatting inside code (a highlighter's spans): its text is kept
        if tag in _CODE:
            self.code += 1
            # Inline code keeps its Markdown backticks; a <pre> block is its own lines.
            self.emit("\n" if tag == "pre" else "`" if self.code == 1 else "")
        elif tag == "li":
            self.emit("\n- ")
        elif tag in _HEADINGS:
            self.emit("\n" + "#" * int(tag[1]) + " ")
        elif tag in _BOLD:
            self.emit(_OPEN)
        elif tag in _BLOCK:
            self.emit("\n")
        elif tag in ("td", "th"):
            self.emit(" | ")

    def handle_startendtag(self, tag, attrs):
        if self._literal(tag):
            self.emit(self.get_starttag_text() or f"<{tag}/>")
        elif tag in _BLOCK:
            self.emit("\n")

    def handle_endtag(self, tag):
        if self._literal(tag):
            self.emit(f"</{tag}>")
            return
        if self.code and tag not in _CODE:
            if tag == "br":
                self.emit("\n")
            return
        if tag in _CODE:
            self.code = max(0, self.code - 1)
            self.emit("\n" if tag == "pre" else "`" if self.code == 0 else "")
        elif tag in _BOLD:
            self.emit(_CLOSE)
        elif tag in _BLOCK or tag in _HEADINGS:
            self.emit("\n")

    def handle_data(self, data):
        self.emit(data.replace("\xa0", " "))


_LITERAL_BREAK = re.compile(r"\\r\\n|\\n")
# Escaped breaks that shape text: two of them, or one before a blank, a bullet or a number
# ("C:\\new" is a path, "a\\n\\n* b" is a paragraph and a list).
_SHAPED = re.compile(r"\\n.*\\n|\\n(?:\s|[-*•#]|\d+[.)])", re.S)


def literal_breaks(text: str, *, known: bool = False) -> str:
    """Data-pipeline exports (Jira jobs to CSV/JSON) write line breaks as the two characters
    \\n (or \\r\\n); those become line breaks. Text with real line breaks already is left
    alone, and so is a lone \\n that shapes nothing (a Windows path, a regex) unless
    ``known``: the file is already known to escape its breaks."""
    if "\\n" not in text or "\n" in text or not (known or _SHAPED.search(text)):
        return text
    return _LITERAL_BREAK.sub("\n", text)


def escapes_breaks(text: str) -> bool:
    """Does this text write its line breaks as \\n (see literal_breaks)?"""
    return "\\n" in text and "\n" not in text and bool(_SHAPED.search(text))


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


def html_to_text(text: str) -> str:
    """Plain text of an HTML cell (a non-HTML cell is returned as is, entities decoded)."""
    if not looks_like_html(text):
        return unescape(text) if "&" in text and ";" in text else text
    parser = _Text()
    parser.feed(text)
    parser.close()
    if parser.rawdata:  # an unclosed "<..." at the end is text too
        parser.emit(parser.rawdata)
    joined = _BOLD_SPAN.sub(lambda m: f"**{m.group(1)}**" if m.group(1).strip() else m.group(1),
                            "".join(parser.out))
    joined = joined.replace(_OPEN, "").replace(_CLOSE, "")  # unbalanced: drop the marker only
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
