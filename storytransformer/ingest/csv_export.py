"""CSV exports from Jira and Azure DevOps, by their real column names.

Jira repeats a column for multi-valued fields (``Labels,Labels,Labels``), so the header is
kept as a list, not a dict. A row with broken quoting is reported at its line and kept raw;
reading resumes on the next line with a fresh parser, so one bad row never eats the file.

Rows are read first and mapped after, because a row's epic can depend on rows below it:
tracker_tree decides which rows are parents (Epic/Feature rows, Azure ``Title 1..N`` trees,
Jira ``Parent`` ids) and those are reported as parents (Corpus.parents), not stories.
Data-pipeline exports that write a cell's line breaks as the two characters ``\n`` are
read as line breaks."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any

from storytransformer.ingest.column_names import (LOCALIZED_IDS, OTHER_TOOL_IDS, with_localized,
                                                  with_other_tools)
from storytransformer.ingest.context import FileContext
from storytransformer.ingest.csv_guess import header_is_a_story, story_column
from storytransformer.ingest.description import read_description
from storytransformer.ingest.html_text import escapes_breaks, html_to_text, literal_breaks
from storytransformer.ingest.line_runs import SparseLines
from storytransformer.ingest.other_columns import other_columns
from storytransformer.ingest.repeated_columns import cell_values, joined, past_header, unread_repeats
from storytransformer.ingest.narrative import KEY, clean, parse_narrative, split_body, split_list
from storytransformer.ingest.tracker_tree import Row, plan
from storytransformer.stories import ParentItem

# Normalized header name -> field. Order within a field = preference when several are present.
COLUMNS = {
    "key": ["issue key", "issuekey", "key", "id", "work item id", "issue id", "story id"],
    "title": ["summary", "title", "name", "story title", "user story title"],
    "description": ["description", "user story", "story", "text", "body", "details",
                    "system.description"],
    "criteria": ["acceptance criteria", "custom field (acceptance criteria)",
                 "microsoft.vsts.common.acceptancecriteria", "acceptance criteria (html)",
                 "acceptancecriteria", "ac", "definition of done"],
    "labels": ["labels", "label", "tags", "system.tags"],
    # A link to the parent (an id or key; resolved to the parent's title when its row is in
    # the file), and the parent's name when the export carries it.
    "epic": ["epic link", "custom field (epic link)", "parent", "parent key", "parent id",
             "parent link", "custom field (parent link)", "epic id", "epic", "feature"],
    "epic_name": ["parent summary", "epic name", "custom field (epic name)", "epic title"],
    "type": ["issue type", "work item type", "type", "issuetype"],
    # Kept on the story so merged.csv gives them back (write/tracker_fields.py). Azure's State
    # only: Jira's "Status" names workflow steps an Azure import would refuse as a State.
    "state": ["state", "system.state", "zustand", "état", "estado", "stato"],
    "area": ["area path", "system.areapath", "area", "bereichspfad", "chemin de la zone",
             "ruta de acceso de área", "caminho da área", "percorso area"],
    "role": ["role", "as a", "persona", "user role"],
    "goal": ["goal", "i want", "want"],
    "benefit": ["benefit", "so that", "reason"],
}
# "Zusammenfassung", "Résumé", "Titel"..., then Trello/Asana/ClickUp/Rally names (column_names.py)
COLUMNS = with_other_tools(with_localized(COLUMNS))
_FIELD_OF = {name: f for f, names in COLUMNS.items() for name in names}
_SPLIT_CRITERIA = re.compile(r"\n+|(?<=[.!])\s+(?=(?:Given|When|Then)\b)")
# Every column that names a row (for resolving Parent links), not only the preferred key.
_ID_COLUMNS = {"issue key", "issuekey", "key", "id", "work item id", "issue id"} | LOCALIZED_IDS | \
    OTHER_TOOL_IDS
_LEVEL_TITLE = re.compile(r"^title\s*(\d{1,2})$")


def _norm(name: str) -> str:
    # Data-pipeline exports spell columns in snake_case (issue_type, parent_key).
    return " ".join(name.strip().strip('"').lower().replace("_", " ").split())


# The csv module refuses cells over 128 KB ("field larger than field limit"): an Azure DevOps
# description with a pasted screenshot (a base64 data: URI) or a Jira one with a pasted log
# is larger, and its row was cut into two raw "stories" reported as bad quoting. A cell can
# be as large as the file (whose size walk.py bounds).
_CELL_LIMIT = 1 << 30


def read_csv(text: str, ctx: FileContext) -> None:
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)
    lines = SparseLines(text)  # no list of every line: read a chunk at a time, 16 bytes a line
    header_end = 0
    while header_end < len(lines) and not lines[header_end].strip():
        header_end += 1
    if header_end == len(lines):
        return
    sep = re.match(r"^sep=(.)\s*$", lines[header_end])
    if sep:  # Excel's hint line: "sep=;" names the delimiter, the header follows
        header_end += 1
        if header_end == len(lines):
            return
    delimiter = sep.group(1) if sep else _delimiter(lines[header_end: header_end + 20])
    try:
        header = next(csv.reader([lines[header_end]], delimiter=delimiter))
    except csv.Error as err:
        ctx.warn(header_end + 1, f"unreadable CSV header ({err}); split on {delimiter!r}")
        header = [h.strip('"') for h in lines[header_end].split(delimiter)]
    columns = _map_columns(header)
    unnamed = not ({"title", "description", "goal", "role"} & set(columns)) and not _level_columns(header)
    headerless = unnamed and header_is_a_story(header)  # one story per row, no header line
    for n in range(1, header_end + (1 if headerless else 2)):  # blank lines, "sep=", header
        if lines[n - 1].strip():
            ctx.context(n, "CSV header")
    records = _read_rows(lines, header_end + (0 if headerless else 1), delimiter, ctx)
    _say_huge_cells(ctx, records)
    if headerless:
        header = [f"column {i + 1}" for i in range(len(header))]
    if unnamed:
        columns = _guess_story_column(ctx, header_end + 1, header, columns, records, headerless)
    # One cell that plainly writes its line breaks as \n marks the export: all its cells do.
    known = any(escapes_breaks(c) for rec in records if rec.cells for c in rec.cells)
    for rec in records:
        if rec.cells:
            rec.cells = [_unguarded(literal_breaks(c, known=known)) for c in rec.cells]
    _emit(ctx, header, columns, records, delimiter)


# A cell that starts with "'" before a formula character is a CSV-injection guard (OWASP; our own
# merged.csv and other exporters write it): "'=HYPERLINK(…)" is the text "=HYPERLINK(…)".
# Without this, every re-read of a written merged.csv grew the title by an apostrophe.
# "'-' key does nothing" is a quoted character, not a guard: its apostrophe is kept.
_GUARDED = re.compile("^'(?=[=+\\-@＝＋－＠](?!')|[\t\r\n])")


def _unguarded(cell: str) -> str:
    return _GUARDED.sub("", cell, count=1) if cell[:1] == "'" else cell


def _say_huge_cells(ctx: FileContext, records) -> None:
    """One warning for the first cell over 128 KB (a pasted image or log): it is read whole,
    but it makes that story large and costly to merge, and the user may not know."""
    for rec in records:
        big = max((len(c) for c in rec.cells or ()), default=0)
        if big > 128 * 1024:
            ctx.warn(rec.line, f"a cell of {big:,} characters (a pasted image or log?); read "
                               "whole, the story is that large")
            return


def _guess_story_column(ctx: FileContext, line: int, header: list[str], columns,
                        records, headerless: bool) -> dict:
    """No Summary/Title/Description column: the column whose cells hold narratives is read as
    the description (csv_guess.py), said in one warning; else the rows stay unparsed."""
    shown = ", ".join(h for h in header if h)[:120]
    col = story_column([r.cells for r in records if r.cells])
    if col is None:
        ctx.warn(line, f"no Summary/Title or Description column in the CSV header ({shown}); "
                       "rows kept unparsed")
        return columns
    if headerless:
        ctx.warn(line, "no CSV header (its first line is a story): every line is a row; "
                       f"column {col + 1} read as the story text")
    else:
        name = header[col] if col < len(header) else f"column {col + 1}"
        ctx.warn(line, f"no Summary/Title or Description column in the CSV header ({shown}); "
                       f"column {name!r} holds the narratives and is read as the story text")
    return {**columns, "description": [col]}


@dataclass(slots=True)
class _Record:
    """One data row as read: its cells (None: broken quoting, kept raw) and where it lies.
    Its raw text is cut from the file's lines when asked for (most rows never need it)."""

    cells: list[str] | None
    line: int  # 1-based first physical line
    end_line: int  # 1-based last physical line
    lines: Any  # the file's lines (SparseLines)
    first: int  # 0-based index of its first physical line
    stop: int  # 0-based index after its last consumed line

    @property
    def raw(self) -> str:
        return "\n".join(self.lines[self.first:self.stop])


