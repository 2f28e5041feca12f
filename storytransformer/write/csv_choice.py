"""Which tracker merged.csv is written for when the user did not say (``--csv-format auto``).

The Jira file has no State or Area Path field of Azure DevOps' kind, so an Azure DevOps export
written as a Jira import lost both for every unchanged story, and the run said nothing (tester
t23, finding 10). When every tracker row of the input is Azure-shaped, merged.csv is the Azure
DevOps import; otherwise (Jira exports, JSON, Markdown only) the Jira one, as before. The run
summary names the choice and why.

Azure-shaped: a CSV row that carries an Azure-only field, State or Area Path (ingest reads Jira's
"Status" into source_fields, never into ``Story.state``: csv_export.py). Markdown, text and
Gherkin stories beside the export do not count either way.
"""

from __future__ import annotations

from typing import Iterable

from storytransformer.stories import Story

AUTO = "auto"


def _azure_row(story: Story) -> bool:
    return bool((story.state or "").strip() or (story.area_path or "").strip())


def chosen_format(requested: str, originals: Iterable[Story]) -> tuple[str, str]:
    """(format, why) for ``requested`` ("auto" | "jira" | "azure"): "why" is "" when the user
    chose; for auto it says what decided ("every CSV row is an Azure DevOps work item")."""
    if requested != AUTO:
        return requested, ""
    rows = [s for s in originals if s.format == "csv"]
    if rows and all(_azure_row(s) for s in rows):
        return "azure", (f"Azure DevOps import: all {len(rows)} CSV rows are Azure DevOps work items "
                         "(State/Area Path); --csv-format jira for a Jira import")
    return "jira", ""


def choice_line(requested: str, originals: Iterable[Story]) -> str:
    """The summary's line about the choice, "" when nothing was chosen for the user."""
    fmt, why = chosen_format(requested, originals)
    return f"merged.csv: {why}" if why else ""
