"""Markdown and plain-text backlogs: stories as heading sections, list items, paragraphs or
lines.

How a section is read depends on how many "As a ... I want" narratives it holds: one (or a
leaf heading with a body) -> the whole section is one story titled by its heading; two or
more -> each list item / paragraph / narrative line starts a story (blocks.py decides where
each ends) and the heading is their epic. A paragraph or item without a narrative after a
story is a story of its own (unparsed, with a warning), never glued onto the one above.
Text before the first story (a file's or section's introduction) and epic descriptions are
not stories: their lines are declared on FileContext.context_lines with the reason, and the
conservation check reports them. A file with no narrative at all is kept paragraph by
paragraph as unparsed stories, so nothing is lost. Every story gets line and end_line."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from storytransformer.ingest.context import FileContext
from storytransformer.ingest.blocks import LABEL_LINE, Unit, split_units
from storytransformer.ingest.line_runs import LineRuns, SparseLines, nonblank
from storytransformer.ingest.warning_digest import HEADING_ONLY, NO_NARRATIVE, NO_NARRATIVE_UNDER_HEADING
from storytransformer.ingest.html_tag_lines import drop_tag_lines
from storytransformer.ingest.md_fences import code_and_all, fenced_lines
from storytransformer.ingest.md_scenarios import gherkin_unit, scenario_units, stories_from_scenarios
from storytransformer.ingest.md_tables import read_table, split_tables
from storytransformer.ingest.narrative import (
    _AC_HEADER,
    _BULLET,
    _GWT,
    _META,
    _NOTES_HEADER,
    ac_header,
    clean,
    has_narrative,
    parse_narrative,
    split_body,
    split_key,
    starts_narrative,
)

# Closing "#"s are cut in _atx(), not by the pattern: "(.*?)\s*#*\s*$" backtracks
# cubically on a heading with a long run of spaces (issue 17).
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]++(.*))?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_TOP_BULLET = re.compile(r"^\s{0,1}(?:[-*+•]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*+\1){2,}+\s*+$")


@dataclass(slots=True)
class Section:
    level: int  # 0: text before the first heading
    heading: str
    line: int
    body: LineRuns  # (line number, text) pairs




class _Lazy:
    """A yes/no computed on first use (whether the whole file holds a narrative costs a scan
    of the file and is needed only for sections without one)."""

    def __init__(self, compute):
        self._compute, self._value = compute, None

    def __bool__(self) -> bool:
        if self._value is None:
            self._value = bool(self._compute())
        return self._value


def read_markdown(text: str, ctx: FileContext) -> None:
    lines = _drop_front_matter(SparseLines(text), ctx)
    from storytransformer.ingest.text_comments import drop_comments, drop_html_comments

    drop_html_comments(lines, ctx)  # <!-- … --> lines, hidden by every viewer: not read
    if ctx.format == "text":  # comment and note lines of a .txt file: not read (text_comments.py)
        drop_comments(lines, ctx)
    skipped: list[int] = []
    # Code blocks: one unit each, never a story (Gherkin ones hold stories: md_scenarios.py);
    # no line of any fence is a heading or a rule.
    fences, every_fence = code_and_all(text)
    fenced = fenced_lines(every_fence)
    drop_tag_lines(lines, ctx, fenced)  # "</details>", "<br/>": markup with no text, not read
    sections = _merge_parts(_sections(lines, skipped, fenced))
    for n in skipped:
        ctx.context(n, "heading underline or rule")
    heads = {sec.line for sec in sections}
    doc = _Doc(lines, sections, _Lazy(lambda: has_narrative(text)),
               # The first heading with prose under it is the document's title and intro.
               next((sec for sec in sections if sec.heading), None), fences,
               sorted(n for n in skipped if n - 1 not in heads))  # rules, not setext underlines
    epics: dict[int, str] = {}  # heading level -> heading text, for the epic of nested stories
    for i, sec in enumerate(sections):
        for level in [lv for lv in epics if lv >= sec.level]:
            del epics[level]
        before = len(ctx.stories)
        if sec.heading:
            ctx.context(sec.line, "Gherkin language line (its dialect is found from the "
                                  "keywords)" if _language_heading(sec) else "heading (title or epic)")
        _read_section(ctx, doc, i, epics)
        if len(ctx.stories) == before:
            for lineno, _line in sec.body.nonblank():  # intro and epic descriptions: not stories
                ctx.context(lineno, "section text without a story")


@dataclass
class _Doc:
    lines: SparseLines
    sections: list[Section]
    has_narratives: "_Lazy"
    first_heading: Section | None
    fences: list[tuple[int, int]]  # fenced code blocks (md_fences.fence_ranges)
    rules: list[int]  # line numbers of horizontal rules (---, ***, ___), sorted


def _drop_front_matter(lines: SparseLines, ctx: FileContext) -> SparseLines:
    """YAML front matter is metadata, not stories: blanked out, line numbers kept."""
    if not len(lines) or lines[0].strip() != "---":
        return lines
    end = next((i for i, line in lines.items(1) if line.strip() in ("---", "...")), None)
    if end is None:
        return lines
    for n in range(1, end + 2):
        ctx.context(n, "front matter")
    lines.blank_before(end + 1)
    return lines


def _read_section(ctx: FileContext, doc: _Doc, i: int, epics: dict[int, str]) -> None:
    """The stories of one heading section; records the heading in ``epics`` when the section
    is not itself a story. Tables of stories (md_tables.py) are read row by row: alone or
    under text without a story, the heading is their epic; under the section's own story,
    that story ends before the table and the rows do not take its heading as their epic."""
    sec = doc.sections[i]
    units = split_units(sec.body, _fences_in(doc, sec))
    tables, text_units = split_tables(units)
    parent_epic = epics[max(epics)] if epics else None
    if not tables:
        _read_units(ctx, doc, i, epics, units)
        return
    heading_title = clean(split_key(sec.heading)[1]) if sec.heading else ""
    if not any(u.has_narrative() for u in text_units):
        for u in text_units:  # an introduction to the table
            for lineno, _ in u.lines:
                ctx.context(lineno, "section text without a story")
        for table in tables:
            read_table(ctx, table, heading_title or parent_epic)
        if sec.heading:
            epics[sec.level] = heading_title
        return
    if not all(t.rows_tell_stories() for t in tables):
        _read_units(ctx, doc, i, epics, units)  # a table of details under a story: its text
        return
    if any(u.lines[0][0] > tables[0].first_line for u in text_units):
        _read_around_tables(ctx, doc, i, epics, (tables, text_units), parent_epic)
        return
    # Stories of their own beside the section's text: read in file order; the section's text
    # is read without the table lines (its story never runs over them), and the rows get
    # their epic once it is known whether the heading is an epic or the title of a story.
    rows_first = tables[0].first_line < text_units[0].lines[0][0]
    start = len(ctx.stories)
    if rows_first:
        for table in tables:
            read_table(ctx, table, None)
    end = len(ctx.stories)
    skip = {n for t in tables for n, _ in t.unit.lines}
    whole, sec.body = sec.body, _body_without(sec.body, skip)
    _read_units(ctx, doc, i, epics, text_units)
    sec.body = whole
    if not rows_first:
        start = len(ctx.stories)
        for table in tables:
            read_table(ctx, table, None)
        end = len(ctx.stories)
    epic = clean((epics.get(sec.level) if sec.heading else None) or parent_epic or "")
    if epic:  # the heading when it is an epic (set by _read_units), else the one above it
        ctx.stories[start:end] = [replace(st, epic=epic) for st in ctx.stories[start:end]]


def _read_around_tables(ctx: FileContext, doc: _Doc, i: int, epics: dict[int, str],
                        parts: tuple[list, list[Unit]], parent_epic: str | None) -> None:
    """A section with text after its table of stories (tester report 25, finding 8: the
    section's story ran from its heading over the table to a <details> block below, so each
    row was in two stories). The section's story, if its text before the table tells one,
    ends before the table; the rows are stories; the text after the table is read as units of
    their own (each narrative a story), never joined to the heading's story."""
    tables, text_units = parts
    sec = doc.sections[i]
    first = tables[0].first_line
    before = [u for u in text_units if u.lines[0][0] < first]
    after = [u for u in text_units if u.lines[0][0] > first]
    heading_title = clean(split_key(sec.heading)[1]) if sec.heading else ""
    if any(u.has_narrative() for u in before):
        keep = {n for u in before for n, _ in u.lines}
        last = max(keep)
        whole, sec.body = sec.body, _body_without(sec.body, {n for n, _ in sec.body
                                                             if n > last or (n not in keep and n >= first)})
        _read_units(ctx, doc, i, epics, before)
        sec.body = whole
    else:
        for u in before:  # an introduction to the table
            for lineno, _ in u.lines:
                ctx.context(lineno, "section text without a story")
        if sec.heading:
            epics[sec.level] = heading_title
    epic = clean((epics.get(sec.level) if sec.heading else None) or parent_epic or "") or None
    for table in tables:
        read_table(ctx, table, epic)
    lead = next((k for k, u in enumerate(after) if u.has_narrative()), len(after))
    for u in after[:lead]:  # "Notes: …" or a code block under the table: no story holds it
        why = "code block outside a story" if u.kind == "code" else "text after a table of stories"
        for lineno, _ in u.lines:
            ctx.context(lineno, why)
    _stories_from_units(ctx, after[lead:], epic=epic, rules=doc.rules)


