"""Rich-text cells (Azure DevOps exports HTML) to plain text that keeps the list structure."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Rich text as trackers store it: a closing tag or a line break of a known element. A lone
# "<Enter>" or "<A>" in a summary is text, not markup.
_HTML = re.compile(r"</\s*(?:div|p|span|b|i|u|em|strong|li|ul|ol|a|h[1-6]|td|tr|th|table|pre|code|"
                   r"blockquote|font)\s*>|<br\s*/?>", re.I)
_BLOCK = {"p", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
          "blockquote", "pre", "hr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.out.append("\n- ")
        elif tag in _BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        self.out.append(data.replace("\xa0", " "))


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


def html_to_text(text: str) -> str:
    if not looks_like_html(text):
        return unescape(text) if "&" in text and ";" in text else text
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.out).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
