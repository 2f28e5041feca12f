"""The tracker columns of the input stories that no story field reads (``Story.source_fields``:
Sprint, Priority, Status, Assignee, Reporter, Created, Fix Version, Components, Story Points,
...), given back in merged.csv where the merged issue can hold them.

An unchanged story carries its own values. A merge carries a column's values when every source
that has the column has the same ones: a column only one source carries (a Jira row's Sprint
and Story Points merged with a Markdown story that has no tracker columns at all) is no
disagreement, and dropping it lost the row's sprint (tester t26 finding 6); otherwise the cell stays empty and the difference is said, per column, in
the sources' words: "Sprint: CLM Sprint 14 (CLM-101), CLM Sprint 15 (CLM-102)", so a person
decides (Jira's Review Notes column, merged.md). It does not mark the story "needs review":
Created and Reporter differ for nearly every merge, and a review flag on every merge hides the
ones that need it. merged.json keeps every source's columns as written (``by_source``).

A column merged.csv cannot hold is said once per run (``not_carried``): Jira's own columns that
merged.csv writes itself ("Issue id": merged.csv numbers its rows to link them), and for Azure
DevOps every column that is not a writable Boards field (Boards refuses unknown columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from storytransformer.results import MergeRun, OutputStory
from storytransformer.stories import Story

# Columns jira_csv writes itself (csv_out.py), lower case: a source column of the same name
# would clash with them on import.
JIRA_OWN = {"issue id", "summary", "issue type", "description", "labels", "parent", "epic link",
            "relates", "merged id", "source ids", "merge decision", "grounding", "needs review",
            "review notes"}
# Columns that name a row (a tracker's own numbering): they differ in every merge by nature.
IDS = {"issue id", "id", "work item id", "key", "issue key", "item id", "task id", "card id"}
# Writable fields of Azure Boards' default processes (Agile, Scrum, CMMI) by display name, lower
# case; read-only ones (Created Date, Created By, Changed Date, ID) cannot be imported.
AZURE_FIELDS = {"assigned to", "priority", "iteration path", "story points", "effort", "severity",
                "value area", "risk", "business value", "time criticality", "remaining work",
                "original estimate", "completed work", "activity", "start date", "target date",
                "finish date", "due date", "size", "stack rank", "backlog priority"}


def fields_of(story: Story) -> dict[str, tuple[str, ...]]:
    """Column name -> the story's cells in it (several for a repeated column), in column order."""
    out: dict[str, list[str]] = {}
    for name, value in getattr(story, "source_fields", ()) or ():
        out.setdefault(name, []).append(value)
    return {name: tuple(values) for name, values in out.items()}


def carries(name: str, csv_format: str) -> bool:
    """Can merged.csv in ``csv_format`` ("jira" | "azure") hold the source column ``name``?"""
    key = " ".join(name.lower().split())
    return key in AZURE_FIELDS if csv_format == "azure" else key not in JIRA_OWN


@dataclass
class Carried:
    """``values``: column -> the cells the output carries (its sources agree); ``differ``:
    column -> "CLM Sprint 14 (CLM-101), CLM Sprint 15 (CLM-102)" where they do not."""

    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    differ: dict[str, str] = field(default_factory=dict)

    def note(self, names: Iterable[str] | None = None) -> str:
        """"Sprint: CLM Sprint 14 (CLM-101), CLM Sprint 15 (CLM-102) | Priority: ..." for the
        differing columns (only ``names`` when given); "" when the sources agree."""
        keep = None if names is None else set(names)
        return " | ".join(f"{name}: {said}" for name, said in self.differ.items()
                          if keep is None or name in keep)


NOTE_CHARS = 80  # of one source's value in a note: a Jira "Comment" column holds paragraphs


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS].rsplit(" ", 1)[0] + " …"


def carried(o: OutputStory, originals: dict[str, Story]) -> Carried:
    """What ``o`` carries of its sources' columns (sources missing from ``originals`` skipped)."""
    sources = [originals[s] for s in o.sources if s in originals]
    per = {s.id: fields_of(s) for s in sources}
    names = list(dict.fromkeys(n for f in per.values() for n in f))
    out = Carried()
    for name in names:
        values = {sid: f[name] for sid, f in per.items() if f.get(name)}  # (a source without it says nothing)
        if len(set(values.values())) == 1:
            out.values[name] = next(iter(values.values()))
            continue
        if " ".join(name.lower().split()) in IDS:
            continue  # each source's own id: different by nature, no decision for a person
        said: dict[str, list[str]] = {}
        for sid, cells in values.items():
            said.setdefault(_short(", ".join(cells)), []).append(sid)
        out.differ[name] = ", ".join(f"{v} ({', '.join(ids)})" for v, ids in said.items())
    return out


def columns(run: MergeRun, csv_format: str = "jira") -> list[tuple[str, int]]:
    """(column name, times repeated) merged.csv writes for source columns, in the order the
    input first has them; a repeated column (Sprint, Sprint) as often as a story fills it."""
    most: dict[str, int] = {}
    for s in run.originals.values():
        for name, cells in fields_of(s).items():
            if carries(name, csv_format):
                most[name] = max(most.get(name, 0), len(cells))
    return list(most.items())


def cells(c: Carried, cols: list[tuple[str, int]]) -> list[str]:
    """The row's cells under ``columns``: each column's values, padded to its repeat count."""
    row: list[str] = []
    for name, times in cols:
        values = list(c.values.get(name, ()))[:times]
        row += values + [""] * (times - len(values))
    return row


def not_carried(run: MergeRun, csv_format: str = "jira") -> list[tuple[str, int]]:
    """(column, input stories that have it) for each source column merged.csv cannot hold."""
    count: dict[str, int] = {}
    for s in run.originals.values():
        for name in fields_of(s):
            if not carries(name, csv_format):
                count[name] = count.get(name, 0) + 1
    return list(count.items())


def not_carried_line(run: MergeRun, csv_format: str = "jira") -> str:
    """"not carried to merged.csv: Issue id (26 stories); kept per source story in merged.json",
    or "" when every source column is carried."""
    missing = not_carried(run, csv_format)
    if not missing:
        return ""
    said = ", ".join(f"{name} ({n} {'story' if n == 1 else 'stories'})" for name, n in missing)
    why = ("Azure DevOps refuses columns that are not Boards fields" if csv_format == "azure"
           else "merged.csv writes a column of that name itself")
    return f"not carried to merged.csv: {said} ({why}); kept per source story in merged.json (stories[].source_fields)"


def by_source(o: OutputStory, originals: dict[str, Story]) -> dict[str, dict[str, list[str]]]:
    """merged.json: source id -> column -> its cells, for the output's sources that have any."""
    out = {}
    for sid in o.sources:
        if sid in originals:
            f = fields_of(originals[sid])
            if f:
                out[sid] = {name: list(values) for name, values in f.items()}
    return out


def differ_html(o: OutputStory, originals: dict[str, Story]) -> str:
    """report.html: the tracker columns a merge's sources disagree on, one line each, escaped;
    "" for a story of one source or sources that agree."""
    import html

    if len(o.sources) < 2:
        return ""
    differ = carried(o, originals).differ
    if not differ:
        return ""
    items = "".join(f"<li>{html.escape(name)}: {html.escape(said)}</li>" for name, said in differ.items())
    return f'<div class="meta">sources differ in tracker fields (left empty in merged.csv):</div><ul class="flags">{items}</ul>'
