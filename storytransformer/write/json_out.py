"""merged.json: the backlog plus the run's metadata (model, prompt versions, settings, counts)."""

from __future__ import annotations

import json

from storytransformer.results import MergeRun


def merged_json(run: MergeRun) -> str:
    from storytransformer.write.headline import outcome_counts
    from storytransformer.write.kept_originals import kept_json

    metadata = dict(run.metadata)
    if "counts" in metadata:  # "outcome": the CLI headline's buckets (counts' merged/unchanged mix them)
        metadata["counts"] = {**metadata["counts"], "outcome": outcome_counts(run)}
    doc = {
        "metadata": metadata,
        "stories": [_story(o, run) for o in run.stories],
        "groups": [
            {"group_id": g.group_id, "story_ids": list(g.story_ids), "calls": g.calls, "problems": g.problems,
             "kind": g.kind, "relation": g.relation, "reason": g.reason}
            for g in run.groups
        ],
        # originals a flagged merge keeps for review, each with its text (kept_originals.py)
        "kept_originals": kept_json(run),
        "links": run.links,  # linking.attach_links: stories linked, not merged
        "ingest_warnings": [str(w) for w in run.warnings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"


def _story(o, run: MergeRun) -> dict:
    """An output story's fields, plus "source_fields" (source id -> column -> cells) when its
    sources had tracker columns no field reads (write/source_fields.py)."""
    from storytransformer.write.source_fields import by_source

    d = o.to_dict()
    kept = by_source(o, run.originals)
    if kept:
        d["source_fields"] = kept
    return d
