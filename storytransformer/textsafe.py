"""Text that can always be written: lone UTF-16 surrogates replaced by U+FFFD.

A JSON string may spell half a character (``"\\ud83d"``, a title cut inside an emoji, or a
model answer cut mid-character). Python decodes it into a ``str`` it cannot encode as UTF-8,
and whatever writes or hashes that text later fails (a journal line, --out, a tokenizer).
Ingest (stories) and generate (model answers) clean text at their edges with this.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, int]:
    """(text with every lone surrogate replaced by U+FFFD, how many were replaced)."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def safe(text: str) -> str:
    """``text`` with lone surrogates replaced; the same object when there are none."""
    return clean_text(text)[0]
