"""What happened to the backlog, in buckets that add up: every output story is in exactly one.

  model       merged by the model and verified against its sources
  copies      identical copies merged without a model (the text was the same)
  extractive  merged without the model's words (its answer failed, or --merger extractive):
              the most complete story plus the union of criteria, flagged for a look
  review      other stories a person must look at (a flagged merge, a story the model left out)
  unchanged   kept as they were, nothing to look at

"8 merged" used to hide that all 8 were identical copies; report.html, merged.md and the CLI
now say it with these numbers. ``related`` counts stories linked to others without a merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.results import MergeRun, OutputStory
from storytransformer.write.possible_duplicates import count as count_possible
from storytransformer.write.possible_duplicates import headline_part

BUCKETS = ("model", "copies", "extractive", "review", "unchanged")


@dataclass
class Outcome:
    buckets: dict[str, list[OutputStory]] = field(default_factory=lambda: {b: [] for b in BUCKETS})
    related: int = 0  # output stories with at least one link to another
    links: int = 0

    def count(self, bucket: str) -> int:
        return len(self.buckets[bucket])


def bucket_of(o: OutputStory, kinds: dict[str, str]) -> str:
    from storytransformer.extractive import is_extractive

    if is_extractive(o):
        return "extractive"
    if o.needs_review:
        return "review"
    if o.decision == "merged":
        return "copies" if kinds.get(o.group_id) == "copies" else "model"
    return "unchanged"


def classify(run: MergeRun) -> Outcome:
    kinds = {r.group_id: r.kind for r in run.groups}
    out = Outcome()
    for o in run.stories:
        out.buckets[bucket_of(o, kinds)].append(o)
        if getattr(o, "relates_to", None):
            out.related += 1
    out.links = len(run.links)
    return out


def outcome_counts(run: MergeRun) -> dict[str, int]:
    """The headline's numbers by bucket name (output stories; ``*_sources``: the input stories
    they came from), so report.html's tiles and merged.json say what the CLI says."""
    oc = classify(run)
    counts = {b: oc.count(b) for b in BUCKETS}
    counts.update({f"{b}_sources": _sources(oc.buckets[b]) for b in ("model", "copies", "extractive")})
    counts.update(related=oc.related, links=oc.links, possible_duplicates=count_possible(run.links))
    return counts


def _sources(stories: list[OutputStory]) -> int:
    return sum(len(o.sources) for o in stories)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _in_conflicts(run: MergeRun, oc: Outcome) -> str:
    """' (18 of them in 9 conflicts to decide)': the report shows those under "Conflicts to
    decide", not under "Needs review", whose count would otherwise not match the headline's."""
    from storytransformer.write.report_links import conflict_story_ids

    ids = conflict_story_ids(run)
    n = sum(o.id in ids for o in oc.buckets["review"])
    if not n:
        return ""
    groups = sum(1 for g in run.groups if g.kind == "kept" and g.relation == "conflict")
    return f" ({'all' if n == oc.count('review') else n} of them in {_n(groups, 'conflict', 'conflicts')} to decide)"


def headline(run: MergeRun) -> str:
    """'228 stories in, 209 out: 7 merged by the model (from 16 stories), 8 merges of identical
    copies, no model (from 19), 3 extractive merges to check (from 6), 2 to review, 189
    unchanged; 12 linked to other stories (15 links: 2 conflict, 13 related).' Buckets with nothing in them are left
    out ("0 merges of identical copies (from 0)" says nothing); the buckets shown add up to "out"."""
    c = run.metadata.get("counts", {})
    oc = classify(run)
    src = {b: _sources(oc.buckets[b]) for b in ("model", "copies", "extractive")}
    parts = [
        (oc.count("model"), f"{oc.count('model')} merged by the model (from {_n(src['model'], 'story', 'stories')})"),
        (oc.count("copies"), f"{_n(oc.count('copies'), 'merge', 'merges')} of identical copies, no model "
                             f"(from {src['copies']})"),
        (oc.count("extractive"), f"{_n(oc.count('extractive'), 'extractive merge', 'extractive merges')} to check "
                                 f"(from {src['extractive']})"),
        (oc.count("review"), f"{oc.count('review')} to review" + _in_conflicts(run, oc)),
        (oc.count("unchanged"), f"{oc.count('unchanged')} unchanged"),
    ]
    shown = [text for n, text in parts if n] or ["nothing"]
    text = f"{c.get('stories_in', len(run.originals))} stories in, {len(run.stories)} out: " + ", ".join(shown)
    if oc.related:
        kinds = {}
        for link in run.links:  # conflicts and overlaps are links too: "related stories" hid them
            kinds[link.get("relation")] = kinds.get(link.get("relation"), 0) + 1
        by_kind = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()) if kind)
        text += (f"; {oc.related} linked to other stories ({_n(oc.links, 'link', 'links')}"
                 + (f": {by_kind}" if by_kind else "") + ")" + headline_part(run.links))
    return text + "."
