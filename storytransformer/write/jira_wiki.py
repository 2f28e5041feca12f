"""Jira wiki markup for issue descriptions (what Jira's CSV importer renders): Markdown
headings, emphasis, code, links and lists become their wiki forms; characters that start wiki
macros or links ({ [ |) in story text are escaped so a story cannot turn into a macro."""

from __future__ import annotations

import re

from storytransformer.write.issue_text import IssueBody

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)\d+[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")


def escape(text: str) -> str:
    """Story text as literal wiki text: macro braces, link brackets and table bars escaped."""
    return re.sub(r"([{}\[\]|])", r"\\\1", text)


def inline(text: str) -> str:
    """Markdown inline marks -> wiki (links, code, bold), the rest escaped."""
    out, pos = [], 0
    pattern = re.compile(f"{_LINK.pattern}|{_CODE.pattern}|{_BOLD.pattern}")
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(f"[{escape(m.group(1))}|{m.group(2)}]")
        elif m.group(3) is not None:
            out.append("{{" + escape(m.group(3)) + "}}")
        else:
            out.append(f"*{escape(m.group(4) or m.group(5))}*")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


def _item(text: str) -> str:
    """A list item's text; a checklist box ("[ ] x", "[x] x") as ☐/☑, which Jira shows as
    written (escaped brackets read "\\[ \\]" in the issue)."""
    m = _CHECKBOX.match(text)
    if m:
        return ("☐ " if m.group(1) == " " else "☑ ") + inline(text[m.end():])
    return inline(text)


def lines_to_wiki(lines: list[str]) -> list[str]:
    """Markdown lines -> wiki lines; a fenced block becomes {code:lang} … {code}, its lines as
    written (Jira does not read markup inside a code macro)."""
    out: list[str] = []
    fence = None
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append("{code:" + m.group(2) + "}" if m.group(2) else "{code}")
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
            out.append("{code}")
        else:
            out.append(line if fence is not None else line_to_wiki(line))
    if fence is not None:
        out.append("{code}")
    return out


def line_to_wiki(line: str) -> str:
    m = _HEADING.match(line)
    if m:
        return f"h{len(m.group(1))}. {inline(m.group(2))}"
    m = _BULLET.match(line)
    if m:
        return "*" * (1 + len(m.group(1).expandtabs(2)) // 2) + " " + _item(m.group(2))
    m = _NUMBERED.match(line)
    if m:
        return "#" * (1 + len(m.group(1).expandtabs(2)) // 2) + " " + inline(m.group(2))
    return inline(line)


def description(body: IssueBody) -> str:
    """The issue description: narrative, other text, then "Acceptance criteria" once."""
    parts: list[str] = []
    if body.narrative:
        parts.append(inline(body.narrative))
    if body.details:
        parts.append("\n".join(lines_to_wiki(body.details)))
    if body.criteria:
        parts.append("h4. Acceptance criteria\n" + "\n".join(f"* {_item(c)}" for c in body.criteria))
    return "\n\n".join(p for p in parts if p.strip())
