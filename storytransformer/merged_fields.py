"""Tracker facts of a merged story taken from its sources: its epic, and how much tracker data
a source carries (which the extractive merge uses to pick its base story).

A merge of a tracker row (Jira/Azure export: Epic Link ADM-4, Sprint, Story Points) with a
Markdown or text story lost the row's epic: a Markdown file's title heading is read as the
epic of every story under it (tester t26 finding 6), so the two sources "disagreed". An epic
from a tracker export's column is the tracker's own; a heading is a guess from the file's
layout: the tracker's wins. Two tracker epics that differ stay a disagreement (no epic).
"""

from __future__ import annotations

from typing import Sequence

from storytransformer.stories import Story

TRACKER_FORMATS = frozenset({"csv", "json", "jsonl"})  # exports of Jira, Azure DevOps, GitHub


def merged_epic(stories: Sequence[Story]) -> str | None:
    """The one epic the sources name (a tracker export's over a document heading), else None."""
    epics = {s.epic for s in stories if s.epic}
    tracker = {s.epic for s in stories if s.epic and s.format in TRACKER_FORMATS}
    if len(tracker) == 1 and len(epics) > 1:
        epics = tracker
    return epics.pop() if len(epics) == 1 else None


def tracker_richness(story: Story) -> int:
    """How many tracker facts ``story`` has: its other columns (Sprint, Story Points...),
    an epic from a tracker export, type, State, Area Path. 0 for a Markdown or text story."""
    own = (story.item_type, story.state, story.area_path, story.epic if story.format in TRACKER_FORMATS else "")
    return len(getattr(story, "source_fields", ()) or ()) + sum(bool(x) for x in own)
