"""One group through the merge path with a model answer written by hand, as the verify tests
ask it (a helper module, not a test file: `from group_outcome import group_outcome`)."""

import json

from storytransformer.generate import GroupAnswer, parse_answer, validate
from storytransformer.ingest import read_text
from storytransformer.merge import outcome_for_group
from storytransformer.verify import DEFAULT_THRESHOLD


def group_outcome(markdown: str, answer: dict, name: str = "backlog.md", only: tuple[int, ...] | None = None,
                  complete: bool = False):
    """-> (the group's outcome, its stories): the stories of ``markdown`` (or those at ``only``)
    as one group, ``answer`` (one merged story) as the JSON text the model sends, parsed,
    validated and verified as merge does. ``complete``: assert the answer cites every story."""
    stories = read_text(markdown, format="markdown", name=name).stories
    if only is not None:
        stories = [stories[i] for i in only]
    raw = json.dumps({"stories": [answer]}, ensure_ascii=False)
    parsed = parse_answer(raw)
    validated = validate(parsed.items, [s.id for s in stories])
    if complete:
        assert not validated.missing, validated.problems
    (out,) = outcome_for_group(GroupAnswer("g1", validated, parsed.error, raw=raw), stories, DEFAULT_THRESHOLD)
    return out, stories
