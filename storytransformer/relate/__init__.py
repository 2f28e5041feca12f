"""Relations between stories: duplicate / overlap / conflict / related / unrelated, decided
in stages, without the LLM.

    relations = relate(corpus.stories)                  # Relations(groups=[...], links=[...])
    relations = relate(stories, method="lexical", merge_overlaps=True)

1. retrieval (``candidates.py``): each story's nearest neighbours by TF-IDF and/or MiniLM
   (storytransformer.group's signals), pairs at or above a floor;
2. the decision (``decide.py``) over each pair's slots (``slots.py``: role, need, criteria,
   Gherkin steps), with a reason a person can read;
3. groups (``assemble.py``): duplicates (and, with ``merge_overlaps``, overlaps) form merge
   groups, never holding two stories decided to be anything else; conflicts form "conflict"
   groups of stories that are in no merge group; every other decided pair is a Link.
"""

from __future__ import annotations

from storytransformer.relate.assemble import Relations, relate
from storytransformer.relate.decide import Cutoffs, Decision, decide
from storytransformer.relate.slots import Slots, story_slots

__all__ = ["relate", "Relations", "decide", "Decision", "Cutoffs", "story_slots", "Slots",
           "decide_stories"]


def decide_stories(a, b, similarity: float, cutoffs: Cutoffs | None = None) -> Decision:
    """The relation of two ``Story`` records given their similarity (0..1)."""
    from storytransformer.group.normalize import verbatim_key

    same = bool(verbatim_key(a)) and verbatim_key(a) == verbatim_key(b)
    return decide(story_slots(a), story_slots(b), similarity, cutoffs or Cutoffs(), same_text=same)
