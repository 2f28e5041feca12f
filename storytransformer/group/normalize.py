"""The text each story is matched on, and the key that makes verbatim copies identical."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from storytransformer.stories import Story

_WS = re.compile(r"\s+")
# Markup that differs between formats holding the same story (Markdown list/heading
# markers, emphasis, Jira wiki bullets) but carries no meaning for matching.
_MARKUP = re.compile(r"[#*_`>|~\[\]{}]+|^\s*(?:[-+]|\d+[.)])\s+", re.MULTILINE)
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Unicode-normalise, case-fold and collapse whitespace."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def shared_narratives(stories: Sequence[Story]) -> set[str]:
    """Ids of stories whose role/goal/benefit is shared with a different story of the same file.

    Gherkin scenarios inherit their Feature's "As a / I want / so that"; a section of a
    Markdown file may repeat one. Matched on that narrative, every scenario of a feature
    looks like a duplicate of every other; their titles and criteria are what differ.
    """
    seen: dict[tuple, set[str]] = {}
    for s in stories:
        if s.goal:
            seen.setdefault((s.source, fold(s.role or ""), fold(s.goal), fold(s.benefit or "")),
                            set()).add(verbatim_key(s))
    out = set()
    for s in stories:
        if s.goal and (s.title or s.acceptance_criteria):
            keys = seen[(s.source, fold(s.role or ""), fold(s.goal), fold(s.benefit or ""))]
            if len(keys) > 1:
                out.add(s.id)
    return out


def matching_text(story: Story, *, without_narrative: bool = False) -> str:
    """Title, role, goal, benefit and criteria as one string: what similarity is computed on.

    Structured fields are preferred over the raw text so the same story exported from Jira
    (Summary + Description columns) and written in Markdown match on content, not layout;
    unparsed stories fall back to their raw text.
    """
    parts: list[str] = []
    if story.title:
        parts.append(story.title)
    if story.goal and without_narrative:
        parts.extend(story.acceptance_criteria)
    elif story.goal:
        if story.role:
            parts.append(f"As a {story.role}")
        parts.append(f"I want {story.goal}")
        if story.benefit:
            parts.append(f"so that {story.benefit}")
        parts.extend(story.acceptance_criteria)
    else:
        parts.append(story.text)
        # Criteria parsed out of an otherwise unstructured story may not be in its text.
        parts.extend(c for c in story.acceptance_criteria if c not in story.text)
    return _MARKUP.sub(" ", " \n".join(p for p in parts if p)).strip() or story.text


def verbatim_key(story: Story) -> str:
    """Equal for copies that differ only in whitespace, case, punctuation or markup.

    Parsed stories are keyed on role/goal/benefit/criteria (titles and ids differ between
    trackers even for copy-pasted stories); unparsed ones on their raw text.
    """
    if story.goal:
        body = " | ".join([story.role or "", story.goal, story.benefit or "",
                           *story.acceptance_criteria])
    else:
        body = story.text
    body = _MARKUP.sub(" ", fold(body))
    return _WS.sub(" ", _NON_WORD.sub(" ", body)).strip()
