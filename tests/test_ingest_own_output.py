"""`--out` inside the input folder: the next run does not read the earlier outputs as stories
(tester report 21, item 3: `merge evin --out evin/out`, then `merge evin --out evin/out2
--force` read "2915 stories in" for 41 real). Through the real CLI, as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ingest_line_shape"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storytransformer", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def merge_json(cwd: Path, *args: str) -> dict:
    run = cli("merge", "evin", "--merger", "extractive", "--group-method", "lexical", "--json",
              *args, cwd=cwd)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_second_merge_does_not_read_the_first_ones_outputs(tmp_path):
    evin = tmp_path / "evin"
    evin.mkdir()
    shutil.copy(DATA / "ev_backlog.txt", evin / "backlog.txt")
    shutil.copy(DATA / "de_einzeilig.txt", evin / "de.txt")
    first = merge_json(tmp_path, "--out", "evin/out")
    assert first["counts"]["stories_in"] == 48 + 13
    assert (evin / "out" / ".storytransformer.json").is_file()
    assert (evin / "out" / "merged.md").is_file()

    # a second run into another folder inside the input, then a rerun into the same one
    for out in ("evin/out2", "evin/out2"):
        again = merge_json(tmp_path, "--out", out, "--force")
        assert again["counts"]["stories_in"] == 48 + 13

    run = cli("ingest", "evin", cwd=tmp_path)
    assert run.returncode == 0
    notes = [ln for ln in run.stderr.splitlines() + run.stdout.splitlines()
             if "this tool's output not read" in ln]
    assert len(notes) == 1 and "evin/out" in notes[0] and "evin/out2" in notes[0]
    summary = json.loads(cli("ingest", "evin", "--json", cwd=tmp_path).stdout)
    assert summary["stories"] == 48 + 13
    assert summary["conservation"]["lines_not_read_unexplained"] == 0


def test_the_runs_own_out_folder_is_skipped_before_it_holds_a_manifest(tmp_path):
    """A run killed before its manifest was written left merged.md in --out: the rerun into
    that folder does not read it."""
    evin = tmp_path / "evin"
    (evin / "out").mkdir(parents=True)
    shutil.copy(DATA / "fr_lignes.txt", evin / "fr.txt")
    (evin / "out" / "merged.md").write_text(
        "As a driver I want to see an invented story from a half-written output\n")
    again = merge_json(tmp_path, "--out", "evin/out", "--force")
    assert again["counts"]["stories_in"] == 11


def test_a_users_folder_named_out_is_still_read(tmp_path):
    (tmp_path / "stories" / "out").mkdir(parents=True)
    (tmp_path / "stories" / "out" / "more.txt").write_text(
        "As a clerk I want to print the day list\nAs a clerk I want to archive old lists\n")
    shutil.copy(DATA / "en_wrapped.txt", tmp_path / "stories" / "wrapped.txt")
    summary = json.loads(cli("ingest", "stories", "--json", cwd=tmp_path).stdout)
    assert summary["stories"] == 2 + 4
    # ... and an output folder named as an input path is read: that is asked for
    evin = tmp_path / "evin"
    evin.mkdir()
    shutil.copy(DATA / "en_wrapped.txt", evin / "wrapped.txt")
    merge_json(tmp_path, "--out", "evin/out")
    named = json.loads(cli("ingest", "evin/out/merged.md", "--json", cwd=tmp_path).stdout)
    assert named["stories"] > 0
