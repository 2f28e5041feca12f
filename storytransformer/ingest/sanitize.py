"""Valid Unicode at the edge: what leaves ingest can always be encoded as UTF-8.

JSON may spell half a character: ``"\\ud83d"`` (a tracker cutting a title inside an emoji)
decodes to a lone UTF-16 surrogate, a ``str`` Python holds but cannot encode. Left in a
story it crashes whatever writes or hashes the text later (``--out``, the tokenizer, the
embedding cache, the merge journal). Each lone surrogate becomes U+FFFD, with a warning
naming file:line; a valid surrogate *pair* spelled as two escapes was already joined into one
character by the JSON decoder and is not touched.
"""

from __future__ import annotations

import dataclasses

from storytransformer.stories import IngestWarning, Story
from storytransformer.textsafe import clean_text

_TEXT_FIELDS = ("id", "text", "source", "title", "role", "goal", "benefit", "epic")


def clean_story(story: Story) -> tuple[Story, int]:
    """The story with valid Unicode in every text field, and the number of replacements."""
    changes: dict = {}
    count = 0
    for name in _TEXT_FIELDS:
        value = getattr(story, name)
        if isinstance(value, str):
            fixed, n = clean_text(value)
            if n:
                changes[name] = fixed
                count += n
    for name in ("acceptance_criteria", "labels"):
        values = getattr(story, name)
        fixed_all = [clean_text(v) for v in values]
        if any(n for _, n in fixed_all):
            changes[name] = tuple(v for v, _ in fixed_all)
            count += sum(n for _, n in fixed_all)
    return (dataclasses.replace(story, **changes) if changes else story), count


def clean_stories(stories: list[Story]) -> tuple[list[Story], list[IngestWarning]]:
    out, warnings = [], []
    for story in stories:
        fixed, n = clean_story(story)
        if n:
            warnings.append(IngestWarning(fixed.source, fixed.line, (
                "broken character(s) (half of a UTF-16 surrogate pair, e.g. a cut emoji) "
                "replaced with U+FFFD")))
        out.append(fixed)
    return out, warnings


def clean_warning(w: IngestWarning) -> IngestWarning:
    path, n1 = clean_text(w.path)
    message, n2 = clean_text(w.message)
    return dataclasses.replace(w, path=path, message=message) if n1 or n2 else w


def clean_parent(parent):
    """A tracker parent row (stories.ParentItem) with valid Unicode in its key and title."""
    title, n1 = clean_text(parent.title or "")
    key, n2 = clean_text(parent.key) if parent.key else (parent.key, 0)
    return dataclasses.replace(parent, title=title, key=key) if n1 or n2 else parent
