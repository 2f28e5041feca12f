"""CSV exports from Jira and Azure DevOps, by their real column names.

Jira repeats a column for multi-valued fields (``Labels,Labels,Labels``), so the header is
kept as a list, not a dict. A row with broken quoting is reported at its line and kept raw;
reading resumes on the next line with a fresh parser, so one bad row never eats the file."""

from __future__ import annotations

import csv
import re
from dataclasses import replace

from storytransformer.ingest.context import FileContext
from storytransformer.ingest.html_text import html_to_text
from storytransformer.ingest.narrative import KEY, clean, parse_narrative, split_body, split_list

# Normalized header name -> field. Order within a field = preference when several are present.
COLUMNS = {
    "key": ["issue key", "key", "id", "work item id", "issue id", "story id"],
    "title": ["summary", "title", "name", "story title", "user story title"],
    "description": ["description", "user story", "story", "text", "body", "details",
                    "system.description"],
    "criteria": ["acceptance criteria", "custom field (acceptance criteria)",
                 "microsoft.vsts.common.acceptancecriteria", "acceptance criteria (html)",
                 "acceptancecriteria", "ac", "definition of done"],
    "labels": ["labels", "label", "tags", "system.tags"],
    "epic": ["epic link", "custom field (epic link)", "epic name", "custom field (epic name)",
             "parent", "parent summary", "parent key", "epic", "feature"],
    "type": ["issue type", "work item type", "type", "issuetype"],
    "role": ["role", "as a", "persona", "user role"],
    "goal": ["goal", "i want", "want"],
    "benefit": ["benefit", "so that", "reason"],
}
_FIELD_OF = {name: f for f, names in COLUMNS.items() for name in names}
_SPLIT_CRITERIA = re.compile(r"\n+|(?<=[.!])\s+(?=(?:Given|When|Then)\b)")


def _norm(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().split())


def read_csv(text: str, ctx: FileContext) -> None:
    lines = text.split("\n")
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
    if "title" not in columns and "description" not in columns:
        ctx.warn(header_end + 1, "no Summary/Title or Description column in the CSV header "
                                 f"({', '.join(h for h in header if h)[:120]}); rows kept unparsed")

    epic_names: dict[str, str] = {}
    start = header_end + 1  # 0-based index of the next line to parse
    while start < len(lines):
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
                ctx.add(text=lines[bad], line=bad + 1, parsed=False,
                        key=_key_from_raw(lines[bad], delimiter, columns))
                start = bad + 1
                break
            if any(cell.strip() for cell in row):
                _row(ctx, header, columns, row, feeder.row_start + 1, feeder.raw_row(),
                     epic_names=epic_names)
    _name_epics(ctx, epic_names)


def _name_epics(ctx: FileContext, epic_names: dict[str, str]) -> None:
    """Exports link stories to their epic by key (Epic Link = PAY-100, Parent = 4711); when
    the epic's own row is in the file, use its name, which says what the group is about."""
    if not epic_names:
        return
    for i, story in enumerate(ctx.stories):
        if story.epic in epic_names:
            ctx.stories[i] = replace(story, epic=epic_names[story.epic])


class _LineFeeder:
    """Feeds lines to csv.reader and remembers where each row began (for file:line)."""

    def __init__(self, lines: list[str], start: int):
        self.lines, self.pos, self.row_start = lines, start, start

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        line = self.lines[self.pos]
        self.pos += 1
        return line + "\n"

    def raw_row(self) -> str:
        return "\n".join(self.lines[self.row_start:self.pos])

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
    columns = {}
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


def _row(ctx: FileContext, header, columns, row, line: int, raw: str,
         default_epic: str | None = None, epic_names: dict[str, str] | None = None) -> None:
    if len(row) != len(header):
        ctx.warn(line, f"row has {len(row)} fields, the header has {len(header)}; "
                       "read by position")
    key = _cell(row, columns, "key")
    if epic_names is not None and key and _cell(row, columns, "type").lower() in ("epic", "feature"):
        epic_names[key] = " ".join(_cell(row, columns, "title").split())
    title = " ".join(html_to_text(_cell(row, columns, "title")).split())  # tracker titles are plain
    description = html_to_text(_cell(row, columns, "description"))
    criteria_text = html_to_text(_cell(row, columns, "criteria"))
    labels: list[str] = []
    for idx in columns.get("labels", []):
        if idx < len(row) and row[idx].strip():
            # Jira: one label per repeated column (space-separated in some exports);
            # Azure DevOps: "a; b; c" in one Tags cell.
            value = row[idx]
            labels.extend(split_list(value) if (";" in value or "," in value) else value.split())
    epic = clean(_cell(row, columns, "epic")) or None

    body = split_body(description.split("\n")) if description else split_body([])
    narrative = parse_narrative("\n".join(body.prose)) if description else parse_narrative("")
    if not narrative.found and title:
        narrative = parse_narrative(title)
    role = _cell(row, columns, "role") or narrative.role
    goal = _cell(row, columns, "goal") or narrative.goal
    benefit = _cell(row, columns, "benefit") or narrative.benefit
    criteria = list(body.criteria)
    if criteria_text:
        crit_body = split_body(["Acceptance criteria:"] + criteria_text.split("\n"))
        criteria = crit_body.criteria + [c for c in criteria if c not in crit_body.criteria]

    parts = [p for p in (title, description) if p]
    if criteria_text:
        parts.append("Acceptance criteria:\n" + criteria_text)
    text = "\n\n".join(parts)
    # A tracker item with only a summary is still a structured item (a title).
    parsed = bool(goal or title)
    if not text.strip():
        ctx.warn(line, "row has no title, description or acceptance criteria; kept raw")
        text, parsed = raw, False
    elif not parsed:
        ctx.warn(line, "row has no title and no narrative; kept as an unparsed story")
    dedup = tuple(dict.fromkeys(lab for lab in labels + list(body.labels) if lab))
    ctx.add(text=text, line=line, key=key or None, title=title, role=role, goal=goal,
            benefit=benefit, acceptance_criteria=tuple(criteria), labels=dedup,
            epic=epic or body.epic or default_epic, parsed=parsed)