def _fences_in(doc: _Doc, sec: Section) -> list[tuple[int, int]]:
    """The code blocks of ``doc`` that start inside section ``sec`` (a bisect: a file of
    20,000 sections with a fence each took 57 s when every section scanned every fence)."""
    import bisect

    if not doc.fences:
        return []
    last = max((n for n, _ in sec.body.nonblank()), default=sec.line) if len(doc.fences) > 8 else \
        len(doc.lines)
    return doc.fences[bisect.bisect_left(doc.fences, (sec.line, 0)):bisect.bisect_right(doc.fences, (last, 1 << 62))]


def _body_without(body: LineRuns, skip: set[int]) -> LineRuns:
    """``body`` without the lines in ``skip`` (substituted lines kept as read)."""
    out = LineRuns(body.lines)
    for lineno, text in body:
        if lineno not in skip:
            out.append(lineno, None if text == body.lines[lineno - 1] else text)
    return out


def _read_units(ctx: FileContext, doc: _Doc, i: int, epics: dict[int, str], units: list[Unit]) -> None:
    """A section read from its ``units`` (story tables taken out)."""
    sec, sections, lines = doc.sections[i], doc.sections, doc.lines
    with_narrative = [u for u in units if u.has_narrative()]
    is_leaf = i + 1 == len(sections) or sections[i + 1].level <= sec.level
    parent_epic = epics[max(epics)] if epics else None
    key, title = split_key(sec.heading) if sec.heading else (None, "")
    title = "" if _language_heading(sec) else clean(title)  # "# language: fr" names no epic
    if not with_narrative and units and _scenario_section(units, sec):
        stories_from_scenarios(ctx, units, epic=title or parent_epic)
        if sec.heading:
            epics[sec.level] = title
        return

    # A heading that is itself a narrative ("## As a user, I want to log in") is a story,
    # never the document's title.
    heading_story = bool(sec.heading) and is_leaf and not with_narrative and \
        has_narrative(sec.heading)
    # A heading over an "Acceptance criteria:" block is a story even as the file's first
    # heading: a document's title never carries criteria.
    criteria_story = is_leaf and any(ac_header(ln) for u in units for _, ln in u.lines)
    if sec.heading and units and len(with_narrative) <= 1 and not _is_story_list(units) and (
            with_narrative or heading_story or criteria_story
            or (is_leaf and doc.has_narratives and sec is not doc.first_heading)
            or (is_leaf and not doc.has_narratives)):
        _story_from_section(ctx, lines, sec, key, title, parent_epic, doc.rules, _fences_in(doc, sec))
        return
    if with_narrative:
        _stories_from_units(ctx, units, epic=title or parent_epic, rules=doc.rules)
    elif units and not doc.has_narratives:
        for group in _structural_groups(units):  # no narrative anywhere: keep each paragraph raw
            _unparsed(ctx, [pair for u in group for pair in u.lines], epic=title or parent_epic)
    elif sec.heading and not units and is_leaf and (sec is not doc.first_heading
                                                     or heading_story):
        _lone_heading(ctx, lines, sec, key, title, parent_epic, heading_story)
    if sec.heading:
        epics[sec.level] = title


