"""merged.csv (a tracker import: Jira by default, Azure DevOps with --csv-format azure) and
traceability.csv (source id -> merged id).

The Jira file follows Atlassian's CSV import rules (tests/test_csv_import.py checks them): a
header row with a Summary column and no punctuation in names, the same number of fields on
every row, multi-value fields (Labels, links) as repeated columns of the same name, a summary
of at most 255 characters, cut at a word, that does not start with a list dash or a quote; a
description in Jira wiki markup with the acceptance criteria once and no tool text (review
flags have their own column); `Issue Id` numbers so that rows can point at rows: `Parent`
(Jira Cloud, epics first, as Atlassian's parent-child KB asks) or `Epic Link` (Jira Data
Center, --jira-parent epic-link), and `Relates` links between related stories. `Merged ID`
joins a row to traceability.csv's merged_id; `Source IDs` lists the input stories.

Every cell is neutralised against spreadsheet formula injection (OWASP CSV Injection): story
text comes from the corpus and the model, and a cell starting with = + - @, a tab, CR or LF,
or their full-width forms (＝ ＋ － ＠) can run as a formula in Excel, LibreOffice or Google
Sheets. Such cells get a leading apostrophe."""

from __future__ import annotations

import csv
import io
import re

from storytransformer.results import MergeRun, OutputStory

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
CSV_FORMATS = ("jira", "azure")
PARENT_FIELDS = ("parent", "epic-link")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def _csv(rows: list[list]) -> str:
    from storytransformer.write.cell_limit import fit_cell  # a cell over 32,767 characters fails the import

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([fit_cell(safe_cell(v)) for v in row])
    return buf.getvalue()


def _label(text: str) -> str:
    """Jira labels cannot hold spaces; Atlassian's importer splits on them."""
    return "_".join(str(text).split())


def _labels(o: OutputStory) -> list[str]:
    labels = [_label(x) for x in o.labels if str(x).strip()]
    if o.needs_review:
        labels.append("needs-review")
    return list(dict.fromkeys(labels))


def _related_ids(o: OutputStory) -> list[str]:
    """Relates ids: every conflict/overlap/possible duplicate, the strongest few related
    (link_budget.py: 39 Relates columns in a tester's row became ~1,500 Jira links)."""
    from storytransformer.write.link_budget import csv_related_ids

    return csv_related_ids(getattr(o, "relates_to", None) or [])  # set by linking.attach_links


def _jira_entries(run: MergeRun) -> list[tuple[OutputStory, OutputStory | None]]:
    """Output stories in order, each flagged merge followed by its kept originals
    (kept_originals.py) as (row, the merge it belongs to)."""
    from storytransformer.write.kept_originals import kept_after

    kept = kept_after(run)
    entries: list[tuple[OutputStory, OutputStory | None]] = []
    for o in run.stories:
        entries.append((o, None))
        entries += [(k.row, o) for k in kept.get(o.id, [])]
    return entries


def jira_csv(run: MergeRun, parent_field: str = "parent") -> str:
    """One row per output story and per original a flagged merge keeps for review (plus, for
    `Parent`, one Epic row per epic named by name)."""
    from storytransformer.write.issue_text import body_of, review_note, summary_of
    from storytransformer.write.jira_wiki import description

    entries = _jira_entries(run)
    stories = [o for o, _ in entries]
    epics = [] if parent_field == "epic-link" else sorted(
        {o.epic for o in stories if o.epic and not _ISSUE_KEY.match(o.epic)})
    issue_id = {f"epic:{e}": str(n) for n, e in enumerate(epics, 1)}
    issue_id.update({o.id: str(len(epics) + n) for n, o in enumerate(stories, 1)})
    kept_of: dict[str, list[str]] = {}
    for o, merge in entries:
        if merge is not None:
            kept_of.setdefault(merge.id, []).append(o.id)
    related_of = {o.id: list(dict.fromkeys(_related_ids(o) + ([merge.id] if merge else []) + kept_of.get(o.id, [])))
                  for o, merge in entries}
    n_labels = max([len(_labels(o)) for o in stories] + [1])
    n_links = max([len(r) for r in related_of.values()] + [1])
    parent_header = "Epic Link" if parent_field == "epic-link" else "Parent"
    from storytransformer.write import source_fields as sf  # Sprint, Priority, Assignee... as the input had them

    extra = sf.columns(run, "jira")
    # Azure DevOps' State and Area Path (an Azure export written as a Jira import): carried as
    # columns the importer maps, never dropped silently (t23 finding 10)
    tracker_cols = [(attr, column) for attr, column in (("state", "State"), ("area_path", "Area Path"))
                    if any(getattr(s, attr, "") for s in run.originals.values())]
    rows = [["Issue Id", "Summary", "Issue Type", "Description"] + ["Labels"] * n_labels
            + [parent_header] + ["Relates"] * n_links + [name for name, times in extra for _ in range(times)]
            + [column for _, column in tracker_cols]
            + ["Merged ID", "Source IDs", "Merge Decision", "Grounding", "Needs Review", "Review Notes"]]
    width = len(rows[0])
    for e in epics:
        row = [issue_id[f"epic:{e}"], _summary(e), "Epic", ""]
        rows.append(row + [""] * (width - len(row)))
    from storytransformer.write.tracker_fields import tracker_fields

    for o, merge in entries:
        labels = _labels(o)
        related = [issue_id[i] for i in related_of[o.id] if i in issue_id]
        parent = (issue_id.get(f"epic:{o.epic}") or o.epic) if o.epic else ""
        fields = tracker_fields(o, run.originals, "jira")  # the sources' issue type when they agree
        carried = sf.carried(o, run.originals)  # the sources' columns where they agree
        notes = " | ".join(n for n in (review_note(o), fields.note(), carried.note(name for name, _ in extra)) if n)
        rows.append(
            [issue_id[o.id], summary_of(o), fields.item_type, description(body_of(o))]
            + labels + [""] * (n_labels - len(labels))
            + [parent] + related + [""] * (n_links - len(related)) + sf.cells(carried, extra)
            + [getattr(fields, attr) for attr, _ in tracker_cols]
            + [merge.id if merge else o.id, " ".join(o.sources), o.decision, f"{o.grounding:.2f}",
               "yes" if o.needs_review or fields.differ else "no", notes]
        )
    return _csv(rows)


def _summary(text: str) -> str:
    from storytransformer.write.issue_text import clean_summary

    return clean_summary(text)


def tracker_csv(run: MergeRun, csv_format: str = "jira", parent_field: str = "parent") -> str:
    """merged.csv in the chosen tracker's import format."""
    if csv_format == "azure":
        from storytransformer.write.azure_csv import azure_csv

        return azure_csv(run)
    return jira_csv(run, parent_field=parent_field)


def traceability_csv(run: MergeRun) -> str:
    rows = [["source_id", "merged_id", "decision", "grounding_score", "source", "flags"]]
    for o in run.stories:
        for sid in o.sources:
            src = run.originals[sid]
            rows.append([sid, o.id, o.decision, f"{o.grounding:.2f}", f"{src.source}:{src.line}", " | ".join(o.flags)])
    return _csv(rows)
