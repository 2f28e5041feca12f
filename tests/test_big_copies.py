"""Identical copies never need the model, whatever their size: two copies of a story far too
big for the context, grouped with a short story that reads like them, are merged as identical
copies (not "split away to fit the context"), and a run left with no model group does not load
the model at all. Real CLI, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _big(n_words: int, word: str = "very") -> str:
    return f"As a driver, I want {' '.join([word] * n_words)} long lines so that memory is tested."


def test_big_identical_copies_merge_without_loading_the_model(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    big = _big(40_000)  # ~200 KB, ~40k tokens: five times the bundled model's 8k context
    (stories / "a.txt").write_text(big + "\n", encoding="utf-8")
    (stories / "copy.md").write_text("# Long lines\n\n" + big.replace(" ", "  ", 3) + "\n", encoding="utf-8")
    (stories / "good.txt").write_text(
        "As a driver, I want very very very long lines so that memory is tested.\n"
        "As a car park operator, I want to set hourly prices per zone so that busy zones cost more.\n"
        "Als Fahrer möchte ich mit dem Handy parken bezahlen, damit ich kein Kleingeld brauche.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(stories), "--out", str(out)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "loading" not in res.stderr.lower() and "model:" not in res.stderr, res.stderr[-1500:]
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["engine"] is None and doc["metadata"]["counts"]["model_calls"] == 0
    copies = [o for o in doc["stories"] if set(o["sources"]) == {"a.txt#1", "copy.md#1"}]
    assert len(copies) == 1, [(o["id"], o["sources"], o["flags"]) for o in doc["stories"]]
    assert not any("split away" in f for o in doc["stories"] for f in o["flags"] if "a.txt#1" in o["sources"])
    assert doc["metadata"]["counts"]["copy_groups"] == 1
    assert sorted(s for o in doc["stories"] for s in o["sources"]) == sorted(
        ["a.txt#1", "copy.md#1", "good.txt#1", "good.txt#2", "good.txt#3"])
