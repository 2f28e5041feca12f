"""merged.csv never holds a cell over the 32,767 characters Jira's importer (and Excel) take:
a tester's 172,942-character description made the whole import fail. The cell is cut with a
note pointing at merged.md / merged.json (which keep the story whole), and the merge warns
naming the story. Real CLI, real files, no model."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from storytransformer.write.cell_limit import CELL_LIMIT, fit_cell

csv.field_size_limit(1 << 24)


def _corpus(tmp_path):
    para = "The archive keeps every loan record of the branch, line {n}, with its date and member.\n"
    long = "".join(para.format(n=n) for n in range(2000))  # ~170,000 characters
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "library.md").write_text(
        "## Loan history\n\nAs a librarian, I want the full loan history, so that I can audit loans.\n\n"
        + long + "\n## Renew a loan\n\nAs a member, I want to renew a loan online, so that I keep the book.\n",
        encoding="utf-8")
    return tmp_path / "stories", len(long)


@pytest.mark.parametrize("fmt", ["jira", "azure"])
def test_a_huge_story_is_cut_in_merged_csv_with_a_note_and_a_warning(tmp_path, fmt):
    corpus, chars = _corpus(tmp_path)
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(corpus), "--merger", "extractive",
                          "--csv-format", fmt, "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"))))
    assert max(len(cell) for row in rows for cell in row) <= CELL_LIMIT
    cut = [cell for row in rows for cell in row if "more characters not in this cell" in cell]
    assert len(cut) == 1 and "merged.md and merged.json" in cut[0]
    assert "line 100," in cut[0]  # the start of the text is there
    assert "library.md#1" in res.stderr and "32,767" in res.stderr and "merged.md" in res.stderr
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    whole = next(o for o in doc["stories"] if o["id"] == "library.md#1")
    assert "line 1999," in whole["text"] and len(whole["text"]) > chars  # merged.json keeps it whole
    assert "line 1999," in (out / "merged.md").read_text(encoding="utf-8")


def test_fit_cell_cuts_at_a_line_and_says_how_much_is_left_out():
    text = "\n".join(f"line {n} of the description" for n in range(5000))
    cell = fit_cell(text)
    assert len(cell) <= CELL_LIMIT and cell.split("\n\n[")[0].endswith("of the description")
    left = int(cell.rsplit("[... ", 1)[1].split(" more")[0].replace(",", ""))
    assert len(cell.split("\n\n[... ")[0]) + left >= len(text) - 1  # what is shown + what is left = all
    assert fit_cell("short") == "short"
