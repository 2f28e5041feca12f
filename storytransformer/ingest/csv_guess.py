"""Which column holds the stories when a CSV's header names none we know: a spreadsheet
saved with one story per row and no header, or an export whose column names are in a
language or tool we have no names for.

Both were read badly: the first story became the header (lost), and every row was kept raw
and unparsed though its cells held "As a … I want …" narratives. The column is chosen by its
content: the one whose cells most often hold a narrative.
"""

from __future__ import annotations

from storytransformer.ingest.narrative import has_narrative

_SAMPLE = 200  # rows looked at: enough to see which column holds narratives, bounded cost


def header_is_a_story(header: list[str]) -> bool:
    """A header cell that holds a narrative is not a column name: the file has no header."""
    return any(has_narrative(cell) for cell in header if len(cell) < 2000)


def story_column(rows: list[list[str]]) -> int | None:
    """Index of the column whose cells most often hold a narrative (the first on a tie), or
    None when no cell of the sampled rows holds one."""
    counts: dict[int, int] = {}
    for row in rows[:_SAMPLE]:
        for idx, cell in enumerate(row):
            if cell and len(cell) < 20000 and has_narrative(cell):
                counts[idx] = counts.get(idx, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda idx: counts[idx])