def _read_rows(lines: list[str], start: int, delimiter: str,
               ctx: FileContext) -> list[_Record]:
    records: list[_Record] = []
    while start < len(lines):  # start: 0-based index of the next line to parse
        feeder = _LineFeeder(lines, start)
        reader = csv.reader(feeder, delimiter=delimiter, strict=True)
        while True:
            feeder.mark()
            try:
                row = next(reader)
            except StopIteration:
                start = len(lines)
                break
            except csv.Error as err:
                bad = feeder.row_start
                ctx.warn(bad + 1, f"bad CSV quoting ({err}); the line is kept as an unparsed "
                                  "story and reading resumes on the next line")
                records.append(_Record(None, bad + 1, bad + 1, lines, bad, bad + 1))
                start = bad + 1
                break
            if not any(cell.strip() for cell in row):
                for n in range(feeder.row_start + 1, feeder.pos + 1):
                    if lines[n - 1].strip():
                        ctx.context(n, "CSV row with every cell empty")
            else:
                records.append(_Record(row, feeder.row_start + 1,
                                       _last_line(lines, feeder.row_start, feeder.pos),
                                       lines, feeder.row_start, feeder.pos))
    return records


def _last_line(lines: list[str], first: int, pos: int) -> int:
    """1-based last physical line of a row that the reader consumed up to ``pos``."""
    end = pos
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _emit(ctx: FileContext, header, columns, records: list[_Record], delimiter: str) -> None:
    rows = [r for r in records if r.cells is not None]
    levels = _level_columns(header)
    tree = plan([_tree_row(r.cells, columns, levels) for r in rows])
    at = 0
    for rec in records:
        if rec.cells is None:
            ctx.add(text=rec.raw, line=rec.line, parsed=False, end_line=rec.end_line,
                    key=_key_from_raw(rec.raw, delimiter, columns))
            continue
        i, at = at, at + 1
        if tree.parent[i]:
            continue  # reported below, once its children are counted
        _row(ctx, header, columns, rec.cells, rec.line, rec.raw, tree.epic[i],
             end_line=rec.end_line, title=_level_title(rec.cells, levels))
    for i, rec in enumerate(rows):
        if tree.parent[i]:
            kind = _cell(rec.cells, columns, "type") or "parent"
            parent = ParentItem(ctx.display, rec.line, _cell(rec.cells, columns, "key") or None,
                                _plain_title(rec.cells, columns, levels), kind, tree.children[i])
            ctx.parents.append(parent)
            for n in range(rec.line, rec.end_line + 1):
                ctx.context(n, "parent row (Epic/Feature): the epic of the stories under it")


