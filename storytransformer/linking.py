"""Relations in the outputs: which candidate groups are merged, and the links a person reads.

Only "duplicate" groups are merged (and "overlap" groups with ``--merge-overlaps``). Every
other group is kept: its stories stay unchanged, and the relation becomes links between
them. A "conflict" group is never merged: both sides stay as written, each flagged
"conflict with X: <reason>" so a person decides. Links come from the relation step
(``stories.Link``, any pair of stories); a kept group whose pairs have no link of their own
gets one from the group, so its relation is always visible.

``attach_links`` writes each link onto both output stories (``OutputStory.relates_to``) and
returns the run's list of links (merged.json's top-level "links"). Links between stories that
ended up in one output (merged together) say nothing new and are left out.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any, Callable, Iterable, Sequence

from storytransformer.results import OutputStory
from storytransformer.stories import Group, Link

STAR_ABOVE = 6
MAX_RELATED = 10  # "related" links written per story (the strongest); see strongest_related
RANK = {"conflict": 0, "overlap": 1, "duplicate": 2, "related": 3}  # one link per pair: the most telling  # a kept group larger than this links its members to its first story only


def merges(group: Group, merge_overlaps: bool = False) -> bool:
    """True when a candidate group's stories may be merged into one."""
    if group.is_singleton:
        return False
    return group.relation == "duplicate" or (group.relation == "overlap" and merge_overlaps)


def group_links(group: Group, links: Iterable[Link] = ()) -> list[Link]:
    """The links a kept group's members still need: one per pair (star from the first member
    above ``STAR_ABOVE``) made from the group (its relation, its cohesion score), except where
    the relation step already gave that pair a link of the group's relation."""
    ids = group.story_ids
    known = {frozenset((l.source, l.target)) for l in links
             if l.source in ids and l.target in ids and l.relation == group.relation}
    pairs = combinations(ids, 2) if len(ids) <= STAR_ABOVE else ((ids[0], other) for other in ids[1:])
    reason = f"in one {group.relation} group (cohesion {group.score:.2f})"
    return [Link(a, b, group.relation, round(group.score, 4), reason)
            for a, b in pairs if frozenset((a, b)) not in known]


def kept_outputs(group: Group, stories: Sequence, group_id: str | None = None) -> list[OutputStory]:
    """A group that is not merged: every story unchanged (links and flags come later)."""
    return [OutputStory.unchanged(s, group_id or group.id) for s in stories]


def _link_entry(link: Link, here: str, there: str, other: OutputStory) -> dict[str, Any]:
    # "source"/"target": the link's own order, which its reason follows ("'24 hours' vs '1 hour'")
    return {"id": other.id, "story": there, "from": here, "relation": link.relation,
            "score": link.score, "reason": link.reason, "source": link.source, "target": link.target,
            "possible_duplicate": link.possible_duplicate}


def _flag(link: Link, other_story: str) -> str:
    """"conflict with X: <reason>" on one side of a conflict. The reason compares the stories
    in the link's order ("'24 hours' vs '1 hour'", "the second story rules out ..."); on a
    card that order is not visible, so the stories are named: "the first story" becomes the
    other story's id or "this story", and a comparison on the link's target side says whose
    words come first."""
    reason = link.reason or "the stories contradict each other"
    here_first = other_story == link.target
    for nth, first in (("the first story", True), ("the second story", False)):
        reason = reason.replace(nth, "this story" if first == here_first else other_story)
    if not here_first and "' vs " in reason:
        return f"conflict with {other_story} ({other_story}'s words first): {reason}"
    return f"conflict with {other_story}: {reason}"


def _pair(link: Link) -> tuple[str, str]:
    return (link.source, link.target) if link.source < link.target else (link.target, link.source)


def _one_per_pair(links: Sequence[Link], out_of: dict[str, OutputStory]) -> list[Link]:
    """The most telling link of each pair of stories in two different outputs, in order."""
    best: dict[tuple[str, str], Link] = {}
    for link in links:
        pair = _pair(link)
        if pair not in best or RANK.get(link.relation, 9) < RANK.get(best[pair].relation, 9):
            best[pair] = link
    out, seen = [], set()
    for link in links:
        pair = _pair(link)
        a, b = out_of.get(link.source), out_of.get(link.target)
        if a is not None and b is not None and a is not b and best[pair] is link and pair not in seen:
            seen.add(pair)
            out.append(link)
    return out


def strongest_related(links: Sequence[Link], end: Callable[[str], str], limit: int) -> list[int]:
    """Positions of the ``links`` to write: every link but "related" ones, and a related link
    only if it is among the ``limit`` strongest related links (score, then order) of one of its
    two ends, ``end(story id)`` (the output it is in, or the story itself). A story "related" to
    forty others is better served by its closest ten; the rest are counted, not written."""
    ranked: dict[str, list[tuple[float, int]]] = {}
    for n, link in enumerate(links):
        if link.relation == "related":
            for e in (end(link.source), end(link.target)):
                ranked.setdefault(e, []).append((-link.score, n))
    keep = {n for entries in ranked.values() for _, n in sorted(entries)[:limit]}
    # (a possible duplicate is always written: it is what a person must review, not a neighbour)
    return [n for n, link in enumerate(links) if link.relation != "related" or link.possible_duplicate or n in keep]


def attach_links(outputs: Sequence[OutputStory], links: Iterable[Link], kept_groups: Sequence[Group] = (),
                 max_related: int = MAX_RELATED) -> tuple[list[dict[str, Any]], int]:
    """Put each link between two different outputs on both of them; flag both sides of a
    conflict. ``links``: the relation step's (ids not in ``outputs`` are ignored: a link to a
    story outside this run). One link per pair (the most telling relation); "related" links
    only the ``max_related`` strongest per story. Returns (the links written, in a stable
    order, as dicts: Link's fields plus "source_output" / "target_output"; the number of
    related links left out by ``max_related``)."""
    out_of = {sid: o for o in outputs for sid in o.sources}
    given = [l for l in links if l.relation != "unrelated"]
    # The group's relation wins for its pairs (a conflict group's pair is flagged as a conflict
    # even where the relation step's pair link says otherwise): its links go first.
    given = _one_per_pair([l for g in kept_groups for l in group_links(g, given)] + given, out_of)
    shown = [given[n] for n in strongest_related(given, lambda sid: out_of[sid].id, max_related)]
    for o in outputs:
        o.relates_to = []
    written: list[dict[str, Any]] = []
    flagged: set[tuple[str, str]] = set()
    for link in shown:
        a, b = out_of[link.source], out_of[link.target]
        a.relates_to.append(_link_entry(link, link.source, link.target, b))
        b.relates_to.append(_link_entry(link, link.target, link.source, a))
        if link.relation == "conflict":
            # one flag per pair of outputs: a merged story's sources may each conflict with
            # the same other story (the strongest link comes first)
            for here, there, other in ((a, b, link.target), (b, a, link.source)):
                if (here.id, there.id) not in flagged:
                    flagged.add((here.id, there.id))
                    here.flags.append(_flag(link, other))
        # Link.to_dict's fields, spelled out: dataclasses.asdict was a third of this on 45k links
        written.append({"source": link.source, "target": link.target, "relation": link.relation,
                        "score": link.score, "reason": link.reason, "possible_duplicate": link.possible_duplicate,
                        "source_output": a.id, "target_output": b.id})
    return written, len(given) - len(shown)
