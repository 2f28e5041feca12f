"""Where one story ends and the next begins in plain text: a section body cut into units
(list items and paragraphs, or single lines when a paragraph holds one story per line).

The boundaries come from structure, never from the text's length:
- A top-level bullet or number starts an item; deeper-indented lines belong to it.
- A blank line ends a paragraph. A paragraph with at most one line that starts a narrative
  is one unit (a story with its notes and criteria) -- "one story per paragraph".
- A paragraph where two or more lines start a narrative is "one story per line": each such
  line starts a unit, and any other line joins the unit above only when it continues it
  (indented, acceptance criteria, Given/When/Then, "so that ...", the line above ends
  mid-phrase, or a lower-case wrap as line_shape.py judges it on the section's shape);
  otherwise it is a unit of its own, so a line without a narrative never glues onto the
  previous story. In a section that is one story per line, a paragraph with one narrative
  and terse lines after it is read line by line too.
- Lines before the first narrative of a paragraph are units of their own, except a header
  block of short title and label lines opening the paragraph ("Saved carts" / "As a
  shopper, ...", "Story 12" / "Priority: High" / "As a ..."); in one-story-per-line text
  where every narrative line has its own title line above it, the titles stay with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from storytransformer.ingest.narrative import (
    _AC_HEADER,
    _GWT,
    _META,
    _NOTES_HEADER,
    ac_header,
    clean,
    has_narrative,
    starts_narrative,
)
from storytransformer.ingest.line_runs import LineRuns
from storytransformer.ingest.line_shape import Shape, after_phrase_end, ends_phrase, joins, lower_line_continues, shape_of
from storytransformer.ingest.sentence_cuts import narrative_cuts

_INTRO = re.compile(r"as|tant|als|com[oe]|jako|ка|作为|身为|作為|として|로서|로써", re.I)  # a word every narrative anchor holds
_TOP_BULLET = re.compile(r"^\s{0,1}(?:[-*+•]|\d{1,3}[.)])\s+")
# A line that carries on the narrative of the line above: its benefit or its "I want" part.
_CARRY_ON = re.compile(
    r"^(?:so\b|in order\b|I\s*(?:want|would|['’´ʼ`]d|need|only|don|do not|am|['’´ʼ`]m|can|wish)\b|"
    r"we\s+(?:want|would|need|can)\b|afin\b|pour\s+qu|je\s|j['’´ʼ`]|damit\b|sodass\b|um\s|"
    r"möchte\s+ich|zodat\b|para\s+que\b|quiero\b)", re.I)
# A line ending like this is cut mid-phrase: the next line is its wrap.
_OPEN_END = re.compile(
    r"(?:[,:(&/–—-]|\b(?:and|or|to|the|a|an|of|for|with|in|on|at|by|from|that|so|my|our|I|"
    r"we|be|can|as|is|are|when|if|into|about|their|his|her|its|this|these|those|per|via|than|"
    r"under|over|between|across|within|without|after|before|during|each|every|all|any|some|"
    r"your|more|less|not|also|only|using|like|including|such|which|who|where|while|then|"
    # a narrative cut after its verb ("As the camp administrator, I want" / "see limits")
    r"want|wants|wanna|need|needs|wish|able|would|prefer))$",
    re.I)
# Labelled lines and paragraphs that belong to the story above ("Notes: ...", "Priority:
# High", "Sprint: 14"), and Jira-wiki nested bullets ("** criterion", "## step").
LABEL_LINE = re.compile(
    r"^\s*+(?:[-*+•]\s++)?(?:\*\*|__)?(?:notes?|comments?|details|context|background|priority|"
    r"estimates?|story\s+points|points|status|owner|assignee|reporter|sprint|release|component|"
    r"dependencies|depends\s+on|out\s+of\s+scope|open\s+questions|technical\s+notes|links?|"
    r"attachments?|mock-?ups?|design|rationale|remarks?)(?:\*\*|__)?\s*+:", re.I)
def open_end(line: str) -> re.Match | None:
    """The _OPEN_END match at the end of ``line``, looked for in its last 40 characters only
    (the regex tried at every position of a 4,000-character line cost seconds a file)."""
    line = line.rstrip()
    if len(line) <= 40:
        return _OPEN_END.search(line)
    m = _OPEN_END.search(line, len(line) - 40)
    # a match at the window's start may be the tail of a longer word ("...xand")
    return None if m is not None and m.start() == len(line) - 40 and line[m.start() - 1].isalnum() \
        and m.group(0)[:1].isalnum() else m


_TABLE_SEP = re.compile(r"^\s*+\|?\s*+:?-{2,}+:?\s*+(?:\|\s*+:?-{2,}+:?\s*+)*+\|?\s*+$")
_ANY_BULLET = re.compile(r"^\s*+(?:[-*+•]|\d{1,3}[.)])\s")
_WIKI_NESTED = re.compile(r"^(?:\*\*+|##+|--+) ")
_NUMBERING = re.compile(r"^[#(\[]?[A-Za-z]{0,10}[ #_-]?\d{1,7}[.):\]#]?$")  # "1.", "US-12", "#7"


# A requirement statement without a narrative ("The system shall export invoices as PDF.",
# "Users must be able to reset their password."): a modal of need early in the line, in the
# languages the narrative reader knows.
_MODAL = re.compile(
    r"\b(?:shall|must|should|needs?\s+to|has\s+to|have\s+to|(?:is|are|be)\s+able\s+to|can|"
    r"muss|müssen|soll|sollen|sollte|kann|können|doit|doivent|devrait|peut|peuvent|"
    r"debe|deben|debería|puede|pueden|moet|moeten|kan|kunnen|deve|devono|può|possono|"
    r"musi|muszą|powinien|должен|должна|должны|может|могут)\b|"
    # CJK has no spaces, so no \b between words: the modal anywhere in the line
    r"必须|必須|应该|應該|能够|能夠|可以|需要|べき|必要|해야|필요", re.I)
_SENTENCE_END = re.compile(r"[.!?。:;)]\s*+$")


def _requirement_start(line: str, prev: str | None) -> bool:
    """Does this line open a requirement statement of its own (a capital or digit first, a
    modal of need in its first 80 characters, the line above ended a sentence)?"""
    text = line.strip()
    return (bool(text) and (text[0].isupper() or text[0].isdigit() or not text[0].isascii())
            and _MODAL.search(text[:80]) is not None
            and (prev is None or _SENTENCE_END.search(prev) is not None))


def _requirement_lines(para: list[tuple[int, str]], by_line: bool = False) -> list[int]:
    """Where a paragraph with no narrative and no bullet holds one requirement per line: the
    indices of the lines that start one (at least two), else []. Lines between them that do
    not start one (wraps, notes) stay with the requirement above."""
    if len(para) < 2 or any(_ANY_BULLET.match(ln) for _, ln in para):
        return []
    if _sentence_per_line(para):
        return list(range(len(para)))
    if len(para) >= (2 if by_line else 3) and all(_title_line(ln) for _, ln in para):
        return list(range(len(para)))  # a list of one-line titles ("Fix the footer", ...)
    ks = [k for k, (_, ln) in enumerate(para)
          if _requirement_start(ln, para[k - 1][1] if k else None)]
    return ks if len(ks) >= 2 else []


# Sentence ends of scripts beyond Latin: CJK full stops, Devanagari danda, Arabic and Urdu
# question mark and full stop, Armenian, Ethiopic, Myanmar and Thai-style ends.
_SCRIPT_END = re.compile(r"[.!?。！？．।॥؟۔։።။]\s*+[\"'”’」』）)]?\s*+$")


def _non_latin(text: str) -> bool:
    """Are most of the letters of ``text`` outside the Latin blocks (CJK, Hangul, Cyrillic,
    Arabic, Devanagari, Thai...)?"""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ord(ch) >= 0x250 for ch in letters) * 2 > len(letters)


def _sentence_per_line(para: list[tuple[int, str]]) -> bool:
    """A paragraph in a script (or a template) the narrative reader may not know, where every
    line is one whole sentence (it ends with its script's sentence end): one statement per line, as a
    backlog of one story per line is written (t23 finding 8: two Japanese stories on two
    lines were glued into one). Latin text only when its lines share a template: a wrapped
    paragraph ends lines mid-sentence, and notes share no template."""
    return all(_indent(ln) == 0 and len(ln.strip()) >= 8 and _SCRIPT_END.search(ln)
               for _, ln in para) and (_non_latin("".join(ln for _, ln in para)) or _same_template(para))


def _same_template(para: list[tuple[int, str]]) -> bool:
    """Do the lines follow one template: the same capitalised first word and at least one more
    word shared by all in their first eight ("Sebagai pengguna, saya ingin …" / "Sebagai admin,
    saya ingin …"; Turkish "Bir … olarak … istiyorum", Vietnamese "Là …, tôi muốn …")? A
    narrative in a language the reader does not know, one per line. Prose notes rarely share
    more than their first word ("The export …" / "The report …")."""
    heads = [re.findall(r"\w+", ln.lower())[:8] for _, ln in para]
    firsts = {h[0] for h in heads if h}
    if len(firsts) != 1 or any(len(h) < 4 for h in heads) or not para[0][1].strip()[:1].isupper():
        return False
    shared = set(heads[0][1:]).intersection(*(h[1:] for h in heads[1:]))
    return bool(shared)


def _title_line(line: str) -> bool:
    """A one-line title of a story in a list of titles: short, not indented, starting in
    upper case, no sentence end, not cut mid-phrase, not a label."""
    text = line.strip()
    return (0 < len(text) <= 80 and _indent(line) == 0 and not text[0].islower()
            and text[-1] not in ".!?;,:" and _OPEN_END.search(text) is None
            and LABEL_LINE.match(line) is None and _GWT.match(line) is None
            and _META.match(line) is None)


@dataclass(slots=True)  # one per list item or line of a backlog: no __dict__ each
class Unit:
    kind: str  # "item" | "para" | "title" (a short line heading the list right below it)
    # | "code" (a fenced code block: part of the story above, never a story)
    lines: list[tuple[int, str]]
    narrative: bool = False  # a line of it starts a narrative
    indent: int = 0  # indentation of its first line
    in_criteria: bool = False  # inside an "Acceptance criteria:" block (until a blank line)
    _mentions: bool | None = None

    def has_narrative(self) -> bool:
        """A narrative anywhere in the unit (also mid-line), computed once."""
        if self.narrative:
            return True
        if self._mentions is None:
            self._mentions = has_narrative(self.text)
        return self._mentions

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def add(self, lineno: int, line: str) -> None:
        self.lines.append((lineno, line))
        header = ac_header(line)
        if header is not None and not header.group("rest").strip():
            self.in_criteria = True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _paragraphs(body: Iterable[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    if isinstance(body, LineRuns):
        return body.paragraphs()  # the same, with blank runs skipped at C speed
    paras: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for lineno, line in body:
        if line.strip():
            current.append((lineno, line))
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _starts(para: list[tuple[int, str]]) -> list[bool]:
    """For each line: does a narrative start on it (possibly running into the next lines)?"""
    out = []
    for k, (_, line) in enumerate(para):
        if _INTRO.search(line) is None:
            out.append(False)  # the cheap test first: most lines are criteria and notes
            continue
        following = "\n".join(ln for _, ln in para[k + 1:k + 3])
        out.append(starts_narrative(line, following))
    return out


def _structural(line: str) -> bool:
    """A criteria header, Given/When/Then step, label, notes header or nested wiki bullet:
    a line that belongs to the story above by its form."""
    return bool(_AC_HEADER.match(line) or _GWT.match(line) or _META.match(line)
                or _NOTES_HEADER.match(line) or LABEL_LINE.match(line)
                or _WIKI_NESTED.match(line))


def continues(prev: str, line: str, unit: Unit, shape=None) -> bool:
    """Does ``line`` (not indented, not a bullet, no narrative) continue ``unit``? A line in
    lower case is judged by line_shape.py on the body's ``shape`` (a callable giving its
    Shape, computed only when needed); without one it is a wrap."""
    if unit.in_criteria or _structural(line):
        return True
    text = line.strip()
    if text[:1] in ",;)" or _CARRY_ON.match(text):
        return True
    end = open_end(prev)
    if end is not None:
        # "... reports per" / "Department so that ...": cut mid-phrase. But "... a reminder
        # 24 hours before" can end a story: in a one-story-per-line paragraph the next line
        # is a story when it does not carry the phrase on.
        return shape is None or not ends_phrase(end.group(0)) or \
            after_phrase_end(prev, text, unit, shape())
    if not text[:1].islower():
        return False
    return shape is None or lower_line_continues(prev, text, unit, shape())


def _short_title(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 80 and not _TOP_BULLET.match(line) and (
        text[-1] not in ".!?;," or _NUMBERING.match(text) is not None)


def _list_title(unit: Unit) -> bool:
    """A short line heading the list right below it ("In progress", "Sprint 14:") -- not a
    criteria or notes header, whose list belongs to the story above."""
    raw = unit.lines[0][1]
    line = raw.strip()
    return (unit.kind == "para" and len(unit.lines) == 1 and not unit.narrative
            and len(line) <= 60 and line[-1] not in ".!?;,"
            and not (_AC_HEADER.match(raw) or _NOTES_HEADER.match(raw) or LABEL_LINE.match(raw)
                     or _META.match(raw) or _GWT.match(raw)))


def _header_block(unit: Unit) -> bool:
    """Short title or label lines ("Saved carts", "Story 12" / "Priority: High") that head
    the narrative below them in the same paragraph."""
    return unit.kind == "para" and all(
        _short_title(ln) or (len(ln.strip()) <= 80 and (LABEL_LINE.match(ln) or _META.match(ln)))
        for _, ln in unit.lines)


def _titled(para: list[tuple[int, str]], starts: list[bool]) -> bool:
    """One story per line where every narrative line has its own title line above it."""
    ks = [k for k, s in enumerate(starts) if s]
    return len(ks) >= 2 and all(k > 0 and not starts[k - 1] and _short_title(para[k - 1][1])
                                and not _wrap_of_above(para, k - 1)
                                and _MODAL.search(para[k - 1][1]) is None  # a requirement
                                for k in ks)


def _wrap_of_above(para: list[tuple[int, str]], k: int) -> bool:
    """Is line k plainly the rest of line k-1 ("As a HR officer I want" / "see limits"), so
    not a title of its own?"""
    return k > 0 and (open_end(para[k - 1][1]) is not None
                      or joins(para[k][1].strip()))


def split_units(body: Iterable[tuple[int, str]],
                fences: list[tuple[int, int]] | None = None) -> list[Unit]:
    """Cut a section body ((line number, line) pairs, blank lines included) into units. Each
    fenced code block in ``fences`` ((first, last) line numbers, md_fences.py) is one unit
    of kind "code", blank lines and all, with no narrative."""
    units: list[Unit] = []
    paras, codes = _without_code(_paragraphs(body), fences) if fences else (_paragraphs(body), {})
    starts = [None if _pipe_table(para) or k in codes else _starts(para)
              for k, para in enumerate(paras)]
    by_line = _one_per_line_body(paras, starts)
    shape = _lazy_shape(paras, starts)
    for k, para in enumerate(paras):
        if k in codes:
            units.append(Unit("code", list(para), False, _indent(para[0][1]), _mentions=False))
        elif starts[k] is None:
            units.append(Unit("para", list(para)))  # a pipe table: markdown reads its rows
        else:
            _split_paragraph(para, starts[k], units, by_line, shape)
    return units


def _without_code(paras: list[list[tuple[int, str]]], fences: list[tuple[int, int]]):
    """The paragraphs with each fenced code block cut out as a paragraph of its own (its
    blank lines put back, so it stays one block), and the indexes of those code blocks."""
    import bisect

    starts = [a for a, _ in fences]
    out: list[list[tuple[int, str]]] = []
    codes: set[int] = set()
    open_code: list[tuple[int, str]] | None = None
    code_end = 0
    for para in paras:
        cur: list[tuple[int, str]] = []
        for lineno, line in para:
            if open_code is not None and lineno <= code_end:
                if open_code and lineno > open_code[-1][0] + 1:
                    open_code.extend((n, "") for n in range(open_code[-1][0] + 1, lineno))
                open_code.append((lineno, line))
                continue
            open_code = None
            k = bisect.bisect_right(starts, lineno) - 1
            if k >= 0 and starts[k] <= lineno <= fences[k][1]:
                if cur:
                    out.append(cur)
                    cur = []
                open_code, code_end = [(lineno, line)], fences[k][1]
                codes.add(len(out))
                out.append(open_code)
                continue
            cur.append((lineno, line))
        if cur:
            out.append(cur)
    return out, codes


def _pipe_table(para: list[tuple[int, str]]) -> bool:
    return len(para) >= 2 and _TABLE_SEP.match(para[1][1]) is not None and \
        all(ln.lstrip().startswith("|") for _, ln in para)


def _line_mode(para: list[tuple[int, str]], starts: list[bool]) -> bool:
    """Two or more lines of the paragraph (at its own indentation) start a narrative."""
    base = _indent(para[0][1])
    return sum(1 for (_, ln), s in zip(para, starts, strict=True)
               if s and _indent(ln) <= base) >= 2


def _one_per_line_body(paras: list, starts: list) -> bool:
    """Is the body one story per line, by its paragraphs' shape: more paragraphs of several
    narrative lines, or of one narrative and terse lines after it, than paragraphs of one
    narrative with its notes? Then a paragraph with one narrative (a blank line every few
    stories) is read line by line too. A title over a narrative counts for neither."""
    many = one = 0
    for para, st in zip(paras, starts, strict=True):
        if st is None or len(para) < 2:
            continue
        n = sum(st)
        if n >= 2:
            many += _line_mode(para, st)
        elif n == 1 and not _title_over_narrative(para, st):
            if _terse(para, st):
                many += 1
            else:
                one += 1
    return many > one


def _narrative_end(para: list[tuple[int, str]], starts: list[bool]) -> int:
    """Index after the one narrative's own lines ("I want ..." / "So that ..." included)."""
    k = starts.index(True) + 1
    while k < len(para) and _CARRY_ON.match(clean(para[k][1])):  # ("**I want** to ...")
        k += 1
    return k


def _title_over_narrative(para: list[tuple[int, str]], starts: list[bool]) -> bool:
    """Short title or label lines, then the paragraph's one narrative, nothing after it
    ("Saved carts" / "As a shopper, I want ...")."""
    k = starts.index(True)
    return k > 0 and _narrative_end(para, starts) == len(para) and _header_block(
        Unit("para", list(para[:k])))


def _terse(para: list[tuple[int, str]], starts: list[bool]) -> bool:
    """A paragraph of one narrative and terse lines after it, none a sentence ("En tant que
    client, je veux payer par carte" / "paiement par carte"): read like a list, not a story
    with its notes (notes are sentences: "Green slots show a leaf icon.")."""
    return _narrative_end(para, starts) < len(para) and all(
        len(ln) <= 120 and _SENTENCE_END.search(ln) is None and not _structural(ln)
        and _indent(ln) == 0 for _, ln in para)


def _split_paragraph(para: list[tuple[int, str]], starts: list[bool], units: list[Unit],
                     by_line: bool = False, shape=None) -> None:
    run = _gherkin_run(para)
    if run:  # a scenario's lines, in any dialect: one unit, never one story per line
        units.append(Unit("para", list(para[:run]), False, _indent(para[0][1])))
        if run < len(para):
            _split_prose(para[run:], starts[run:], units, by_line, shape)
        return
    _split_prose(para, starts, units, by_line, shape)


def _split_prose(para: list[tuple[int, str]], starts: list[bool], units: list[Unit],
                 by_line: bool = False, shape=None) -> None:
    """Cut one paragraph into units; ``by_line``: the body around it is one story per line;
    ``shape``: a callable giving the body's line_shape.Shape."""
    if not any(starts) and _split_requirements(para, units, by_line):
        return
    line_mode = _line_mode(para, starts) or (by_line and (
        not any(starts) or (sum(starts) == 1 and not _title_over_narrative(para, starts))))
    titled = line_mode and _titled(para, starts)
    first_start = next((k for k, s in enumerate(starts) if s), None)
    cur: Unit | None = None
    first_unit: Unit | None = None
    for k, (lineno, line) in enumerate(para):
        ind = _indent(line)
        if _TOP_BULLET.match(line) and (cur is None or cur.kind != "item" or ind <= cur.indent):
            if cur is not None and cur is first_unit and _list_title(cur):
                cur.kind = "title"  # "In progress" / "Sprint 14:" right above a list
            cur = Unit("item", [], starts[k], ind)
        elif cur is None:
            if units and ind > 0 and ind > units[-1].indent and not (
                    starts[k] and not units[-1].in_criteria and not _ANY_BULLET.match(line)):
                cur = units[-1]  # indented lines after a blank line: still the item above
                cur.add(lineno, line)
                continue
            cur = Unit("para", [], starts[k], ind)
        elif ind > cur.indent and not (starts[k] and not cur.in_criteria
                                       and not _ANY_BULLET.match(line)) \
                and not _nested_story(cur, starts[k], line):
            # deeper-indented: wrapped text, sub-bullets, criteria -- but an indented line
            # that starts a narrative outside a criteria block starts a story
            cur.add(lineno, line)
            continue
        elif _nested_story(cur, starts[k], line):
            # "- Payments" / "  - As a shopper, I want ...": the bullet above is a category
            # heading its own list of stories, not a story whose criteria they are
            if len(cur.lines) == 1:
                cur.kind = "title"
            cur = Unit("para", [], True, ind)
        elif starts[k]:
            if not cur.narrative and (
                    (not line_mode and cur is first_unit and _header_block(cur))
                    or (titled and len(cur.lines) == 1)):
                cur.narrative = True  # "Saved carts" above "As a shopper, I want ..."
                cur.add(lineno, line)
                cur = _split_line(cur, units)
                continue
            cur = Unit("para", [], True, ind)
        elif (line_mode or (first_start is not None and k < first_start)) and \
                not continues(para[k - 1][1], line, cur, shape):
            cur = Unit("para", [], False, ind)
        else:
            cur.add(lineno, line)
            continue
        units.append(cur)
        first_unit = first_unit or cur
        cur.add(lineno, line)
        if starts[k]:
            cur = _split_line(cur, units)


def _strong_open_end(line: str) -> bool:
    """Is ``line`` cut mid-phrase, on a word no phrase ends with ("... reports per")?"""
    end = open_end(line)
    return end is not None and not ends_phrase(end.group(0))


def _lazy_shape(paras: list, starts: list):
    """A callable giving the body's Shape, computed on first call (only a body with a
    lower-case line that might be a wrap needs it)."""
    memo: list[Shape] = []

    def get() -> Shape:
        if not memo:
            memo.append(shape_of(paras, starts, _structural,
                                 _strong_open_end))
        return memo[0]
    return get


def _gherkin_run(para: list[tuple[int, str]]) -> int:
    """How many lines at the head of ``para`` are Gherkin (a confirmed scenario header or
    steps in any dialect, a ``` fence or "# language:" line before them): 0 when it does not
    open with Gherkin. The cheap test first: the opening lines only."""
    from storytransformer.ingest.gherkin_words import confirmed, line_kinds

    skip = 0
    while skip < len(para) and skip < 2 and para[skip][1].lstrip().startswith(("```", "~~~", "#")):
        skip += 1
    head = [ln for _, ln in para[skip:skip + 8]]
    if not head or confirmed(head, 0) is None:
        return 0
    kinds = line_kinds([ln for _, ln in para[skip:]])
    n = 0
    while n < len(kinds) and kinds[n] is not None:
        n += 1
    return skip + n


def _split_requirements(para: list[tuple[int, str]], units: list[Unit], by_line: bool = False) -> bool:
    """One requirement statement per line (no narrative anywhere in the paragraph): each is a
    unit, never glued into one story; lines before the first are a unit of their own."""
    ks = _requirement_lines(para, by_line)
    if not ks:
        return False
    bounds = ([0] if ks[0] else []) + ks + [len(para)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        units.append(Unit("para", list(para[a:b]), False, _indent(para[a][1])))
    return True


def _nested_story(cur: Unit, starts: bool, line: str) -> bool:
    """A deeper bullet that starts a narrative under an item that holds none: a story of a
    list nested under a category bullet (never a criterion of it)."""
    return (starts and cur.kind == "item" and not cur.in_criteria and _ANY_BULLET.match(line) is not None
            and not cur.has_narrative())


def _split_line(unit: Unit, units: list[Unit]) -> Unit:
    """"As a user, I want A. As an admin, I want B." on one line is two stories: the line is
    cut where a sentence ends and the next one starts a narrative; each piece (a substring of
    the line, as written) is a unit of its own on the same line number. Returns the unit that
    following lines continue (the last piece)."""
    lineno, line = unit.lines[-1]
    if len(_INTRO.findall(line)) < 2:
        return unit  # the cheap test: two narratives need two intro words
    cuts = narrative_cuts(line)
    if not cuts:
        return unit
    bounds = [0, *cuts, len(line)]
    pieces = [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    unit.lines[-1] = (lineno, line[:cuts[0]].rstrip())
    for piece in pieces[1:]:
        unit = Unit("para", [(lineno, piece)], True, unit.indent)
        units.append(unit)
    return unit