def _level_columns(header: list[str]) -> list[tuple[int, int]]:
    """(level, column) for Azure DevOps tree exports' Title 1, Title 2, ... columns."""
    found = []
    for idx, name in enumerate(header):
        m = _LEVEL_TITLE.match(_norm(name))
        if m:
            found.append((int(m.group(1)), idx))
    return sorted(found)


def _level_title(row: list[str], levels) -> str | None:
    for _, idx in levels:
        if idx < len(row) and row[idx].strip():
            return row[idx]
    return None


def _plain_title(row: list[str], columns, levels) -> str:
    title = _level_title(row, levels) or _cell(row, columns, "title")
    return " ".join(html_to_text(title).split())


def _tree_row(row: list[str], columns, levels) -> Row:
    level = next((lv for lv, idx in levels if idx < len(row) and row[idx].strip()), None)
    ids = tuple(row[i].strip() for i in columns.get("ids", []) if i < len(row) and row[i].strip())
    has_story = bool(_cell(row, columns, "description") or _cell(row, columns, "criteria")
                     or _cell(row, columns, "goal"))
    return Row(title=_plain_title(row, columns, levels), type=_cell(row, columns, "type"),
               ids=ids, level=level if levels else None, link=_cell(row, columns, "epic"),
               link_name=_cell(row, columns, "epic_name"), has_story=has_story)


