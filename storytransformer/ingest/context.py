"""Per-file reading state: where stories come from, how they are numbered, and where problems go."""

from __future__ import annotations

from dataclasses import dataclass, field

from storytransformer.ingest.strict_stop import strict_error
from storytransformer.stories import IngestWarning, ParentItem, Story


@dataclass
class FileContext:
    """Handed to every format reader. ``display`` is the path as the user gave it (for
    messages and Story.source); ``rel`` is the path relative to the ingested root (for ids)."""

    display: str
    rel: str
    format: str
    strict: bool = False
    warnings: list[IngestWarning] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    parents: list[ParentItem] = field(default_factory=list)  # tracker parent rows (epics)
    # Lines a line-based reader read and deliberately kept out of every story (headings used
    # as epics, an introduction, front matter): line -> why. The conservation check reports
    # them; a line in no story and not here is a reader bug, reported loudly.
    context_lines: dict[int, str] = field(default_factory=dict)
    # Lines taken out of the text before it was read (comment lines of a .txt file): line ->
    # why. Reported as not read even inside a story's [line, end_line], since no story holds
    # their text (ingest/text_comments.py).
    removed_lines: dict[int, str] = field(default_factory=dict)
    # The same for whole spans of lines (first, last, why): a JSON epic holding its stories.
    context_spans: list[tuple[int, int, str]] = field(default_factory=list)
    # False when the reader could not place its stories on lines exactly (a JSON list it had
    # to find by its items' text): the line check is not run then, rather than run wrong.
    line_check: bool = True
    encoding: str = "utf-8"  # as decoded (see decode.decode_file)
    encoding_guessed: bool = False  # chosen by the detector, not a BOM / valid UTF-8 / option
    ledger: object = None  # conservation.FileLedger once the file is read and checked

    def context(self, line: int, why: str) -> None:
        self.context_lines.setdefault(line, why)

    def context_span(self, first: int, last: int, why: str) -> None:
        self.context_spans.append((first, last, why))

    def warn(self, line: int | None, message: str, *, skipped: bool = False) -> None:
        # Strict mode stops at the first problem; otherwise the problem is recorded and the
        # reader goes on, so one broken row never sinks the rest of the file.
        if self.strict:
            raise strict_error(self.display, message, line)
        self.warnings.append(IngestWarning(self.display, line, message, skipped))

    def add(self, *, text: str, line: int, key: str | None = None, **fields) -> Story:
        ordinal = len(self.stories) + 1
        story_id = key.strip() if key and key.strip() else f"{self.rel}#{ordinal}"
        story = Story(id=story_id, text=text, source=self.display, line=line,
                      format=self.format, **fields)
        self.stories.append(story)
        return story
