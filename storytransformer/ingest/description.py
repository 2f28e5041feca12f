"""Tracker descriptions written in Markdown (GitLab/GitHub issues) or Jira wiki markup, read
by section with a real Markdown parser (markdown-it-py), so that a heading inside a code
fence is not a heading and a setext heading is one.

    body = read_description(text)     # -> narrative.Body(prose, criteria, labels, epic)

An issue template has sections: "### Summary", "### Proposed technical solution", "### How
to demonstrate", "### Acceptance criteria". A section starts at a heading or at a label
paragraph ("**Acceptance criteria**", "*Definition of done*", "Acceptance:", "AC: ...").
When a description has sections:

- the narrative is read from the one section that holds it, so its benefit ends at the next
  heading (it does not run on into "Proposed solution");
- acceptance criteria come only from acceptance-criteria sections (Acceptance criteria, AC,
  Definition of done, Acceptance tests, and their de/fr/es/pt/it/nl names); the bullets of
  other sections stay in the story text and are not criteria.

A description without sections (plain prose, "Acceptance criteria:" and bullets) keeps the
line-based reader (narrative.split_body), which already handles that shape."""

from __future__ import annotations

import functools
import re

from storytransformer.ingest.narrative import Body, has_narrative, split_body

_AC_NAME = re.compile(
    r"^(?:acceptance(?:\s+(?:criteri(?:a|on|as)|tests?|scenarios?|conditions?))?|ac'?s?|"
    r"definition\s+of\s+done|dod|done\s+when|success\s+criteria|"
    r"akzeptanzkriterien|abnahmekriterien|crit[èe]res?\s+d'acceptation|"
    r"crit[ée]rios?\s+de\s+aceita[çc][ãa]o|criterios?\s+de\s+aceptaci[óo]n|"
    r"criteri\s+di\s+accettazione|acceptatiecriteria)$", re.I)
# Section names of issue templates that a plain line may stand for, without "#", bold or ":".
_SECTION_NAME = (r"(?:proposed\s+(?:technical\s+)?solution|technical\s+solution|solution|"
                 r"how\s+to\s+(?:demonstrate|test|reproduce)|steps\s+to\s+reproduce|"
                 r"(?:technical\s+|implementation\s+)?notes|out\s+of\s+scope|"
                 r"open\s+questions|dependencies|risks|assumptions|links|references|"
                 r"problem(?:\s+statement)?|motivation|background|context|design|summary|"
                 r"description|user\s+story|acceptance\s+criteria|definition\s+of\s+done)")
_BARE_SECTION = re.compile(rf"^\s*{_SECTION_NAME}\s*$", re.I | re.M)
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}\s+\S|^h[1-6]\.\s", re.M)
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__|\*)[^*_\n]{2,60}(?:\*\*|__|\*)\s*:?\s*$|"
                        r"^\s*[^\W\d_][\w '’/&()-]{1,40}:\s*$", re.M)
# Jira wiki markup: "h3." headings, {code}/{noformat} blocks, "*bold*" label lines, or "# "
# numbered items on consecutive lines (in Markdown those would be two headings in a row).
_WIKI = re.compile(r"^h[1-6]\.\s|\{(?:code|noformat|quote|panel)\b|^\*[^*\s][^*\n]*\*\s*:?\s*$|"
                   r"^#\s+\S[^\n]*\n#\s+\S", re.M)


# Jira wiki macros that only frame or colour text ("{color:#172b4d}As a shopper ...{color}",
# "{panel:title=Story}", "{quote}") and the "bq. " quote prefix: dropped before the narrative
# is read, or they ended up inside the goal and benefit ("pay by card.{color}"). The story's
# text keeps them. {code} and {noformat} are not here: what they hold is code, kept as is.
_WIKI_FRAME = re.compile(r"\{(?:color|panel|quote|section|column|expand|info|note|tip|warning)"
                         r"(?::[^{}\n]{0,200})?\}|^bq\.\s+", re.M)


def read_description(text: str) -> Body:
    """The description's prose (the narrative's section), criteria, labels and epic."""
    if "{" in text or "bq." in text:
        text = _WIKI_FRAME.sub("", text)
    lines = text.split("\n")
    if not (_HEADING_LINE.search(text) or _BOLD_LINE.search(text)
            or _BARE_SECTION.search(text)):
        return split_body(lines)
    if _WIKI.search(text):
        lines = _wiki_to_markdown(lines)
    sections = _sections(lines)
    if len(sections) == 1 and sections[0][0] is None:
        return split_body(lines)
    return _body(sections)


