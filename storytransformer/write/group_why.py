"""Why an output story's group was judged one group (``GroupRecord.reason``: the decisive
pair's reason, relate/group_reason.py), for merged.md and report.html (t26 finding 3)."""

from __future__ import annotations

from storytransformer.results import MergeRun, OutputStory


def group_reason(o: OutputStory, run: MergeRun) -> str:
    """"LOY-02 + LOY-27: same need, ..." for a story of two or more sources (or one of a kept
    group), "" when its group has no recorded reason (a run journaled before reasons existed)."""
    reasons = run.__dict__.get("_group_reasons")
    if reasons is None:  # (one dict per run: a lookup per card over all groups was quadratic)
        reasons = run.__dict__["_group_reasons"] = {g.group_id: g.reason for g in run.groups if g.reason}
    return reasons.get(o.group_id, "")
