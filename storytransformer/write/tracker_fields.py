"""The tracker fields an output story gives back in merged.csv: its work item / issue type,
State and Area Path, taken from its source stories (ingest keeps them on Story).

A field is written when every source that has it agrees on it (a source without it, such as
a Markdown story merged with an Azure row, says nothing: t26 finding 6); when they differ nothing is guessed: the
type falls back to the tracker's story type, State and Area Path stay empty (the tracker's
default), and the difference is said (``differ``) so a person decides. A tester's Bug came
back as "Story"/"User Story" before: the type was not kept at all.

The story type is the one name that differs between trackers: Azure DevOps' "User Story" is
Jira's "Story". Every other type ("Bug", "Task", "Product Backlog Item") is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.results import OutputStory
from storytransformer.stories import Story

STORY_TYPE = {"jira": "Story", "azure": "User Story"}
TYPE_COLUMN = {"jira": "Issue Type", "azure": "Work Item Type"}
_STORY_NAMES = {"story", "user story"}
# (Story attribute, the column name merged.csv writes it under)
FIELDS = (("item_type", "Work Item Type"), ("state", "State"), ("area_path", "Area Path"))


@dataclass
class TrackerFields:
    """``item_type`` always set (the tracker's story type when unknown or differing); ``state``
    and ``area_path`` "" unless every source says the same. ``differ``: column name -> the
    differing values with their source ids, as "Bug (2106), User Story (2105)"."""

    item_type: str
    state: str = ""
    area_path: str = ""
    differ: dict[str, str] = field(default_factory=dict)

    def note(self) -> str:
        """One line for a review column, "" when the sources agree."""
        return " | ".join(f"sources differ in {name}: {values}" for name, values in self.differ.items())


def _type_name(value: str, tracker: str) -> str:
    """The source's type in ``tracker``'s words ("User Story" -> Jira "Story"), else as written."""
    return STORY_TYPE[tracker] if value.strip().lower() in _STORY_NAMES else value.strip()


def _agreed(values: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """``values``: source id -> (value compared, value as written). (the value every source
    has or "", "Bug (2106), User Story (2105)" in the sources' words when they differ)."""
    by_value: dict[str, list[str]] = {}
    for sid, (value, _) in values.items():
        by_value.setdefault(value, []).append(sid)
    if len(by_value) == 1:
        return next(iter(by_value)), ""
    said: dict[str, list[str]] = {}
    for sid, (_, written) in values.items():
        said.setdefault(written or "(none)", []).append(sid)
    return "", ", ".join(f"{v} ({', '.join(ids)})" for v, ids in said.items())


def tracker_fields(o: OutputStory, originals: dict[str, Story], tracker: str = "azure") -> TrackerFields:
    """``o``'s type, State and Area Path from its sources (``originals``: id -> input story).
    ``tracker``: "jira" or "azure" (the story type's name). Sources missing from
    ``originals`` are skipped."""
    sources = [originals[s] for s in o.sources if s in originals]
    default = STORY_TYPE[tracker]
    fields = TrackerFields(item_type=default)
    for attr, column in FIELDS:
        written = {s.id: (getattr(s, attr, "") or "").strip() for s in sources}
        written = {sid: v for sid, v in written.items() if v} or written  # (only the sources that have it)
        values = {sid: (v, v) for sid, v in written.items()}
        if attr == "item_type":
            values = {sid: (_type_name(v, tracker) if v else default, v) for sid, v in written.items()}
            column = TYPE_COLUMN[tracker]
        value, differ = _agreed(values) if values else ("", "")
        if differ:
            fields.differ[column] = differ
        if value:
            setattr(fields, attr, value)
    return fields


def has_column(originals: dict[str, Story], attr: str) -> bool:
    """Does any input story carry ``attr`` (a State or Area Path column in its export)?"""
    return any(getattr(s, attr, "") for s in originals.values())
