"""The newest tunable hand-written relation sets (benchmarks/data/relations/<split>_source.py)
load as benchmarks/relations.py loads them: the committed JSON Lines are what the source script
writes, every pair's ids name stories that the real reader ingests, relations are from the known
set, and the labels agree with each other (no pair labelled twice, no non-duplicate label inside a
group the duplicate labels close)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from repo_script import load_script

relations = load_script("benchmarks/relations.py")
DATA = relations.DATA

SPLITS = ("dev9", "dev10")
KNOWN = {"duplicate", "overlap", "conflict", "related", "unrelated"}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("split", SPLITS)
def test_committed_files_are_what_the_source_writes(split, tmp_path):
    subprocess.run([sys.executable, str(DATA / f"{split}_source.py")], cwd=tmp_path, check=True,
                   capture_output=True)
    for kind in ("stories", "pairs"):
        name = f"{split}_{kind}.jsonl"
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), f"{name}: rerun {split}_source.py"


@pytest.mark.parametrize("split", SPLITS)
def test_pairs_resolve_to_ingested_stories(split):
    from storytransformer.ingest import ingest_paths

    assert split in relations.HAND_WRITTEN
    pairs = relations.load_pairs(split)
    assert pairs and all(p["relation"] in KNOWN and p["split"] == split for p in pairs)
    root = relations._hand_written_root(split)
    corpus = ingest_paths([str(root)])
    ingested = {str(Path(s.source).resolve().relative_to(root.resolve())) for s in corpus.stories}
    files = {f.name for f in root.iterdir()}
    assert files <= ingested, sorted(files - ingested)[:5]  # every story file read into a story
    for p in pairs:
        assert p["a_file"] in ingested and p["b_file"] in ingested, p
        assert p["a"] != p["b"], p


@pytest.mark.parametrize("split", SPLITS)
def test_labels_agree(split):
    pairs = _lines(DATA / f"{split}_pairs.jsonl")
    keys = [frozenset((p["a"], p["b"])) for p in pairs]
    assert len(keys) == len(set(keys)), "a pair labelled twice"
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        if p["relation"] == "duplicate":
            parent[find(p["a"])] = find(p["b"])
    closed = [p for p in pairs if p["relation"] != "duplicate" and find(p["a"]) == find(p["b"])]
    assert not closed, closed[:3]  # a duplicate of a duplicate labelled something else
    for p in pairs:
        if p["kind"] == "cross-language":
            assert p["relation"] == "duplicate" and p["lang"].startswith("en-") and len(p["lang"]) == 5, p