# Sub-headings that are parts of the story above them, not stories of their own.
_PART = re.compile(
    r"^(?:acceptance\s+criteri(?:a|on)|acceptance\s+tests?|ac|definition\s+of\s+done|"
    r"description|user\s+story|story|narrative|notes?|details|context|background|"
    r"technical\s+notes|out\s+of\s+scope|open\s+questions|dependencies|design|"
    r"scenarios?|examples?|assumptions|questions)\s*:?$", re.I)


def _merge_parts(sections: list[Section]) -> list[Section]:
    """Fold "### Acceptance criteria", "### Notes"... into the story heading above them."""
    out: list[Section] = []
    for sec in sections:
        owner = out[-1] if out else None
        if (owner is not None and owner.heading and sec.level > owner.level
                and _PART.match(clean(sec.heading))):
            owner.body.append(sec.line, _heading_line(sec))
            owner.body.extend(sec.body)
            continue
        out.append(sec)
    return out


_LANGUAGE_HEADING = re.compile(r"^language\s*:\s*([A-Za-z]{2,3}(?:-[A-Za-z]{2,8})?)$")


def _language_heading(sec: Section) -> bool:
    """Is the heading Gherkin's "# language: fr" line (a dialect gherkin-official knows)?"""
    m = _LANGUAGE_HEADING.match(sec.heading) if sec.level == 1 else None
    if m is None:
        return False
    from gherkin.dialect import DIALECTS

    return m.group(1) in DIALECTS


