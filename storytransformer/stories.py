"""The plain records that flow between pipeline stages."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Story:
    """One user story as found in the corpus.

    ``id`` is the tracker key when the source has one, else derived from the file's path
    (relative to the ingested root) and the story's ordinal in that file, so it is stable
    across runs as long as the file is unchanged.
    """

    id: str
    text: str  # the raw text as found, never rewritten: the ground truth for verification
    source: str  # file path as given / relative to the ingested root
    line: int  # 1-based line where the story starts
    format: str  # markdown | text | csv | json | jsonl | gherkin
    title: str = ""
    role: str | None = None
    goal: str | None = None
    benefit: str | None = None
    acceptance_criteria: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    epic: str | None = None
    parsed: bool = True  # False: could not be structured, kept as raw text (never dropped)
    end_line: int | None = None  # 1-based last line of the story in its file (None: unknown)
    # A tracker export's own fields, as written, so merged.csv can give them back
    # (write/tracker_fields.py); "" when the source has none.
    item_type: str = ""  # work item / issue type: "Bug", "User Story", "Story", "Task"
    state: str = ""  # Azure DevOps State: "New", "Active" (not Jira's Status: other words)
    area_path: str = ""  # Azure DevOps Area Path: "Project\\Team"
    # The export's other columns (Sprint, Priority, Status, Assignee, Story Points, ...), which
    # no field above reads: (column name as written, cell), in column order, empty cells left
    # out; a repeated column (Jira's "Sprint, Sprint") gives one pair per cell. merged.json and
    # merged.csv give them back (write/source_fields.py); a tester's sprints were lost.
    source_fields: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["acceptance_criteria"] = list(self.acceptance_criteria)
        d["labels"] = list(self.labels)
        d["source_fields"] = [list(p) for p in self.source_fields]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Story":
        d = dict(d)
        d["acceptance_criteria"] = tuple(d.get("acceptance_criteria") or ())
        d["labels"] = tuple(d.get("labels") or ())
        d["source_fields"] = tuple(tuple(p) for p in d.get("source_fields") or ())
        return cls(**d)


@dataclass(frozen=True)
class IngestWarning:
    """Something in the corpus that could not be read as intended; always names file:line."""

    path: str
    line: int | None
    message: str
    skipped: bool = False  # True: the whole file was skipped (binary, bad encoding, empty)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ParentItem:
    """A tracker row read as a parent (an Epic or Feature that names its children's epic),
    not as a story: reported so that no row of an export is silently lost."""

    path: str
    line: int
    key: str | None
    title: str
    kind: str  # the row's work item / issue type ("Epic", "Feature"), or "parent"
    children: int = 0  # stories in the same file whose epic this row gave

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} {self.title!r} read as the parent of " \
               f"{self.children} stor{'y' if self.children == 1 else 'ies'}"


@dataclass
class Corpus:
    stories: list[Story] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files read (not the skipped ones)
    parents: list[ParentItem] = field(default_factory=list)  # parent rows, read but not stories
    # One ingest.conservation.FileLedger per file read: its encoding and, for line-based
    # files, where every line went (in a story, or reported as not read and why).
    ledgers: list[Any] = field(default_factory=list)

    def by_id(self) -> dict[str, Story]:
        return {s.id: s for s in self.stories}


RELATIONS = ("duplicate", "overlap", "conflict", "related", "unrelated")


@dataclass(frozen=True)
class Link:
    """A decided relation between two stories (ids), with the reason a person can read.

    relation: "duplicate" (same need), "overlap" (one contains the other), "conflict" (same
    need, contradicting details), "related" (same area or template, different need).
    Links that are not merged (related, conflict, overlap when overlaps are not merged) are
    reported in the outputs; they never move a story into another's merge."""

    source: str
    target: str
    relation: str
    score: float = 0.0
    reason: str = ""
    # True on a "related" link that only a soft rule (no hard evidence: the sameness gate,
    # complete linkage; see relate/decide.SOFT_KINDS, assemble.NEED_MEANING_POSSIBLE) kept from
    # being a duplicate: never merged, shown to a person as "possible duplicate, please review"
    possible_duplicate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (source, target, relation, score, reason, possible_duplicate);
        readers of older files take a missing "possible_duplicate" as False."""
        # (not dataclasses.asdict: its deep copy of plain values took 0.7 s of 150,000 links)
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Group:
    """Candidate set of related stories; singletons never go to the model.

    ``relation`` is what was decided among the members: "duplicate" and "overlap" groups may
    be merged; a "conflict" group is never merged (both sides shown to a person)."""

    story_ids: tuple[str, ...]
    score: float = 1.0  # cohesion (e.g. min/mean similarity inside the group)
    relation: str = "duplicate"
    # why: the decisive pair's reason, "A + B: same need, ..." (relate/group_reason.py); "" when
    # unknown (a singleton, a part of a split group, the lexical grouper)
    reason: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        # Stable across runs and independent of order: the journal keys resumed work on it.
        digest = hashlib.sha1("\n".join(sorted(self.story_ids)).encode()).hexdigest()
        return f"g-{digest[:12]}"

    @property
    def is_singleton(self) -> bool:
        return len(self.story_ids) == 1
