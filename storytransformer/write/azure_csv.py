"""merged.csv for Azure DevOps Boards' CSV import (--csv-format azure): one User Story per
output story with the fields Boards maps by name: Work Item Type, Title (255 characters at
most), Description and Acceptance Criteria as HTML (User Story has a field for criteria, so
they are there once), Tags separated by "; ". An empty ID column means "create". The merged id,
the review state and the epic travel as tags (merged:<id>, needs-review, epic:<name>), since
Boards refuses columns that are not fields."""

from __future__ import annotations

import html

from storytransformer.results import MergeRun, OutputStory


def _html_body(o: OutputStory) -> tuple[str, str]:
    from storytransformer.write.issue_text import body_of

    body = body_of(o)
    parts = []
    if body.narrative:
        parts.append(f"<p>{html.escape(body.narrative)}</p>")
    if body.details:
        parts.append("<p>" + "<br>".join(html.escape(ln) for ln in body.details) + "</p>")
    criteria = "<ul>" + "".join(f"<li>{html.escape(c)}</li>" for c in body.criteria) + "</ul>" if body.criteria else ""
    return "".join(parts), criteria


def _tags(o: OutputStory) -> str:
    tags = [str(t).replace(";", ",").strip() for t in o.labels if str(t).strip()]
    tags.append(f"merged:{o.id}")
    if o.epic:
        tags.append(f"epic:{o.epic}".replace(";", ","))
    if o.needs_review:
        tags.append("needs-review")
    return "; ".join(dict.fromkeys(tags))


def azure_csv(run: MergeRun) -> str:
    from storytransformer.write.csv_out import _csv
    from storytransformer.write.issue_text import summary_of

    rows = [["ID", "Work Item Type", "Title", "Description", "Acceptance Criteria", "Tags"]]
    from storytransformer.write.kept_originals import kept_after

    kept = kept_after(run)  # originals a flagged merge keeps for review: rows of their own
    for o in run.stories:
        for row in [o] + [k.row for k in kept.get(o.id, [])]:
            description, criteria = _html_body(row)
            tags = _tags(row) if row is o else _tags(row).replace(f"merged:{row.id}", f"merged:{o.id}")
            rows.append(["", "User Story", summary_of(row), description, criteria, tags])
    return _csv(rows)
