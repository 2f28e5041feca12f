"""The originals a flagged merge keeps for review, as rows of their own.

A flagged output story (a merge that failed verification, or an extractive merge made without a
model) stands for several input stories, but its text is one story's words or the model's.
merged.md lists the originals under it; the files a team imports (merged.csv for Jira or Azure
DevOps, merged.json) must carry them too, or a source's text is lost on import. So each source
whose text the flagged row does not already hold word for word becomes a row of its own:
decision "original", labelled ``kept-original`` and flagged for review, pointing at the merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from storytransformer.results import MergeRun, OutputStory

KEPT_LABEL = "kept-original"
KEPT_DECISION = "original"


@dataclass(frozen=True)
class KeptOriginal:
    """``row``: the original as an output story (decision "original"); ``merge``: the flagged
    output story it belongs to; ``source``/``line``: where the original was read."""

    row: OutputStory
    merge: OutputStory
    source: str
    line: int


def _lines(text: str) -> list[str]:
    from storytransformer.write.issue_text import _AC_HEADING, _norm

    return [n for n in (_norm(ln.lstrip("#").strip()) for ln in str(text).splitlines())
            if n and not _AC_HEADING.match(n)]


def _held_by(text: str, o: OutputStory) -> bool:
    """True when every line of ``text`` is in the output story's title, text or criteria."""
    blob = " \n ".join(_lines(o.title) + _lines(o.text) + [x for c in o.acceptance_criteria for x in _lines(c)])
    return all(line in blob for line in _lines(text))


def kept_originals(run: MergeRun) -> list[KeptOriginal]:
    """Every source of a flagged output story whose text that story does not hold, in output
    order (a source whose text is the flagged row's own is not repeated)."""
    kept = []
    for o in run.stories:
        if o.decision != "flagged" or len(o.sources) < 2:
            continue
        for sid in o.sources:
            src = run.originals.get(sid)
            if src is None or _held_by(src.text, o):
                continue
            note = (f"original of {sid}, kept for review beside the flagged merge {o.id}: "
                    "keep this story or the merge, not both")
            row = OutputStory.unchanged(src, o.group_id, flags=[note])
            row = OutputStory.from_dict({**row.to_dict(), "decision": KEPT_DECISION,
                                         "labels": list(src.labels) + [KEPT_LABEL]})
            kept.append(KeptOriginal(row, o, src.source, src.line))
    return kept


def kept_after(run: MergeRun) -> dict[str, list[KeptOriginal]]:
    """``kept_originals`` by the id of the flagged output story they follow."""
    by_merge: dict[str, list[KeptOriginal]] = {}
    for k in kept_originals(run):
        by_merge.setdefault(k.merge.id, []).append(k)
    return by_merge


def kept_json(run: MergeRun) -> list[dict]:
    """merged.json's "kept_originals": each row's fields plus "kept_for" (the merge's id),
    "source" and "line"."""
    return [{**k.row.to_dict(), "kept_for": k.merge.id, "source": k.source, "line": k.line}
            for k in kept_originals(run)]
