"""`storytransformer ingest` end to end through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.stories import Story

DATA = Path(__file__).parent / "data" / "ingest"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "stories"


def run(*args):
    return CliRunner().invoke(main, ["ingest", *map(str, args)])


def test_summary_lists_formats_counts_and_warnings_with_file_line():
    result = run(DATA)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "31 stories" in out and "2 file(s) skipped" in out  # latin1.txt: read as cp1252
    assert f"1 file(s) not UTF-8: {DATA / 'latin1.txt'} (cp1252, detected)" in out
    assert f"{DATA / 'bad_quoting.csv'}:3: bad CSV quoting" in out
    assert f"{DATA / 'logo.png'}: binary file" in out
    for fmt in ("csv", "gherkin", "json", "jsonl", "markdown", "text"):
        assert fmt in out


def test_json_output_is_only_json(tmp_path):
    result = run(EXAMPLES, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    story_files = [p for p in EXAMPLES.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert summary["stories"] >= 220 and summary["files"] == len(story_files)
    assert sum(summary["stories_by_format"].values()) == summary["stories"]
    assert summary["unparsed"] == 0 and summary["words"] > 10_000
    assert [w["line"] for w in summary["warnings"]] == [26]


def test_out_writes_one_story_per_line_that_round_trips(tmp_path):
    out = tmp_path / "sub" / "corpus.jsonl"
    result = run(DATA / "jira_export.csv", DATA / "checkout.feature", "--out", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    stories = [Story.from_dict(json.loads(line)) for line in lines]
    assert [s.id for s in stories] == ["SHOP-9", "checkout.feature#2", "checkout.feature#3",
                                       "SHOP-1", "SHOP-2", "SHOP-3"]
    assert stories[3].labels == ("payments", "checkout")
    assert f"Wrote 6 stories to {out}" in result.stdout


def test_strict_fails_with_one_line_naming_file_and_line():
    result = run(DATA, "--strict")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {DATA / 'backlog.md'}:23: no 'As a … I want …' narrative or acceptance criteria "
        "under heading 'Profile photo'; stopped (--strict)"]  # it stopped: nothing was kept
    assert "Traceback" not in result.output


def test_missing_path_and_bad_encoding_are_one_line_errors(tmp_path):
    result = run(tmp_path / "nope")
    assert result.exit_code != 0 and "nope: no such file or directory" in result.output
    result = run(DATA / "latin1.txt", "--encoding", "klingon")
    assert result.exit_code != 0 and "--encoding: unknown encoding 'klingon'" in result.output


def test_encoding_option_reads_legacy_files():
    result = run(DATA / "latin1.txt", "--encoding", "cp1252", "--json")
    assert json.loads(result.stdout)["stories"] == 1


def test_a_folder_without_stories_says_so(tmp_path):
    (tmp_path / "notes.yaml").write_text("a: 1\n")
    result = run(tmp_path)
    assert result.exit_code == 0
    assert "No stories found" in result.stdout and "notes.yaml: not a story file" in result.stdout


def test_real_process_json_stdout_is_pure_json():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(DATA), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["stories"] == 31 and len(summary["files_skipped"]) == 2
