"""Corpus-wide id uniqueness. Two files may both say PAY-1 (an export taken twice, two
projects): both stories are kept, the later one (in the deterministic file order) gets a
suffix, and the user is told."""

from __future__ import annotations

from dataclasses import replace

from storytransformer.stories import IngestWarning, Story


def dedupe_ids(stories: list[Story]) -> tuple[list[Story], list[IngestWarning]]:
    taken: dict[str, Story] = {}
    counts: dict[str, int] = {}
    out: list[Story] = []
    warnings: list[IngestWarning] = []
    all_ids = {s.id for s in stories}
    for story in stories:
        if story.id not in taken:
            taken[story.id] = story
            out.append(story)
            continue
        first = taken[story.id]
        n = counts.get(story.id, 1)
        new_id = story.id
        while new_id in taken or new_id in all_ids:
            n += 1
            new_id = f"{story.id}~{n}"
        counts[story.id] = n
        renamed = replace(story, id=new_id)
        taken[new_id] = renamed
        out.append(renamed)
        warnings.append(IngestWarning(
            story.source, story.line,
            f"duplicate id {story.id} (first at {first.source}:{first.line}); "
            f"this one is kept as {new_id}"))
    return out, warnings
