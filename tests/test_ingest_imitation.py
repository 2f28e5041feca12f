"""The issue-10 bars on an imitation of a public one-story-per-line collection (23 files,
1,745 stories, mixed encodings and line ends, typos, other languages, wrapped and long lines:
benchmarks/imitation_backlogs.py), read through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_script import load_script

imitation = load_script("benchmarks/imitation_backlogs.py")


@pytest.mark.parametrize("seed", [7, 8])
def test_one_per_line_collection_reads_what_a_careful_person_counts(tmp_path, seed):
    folder = tmp_path / "backlogs"
    truth = imitation.write_backlogs(folder, seed)
    summary, stories, _ = imitation.read_with_cli(folder, tmp_path / "corpus.jsonl")
    res = imitation.compare(truth, stories, folder)
    assert res["true"] == 1745
    assert abs(res["read"] - res["true"]) <= 0.01 * res["true"], res
    # A true story may be taken for a title or a note of its neighbour (a judgement call the
    # reader makes by structure), but rarely, and never two narratives in one story.
    assert len(res["glued"]) + len(res["split"]) + len(res["missing"]) <= 0.005 * res["true"], res
    cons = summary["conservation"]
    assert cons["stories_with_two_narratives"] == 0 and cons["lines_not_read_unexplained"] == 0
    assert cons["lines_in_two_stories"] == 0
    assert cons["lines_reported"] == len(res["missing"])  # each one named with file:line
    assert imitation.mojibake(stories) == []
    not_utf8 = {Path(f["path"]).name: f["encoding"] for f in summary["files_not_utf8"]}
    assert {n for n, enc in not_utf8.items() if enc.startswith("utf-16")} == {
        "g08-frictionless.txt", "g22-rdadmp.txt", "g28-zooniverse.txt"}
    assert {n for n, enc in not_utf8.items() if enc == "cp1252"} >= {"g02-loudoun.txt", "g13-planningpoker.txt"}


def test_ids_are_the_same_on_a_second_run(tmp_path):
    folder = tmp_path / "backlogs"
    imitation.write_backlogs(folder, 3)
    _, first, _ = imitation.read_with_cli(folder, tmp_path / "a.jsonl")
    _, second, _ = imitation.read_with_cli(folder, tmp_path / "b.jsonl")
    assert [(s["id"], s["line"]) for s in first] == [(s["id"], s["line"]) for s in second]
    assert len({s["id"] for s in first}) == len(first)