def _scenario_section(units: list["Unit"], sec: Section) -> bool:
    """Scenarios of their own: two or more scenario headers, or one in text with no heading
    (a section with one heading over one scenario is that scenario's story, as before)."""
    count = scenario_units(units)
    return count >= 2 or (count == 1 and (not sec.heading or _language_heading(sec)))


def _is_story_list(units: list["Unit"]) -> bool:
    """A heading over a list whose one narrative item sits among other top-level items
    ("- As a user ...", "- Fix the footer") is a list of stories, not one story: its other
    items are not criteria (they are kept as unparsed stories, with a warning)."""
    narrative_items = [u for u in units if u.kind == "item" and u.has_narrative()]
    if not narrative_items:
        return False
    in_criteria = False
    for unit in units:
        first = unit.lines[0][1]
        if unit.kind == "code":
            continue  # a code block in the story, not an item of a list
        if unit.kind == "para":
            in_criteria = (_AC_HEADER.match(first) is not None or _GWT.match(first) is not None
                           or gherkin_unit(unit))
        elif unit is not narrative_items[0] and not in_criteria and not _GWT.match(first) \
                and not gherkin_unit(unit):
            return True
    return False


def _atx_title(text: str) -> str:
    """'Save cart ##' -> 'Save cart' (closing hashes only after a space, as CommonMark)."""
    text = text.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.strip()
    return text


def _sections(lines: SparseLines, skipped: list[int] | None = None,
              fenced: frozenset[int] = frozenset()) -> list[Section]:
    """Heading sections. ``skipped`` collects the line numbers of setext underlines and
    horizontal rules (lines in no section body). Only the non-blank lines are looked at one
    by one; a run of blank lines joins the current section's body in one step. Lines in
    ``fenced`` (code blocks) are body text, never a heading or a rule."""
    skipped = [] if skipped is None else skipped
    sections = [Section(0, "", 1, LineRuns(lines))]
    done = 0  # lines[:done] are placed
    pairs = lines.nonblank_pairs(0, len(lines)) if isinstance(lines, SparseLines) else \
        ((i, lines[i]) for i in nonblank(lines))
    ahead = next(pairs, None)
    while ahead is not None:
        (i, line), ahead = ahead, next(pairs, None)
        if i < done:
            continue  # a setext underline, placed with its heading
        sections[-1].body.append_range(done + 1, i)  # the blank lines before it
        # the next line's text, when it holds more than whitespace (else it is no underline)
        nxt = ahead[1] if ahead is not None and ahead[0] == i + 1 else ""
        done = i + _place(line, nxt, i, sections, skipped, fenced)
    sections[-1].body.append_range(done + 1, len(lines))
    if not any(True for _ in sections[0].body.nonblank()):
        sections.pop(0)
    return sections


