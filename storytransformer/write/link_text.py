"""One link between two stories, written so a person sees both ends: each story's id, title
and where it is (file:line), the relation, and the reason, in the link's own order.

    link_parts(entry, run)   # LinkParts(first=End(...), words="conflicts with", second=End(...), reason=...)

Why the link's order: reasons compare the two stories in that order ("'24 hours' vs '1 hour'",
"the second story asks for more"), so a line that puts the card's own story first on one card
and second on the other would pair the reason's sides with the wrong stories. The entry is a
merged.json link ("source"/"target") or a story's ``relates_to`` entry (``linking.py``: "from",
"story", and "source"/"target" when written by this version; older runs: "from" first).
"""

from __future__ import annotations

from dataclasses import dataclass

from storytransformer.results import MergeRun

TITLE_CHARS = 70  # of a story's title (or first line) shown beside its id


@dataclass(frozen=True)
class End:
    """One story of a link: its id, a short title, file:line, and the output it is in."""

    id: str
    title: str
    where: str  # "file:line", "" when the story is not among the run's originals
    output: str  # the output story's id ("" when it is the story's own id)


@dataclass(frozen=True)
class LinkParts:
    first: End
    words: str  # "related to", "overlaps", "conflicts with", ...
    second: End
    reason: str


def link_parts(entry: dict, run: MergeRun, here: str | None = None) -> LinkParts:
    """Both ends of a link (a merged.json link or a ``relates_to`` entry), in the link's order.
    ``here``: the output story the link is shown on; its own end is then only id and file:line
    (its title and output are the card's own)."""
    from storytransformer.write.report_links import RELATION_WORDS

    source = entry.get("source") or entry.get("from") or ""
    target = entry.get("target") or (entry.get("story") if source == entry.get("from") else entry.get("from")) or ""
    where: dict[str, str] = {}
    if entry.get("source_output"):
        where.update({entry["source"]: entry["source_output"], entry["target"]: entry["target_output"]})
    if entry.get("story") and entry.get("id"):
        where[entry["story"]] = entry["id"]
    relation = entry.get("relation", "related")
    own = entry.get("from") if here else None
    words = RELATION_WORDS.get(relation, relation)
    if entry.get("possible_duplicate"):  # write/possible_duplicates.py: kept apart by a soft rule
        words += " (possible duplicate, not merged: please review)"
    return LinkParts(_end(source, run, where.get(source, ""), source == own), words,
                     _end(target, run, where.get(target, ""), target == own), entry.get("reason") or "")


def _end(sid: str, run: MergeRun, output: str, own: bool = False) -> End:
    story = run.originals.get(sid)
    if own:  # the story of the card the link is shown on: which of its sources, and where
        return End(sid, "", f"{story.source}:{story.line}" if story else "", "")
    if story is None:
        return End(sid, "", "", "" if output == sid else output)
    title = story.title or story.goal or (story.text.strip().splitlines() or [""])[0]
    title = " ".join(title.split())
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return End(sid, title, f"{story.source}:{story.line}", "" if output == sid else output)


def end_text(end: End, bold=lambda s: s, esc=lambda s: s) -> str:
    """'**FC-105** “Move my slot” (freshcart/jira.csv:41, in M-0012)' with ``bold`` and
    ``esc`` for the target format (Markdown, HTML)."""
    place = ", ".join(filter(None, (esc(end.where), f"in {esc(end.output)}" if end.output else "")))
    return (bold(esc(end.id)) + (f" “{esc(end.title)}”" if end.title else "")
            + (f" ({place})" if place else ""))
