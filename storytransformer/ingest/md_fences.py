"""Fenced code blocks (``` and ~~~, with an info string, indented in a list item, or left
open at the end of the file) in a Markdown or text backlog: one unit each, found by a
CommonMark parser (markdown-it-py, already used for descriptions) rather than a regex that
toggles on every marker. A code block is part of the story it sits in (or, before the first
story, reported as not read); its marker lines are never stories and an "As a … I want"
line inside it never starts one (tester report 25, finding 7: "```" became a story of its
own and the example narrative inside the fence another).

A fence whose content opens with Gherkin (```gherkin / "Scenario:" / "Escenario:" …) is not
taken out: md_scenarios.py reads its scenarios as stories, as before."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _parser():
    """CommonMark block rules only: fences, and the containers a fence can sit in (lists,
    block quotes); indented code so that a 4-space "```" is code, not a fence."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["fence", "list", "blockquote", "code", "html_block"])
    return md.disable("inline")


def _gherkin(content: str, info: str) -> bool:
    """Does the block hold Gherkin scenarios (read as stories by md_scenarios.py)?"""
    from storytransformer.ingest.gherkin_words import line_kinds

    if info.strip().lower().split()[:1] in (["gherkin"], ["feature"], ["cucumber"]):
        return True
    lines = [ln for ln in content.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return bool(lines) and line_kinds(lines[:8])[0] is not None


def fence_ranges(text: str, gherkin: bool = False) -> list[tuple[int, int]]:
    """(first line, last line), 1-based and inclusive, of each fenced code block of ``text``
    (those holding Gherkin only when ``gherkin``), markers included; an unclosed fence runs to
    the end of its container (the file, a list item). [] when the text has no ``` or ~~~
    (no parse then)."""
    code, every = code_and_all(text)
    return every if gherkin else code


def code_and_all(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the code blocks that are not Gherkin, every fenced block) of ``text``, in one parse."""
    if "```" not in text and "~~~" not in text:
        return [], []
    code, every = [], []
    for tok in _parser().parse(text):
        if tok.type == "fence" and tok.map is not None:
            first, end = tok.map
            every.append((first + 1, max(first + 1, end)))
            if not _gherkin(tok.content, tok.info):
                code.append(every[-1])
    return code, every


def fenced_lines(ranges: list[tuple[int, int]]) -> frozenset[int]:
    """Every line number inside ``ranges`` (markers included)."""
    return frozenset(n for a, b in ranges for n in range(a, b + 1))


def without_code(lines: list[str]) -> list[str]:
    """``lines`` (one story's text) with each non-Gherkin fenced code block's lines blanked:
    what the narrative, criteria and two-narrative checks read (the text keeps them)."""
    fenced = fenced_lines(fence_ranges("\n".join(lines)))
    return [("" if n in fenced else ln) for n, ln in enumerate(lines, 1)] if fenced else lines
