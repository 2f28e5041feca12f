"""merged.csv cells within the 32,767 characters a tracker import (Jira) and a spreadsheet
(Excel) take per cell.

A story can be far longer (a tester's backlog held a 172,942-character description): Jira's
importer fails on the whole file. Such a cell is cut at a line or word boundary before the
limit and ends with a note saying how much is left out and where the whole text is (merged.md
and merged.json keep every story whole); the merge command warns naming each story
(``oversized_cells``). Nothing is lost: only the tracker's copy is shortened.
"""

from __future__ import annotations

from typing import Iterator

from storytransformer.results import MergeRun, OutputStory

CELL_LIMIT = 32_767  # Jira's and Excel's limit on one cell, in characters
_NOTE = ("\n\n[... {left:,} more characters not in this cell: a tracker cell holds at most {limit:,}; "
         "the whole story is in merged.md and merged.json]")


def fit_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` unchanged when it fits, else cut at the last line break (or space) before the
    room the note needs, plus the note (the result has at most ``limit`` characters)."""
    if len(text) <= limit:
        return text
    room = limit - len(_NOTE.format(left=len(text), limit=limit))
    cut = text.rfind("\n", room // 2, room)
    if cut < 0:
        cut = text.rfind(" ", room // 2, room)
    cut = cut if cut > 0 else room
    return text[:cut].rstrip() + _NOTE.format(left=len(text) - cut, limit=limit)


def _cells(o: OutputStory, csv_format: str) -> Iterator[tuple[str, str]]:
    """(column, text) of the cells of ``o``'s merged.csv row that can grow with the story."""
    from storytransformer.write.issue_text import body_of, review_note

    if csv_format == "azure":
        from storytransformer.write.azure_csv import _html_body

        description, criteria = _html_body(o)
        yield "Description", description
        yield "Acceptance Criteria", criteria
    else:
        from storytransformer.write.jira_wiki import description

        yield "Description", description(body_of(o))
        yield "Review Notes", review_note(o)


def oversized_cells(run: MergeRun, csv_format: str = "jira", limit: int = CELL_LIMIT) -> list[tuple[str, str, int]]:
    """(story id, column, characters) for every merged.csv cell over ``limit`` (cut by
    ``fit_cell``), in output order; kept originals' rows included. Stories whose raw text is
    far below the limit are skipped unrendered."""
    from storytransformer.write.kept_originals import kept_after

    kept = kept_after(run)
    out = []
    for o in run.stories:
        for row in [o] + [k.row for k in kept.get(o.id, [])]:
            size = len(row.text) + sum(len(c) for c in row.acceptance_criteria) + sum(len(f) for f in row.flags)
            if size * 6 < limit:  # html.escape makes a character at most 6 ("&quot;")
                continue
            out += [(row.id, column, len(text)) for column, text in _cells(row, csv_format) if len(text) > limit]
    return out
