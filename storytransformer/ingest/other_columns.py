"""The columns of a tracker export that no story field reads (Sprint, Priority, Status,
Assignee, Reporter, Created, Issue id, Fix Version, Components, Story Points, ...), kept on
the story as written so merged.json and merged.csv can give them back
(``Story.source_fields``; write/source_fields.py). A tester's Jira export lost its sprints and
assignees on the round trip without a word: only the columns csv_export maps were read."""

from __future__ import annotations

import re

# merged.csv's own review columns (write/csv_out.py): a merged.csv read back (a round trip, a
# second merge) has no tracker value in them, only this tool's earlier verdict.
_OWN_COLUMNS = {"merged id", "source ids", "merge decision", "grounding", "needs review", "review notes"}
# Azure DevOps tree exports' "Title 1..N": read as the title (csv_export._level_columns).
_LEVEL_TITLE = re.compile(r"^title\s*\d{1,2}$")


def other_columns(header: list[str], columns: dict[str, list[int]],
                  row: list[str]) -> tuple[tuple[str, str], ...]:
    """(column name as written, cell) for each non-empty cell of ``row`` whose column no field
    of ``columns`` (csv_export._map_columns: field -> column indexes) reads, in column order.
    A repeated column gives one pair per non-empty cell; a column without a name is skipped
    (nothing to call it by in a tracker)."""
    used = {i for name, idxs in columns.items() if name != "ids" for i in idxs}
    pairs = []
    for idx, cell in enumerate(row):
        if idx in used or idx >= len(header) or not cell.strip():
            continue
        name = header[idx].strip().strip('"').strip()
        key = " ".join(name.lower().split())
        if name and not _LEVEL_TITLE.match(key) and key not in _OWN_COLUMNS:
            pairs.append((name, cell.strip()))
    return tuple(pairs)
