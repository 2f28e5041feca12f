"""JSON and JSON Lines files get the line check too (issue 10): every non-blank line is in a
story (an item, or an item nested in one), in an epic that holds stories, or reported with
why (brackets, the values around the list of stories); a second list of stories beside the
one read is said in one line. The CLI's line names the formats it checked."""

from __future__ import annotations

import json
import subprocess
import sys

from storytransformer.ingest import ingest_paths, read_text
from storytransformer.ingest.conservation import NOT_READ_BY_READER

JSONL = "\n".join([
    '{"title": "Export", "description": "As a user, I want to export my data"}',
    "42",
    '"As a guest, I want to browse without an account"',
    "[1, 2]",
    '{"foo": 1}',
    "not json at all",
    '{"issuetype": "Epic", "key": "E-1", "summary": "Accounts"}',
    '{"title": "Close account", "epic": "E-1"}',
    "",
]) + "\n"

WRAPPED = """{
  "project": "Shop",
  "exported": "2026-05-20",
  "stories": [
    {"title": "A", "description": "As a user, I want A"},
    {"foo": 1},
    "As a user, I want S",
    {"name": "Checkout", "stories": [
        {"title": "N1", "description": "As a user, I want N1"},
        {"title": "N2"}
    ]}
  ],
  "archived": [{"title": "Old", "description": "As a user, I want the old thing"}],
  "total": 4
}
"""


def _balanced(ledger):
    assert ledger.checked
    assert ledger.lines == ledger.in_stories + len(ledger.not_read)
    assert NOT_READ_BY_READER not in {why for _, why in ledger.not_read}


def test_every_json_lines_line_is_a_story_or_reported():
    corpus = read_text(JSONL, format="jsonl", name="s.jsonl")
    ledger = corpus.ledgers[0]
    _balanced(ledger)
    assert ledger.lines == 8 and ledger.in_stories == 7
    assert ledger.not_read == [(7, "parent item (Epic/Feature): the epic of the stories under it")]
    # lines that are no story object are kept (unparsed) and each is named in a warning
    assert sorted(s.line for s in corpus.stories) == [1, 2, 3, 4, 5, 6, 8]
    warned = {w.line for w in corpus.warnings}
    assert {2, 4, 5, 6} <= warned
    assert corpus.stories[-1].epic == "Accounts"


def test_every_json_line_is_in_a_story_an_epic_or_reported_with_why():
    corpus = read_text(WRAPPED, format="json", name="a.json")
    ledger = corpus.ledgers[0]
    _balanced(ledger)
    why = dict(ledger.not_read)
    assert sorted(why) == [1, 2, 3, 4, 8, 11, 12, 13, 14, 15]
    assert why[1] == why[12] == why[15] == "JSON brackets and commas"
    assert why[2] == why[3] == why[4] == why[13] == why[14] == \
        "JSON outside the stories (wrapper keys and metadata)"
    # the epic's own lines (its name, its closing brackets): its stories are read in it
    assert why[8] == why[11] == "parent item (Epic/Feature): the epic of the stories under it"
    assert [s.title for s in corpus.stories] == ["A", "", "", "N1", "N2"]
    assert [s.epic for s in corpus.stories[-2:]] == ["Checkout", "Checkout"]
    # the second list is not read, and that is said once, at its line
    second = [w for w in corpus.warnings if "'archived'" in w.message]
    assert len(second) == 1 and second[0].line == 13 and "1 more item" in second[0].message


def test_a_truncated_json_file_is_line_checked_with_its_rest_kept(tmp_path):
    good = [{"key": f"T-{i}", "summary": f"Story {i}", "description": f"As a user, I want {i}"}
            for i in range(3)]
    text = json.dumps(good, indent=2)
    (tmp_path / "cut.json").write_text(text[: text.rindex("{") + 20])  # cut inside the last item
    corpus = ingest_paths([tmp_path / "cut.json"])
    _balanced(corpus.ledgers[0])
    assert [s.parsed for s in corpus.stories] == [True, True, False]


def test_the_cli_line_names_the_formats_it_checked(tmp_path):
    (tmp_path / "a.csv").write_text("Summary,Description\nExport,\"As a user, I want to export\"\n")
    (tmp_path / "b.jsonl").write_text(JSONL)
    out = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.split("\n") if ln.startswith("Lines ("))
    assert line.startswith("Lines (1 CSV, 1 JSON Lines file(s)): 10 non-blank, 8 in exactly one story")
    assert "text/Markdown" not in out
