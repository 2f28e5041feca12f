"""A section's body as runs of line numbers over the file's lines, not a pair per line.

A (line number, text) tuple per line cost ~100 bytes however short the line: a Markdown file
of 52 MB that was mostly blank lines took 3.6 GB (69x its size) and 168 s (issue 17). Here a
body is a few ``[first, last]`` runs over the one list of lines the reader already holds,
plus the odd line read as something else (a rule read as a blank, a sub-heading folded into
the story above); iterating still gives ``(line number, text)`` pairs, made on the fly."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import accumulate, compress
from operator import add
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
                yield from zip(range(run[0], run[1] + 1), lines[run[0] - 1:run[1]], strict=True)
            else:
                yield run

    def nonblank(self) -> Iterator[tuple[int, str]]:
        """The pairs whose text holds more than whitespace, blank runs skipped at C speed."""
        for run in self.runs:
            if type(run) is list:
                for i, text in _nonblank_pairs(self.lines, run[0] - 1, run[1]):
                    yield i + 1, text
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
            for i, text in _nonblank_pairs(lines, run[0] - 1, run[1]):
                if i != expect and current:
                    paras.append(current)
                    current = []
                current.append((i + 1, text))
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


class SparseLines:
    """A text's lines as a read-only sequence (``len``, ``[i]``, slices) that holds, for each
    non-empty line, only its 0-based number and where it starts in the text (16 bytes); a
    line's text is cut from the text when asked for, and an empty line costs nothing. A list
    of the lines cost 8 bytes for every line plus ~50 for each non-empty one: 8x the size of
    a file of line breaks, ~2x an ordinary one. Built a chunk at a time, at C speed."""

    __slots__ = ("n", "numbers", "starts", "text")

    def __init__(self, text: str, chunk: int = 1 << 16):
        self.text = text
        self.numbers = array("q")
        self.starts = array("q")
        pos, base = 0, 0
        while True:
            end = text.find("\n", pos + chunk)
            lines = (text[pos:] if end < 0 else text[pos:end]).split("\n")
            # where each line starts: pos + the lengths before it + one "\n" each
            starts = map(add, accumulate(map(len, lines), initial=pos), range(len(lines)))
            self.numbers.extend(compress(range(base, base + len(lines)), lines))
            self.starts.extend(compress(starts, lines))
            base += len(lines)
            if end < 0:
                break
            pos = end + 1
        self.n = base

    def _text(self, k: int) -> str:
        start = self.starts[k]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(self.n)
            if step == 1:
                return list(self.run(start, stop))
            return [self[j] for j in range(start, stop, step)]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        k = bisect_left(self.numbers, i)
        return self._text(k) if k < len(self.numbers) and self.numbers[k] == i else ""

    def run(self, start: int, stop: int) -> Iterator[str]:
        """The texts of lines start..stop-1 (0-based), "" for an empty one: one bisection for
        the run, not one a line."""
        numbers = self.numbers
        k = bisect_left(numbers, start)
        for i in range(start, stop):
            if k < len(numbers) and numbers[k] == i:
                yield self._text(k)
                k += 1
            else:
                yield ""

    def nonblank_pairs(self, start: int, stop: int) -> Iterator[tuple[int, str]]:
        """(0-based number, text) of the lines start..stop-1 that hold more than whitespace."""
        numbers = self.numbers
        for k in range(bisect_left(numbers, start), bisect_left(numbers, stop)):
            text = self._text(k)
            if text.strip():
                yield numbers[k], text

    def items(self, start: int = 0) -> Iterator[tuple[int, str]]:
        """(0-based number, text) of the non-empty lines from line ``start`` on."""
        numbers = self.numbers
        for k in range(bisect_left(numbers, start), len(numbers)):
            yield numbers[k], self._text(k)

    def blank_before(self, stop: int) -> None:
        """Lines 0..stop-1 read as empty from now on (front matter, kept out of stories)."""
        k = bisect_left(self.numbers, stop)
        del self.numbers[:k]
        del self.starts[:k]

    def blank_lines(self, drop) -> None:
        """The lines whose 0-based numbers are in ``drop`` read as empty from now on
        (comment lines of a text file, kept out of stories; ingest/text_comments.py)."""
        drop = set(drop)
        keep = [n not in drop for n in self.numbers]
        self.numbers = array("q", compress(self.numbers, keep))
        self.starts = array("q", compress(self.starts, keep))

    def nonblank(self, start: int, stop: int) -> array:
        lo, hi = bisect_left(self.numbers, start), bisect_left(self.numbers, stop)
        return array("q", compress(self.numbers[lo:hi], map(str.strip, map(self._text, range(lo, hi)))))


def _nonblank_pairs(lines, start: int, stop: int) -> Iterator[tuple[int, str]]:
    if isinstance(lines, SparseLines):
        return lines.nonblank_pairs(start, stop)
    return ((i, lines[i]) for i in nonblank(lines, start, stop))


def nonblank(lines, start: int = 0, stop: int | None = None) -> array:
    """0-based indices of the lines of ``lines[start:stop]`` that hold more than whitespace,
    found at C speed (a Python loop over millions of blank lines took minutes). ``lines`` is
    a list of str or a SparseLines."""
    stop = len(lines) if stop is None else stop
    if isinstance(lines, SparseLines):
        return lines.nonblank(start, stop)
    part = lines if start == 0 and stop == len(lines) else lines[start:stop]
    # (a slice, not itertools.islice: islice walks the list from its start every time)
    return array("q", compress(range(start, stop), map(str.strip, part)))


def iter_nonblank(text: str, chunk: int = 1 << 16) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line of ``text`` that holds more than whitespace, split a
    chunk of about ``chunk`` characters at a time: the whole file's lines are never held at
    once (64 K characters of line breaks split into a list of 512 KB)."""
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
