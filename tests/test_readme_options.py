"""The README's table of shared options says exactly which command takes which option: it is
read from README.md and compared with the real commands' parameters (a command gaining or
losing an option must update the table, and the table cannot promise an option that fails
with "No such option")."""

from __future__ import annotations

import re
from pathlib import Path

from storytransformer.cli import COMMANDS, LazyGroup, main

README = Path(__file__).resolve().parent.parent / "README.md"


def _table() -> tuple[list[str], dict[str, set[str]]]:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- shared-options table")
    lines = []
    for ln in text[start:].splitlines()[1:]:
        if not ln.startswith("|"):
            break  # the table ends at its first line that is not a row
        lines.append(ln)
    cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]
    header = cells[0][1:]
    options = [re.findall(r"--[\w-]+|-\w", h)[-1] for h in header]  # "-m/--model" -> --model, "-v"
    rows = {}
    for row in cells[2:]:
        command = row[0].strip("`")
        rows[command] = {opt for opt, mark in zip(options, row[1:], strict=True) if mark == "✓"}
    return options, rows


def test_readme_table_matches_every_command():
    options, rows = _table()
    assert set(rows) == set(COMMANDS)
    for name in COMMANDS:
        cmd = LazyGroup.get_command(main, None, name)
        takes = {o for p in cmd.params for o in list(p.opts) + list(p.secondary_opts)}
        actual = {o for o in options if o in takes}
        assert rows[name] == actual, f"README says {name} takes {sorted(rows[name])}, it takes {sorted(actual)}"
