"""Stories without an "As a … I want …" narrative, told in one line instead of one each.

A requirement ("The system shall …", "Idle fees must …"), a terse title ("Dark mode"), a typo
("As a driver i wnat …") or a heading without a body is a valid story: it is kept as written
(``parsed: false``), related and grouped like any other. One warning per such story was noise
(tester report 21: 19 of 41 stories, one line each, hiding the warnings that matter). The
text summaries now say it once (how many, the first few file:line); ``-v`` lists each, and
``--json`` / merged.json / report.html keep every one.

Warnings are told apart by their message, which the readers take from here."""

from __future__ import annotations

from typing import Any, Sequence

NO_NARRATIVE = "no 'As a … I want …' narrative found; kept as an unparsed story"
NO_NARRATIVE_UNDER_HEADING = "no 'As a … I want …' narrative or acceptance criteria under heading"
HEADING_ONLY = "heading without a story body; kept as an unparsed story"
_PREFIXES = ("no 'As a … I want …' narrative", HEADING_ONLY)
_SHOWN = 5  # file:line places named in the summary


def _field(w: Any, name: str):
    return w[name] if isinstance(w, dict) else getattr(w, name)


def _place(w: Any) -> str:
    """"file:line" of a warning (an IngestWarning, its JSON dict or its str)."""
    if isinstance(w, str):
        return min((w.split(f": {p}")[0] for p in _PREFIXES), key=len)
    return f"{_field(w, 'path')}:{_field(w, 'line')}" if _field(w, "line") else str(_field(w, "path"))


def is_no_narrative(w: Any) -> bool:
    """Is warning ``w`` (an IngestWarning, its JSON dict, or its str "file:line: message")
    "a story without a narrative"?"""
    if isinstance(w, str):
        return any(f": {p}" in w for p in _PREFIXES)
    return str(_field(w, "message")).startswith(_PREFIXES)


def digest(warnings: Sequence[Any], verbose: int = 0) -> tuple[list[Any], str | None]:
    """(the warnings to list one by one, the summary line for the rest or None). With
    ``verbose`` every warning is listed and there is no summary line."""
    if verbose:
        return list(warnings), None
    kept = [w for w in warnings if not is_no_narrative(w)]
    folded = [w for w in warnings if is_no_narrative(w)]
    if not folded:
        return kept, None
    places = ", ".join(_place(w) for w in folded[:_SHOWN])
    more = ", …" if len(folded) > _SHOWN else ""
    return kept, (f"{len(folded):,} stor{'y has' if len(folded) == 1 else 'ies have'} no "
                  f"'As a … I want …' narrative (requirements, titles, typos): kept as written and "
                  f"related like the others ({places}{more}; -v lists each)")


def verbosity() -> int:
    """The -v count of the running command (0 outside a click command)."""
    import click

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return int((obj or {}).get("verbose") or 0)
