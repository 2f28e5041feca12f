"""merged.csv (Jira import) and traceability.csv (source id -> merged id).

Every cell is neutralised against spreadsheet formula injection: story text comes from the
corpus and the model, and a cell starting with = + - @ (or tab / CR) would run as a formula
in Excel or LibreOffice. Such cells get a leading apostrophe."""

from __future__ import annotations

import csv
import io

from storytransformer.results import MergeRun

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def _csv(rows: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def jira_csv(run: MergeRun) -> str:
    """Columns Jira's CSV importer maps directly; one row per output story."""
    rows = [["Summary", "Description", "Acceptance Criteria", "Labels", "Issue Type", "Epic Link",
             "Source Keys", "Merge Decision", "Grounding"]]
    for o in run.stories:
        summary = o.title or (o.text.strip().splitlines()[0][:120] if o.text.strip() else o.id)
        description = o.text
        if o.flags:
            description += "\n\nReview: " + " | ".join(o.flags)
        labels = list(o.labels) + (["needs-review"] if o.needs_review else [])
        # Jira splits Labels on spaces; labels themselves must not contain any.
        rows.append([
            summary,
            description,
            "\n".join(f"* {c}" for c in o.acceptance_criteria),
            " ".join(l.replace(" ", "_") for l in labels),
            "Story",
            o.epic or "",
            ", ".join(o.sources),
            o.decision,
            f"{o.grounding:.2f}",
        ])
    return _csv(rows)


def traceability_csv(run: MergeRun) -> str:
    rows = [["source_id", "merged_id", "decision", "grounding_score", "source", "flags"]]
    for o in run.stories:
        for sid in o.sources:
            src = run.originals[sid]
            rows.append([sid, o.id, o.decision, f"{o.grounding:.2f}", f"{src.source}:{src.line}", " | ".join(o.flags)])
    return _csv(rows)
