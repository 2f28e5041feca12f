"""The records merge produces: output stories and the run that made them (what writers read)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from storytransformer.stories import IngestWarning, Story

def merged_id(sources: tuple[str, ...]) -> str:
    """Stable id of a merged story: the same sources give the same id in every run."""
    return "M-" + hashlib.sha1("\n".join(sorted(sources)).encode()).hexdigest()[:10]


@dataclass
class OutputStory:
    """One story of the merged backlog.

    decision: "merged" (verified merge of its sources), "unchanged" (an original kept as is),
    "flagged" (a merge that failed verification: kept for review, originals shown beside it).
    ``flags`` say why a human should look (also set on unchanged stories the model dropped)."""

    id: str
    decision: str
    sources: tuple[str, ...]
    group_id: str
    title: str = ""
    role: str = ""
    goal: str = ""
    benefit: str = ""
    acceptance_criteria: tuple[str, ...] = ()
    text: str = ""
    labels: tuple[str, ...] = ()
    epic: str | None = None
    grounding: float = 1.0
    field_scores: dict[str, float] = field(default_factory=dict)
    unsupported: list[dict[str, Any]] = field(default_factory=list)  # Span.to_dict()
    conflicts: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # Per acceptance criterion (same order), the input story ids it comes from, the one whose
    # words are used first; empty when unknown (a model's merge that does not say).
    criterion_sources: list[list[str]] = field(default_factory=list)
    # Stories this one is linked to but not merged with (linking.attach_links): dicts with
    # "id" (the other output story), "story" (the other input id), "from" (this story's input
    # id), "relation" (related / overlap / conflict / duplicate), "score", "reason".
    relates_to: list[dict[str, Any]] = field(default_factory=list)
    # An extractive merge made because the model's merge failed verification keeps that
    # merge here for the reviewer: its fields, "grounding", "unsupported" spans, "reasons".
    rejected: dict[str, Any] | None = None

    @property
    def needs_review(self) -> bool:
        return self.decision == "flagged" or bool(self.flags)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sources"] = list(self.sources)
        d["acceptance_criteria"] = list(self.acceptance_criteria)
        d["labels"] = list(self.labels)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "OutputStory":
        d = dict(d)
        for key in ("sources", "acceptance_criteria", "labels"):
            d[key] = tuple(d.get(key) or ())
        return cls(**d)

    @classmethod
    def unchanged(cls, story: Story, group_id: str, flags: list[str] | None = None) -> "OutputStory":
        return cls(
            id=story.id,
            decision="unchanged",
            sources=(story.id,),
            group_id=group_id,
            title=story.title,
            role=story.role or "",
            goal=story.goal or "",
            benefit=story.benefit or "",
            acceptance_criteria=story.acceptance_criteria,
            text=story.text,
            labels=story.labels,
            epic=story.epic,
            flags=list(flags or []),
        )


def render_text(role: str, goal: str, benefit: str, sources: Sequence[str] = ()) -> str:
    """'As a <role>, I want to <goal>, so that <benefit>.' ``sources``: the texts the story
    comes from, which decide whether "to" belongs before the goal (narrative_text.py)."""
    from storytransformer.narrative_text import indefinite_article, want_phrase

    parts = []
    if role:
        parts.append(f"As {indefinite_article(role)} {role}")  # "an employee", "a user", "an HR lead"
    if goal:
        parts.append(want_phrase(goal, sources))
    if benefit:
        parts.append(f"so that {benefit}")
    return (", ".join(parts) + ".") if parts else ""


@dataclass
class GroupRecord:
    """One finished group, as journaled: replaying these records rebuilds the run."""

    group_id: str
    story_ids: tuple[str, ...]
    outputs: list[OutputStory]
    calls: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    kind: str = "model"  # model | copies (identical, no call) | extractive (--merger extractive) | kept
    relation: str = "duplicate"  # the group's stories.Group.relation
    reason: str = ""  # the group's stories.Group.reason: why it is a group ("A + B: same need, ...")

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "story_ids": list(self.story_ids),
            "outputs": [o.to_dict() for o in self.outputs],
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "output_tokens": self.output_tokens,
            "seconds": self.seconds,
            "problems": self.problems,
            "raw": self.raw,
            "kind": self.kind,
            "relation": self.relation,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "GroupRecord":
        return cls(
            group_id=d["group_id"],
            story_ids=tuple(d["story_ids"]),
            outputs=[OutputStory.from_dict(o) for o in d["outputs"]],
            calls=d.get("calls", 0),
            prompt_tokens=d.get("prompt_tokens", 0),
            output_tokens=d.get("output_tokens", 0),
            seconds=d.get("seconds", 0.0),
            problems=list(d.get("problems", [])),
            raw=list(d.get("raw", [])),
            kind=d.get("kind") or ("model" if d.get("calls") else "copies"),
            relation=d.get("relation", "duplicate"),
            reason=d.get("reason", ""),
        )


@dataclass
class MergeRun:
    """Everything the writers need."""

    stories: list[OutputStory]  # the merged backlog, in corpus order of first source
    originals: dict[str, Story]  # id -> input story
    groups: list[GroupRecord]  # model groups only (singletons never reach the model)
    metadata: dict[str, Any]  # model, prompt versions, settings, counts, timing
    warnings: list[IngestWarning] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # linking.attach_links: merged.json "links"