def _place(line: str, nxt: str, i: int, sections: list[Section], skipped: list[int],
           fenced: frozenset[int]) -> int:
    """Put non-blank line ``i`` (0-based, text ``line``, the next line ``nxt``) where it
    belongs: a new section for a heading, a blank for a rule, else the current section's
    body. Returns the lines used (2: a setext heading and its underline)."""
    first = line.lstrip()[:1]  # each pattern only where its first character is
    if i + 1 not in fenced:
        m = _ATX.match(line) if first == "#" else None
        if m:
            sections.append(Section(len(m.group(1)), _atx_title(m.group(2) or ""), i + 1,
                                    LineRuns(sections[-1].body.lines)))
            return 1
        if (nxt.lstrip()[:1] in ("=", "-") and _SETEXT.match(nxt)
                and not _TOP_BULLET.match(line) and not starts_narrative(line)
                and line.rstrip()[-1] not in ".!?,;"  # a sentence over a rule, not a title
                and not _RULE.match(line) and not _AC_HEADER.match(line)
                and (not sections[-1].body or not sections[-1].body.last()[1].strip())):
            sections.append(Section(1 if nxt.strip()[0] == "=" else 2, line.strip(), i + 1,
                                    LineRuns(sections[-1].body.lines)))
            skipped.append(i + 2)
            return 2
        if first in ("-", "*", "_") and _RULE.match(line):
            skipped.append(i + 1)
            sections[-1].body.append(i + 1, "")  # a rule ends a paragraph, like a blank
            return 1
    sections[-1].body.append(i + 1)
    return 1


def _story_from_section(ctx, lines: list[str], sec: Section, key, title, epic,
                        rules: list[int] = (), fences: list[tuple[int, int]] = ()) -> None:
    notes_from = _notes_behind_rule(sec, rules)
    if notes_from:  # "---" then only "Notes: …" paragraphs: the story ends at the rule
        for n, _ln in sec.body.nonblank():
            if n > notes_from:
                ctx.context(n, "note after a rule (---), in no story")
        sec = Section(sec.level, sec.heading, sec.line,
                      _body_without(sec.body, {n for n, _ in sec.body if n > notes_from}))
    code = fenced_lines(fences)  # code blocks: text, not criteria
    body_lines = [("" if n in code else ln) for n, ln in sec.body] if code else [ln for _, ln in sec.body]
    body = split_body(body_lines)
    narrative = parse_narrative("\n".join(body.prose))
    if not narrative.found:  # "## As a user, I want to log in" over its criteria
        narrative = parse_narrative(sec.heading)
    last = max((n for n, _ln in sec.body.nonblank()), default=sec.line)
    raw = "\n".join(lines[sec.line - 1:last]).rstrip()  # as written (setext headings too)
    parsed = narrative.found or bool(body.criteria)
    if not parsed:
        ctx.warn(sec.line, f"{NO_NARRATIVE_UNDER_HEADING} {title!r}; kept as an unparsed story")
    ctx.add(text=raw, line=sec.line, end_line=last, key=key, title=title, role=narrative.role,
            goal=narrative.goal, benefit=narrative.benefit,
            acceptance_criteria=tuple(body.criteria), labels=body.labels,
            epic=body.epic or epic, parsed=parsed)


def _notes_behind_rule(sec: Section, rules: list[int]) -> int | None:
    """The last rule of a story section when every non-blank line after it belongs to note or
    label paragraphs ("---" / "Notes: ask HR …"), else None."""
    import bisect

    if not rules:
        return None
    pairs = list(sec.body.nonblank())
    if len(pairs) < 2:
        return None
    k = bisect.bisect_left(rules, pairs[-1][0]) - 1
    if k < 0 or rules[k] <= pairs[0][0]:
        return None
    after = [ln for n, ln in pairs if n > rules[k]]
    paras = [u for u in split_units([(n, ln) for n, ln in sec.body if n > rules[k]])]
    return rules[k] if after and paras and all(_note(u) for u in paras) else None


def _lone_heading(ctx, lines: list[str], sec: Section, key, title, epic, narrative: bool):
    """A heading with no body: a story title (or a whole story, "## As a user, I want X");
    kept rather than dropped."""
    if narrative:
        parsed = parse_narrative(sec.heading)
        ctx.add(text=lines[sec.line - 1], line=sec.line, end_line=sec.line, key=key,
                title=parsed.lead or "", role=parsed.role, goal=parsed.goal,
                benefit=parsed.benefit, epic=epic)
        return
    ctx.warn(sec.line, HEADING_ONLY)
    ctx.add(text=lines[sec.line - 1], line=sec.line, end_line=sec.line, key=key,
            title=title, epic=epic, parsed=False)


def _heading_line(sec: Section) -> str:
    return ("#" * sec.level + " " + sec.heading) if sec.level else sec.heading


def _attaches(first: str) -> bool:
    """Does a unit starting with this line belong to the unit above by structure: a criteria
    header, Given/When/Then, a Notes: header or a label line?"""
    return bool(ac_header(first) or _GWT.match(first) or _NOTES_HEADER.match(first)
                or LABEL_LINE.match(first))


