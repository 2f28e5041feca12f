"""Stories without an "As a … I want …" narrative (requirements, terse titles, typos) are valid
stories: the text summaries say so in one line (count and the first file:line places) instead
of one warning each, `-v` lists each, `--json` keeps each, and those stories still take part
in relating (tester report 21, item 5: 19 of 41 stories, one warning each). Real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ingest_line_shape"
NO_NARRATIVE = "no 'As a … I want …' narrative"


def cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "storytransformer", *map(str, args)], cwd=cwd,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run


def lines_with(text: str, needle: str) -> list[str]:
    return [ln for ln in text.splitlines() if needle in ln]


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "ev_backlog.txt", folder / "backlog.txt")
    # a problem that must still be listed on its own line: a broken JSON file
    (folder / "more.json").write_text('[{"title": "Export invoices", "description": "As a cl')
    return folder


def test_ingest_says_no_narrative_once_and_lists_each_with_verbose(tmp_path):
    folder = corpus(tmp_path)
    unparsed = json.loads(cli("ingest", folder, "--json", cwd=tmp_path).stdout)
    each = [w for w in unparsed["warnings"] if w["message"].startswith(NO_NARRATIVE)]
    assert len(each) == 26 and {w["line"] for w in each} >= {3, 8, 36, 37}  # --json keeps each

    out = cli("ingest", folder, cwd=tmp_path)
    text = out.stdout + out.stderr
    summary = lines_with(text, NO_NARRATIVE)
    assert len(summary) == 1, text
    assert "26 stories" in summary[0] and "backlog.txt:2" in summary[0] and "-v" in summary[0]
    assert lines_with(text, "more.json")  # the real problem still has its own line

    verbose = cli("ingest", folder, "-v", cwd=tmp_path)
    assert len(lines_with(verbose.stdout + verbose.stderr, NO_NARRATIVE)) == 26


def test_merge_says_it_once_and_the_stories_still_take_part_in_relating(tmp_path):
    folder = corpus(tmp_path)
    plan_text = cli("merge", folder, "--dry-run", cwd=tmp_path)
    assert len(lines_with(plan_text.stderr, NO_NARRATIVE)) == 1
    assert lines_with(plan_text.stderr, "more.json")

    plan = json.loads(cli("merge", folder, "--dry-run", "--json", cwd=tmp_path).stdout)
    unparsed_ids = {f"backlog.txt#{n}" for n in (3, 11, 15, 16, 17, 36, 37)}
    grouped = {sid for g in plan["planned_groups"] if g["size"] > 1 for sid in g["story_ids"]}
    linked = {sid for link in plan["links"] for sid in (link["source"], link["target"])}
    assert unparsed_ids & grouped and len(unparsed_ids & (grouped | linked)) >= 5
    # "Idle fees must / must not be charged": two requirement lines, related to each other
    assert any(set(g["story_ids"]) == {"backlog.txt#16", "backlog.txt#17"}
               for g in plan["planned_groups"])

    done = cli("merge", folder, "--merger", "extractive", "--group-method", "lexical",
               "--out", tmp_path / "out", cwd=tmp_path)
    assert len(lines_with(done.stderr, NO_NARRATIVE)) == 1
    merged = json.loads((tmp_path / "out" / "merged.json").read_text())
    kept = [w for w in merged["ingest_warnings"] if NO_NARRATIVE in str(w)]
    assert len(kept) == 26  # merged.json keeps each
