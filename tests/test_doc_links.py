"""Links between the docs land: a Markdown link to another doc's section (`grouping.md#…`)
names a heading that file has (GitHub's anchor), and a cited section ("docs/grouping.md,
"The model as a judge"") is the start of one of that file's headings."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
_LINK = re.compile(r"\]\(((?:[\w./-]*/)?([\w.-]+\.md))#([\w-]+)\)")
_CITED = re.compile(r"docs/([\w.-]+\.md), \"([^\"]+)\"")


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _headings(path: Path) -> list[str]:
    return [m.group(1) for m in re.finditer(r"(?m)^#{1,6}\s+(.+?)\s*$", path.read_text(encoding="utf-8"))]


def test_section_links_and_citations_land():
    broken = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in _LINK.finditer(text):
            target = (doc.parent / m.group(1)).resolve()
            if target.is_file() and m.group(3) not in {_slug(h) for h in _headings(target)}:
                broken.append(f"{doc.name}: #{m.group(3)} not in {m.group(2)}")
        for m in _CITED.finditer(" ".join(text.split())):
            target = REPO / "docs" / m.group(1)
            heads = [re.sub(r"[`*]", "", h).lower() for h in _headings(target)] if target.is_file() else []
            if not any(h.startswith(m.group(2).lower()) for h in heads):
                broken.append(f"{doc.name}: section {m.group(2)!r} not in docs/{m.group(1)}")
    assert not broken, broken
