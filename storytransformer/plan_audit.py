"""Every planned group of a `merge --dry-run`, with its story ids and how it will be handled,
so a plan can be audited before any model runs (issue 10, item 7): the plan's counts say how
many groups there are; this says which stories are in each.

    planned_groups(plan, corpus, settings) -> [{"id", "size", "relation", "score",
                                                "handling", "title", "story_ids"}, ...]

``title``: a short title for the group (its first story's title, else the start of its text).

``handling`` is one of "model" (one model call, plus a repair at most), "copies" (identical
stories: the most complete copy is kept, no call), "extractive" (--merger extractive: no
model), "kept" (a relation that is not merged: conflict, or overlap without
--merge-overlaps), "flagged" (a story that talks to the model, kept out of it) or "singleton".
Groups are listed largest first, then by id, so two runs on the same corpus print the same list.
"""

from __future__ import annotations

from typing import Any, Sequence

from storytransformer.stories import Corpus, Group


def planned_groups(plan, corpus: Corpus, settings, flagged: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One dict per group of ``plan.groups`` (every story exactly once, after splitting)."""
    from storytransformer.linking import merges
    from storytransformer.merge import is_copies  # the one definition of a group of copies

    by_id = corpus.by_id()
    to_model = {g.id for g in plan.model_groups}
    flagged = set(flagged)

    def handling(g: Group) -> str:
        if g.id in to_model:
            return "model"
        if g.is_singleton:
            return "flagged" if g.story_ids[0] in flagged else "singleton"
        if not merges(g, settings.merge_overlaps):
            return "kept"
        return "copies" if is_copies(g, by_id, settings) else "extractive"

    ordered = sorted(plan.groups, key=lambda g: (-len(g.story_ids), g.id))
    # a singleton has no pair, so no relation (null), not the Group default "duplicate"
    return [{"id": g.id, "size": len(g.story_ids), "relation": None if g.is_singleton else g.relation,
             "score": round(g.score, 3), **({"reason": g.reason} if g.reason else {}),  # why it is a group
             "handling": handling(g), "title": short_title(by_id[g.story_ids[0]]), "story_ids": list(g.story_ids)}
            for g in ordered]


def short_title(story, limit: int = 60) -> str:
    """The story's title, else the start of its text, on one line, at most ``limit`` characters."""
    text = " ".join((story.title or story.text or story.id).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
