"""merged.csv for Azure DevOps Boards' CSV import (--csv-format azure): one work item per
output story with the fields Boards maps by name: Work Item Type (the sources' own type when
they agree, else User Story; write/tracker_fields.py), Title (255 characters at most),
Description and Acceptance Criteria as HTML (write/azure_html.py; User Story has a field for
criteria, so they are there once), State and Area Path when the input had them, Tags separated
by "; ". An empty ID column means "create". The merged id, the review state, the epic and
fields the sources disagree on travel as tags (merged:<id>, needs-review, epic:<name>,
differ:<field>), since Boards refuses columns that are not fields."""

from __future__ import annotations

from storytransformer.results import MergeRun, OutputStory


# Work item types of the default processes (Agile, Scrum, CMMI) without an Acceptance Criteria
# field: their criteria stay a list in the Description, as their exports have them (and a list
# in a description is read back as criteria).
NO_CRITERIA_FIELD = {"task", "impediment"}


def _html_body(o: OutputStory, item_type: str = "User Story") -> tuple[str, str]:
    """(Description, Acceptance Criteria) as HTML for a work item of ``item_type``."""
    from storytransformer.write.azure_html import criteria_html, inline, lines_html
    from storytransformer.write.issue_text import body_of

    body = body_of(o)
    parts = []
    if body.narrative:
        parts.append(f"<p>{inline(body.narrative)}</p>")
    if body.details:
        parts.append(lines_html(body.details))
    criteria = criteria_html(body.criteria)
    if item_type.strip().lower() in NO_CRITERIA_FIELD:
        return "".join(parts) + criteria, ""
    return "".join(parts), criteria


def _tags(o: OutputStory, differ=()) -> str:
    tags = [str(t).replace(";", ",").strip() for t in o.labels if str(t).strip()]
    tags.append(f"merged:{o.id}")
    if o.epic:
        tags.append(f"epic:{o.epic}".replace(";", ","))
    tags += [f"differ:{column}" for column in differ]
    if o.needs_review or differ:
        tags.append("needs-review")
    return "; ".join(dict.fromkeys(tags))


def azure_csv(run: MergeRun) -> str:
    from storytransformer.write.csv_out import _csv
    from storytransformer.write.issue_text import summary_of
    from storytransformer.write.kept_originals import kept_after
    from storytransformer.write.tracker_fields import has_column, tracker_fields

    extra = [(attr, column) for attr, column in (("state", "State"), ("area_path", "Area Path"))
             if has_column(run.originals, attr)]  # only the columns the input had
    from storytransformer.write import source_fields as sf  # Priority, Assigned To... (Boards fields only)

    carry = sf.columns(run, "azure")
    rows = [["ID", "Work Item Type", "Title", "Description", "Acceptance Criteria", "Tags"]
            + [column for _, column in extra] + [name for name, times in carry for _ in range(times)]]
    kept = kept_after(run)  # originals a flagged merge keeps for review: rows of their own
    for o in run.stories:
        for row in [o] + [k.row for k in kept.get(o.id, [])]:
            fields = tracker_fields(row, run.originals, "azure")
            description, criteria = _html_body(row, fields.item_type)
            tags = _tags(row, fields.differ)
            if row is not o:
                tags = tags.replace(f"merged:{row.id}", f"merged:{o.id}")
            rows.append(["", fields.item_type, summary_of(row), description, criteria, tags]
                        + [getattr(fields, attr) for attr, _ in extra]
                        + sf.cells(sf.carried(row, run.originals), carry))
    return _csv(rows)
