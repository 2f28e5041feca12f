"""Output files: Jira CSV (formula cells neutralised), traceability, JSON, Markdown, HTML."""

import csv
import io
import json

from storytransformer.prompt import load_templates
import os

import pytest

from scripted_engine import ScriptedEngine
from storytransformer.merge import MergeSettings, merge_corpus
from storytransformer.stories import Corpus, Group, Story
from storytransformer.write import OUTPUT_FILES, atomic_write, write_all
from storytransformer.write.csv_out import safe_cell
from storytransformer.write.out_dir import MANIFEST
from storytransformer.errors import OutputError

EVIL = [
    Story("EV-1", "As an admin, I want to export users to CSV, so that I can audit <script>alert(1)</script> accounts.",
          "evil.csv", 2, "csv", title="=HYPERLINK(\"http://x\",\"click\")", labels=("ops team", "=1+1")),
    Story("EV-2", "As an admin, I want to export users to CSV, so that I can audit accounts.",
          "evil.csv", 3, "csv", title="+cmd|' /C calc'!A0"),
    Story("EV-3", "@SUM(1+1) As a guest I want to browse & compare <b>prices</b>.", "evil.csv", 4, "csv",
          title="-2+3"),
    Story("EV-4", "\tTabbed story: As a user I want a \"quoted\" thing, with, commas\nand a newline.",
          "evil.csv", 5, "csv"),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    corpus = Corpus(EVIL, [], ["evil.csv"])
    groups = [Group(("EV-1", "EV-2")), Group(("EV-3",)), Group(("EV-4",))]
    run = merge_corpus(corpus, groups, MergeSettings(), engine=ScriptedEngine(["fabricate"]), out_dir=out)
    write_all(run, out)
    return run, out


def test_all_files_written(written):
    run, out = written
    for name in OUTPUT_FILES:
        assert (out / name).stat().st_size > 0, name
    leftovers = [p for p in os.listdir(out) if p.startswith(".") and "journal" not in p and p != MANIFEST]
    assert not leftovers  # no temp files left


def test_safe_cell():
    # OWASP CSV Injection: = + - @, tab, CR, LF, and the full-width forms spreadsheets also evaluate.
    for bad in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "\n=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("fine = ok") == "fine = ok" and safe_cell(None) == "" and safe_cell(3) == "3"


def test_jira_csv_round_trips_and_no_cell_can_be_a_formula(written):
    run, out = written
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Issue Id", "Summary", "Issue Type", "Description"]
    assert "Source IDs" in header and "Merged ID" in header
    decision = header.index("Merge Decision")
    # originals a flagged merge keeps for review are rows of their own (kept_originals.py)
    stories = [r for r in body if r[2] == "Story" and r[decision] != "original"]
    assert len(stories) == len(run.stories)
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), row
    ids = header.index("Source IDs")
    keys = [k for row in stories for k in row[ids].split()]
    assert sorted(keys) == ["EV-1", "EV-2", "EV-3", "EV-4"]
    tabbed = next(r for r in stories if r[ids] == "EV-4")
    assert "\"quoted\"" in tabbed[3]  # quotes and newlines survive
    ev1 = next(r for r in stories if "EV-1" in r[ids].split())
    labels = [ev1[i] for i, h in enumerate(header) if h == "Labels"]
    assert "ops_team" in labels and "needs-review" in labels
    assert ev1[header.index("Needs Review")] == "yes" and ev1[header.index("Review Notes")]
    assert "Review:" not in ev1[3]


def test_traceability_names_every_source_once(written):
    run, out = written
    rows = list(csv.DictReader(io.StringIO((out / "traceability.csv").read_text(encoding="utf-8"), newline="")))
    assert sorted(r["source_id"] for r in rows) == ["EV-1", "EV-2", "EV-3", "EV-4"]
    ev1 = next(r for r in rows if r["source_id"] == "EV-1")
    assert ev1["decision"] == "flagged" and ev1["source"] == "evil.csv:2"
    assert ev1["merged_id"] == next(r for r in rows if r["source_id"] == "EV-2")["merged_id"]
    assert 0 <= float(ev1["grounding_score"]) <= 1


def test_json_has_metadata_and_stories(written):
    run, out = written
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    md = doc["metadata"]
    assert md["prompts"]["versions"] == load_templates().versions  # what the files say, recorded
    assert md["counts"]["stories_in"] == 4 and md["counts"]["model_calls"] == 1
    assert md["engine"]["model"] == "scripted"
    assert {s["decision"] for s in doc["stories"]} == {"flagged", "unchanged"}


def test_html_escapes_corpus_and_model_text_and_marks_unsupported(written):
    run, out = written
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>prices</b>" not in page
    assert "<mark>Respond within 99 seconds via Zorblax</mark>" in page  # what the scripted model invented
    # Merged stories first (the issue: they started ~11,000 px down, after the review cards).
    assert page.index('<h2 id="merged">') < page.index('<h2 id="review">') < page.index('<h2 id="unchanged">')
    assert "http" not in page.split("<style>")[1].split("</style>")[0]  # self-contained: no external CSS


def test_markdown_lists_originals_of_flagged(written):
    run, out = written
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "Originals kept for review" in md and "**EV-1**" in md and "**EV-2**" in md


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "f.txt"
    atomic_write(target, "old")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OutputError, match="disk full"):  # one line naming the path, for the CLI
        atomic_write(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["f.txt"]