def _continues_story(unit: Unit, open_ac: bool, story: Unit) -> bool:
    """Does a unit without a narrative belong to the story above it? Only by structure:
    criteria, Given/When/Then, Labels:/Notes: lines, bullets under a paragraph story or in its
    criteria block. A paragraph of prose is a story of its own (issue 10: a paragraph without
    a narrative was glued onto the previous story)."""
    first = unit.lines[0][1]
    if unit.kind == "code" or _attaches(first) or _META.match(first) or gherkin_unit(unit):
        return True
    # bullets under a paragraph story are its criteria; under a list story they would be
    # indented, so a top-level one is a story of its own
    return unit.kind == "item" and (open_ac or story.kind == "para")


def _behind_rule(rules: list[int], above: Unit, unit: Unit) -> bool:
    """Is there a horizontal rule between the unit ``above`` and ``unit``? A rule ends a story
    (t24 finding 10: "---" then "Notes: ask HR …" after the last story was glued into it)."""
    if not rules or not above.lines or not unit.lines:
        return False
    import bisect

    k = bisect.bisect_right(rules, above.lines[-1][0])
    return k < len(rules) and rules[k] < unit.lines[0][0]


# "Notes:" in the narrative languages ("Hinweis:", "Remarque :", "Nota:", "Opmerking:", "备注：").
_NOTE_WORD = re.compile(
    r"^\s*+(?:[-*+•]\s++)?(?:\*\*|__)?(?:notes?|remarks?|hinweise?|anmerkung(?:en)?|notiz(?:en)?|"
    r"bemerkung(?:en)?|remarques?|notas?|observaci[oó]n(?:es)?|osservazion[ei]|opmerking(?:en)?|"
    r"uwagi|uwaga|примечани[ея]|заметк[аи]|备注|備註|注意|メモ|備考|참고|비고)(?:\*\*|__)?\s*+[:：]", re.I)


def _note(unit: Unit) -> bool:
    """A paragraph of notes or labels ("Notes: …", "Priority: High", "Labels: …"), in the
    narrative languages."""
    first = unit.lines[0][1]
    return bool(_NOTES_HEADER.match(first) or LABEL_LINE.match(first) or _META.match(first)
                or _NOTE_WORD.match(first))


def _structural_groups(units: list[Unit]) -> list[list[Unit]]:
    """Units of a text with no narrative at all, grouped by structure only: an "Acceptance
    criteria:" / Notes: / Given-When-Then / label paragraph, and the bullets of an open
    criteria block, stay with the unit above ("Password reset" / "Acceptance criteria:" /
    "- a link is sent" is one story, not five). Every other unit is a story of its own."""
    groups: list[list[Unit]] = []
    open_ac = False
    for unit in units:
        first = unit.lines[0][1]
        opens_ac = any(ac_header(ln) for _, ln in unit.lines)
        attached = bool(groups) and (_attaches(first) or (unit.kind == "item" and open_ac)
                                     or gherkin_unit(unit) or unit.kind == "code")
        if attached:
            groups[-1].append(unit)
            open_ac = open_ac or opens_ac
        else:
            groups.append([unit])
            open_ac = opens_ac
    return groups


# What sets a requirement apart from a file's or section's introduction ("Workshop notes,
# 12 June. One story per paragraph."): a modal of need, and no word about the document.
_REQUIREMENT = re.compile(r"\b(?:should|must|shall|needs? to|has to|have to|wants? to|"
                          r"would like to|(?:be|is|are) able to)\b", re.I)
_ABOUT_DOCUMENT = re.compile(r"\b(?:stor(?:y|ies)|backlog|notes?|workshop|meeting|collected|"
                             r"refined|typed|captured|document|sprint|estimated|survey)\b", re.I)


def _leading_story(unit: Unit) -> bool:
    """Is a unit before the first narrative of its section a story of its own (a list item,
    or a short requirement like "Readers should be able to renew a loan twice.") rather than
    an introduction?"""
    if unit.kind == "item":
        return True
    text = unit.text
    return (len(text) <= 300 and _REQUIREMENT.search(text) is not None
            and _ABOUT_DOCUMENT.search(text) is None)


