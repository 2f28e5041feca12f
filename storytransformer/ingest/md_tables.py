"""Pipe tables in Markdown and text backlogs: which hold one story per row (read like a CSV
export), and which are ordinary text of the story around them.

A table holds stories when its header names story columns (Story, Summary, "I want", Key
...), every header cell has a name, and, under a heading whose own text already tells a
story, its rows tell stories too and no text of that section follows it. Why each condition
(a tester's Spanish backlog, b_md lines 61-66): ``### Contraste`` / "Como usuario ... quiero
..." / ``| Notes | |`` / ``| reviewed by | UX team |`` made the row "reviewed by" a story of
its own, dropped "UX team" (a column with no name), gave the row the story's heading as its
epic (an Epic row in merged.csv) and counted line 66 in two stories (the section's story ran
over the table). A two-column table with an unnamed column is a key/value list; a table
without narratives under a story is that story's details; both stay in the story's text.

A story table's rows never take a heading that is itself a story as their epic (the caller
passes the epic), a row's cell in a column with no name is kept at the end of its text, and
the story above a story table ends before it (markdown.py cuts the section there)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from storytransformer.ingest.blocks import _TABLE_SEP, Unit
from storytransformer.ingest.context import FileContext

# "I want to", "I'd like to", "I need to be able to" as a column header: the goal column.
_NARRATIVE_COLUMN = re.compile(
    r"^(?:I\s*(?:want|['’]d\s+like|would\s+like|need)(?:\s+to)?(?:\s+be\s+able\s+to)?)$", re.I)


@dataclass
class StoryTable:
    unit: Unit
    header: list[str]
    columns: dict[str, list[int]]

    @property
    def first_line(self) -> int:
        return self.unit.lines[0][0]

    def rows_tell_stories(self) -> bool:
        """Does any row hold an "As a … I want …" narrative (or fill a goal column)?"""
        from storytransformer.ingest.narrative import has_narrative

        return "goal" in self.columns or any(has_narrative(line) for _, line in self.unit.lines[2:])


def cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def story_table(unit: Unit) -> StoryTable | None:
    """The unit as a table of stories, or None (not a pipe table, no story column, or a
    column without a name: a key/value list)."""
    from storytransformer.ingest.csv_export import _map_columns

    rows = unit.lines
    if len(rows) < 3 or not all(ln.lstrip().startswith("|") for _, ln in rows) \
            or not _TABLE_SEP.match(rows[1][1]):
        return None
    header = [_NARRATIVE_COLUMN.sub("I want", c) for c in cells(rows[0][1])]
    if not all(header):
        return None
    columns = _map_columns(header)
    if not ({"title", "description", "goal", "role"} & set(columns)):
        return None
    return StoryTable(unit, header, columns)


def split_tables(units: list[Unit]) -> tuple[list[StoryTable], list[Unit]]:
    """The story tables among a section's units, and the other units (in order)."""
    tables, rest = [], []
    for unit in units:
        table = story_table(unit)
        if table is None:
            rest.append(unit)
        else:
            tables.append(table)
    return tables, rest


def read_table(ctx: FileContext, table: StoryTable, epic: str | None) -> None:
    """One story per row; header and empty rows declared as context lines."""
    from storytransformer.ingest.csv_export import _row

    rows = table.unit.lines
    ctx.context(rows[0][0], "table header")
    ctx.context(rows[1][0], "table header")
    for lineno, line in rows[2:]:
        row = [c.replace("<br>", "\n").replace("<br/>", "\n") for c in cells(line)]
        if not any(row):
            ctx.context(lineno, "empty table row")
            continue
        before = len(ctx.stories)
        _row(ctx, table.header, table.columns, row, lineno, line, default_epic=epic)
        # Cells past the header's columns are kept at the end of the text by _row.
        ctx.stories[before:] = [replace(st, end_line=lineno) for st in ctx.stories[before:]]

