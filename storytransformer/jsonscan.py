"""The one string-aware JSON bracket scanner: where a JSON value closes, which objects are
complete. Pure Python, fed text whole or in pieces.

Two readers share it: the engine's stop rule (runtime/stops.py: end generation as soon as the
answer's JSON closes, fed token by token) and the lenient answer parser (generate.py: rescue
the complete story objects of a truncated answer). One definition of "outside a string" (a
backslash escapes the next character) so the two never disagree on where an answer ends.
"""

from __future__ import annotations

from typing import Iterator

OPENERS = "{["


class Brackets:
    """Yields the brackets ``{ } [ ]`` that stand outside strings, with their index in the
    text given to ``scan``. The string state carries over between calls, so text can come in
    pieces. ``quotes``: the characters that open a string (JSON: ``"``; the lenient parser
    also takes Python's ``'``)."""

    __slots__ = ("quotes", "quote", "escaped")

    def __init__(self, quotes: str = '"') -> None:
        self.quotes = quotes
        self.quote = ""  # the quote character of the string we are in, "" outside strings
        self.escaped = False

    def scan(self, text: str, start: int = 0) -> Iterator[tuple[int, str]]:
        for i in range(start, len(text)):
            ch = text[i]
            if self.quote:
                if self.escaped:
                    self.escaped = False
                elif ch == "\\":
                    self.escaped = True
                elif ch == self.quote:
                    self.quote = ""
            elif ch in self.quotes:
                self.quote = ch
            elif ch in "{}[]":
                yield i, ch


def _first_opener(text: str) -> int:
    found = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    return min(found) if found else -1


class JsonEndScanner:
    """Finds where the first top-level JSON object or array closes, fed text in pieces.

    Skips text before the first ``{`` or ``[`` (quotes there do not open strings); after it
    counts brackets outside strings. ``end`` is the index just past the closing bracket, in
    characters of everything fed so far, or None while still open."""

    __slots__ = ("depth", "started", "end", "consumed", "_brackets")

    def __init__(self) -> None:
        self.depth = 0
        self.started = False
        self.end: int | None = None
        self.consumed = 0
        self._brackets = Brackets()

    @property
    def done(self) -> bool:
        return self.end is not None

    def feed(self, text: str) -> bool:
        """Consume more text; True once the top-level value is complete."""
        if self.end is not None:
            return True
        start = 0
        if not self.started:
            start = _first_opener(text)
            if start < 0:
                self.consumed += len(text)
                return False
            self.started, self.depth = True, 1
            start += 1
        for i, ch in self._brackets.scan(text, start):
            self.depth += 1 if ch in OPENERS else -1
            if self.depth == 0:
                self.end = self.consumed + i + 1
                self.consumed += len(text)
                return True
        self.consumed += len(text)
        return False


def json_end(text: str) -> int | None:
    """Index just past the first complete top-level JSON object/array in ``text``, or None."""
    s = JsonEndScanner()
    s.feed(text)
    return s.end


def complete_objects(text: str, start: int, quotes: str = "\"'") -> list[str]:
    """The complete top-level ``{...}`` objects in ``text[start:]`` (inside a list that began
    before ``start``), string-aware; stops at the list's closing ``]`` or where the text is cut."""
    out: list[str] = []
    depth, obj_start = 0, None
    for i, ch in Brackets(quotes).scan(text, start):
        if ch == "{":
            if depth == 0:
                obj_start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0 and obj_start is not None:
                out.append(text[obj_start:i + 1])
                obj_start = None
        elif ch == "]" and depth == 0:
            break  # end of the list
    return out
