"""The merged backlog from the finished groups: a pure function of the groups and records.

Kept apart from the run (merge.py) so it can be tested alone and so an interrupted-and-
resumed run, whose groups finished in another order, assembles the same backlog: outputs are
placed group by group, then sorted by the corpus position of each output's first source.
"""

from __future__ import annotations

from typing import Sequence

from storytransformer.results import GroupRecord, OutputStory
from storytransformer.stories import Group, Story

SPLIT_NOTE = "split away from related stories to fit the context (--ctx); not merged"


class InvariantViolation(AssertionError):
    """A bug: some input id is missing from the outputs or appears twice, or a planned group
    never finished (merge.py re-exports it)."""


def assemble_outputs(
    final_groups: Sequence[Group],
    planned_groups: Sequence[Group],
    done: dict[str, GroupRecord],
    stories: Sequence[Story],
) -> tuple[list[OutputStory], list[GroupRecord]]:
    """-> (output stories in corpus order, the records used, in group order).

    ``final_groups``: the groups as the run made them (after splitting to fit --ctx);
    ``planned_groups``: before splitting, so a singleton split off a group is noted as such;
    ``done``: group id -> finished record (a record finished under another split of the same
    stories is found by its stories). A singleton's story goes out unchanged. Raises
    InvariantViolation when a group of two or more stories has no record."""
    by_id = {s.id: s for s in stories}
    split_off = ({g.story_ids[0] for g in final_groups if g.is_singleton}
                 - {g.story_ids[0] for g in planned_groups if g.is_singleton})
    outputs: list[OutputStory] = []
    records: list[GroupRecord] = []
    used: set[str] = set()
    placed: set[str] = set()
    for g in final_groups:
        if g.is_singleton:
            sid = g.story_ids[0]
            if sid not in placed:
                outputs.append(OutputStory.unchanged(by_id[sid], g.id, [SPLIT_NOTE] if sid in split_off else None))
                placed.add(sid)
            continue
        rec = _record_for(g, done)
        if rec.group_id in used:
            continue
        used.add(rec.group_id)
        records.append(rec)
        outputs.extend(o for o in rec.outputs if not placed.intersection(o.sources))
        placed.update(s for o in rec.outputs for s in o.sources)
    position = {s.id: n for n, s in enumerate(stories)}
    outputs.sort(key=lambda o: min(position[s] for s in o.sources))
    return outputs, records


def _record_for(g: Group, done: dict[str, GroupRecord]) -> GroupRecord:
    rec = done.get(g.id)
    if rec is None:  # finished before under a different split (same stories): find it
        rec = next((r for r in done.values() if set(g.story_ids) <= set(r.story_ids)), None)
    if rec is None:
        raise InvariantViolation(f"group {g.id} was never finished")
    return rec