def _wiki_to_markdown(lines: list[str]) -> list[str]:
    """Jira wiki headings and lists to Markdown, so the one parser reads both."""
    out = []
    for line in lines:
        m = re.match(r"^h([1-6])\.\s+(.*)$", line)
        if m:
            out.append("#" * int(m.group(1)) + " " + m.group(2))
            continue
        m = re.match(r"^([*#]+)\s+(.*)$", line)
        if m:
            depth = len(m.group(1)) - 1
            out.append("  " * depth + ("1. " if m.group(1)[-1] == "#" else "- ") + m.group(2))
            continue
        out.append(line)
    return out


def _label(first_line: str) -> tuple[str, str] | None:
    """(name, rest) when a paragraph's first line is a section label, else None."""
    stripped = first_line.strip()
    emphasised = re.match(r"^(\*\*|__|\*|_)(.+?)\1\s*:?\s*(.*)$", stripped)
    if emphasised:
        name = emphasised.group(2).strip().rstrip(":").strip()
        rest = emphasised.group(3).strip()
        if len(name.split()) <= 6 and (not rest or _AC_NAME.match(name)):
            return name, rest
        return None
    if _BARE_SECTION.match(stripped):
        return stripped, ""  # "How to demonstrate" alone on its line
    m = re.match(r"^([^\W\d_][\w '’/&()-]{0,60}?)\s*:\s*(.*)$", stripped)
    if not m:
        return None
    name, rest = m.group(1).strip(), m.group(2).strip()
    if _AC_NAME.match(name):
        return name, rest  # "AC: the form is saved" / "Acceptance: ..."
    if not rest and len(name.split()) <= 5:
        return name, ""  # "How to demonstrate:" alone on its line
    return None


@functools.lru_cache(maxsize=1)
def _markdown():
    """One parser for the process (building one costs about 0.2 ms): CommonMark's block
    rules only, since only headings, paragraphs, lists and fences place sections."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["heading", "lheading", "list", "fence", "code",
                                    "blockquote", "hr", "html_block", "reference"])
    # Sections need only the block tokens and their raw content, not the inline pass
    # (emphasis, links): a 10,000-row Jira CSV read in 2.38 s CPU instead of 2.56 s (median
    # of 2, shared 2-core machine); the parse is most of a Jira CSV's reading time.
    return md.disable("inline")


def _sections(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """(name or None for the lead, content lines) in order, split at headings and labels."""
    tokens = _markdown().parse("\n".join(lines))
    cuts: list[tuple[int, int, str, str]] = []  # (start line, content line, name, rest)
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None:
            continue
        if tok.type == "heading_open":
            cuts.append((tok.map[0], tok.map[1], tokens[i + 1].content.strip(), ""))
        elif tok.type == "paragraph_open":
            first = tokens[i + 1].content.split("\n", 1)[0]
            found = _label(first)
            if found:
                cuts.append((tok.map[0], tok.map[0] + 1, found[0], found[1]))
    sections: list[tuple[str | None, list[str]]] = []
    lead_end = cuts[0][0] if cuts else len(lines)
    if any(ln.strip() for ln in lines[:lead_end]):
        sections.append((None, lines[:lead_end]))
    for n, (_, body_from, name, rest) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        content = ([rest] if rest else []) + lines[body_from:end]
        sections.append((name, content))
    return sections


def _body(sections: list[tuple[str | None, list[str]]]) -> Body:
    body = Body()
    narrative_lines: list[str] | None = None
    for name, content in sections:
        if name is not None and _AC_NAME.match(name.strip()):
            got = split_body(["Acceptance criteria:"] + content)
            body.criteria += [c for c in got.criteria if c not in body.criteria]
            continue
        meta = split_body(content)
        body.labels += meta.labels
        body.epic = body.epic or meta.epic
        if narrative_lines is None and has_narrative("\n".join(meta.prose)):
            narrative_lines = meta.prose  # its bullets are not part of the sentence
    lead = split_body(sections[0][1]).prose if sections and sections[0][0] is None else []
    body.prose = narrative_lines if narrative_lines is not None else lead
    return body
