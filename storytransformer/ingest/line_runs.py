"""A section's body as runs of line numbers over the file's lines, not a pair per line.

A (line number, text) tuple per line cost ~100 bytes however short the line: a Markdown file
of 52 MB that was mostly blank lines took 3.6 GB (69x its size) and 168 s (issue 17). Here a
body is a few ``[first, last]`` runs over the one list of lines the reader already holds,
plus the odd line read as something else (a rule read as a blank, a sub-heading folded into
the story above); iterating still gives ``(line number, text)`` pairs, made on the fly."""

from __future__ import annotations

from array import array
from itertools import compress
from typing import Iterator


class LineRuns:
    """Lines of a file, in order, as ``(line number, text)`` pairs (1-based numbers)."""

    __slots__ = ("lines", "runs")

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.runs: list = []  # [first, last] (the file's own lines) or (line, text) (a substitute)

    def append(self, lineno: int, text: str | None = None) -> None:
        """Line ``lineno`` as in the file, or read as ``text`` instead."""
        runs = self.runs
        if text is not None:
            runs.append((lineno, text))
        elif runs and type(runs[-1]) is list and runs[-1][1] == lineno - 1:
            runs[-1][1] = lineno
        else:
            runs.append([lineno, lineno])

    def append_range(self, first: int, last: int) -> None:
        """Lines ``first``..``last`` as in the file (nothing when last < first)."""
        if last < first:
            return
        runs = self.runs
        if runs and type(runs[-1]) is list and runs[-1][1] == first - 1:
            runs[-1][1] = last
        else:
            runs.append([first, last])

    def extend(self, other: "LineRuns") -> None:
        self.runs.extend(list(r) if type(r) is list else r for r in other.runs)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        lines = self.lines
        for run in self.runs:
            if type(run) is list:
                for n in range(run[0], run[1] + 1):
                    yield n, lines[n - 1]
            else:
                yield run

    def nonblank(self) -> Iterator[tuple[int, str]]:
        """The pairs whose text holds more than whitespace, blank runs skipped at C speed."""
        lines = self.lines
        for run in self.runs:
            if type(run) is list:
                for i in nonblank(lines, run[0] - 1, run[1]):
                    yield i + 1, lines[i]
            elif run[1].strip():
                yield run

    def paragraphs(self) -> list[list[tuple[int, str]]]:
        """The non-blank pairs grouped into paragraphs: a blank line (or a substitute that is
        blank, a rule) ends one; the same as grouping the pairs one by one."""
        lines = self.lines
        paras: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        for run in self.runs:
            if type(run) is not list:
                if run[1].strip():
                    current.append(run)
                elif current:
                    paras.append(current)
                    current = []
                continue
            expect = run[0] - 1  # the index the next line has when no blank line is between
            for i in nonblank(lines, run[0] - 1, run[1]):
                if i != expect and current:
                    paras.append(current)
                    current = []
                current.append((i + 1, lines[i]))
                expect = i + 1
            if expect != run[1] and current:  # blank lines end this run
                paras.append(current)
                current = []
        if current:
            paras.append(current)
        return paras

    def __bool__(self) -> bool:
        return bool(self.runs)

    def last(self) -> tuple[int, str]:
        run = self.runs[-1]
        return (run[1], self.lines[run[1] - 1]) if type(run) is list else run


def nonblank(lines: list[str], start: int = 0, stop: int | None = None) -> array:
    """0-based indices of the lines of ``lines[start:stop]`` that hold more than whitespace,
    found at C speed (a Python loop over millions of blank lines took minutes)."""
    stop = len(lines) if stop is None else stop
    part = lines if start == 0 and stop == len(lines) else lines[start:stop]
    # (a slice, not itertools.islice: islice walks the list from its start every time)
    return array("q", compress(range(start, stop), map(str.strip, part)))


def iter_nonblank(text: str, chunk: int = 1 << 20) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line of ``text`` that holds more than whitespace, split a
    chunk of about ``chunk`` characters at a time: the whole file's lines are never held at
    once."""
    pos, base = 0, 1
    while pos < len(text):
        end = text.find("\n", pos + chunk)
        if end < 0:
            end = len(text)
        lines = text[pos:end].split("\n")
        for i in nonblank(lines):
            yield base + i, lines[i]
        base += len(lines)
        pos = end + 1