def _terse_leading_story(unit: Unit, k: int, one_per_line: bool) -> bool:
    """In a backlog of one story per line, is the k-th unit before the first narrative a
    terse story ("Dark mode", "login with Google") rather than the document's title? One
    line, no sentence end, no word about the document; the first line only in lower case (a
    title is capitalised: "EV app")."""
    text = unit.text.strip()
    return (one_per_line and len(unit.lines) == 1 and 0 < len(text) <= 120
            and text[-1] not in ".:!?;" and _ABOUT_DOCUMENT.search(text) is None
            and (k > 0 or text[0].islower()))


def _one_story_per_line(units: list[Unit]) -> bool:
    """Two or more narrative units of one line each: a one-story-per-line body."""
    n = 0
    for unit in units:
        n += unit.narrative and len(unit.lines) == 1
        if n >= 2:
            return True
    return False


def _stories_from_units(ctx, units: list[Unit], epic, rules: list[int] = ()) -> None:
    groups: list[list[Unit]] = []
    open_ac = False
    per_line = _one_story_per_line(units)
    for k, unit in enumerate(units):
        if unit.kind == "title":  # a list's own title line ("In progress", "Sprint 14:")
            ctx.context(unit.lines[0][0], "title of the list below")
            continue
        if unit.has_narrative():
            groups.append([unit])
            open_ac = any(_AC_HEADER.match(ln) for _, ln in unit.lines)
            continue
        if not groups:
            if unit.kind == "code":  # an example before any story: not a story
                for lineno, _ in unit.lines:
                    ctx.context(lineno, "code block outside a story")
                continue
            if _leading_story(unit) or _terse_leading_story(unit, k, per_line):
                groups.append([unit])  # a list item or requirement before the first narrative
                open_ac = False
                continue
            for lineno, _ in unit.lines:  # section preamble before the first story
                ctx.context(lineno, "introduction before the first story")
            continue
        behind = _behind_rule(rules, groups[-1][-1], unit)
        if not behind and _continues_story(unit, open_ac, groups[-1][0]):
            groups[-1].append(unit)
            open_ac = open_ac or _AC_HEADER.match(unit.lines[0][1]) is not None
        elif behind and _note(unit):
            for lineno, _ in unit.lines:  # "---" / "Notes: ask HR …" under the last story
                ctx.context(lineno, "note after a rule (---), in no story")
        else:
            groups.append([unit])  # a paragraph or item that is not a story we can read
            open_ac = False
    for k, group in enumerate(groups):
        all_lines = [pair for u in group for pair in u.lines]
        if not group[0].has_narrative():
            _unparsed(ctx, all_lines, epic=epic)
        else:
            code = {n for u in group if u.kind == "code" for n, _ in u.lines}
            _story_from_lines(ctx, all_lines, epic, code)
        # Let go of the units' lines once their story is made: in a backlog of one story per
        # line the units of the whole file are alive here, and the stories grow as they go.
        for unit in group:
            unit.lines = []
        groups[k] = []


def _story_from_lines(ctx, pairs: list[tuple[int, str]], epic, code: set[int] = frozenset()) -> None:
    first_no, first = pairs[0]
    key, rest = split_key(first)
    lines = [_BULLET.sub("", rest, count=1) if key is None else rest] + \
        [("" if n in code else ln) for n, ln in pairs[1:]]  # code blocks: text, not criteria
    body = split_body(lines)
    narrative = parse_narrative("\n".join(body.prose))
    title = narrative.lead if len(narrative.lead) <= 120 else ""
    raw = "\n".join(ln for _, ln in pairs)
    ctx.add(text=raw, line=first_no, end_line=pairs[-1][0], key=key, title=title,
            role=narrative.role,
            goal=narrative.goal, benefit=narrative.benefit,
            acceptance_criteria=tuple(body.criteria), labels=body.labels,
            epic=body.epic or epic, parsed=narrative.found)


def _unparsed(ctx, pairs: list[tuple[int, str]], epic) -> None:
    first_no, first = pairs[0]
    key, rest = split_key(first)
    ctx.warn(first_no, NO_NARRATIVE)
    body = split_body([ln for _, ln in pairs])
    ctx.add(text="\n".join(ln for _, ln in pairs), line=first_no, end_line=pairs[-1][0], key=key,
            title=clean(_BULLET.sub("", rest, count=1))[:120] if key else "",
            acceptance_criteria=tuple(body.criteria), labels=body.labels,
            epic=body.epic or epic, parsed=False)
