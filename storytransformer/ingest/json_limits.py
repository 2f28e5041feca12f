"""JSON loading with limits, so one hostile value cannot sink the file or the run.

``json.loads`` raises RecursionError on arrays/objects nested ~1,000 deep (2 KB of ``[``
does it), ValueError on an integer of more than 4,300 digits (Python's guard against
quadratic int parsing), and silently keeps only the last value of a duplicated key. Here:

- a value nested deeper than MAX_DEPTH levels is replaced by a short placeholder string and
  reported at its file:line (deep enough for any tracker export: Jira's ADF nests ~10);
- an integer of more than MAX_INT_DIGITS digits is kept as its digits, as a string, and
  reported;
- a duplicated key is reported with the value that is dropped (the last one wins, as in
  JavaScript and Python);
- both replacements keep every newline, so line numbers of everything else are unchanged and
  the readers' own offset-based walking of the text stays correct.

The normal path costs one ``json.loads`` with an object hook and one walk over the
containers; the scan that finds deep values and huge integers runs only when one is there.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 100
MAX_INT_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_TOKEN = re.compile(
    _STRING + r'|[\[\]{}]|(?<![\d.eE+\-])-?\d{%d,}(?![\d.eE])|"' % (MAX_INT_DIGITS + 1), re.S)


@dataclass
class Loaded:
    """``doc`` is the document (None on a syntax error); ``text`` is the text the readers
    should walk (the input, or a copy with deep values and huge integers defused);
    ``error`` is the syntax error, if any."""

    doc: Any
    text: str
    error: json.JSONDecodeError | None = None


def load_json(text: str, ctx, first_line: int = 1) -> Loaded:
    """Parse ``text`` (a whole file, or one JSON Lines line starting at ``first_line``) with
    the limits above; problems go to ``ctx.warn`` naming file:line. Never raises for content
    (strict mode: ``ctx.warn`` raises InputError)."""
    dups: list[tuple[str, Any]] = []
    defused = False
    while True:
        try:
            doc = json.loads(text, object_pairs_hook=_pairs_hook(dups))
        except json.JSONDecodeError as err:
            if defused:
                return Loaded(None, text, err)
            text, defused = _defuse(text, ctx, first_line), True
            continue  # a truncated file may also hold a deep value its salvage would meet
        except (RecursionError, ValueError) as err:  # too deep / an integer over the digit limit
            if defused:  # the scan found nothing to defuse: read as a syntax error
                return Loaded(None, text, json.JSONDecodeError(str(err)[:80], text, 0))
            text, defused = _defuse(text, ctx, first_line), True
            continue
        if not defused and _too_deep(doc):
            text, defused = _defuse(text, ctx, first_line), True
            dups.clear()
            continue
        break
    _report_duplicates(dups, text, ctx, first_line)
    return Loaded(doc, text)


def _pairs_hook(dups: list):
    def hook(pairs):
        d = dict(pairs)
        if len(d) != len(pairs):
            seen: dict[str, Any] = {}
            for k, v in pairs:
                if k in seen:
                    dups.append((k, seen[k]))
                seen[k] = v
        return d
    return hook


def _too_deep(doc: Any) -> bool:
    if not isinstance(doc, (dict, list)):
        return False
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        for child in (value.values() if isinstance(value, dict) else value):
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


def _line(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _defuse(text: str, ctx, first_line: int) -> str:
    """Replace values nested deeper than MAX_DEPTH and over-long integers, keeping newlines."""
    edits: list[tuple[int, int, str]] = []
    depth, deep_start = 0, None
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok == '"':
            break  # an unterminated string: nothing structural after it
        c = tok[0]
        if c in "[{":
            depth += 1
            if depth == MAX_DEPTH + 1 and deep_start is None:
                deep_start = m.start()
        elif c in "]}":
            if depth == MAX_DEPTH + 1 and deep_start is not None:
                edits.append((deep_start, m.end(), "deep"))
                deep_start = None
            depth = max(0, depth - 1)
        elif c != '"' and deep_start is None:
            edits.append((m.start(), m.end(), "int"))
    if deep_start is not None:
        edits.append((deep_start, len(text), "deep"))
    parts, pos = [], 0
    for start, end, kind in edits:
        chunk = text[start:end]
        line = _line(text, start, first_line)
        if kind == "deep":
            ctx.warn(line, f"JSON nested deeper than {MAX_DEPTH} levels; that value is "
                           "replaced by a placeholder (the rest of the item is read)")
            new = '"[value nested too deep; not read]"'
        else:
            ctx.warn(line, f"integer of {len(chunk.lstrip('-')):,} digits (over the "
                           f"{MAX_INT_DIGITS:,}-digit limit); kept as text")
            new = '"' + chunk + '"'
        parts += [text[pos:start], new, "\n" * chunk.count("\n")]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _report_duplicates(dups: list[tuple[str, Any]], text: str, ctx, first_line: int) -> None:
    for key, dropped in dups:
        ctx.warn(_line(text, _pair_offset(text, key, dropped), first_line),
                 f"duplicate key {key!r} in one JSON object: the last value is used, "
                 f"the earlier value {_short(dropped)} is dropped")


def _pair_offset(text: str, key: str, value: Any) -> int:
    """Where the dropped pair is written, when its value is spelled plainly; else the key."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        for ascii_only in (False, True):
            pattern = (re.escape(json.dumps(key, ensure_ascii=ascii_only)) + r"\s*:\s*"
                       + re.escape(json.dumps(value, ensure_ascii=ascii_only)))
            m = re.search(pattern, text)
            if m:
                return m.start()
    return max(0, text.find(json.dumps(key, ensure_ascii=False)))


def _short(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 60 else shown[:57] + "..."
