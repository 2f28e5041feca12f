"""Cells a tracker row holds beyond one value per field: a text column the export repeats
(two ``Summary`` or ``Description`` columns, a second ``Acceptance Criteria``), a repeated
one-value column (two ``Issue key`` columns that disagree), and cells past the header's last
column. Tester report 25: "Dup B" in a second Summary column and "Second description column
text" in a second Description column were dropped without a word, and the two values past
the header of a short-header row vanished behind "read by position".

Text fields keep every value (joined into the story's text, as repeated Labels, Comment and
Sprint columns already are); a one-value field keeps its first value and the others go to
the row's other columns with a warning naming the column; cells past the header are kept at
the end of the story's text."""

from __future__ import annotations

# Fields whose repeated columns are all story text: every distinct value is kept.
TEXT_FIELDS = ("title", "description", "criteria")


def cell_values(row: list[str], columns: dict[str, list[int]], field: str) -> list[str]:
    """Every distinct non-empty value (stripped, in column order) of the columns
    ``columns[field]`` names (csv_export._map_columns: field -> column indexes)."""
    values: list[str] = []
    for idx in columns.get(field, []):
        if idx < len(row) and row[idx].strip() and row[idx].strip() not in values:
            values.append(row[idx].strip())
    return values


def joined(row: list[str], columns: dict[str, list[int]], field: str, sep: str = "\n\n") -> str:
    """The values of a text field's columns joined by ``sep`` (a paragraph each by default;
    criteria one a line, so each column's list stays one criteria block) ("" when none)."""
    return sep.join(cell_values(row, columns, field))


def unread_repeats(header: list[str], columns: dict[str, list[int]],
                   row: list[str]) -> list[tuple[str, str]]:
    """(column name, value) for each value of a repeated one-value column (key, type, epic,
    state, role...) after the field's first one that differs from it: the field reads only
    the first, so these are kept with the row's other columns and reported."""
    pairs: list[tuple[str, str]] = []
    for field, idxs in columns.items():
        if field == "ids" or field in TEXT_FIELDS or field == "labels" or len(idxs) < 2:
            continue
        first = None
        for idx in idxs:
            value = row[idx].strip() if idx < len(row) else ""
            if not value:
                continue
            if first is None:
                first = value
            elif value != first:
                name = header[idx].strip().strip('"').strip() if idx < len(header) else ""
                pairs.append((name or f"column {idx + 1}", value))
    return pairs


def past_header(header: list[str], row: list[str]) -> list[str]:
    """Non-empty cells past the header's last column (no column names them), stripped."""
    return [c.strip() for c in row[len(header):] if c.strip()]


def repeated_text_columns(header: list[str], columns: dict[str, list[int]]) -> list[str]:
    """The names of text columns the header repeats ("Summary", "Description"), once each."""
    names = []
    for field in TEXT_FIELDS:
        idxs = columns.get(field, [])
        if len(idxs) > 1:
            names.append(header[idxs[0]].strip().strip('"').strip())
    return names
