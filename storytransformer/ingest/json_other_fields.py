"""The tracker fields of a JSON item that no story field reads, by the names merged.csv writes
them under (``Story.source_fields``; write/source_fields.py): Jira REST's status, priority,
assignee, sprint..., Azure DevOps REST's System.AssignedTo, System.IterationPath..., and the
same names in hand-written JSON ("priority": "High", "story_points": 3).

Only the fields named here: a Jira REST item also holds "self" URLs, "expand", watches, votes
and dozens of empty custom fields, none of which a person wants back as columns. Values are
written as a tracker's CSV export would: a user or option object by its name, a list (sprints,
fix versions, components) as one value each (a repeated column), an old Jira sprint string
("com.atlassian.greenhopper...Sprint@1f[id=3,name=Sprint 1,...]") by its name.
"""

from __future__ import annotations

import re
from typing import Any

# normalized key (lower case, "-" and " " as "_") -> the column name merged.csv writes
FIELDS = {
    "status": "Status", "priority": "Priority", "assignee": "Assignee", "reporter": "Reporter",
    "created": "Created", "duedate": "Due Date", "due_date": "Due Date", "resolution": "Resolution",
    "sprint": "Sprint", "sprints": "Sprint", "fixversions": "Fix Version/s", "fix_versions": "Fix Version/s",
    "fix_version": "Fix Version/s", "components": "Component/s", "component": "Component/s",
    "story_points": "Story Points", "storypoints": "Story Points", "story_point_estimate": "Story Points",
    "points": "Story Points",
    # Azure DevOps REST (fields by reference name)
    "system.assignedto": "Assigned To", "system.iterationpath": "Iteration Path",
    "microsoft.vsts.common.priority": "Priority", "microsoft.vsts.scheduling.storypoints": "Story Points",
    "microsoft.vsts.scheduling.effort": "Effort", "microsoft.vsts.common.severity": "Severity",
    "microsoft.vsts.common.valuearea": "Value Area", "microsoft.vsts.common.risk": "Risk",
    "system.createddate": "Created Date", "system.createdby": "Created By",
    "assigned_to": "Assigned To", "iteration_path": "Iteration Path",
    # GitHub / GitLab issues (REST and `gh issue list --json`): milestone and assignees by
    # their title/login; created_at; GitLab's "due_date" above. Their "state" (open/closed,
    # GitLab's "opened") is the status, under Jira's name for it (Story.state is
    # Azure's State only: json_docs KEYS); t23 finding 11: a closed issue's state was lost.
    "state": "Status", "milestone": "Milestone", "assignees": "Assignee", "created_at": "Created", "closed_at": "Closed",
    "state_reason": "State Reason",
}
_OLD_SPRINT = re.compile(r"\bname=([^,\]]+)")
_NAMES = ("name", "displayName", "value", "emailAddress", "uniqueName", "key", "login", "title",
          "username")


def _values(value: Any) -> list[str]:
    """A field's value(s) as text: scalars as written, objects by their name, lists one each."""
    if value is None or value == "" or isinstance(value, bool):
        return [] if value is None or value == "" else [str(value).lower()]
    if isinstance(value, (int, float)):
        return [f"{value:g}" if isinstance(value, float) else str(value)]
    if isinstance(value, str):
        old = _OLD_SPRINT.search(value) if "greenhopper" in value else None
        return [(old.group(1) if old else value).strip()]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    if isinstance(value, dict):
        for name in _NAMES:
            if isinstance(value.get(name), (str, int, float)) and not isinstance(value.get(name), bool):
                return _values(value[name])
    return []


def json_other_fields(obj: dict) -> tuple[tuple[str, str], ...]:
    """(column name, value) for each known tracker field of ``obj`` (top level, then Jira's
    nested "fields" and Azure's "fields"), in the item's key order; a column found at the top
    level is not read again from "fields"."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    sources = [obj] + ([obj["fields"]] if isinstance(obj.get("fields"), dict) else [])
    for src in sources:
        for key, value in src.items():
            column = FIELDS.get(str(key).lower().replace("-", "_").replace(" ", "_"))
            if column is None or column in seen:
                continue
            values = [v for v in _values(value) if v]
            if values:
                seen.add(column)
                pairs += [(column, v) for v in values]
    return tuple(pairs)