class _LineFeeder:
    """Feeds lines to csv.reader and remembers where each row began (for file:line)."""

    def __init__(self, lines: SparseLines, start: int):
        self.lines, self.pos, self.row_start = lines, start, start
        self.texts = lines.run(start, len(lines))  # walked in order: no lookup a line

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.texts)  # StopIteration at the end
        self.pos += 1
        return line + "\n"

    def mark(self):
        self.row_start = self.pos


def _key_from_raw(line: str, delimiter: str, columns) -> str | None:
    """The tracker key of a row the csv module could not parse, when it is plainly there."""
    idx = (columns.get("key") or [None])[0]
    if idx is None:
        return None
    cells = line.split(delimiter)
    cell = cells[idx].strip().strip('"') if idx < len(cells) else ""
    return cell if KEY.match(cell) and KEY.match(cell).group("key") == cell else None


def _delimiter(sample_lines: list[str]) -> str:
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        head = sample_lines[0]
        return max(",;\t|", key=head.count)


def _map_columns(header: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for idx, name in enumerate(header):
        n = _norm(name)
        field = _FIELD_OF.get(n)
        if field is None and n.startswith("custom field (") and "acceptance" in n:
            field = "criteria"
        if field:
            found.setdefault(field, []).append((COLUMNS[field].index(n) if n in COLUMNS[field]
                                                else 99, idx))
    columns = {"ids": [i for i, name in enumerate(header) if _norm(name) in _ID_COLUMNS]}
    for field, hits in found.items():
        hits.sort()
        if field == "labels":
            columns[field] = [i for _, i in hits]  # every Labels column counts
        else:
            best = hits[0][0]
            columns[field] = [i for rank, i in hits if rank == best]
    return columns


def _cell(row: list[str], columns, field) -> str:
    for idx in columns.get(field, []):
        if idx < len(row) and row[idx].strip():
            return row[idx].strip()
    return ""


def _labels(row: list[str], columns) -> list[str]:
    labels: list[str] = []
    for idx in columns.get("labels", []):
        if idx < len(row) and row[idx].strip():
            # Jira: one label per repeated column (space-separated in some exports);
            # Azure DevOps: "a; b; c" in one Tags cell.
            value = row[idx]
            labels.extend(split_list(value) if (";" in value or "," in value) else value.split())
    return labels


_PHRASE = {"role": "As a", "goal": "I want", "benefit": "so that"}
_TO = re.compile(r"^(?:to\s+)?(?:be\s+able\s+to\s+)?", re.I)


def _narrative_cells(header: list[str], columns, row: list[str]) -> str:
    """The text of a row that has only "As a | I want | So that" columns (a common backlog
    spreadsheet and wiki table): its cells after their column names, "As a shopper, I want to
    pay by card, so that I can check out" (was: no text, the row kept raw and unparsed)."""
    parts = []
    for field, phrase in _PHRASE.items():
        idx = (columns.get(field) or [None])[0]
        cell = row[idx].strip() if idx is not None and idx < len(row) else ""
        if cell:
            name = header[idx].strip() if idx < len(header) else ""
            said = name if _norm(name) in ("as a", "i want", "so that") else phrase
            parts.append(f"{said} {cell}")
    return ", ".join(parts)


def _row(ctx: FileContext, header, columns, row, line: int, raw: str,
         default_epic: str | None = None, *, end_line: int | None = None,
         title: str | None = None) -> None:
    """One story from one row (also Markdown story tables). ``default_epic`` and ``title``
    come from the tracker tree plan (the parent's title; the Title N cell of a tree export)."""
    extra = past_header(header, row)  # kept at the end of the text, never dropped
    if len(row) != len(header):
        ctx.warn(line, f"row has {len(row)} fields, the header has {len(header)}; read by position"
                       + (f", the {len(extra)} value(s) past the header kept at the end of its text"
                          if extra else ""))
    key = _cell(row, columns, "key")
    # Tracker titles are plain text. A repeated text column (two Summary or Description
    # columns) keeps every value: the first Summary is the title, the others join the text.
    titles = cell_values(row, columns, "title")
    title = " ".join(html_to_text(title or (titles[0] if titles else "")).split())
    more_titles = [t for t in titles if " ".join(html_to_text(t).split()) != title]
    description = html_to_text(joined(row, columns, "description"))
    criteria_text = html_to_text(joined(row, columns, "criteria", "\n"))

    body = read_description(description) if description else split_body([])
    narrative = parse_narrative("\n".join(body.prose)) if description else parse_narrative("")
    if not narrative.found and title:
        narrative = parse_narrative(title)
    role = _cell(row, columns, "role") or narrative.role
    # "to pay by card" in an "I want" column is the goal "pay by card", as in a narrative.
    goal = _TO.sub("", _cell(row, columns, "goal"), count=1) or narrative.goal
    benefit = _cell(row, columns, "benefit") or narrative.benefit
    criteria = list(body.criteria)
    if criteria_text:
        crit_body = split_body(["Acceptance criteria:"] + criteria_text.split("\n"))
        criteria = crit_body.criteria + [c for c in criteria if c not in crit_body.criteria]

    parts = [p for p in (title, *map(html_to_text, more_titles), description) if p]
    if criteria_text:
        parts.append("Acceptance criteria:\n" + criteria_text)
    text = "\n\n".join(parts) or _narrative_cells(header, columns, row)
    if extra:
        text = (text + "\n" if text.strip() else "") + "\n".join(extra)
    unread = unread_repeats(header, columns, row)
    for name, value in unread:
        ctx.warn(line, f"column {name!r} is repeated and holds another value ({value[:60]!r}); "
                       "kept with the row's other columns")
    # A tracker item with only a summary is still a structured item (a title).
    parsed = bool(goal or title)
    if not text.strip():
        ctx.warn(line, "row has no title, description or acceptance criteria; kept raw")
        text, parsed = raw, False
    elif not parsed:
        ctx.warn(line, "row has no title and no narrative; kept as an unparsed story")
    dedup = tuple(dict.fromkeys(lab for lab in _labels(row, columns) + list(body.labels) if lab))
    ctx.add(text=text, line=line, key=key or None, title=title, role=role, goal=goal,
            benefit=benefit, acceptance_criteria=tuple(criteria), labels=dedup,
            epic=clean(default_epic or "") or body.epic or None, parsed=parsed,
            end_line=end_line, item_type=_cell(row, columns, "type"),
            state=_cell(row, columns, "state"), area_path=_cell(row, columns, "area"),
            source_fields=other_columns(header, columns, row) + tuple(unread))  # Sprint, Priority, Assignee...
