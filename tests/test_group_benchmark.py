"""benchmarks/grouping.py runs end to end on a real (tiny) corpus and scores correctly."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STORIES = """# Backlog

- As a shopper I want to reset my password by email so that I can log in again
- As a shopper I want to pay with Apple Pay at checkout so that paying is quick
- As an employee I want to request annual leave so that my manager can approve it
- As a Shopper, I want to reset my password by email, so that I can log in again.
- As a receptionist I want to print the daily appointment schedule for each doctor
- As a shopper I want to pay with Apple Pay during checkout so paying is quicker
"""


def test_benchmark_scores_a_known_corpus(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "backlog.md").write_text(STORIES)
    truth = {"clusters": [
        {"ids": ["backlog.md#1", "backlog.md#4"], "kind": "verbatim", "note": "same"},
        {"ids": ["backlog.md#2", "backlog.md#6"], "kind": "paraphrase", "note": "pay"},
        {"ids": ["backlog.md#3", "backlog.md#5"], "kind": "overlap", "note": "not really"},
    ]}
    (tmp_path / "truth.json").write_text(json.dumps(truth))
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "grouping.py"), "--stories", str(tmp_path / "stories"),
         "--truth", str(tmp_path / "truth.json"), "--methods", "lexical",
         "--thresholds", "0.3:0.99:0.345", "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "chosen defaults: lexical=" in proc.stdout
    rows = list(csv.DictReader(open(out / "grouping_sweep.csv")))
    assert [r["threshold"] for r in rows] == ["0.3", "0.645", "0.99"]
    low = rows[0]  # the two real pairs found, the bogus "overlap" pair not
    assert float(low["precision"]) == 1.0 and abs(float(low["recall"]) - 2 / 3) < 1e-3
    assert float(low["recall_verbatim"]) == 1.0 and float(low["recall_overlap"]) == 0.0
    high = rows[-1]  # only the verbatim copy survives 0.99
    assert float(high["recall_verbatim"]) == 1.0 and float(high["recall_paraphrase"]) == 0.0
    assert (out / "grouping_pr.png").stat().st_size > 10_000
    summary = json.loads((out / "grouping_summary.json").read_text())
    assert summary["best"]["lexical"]["threshold"] in (0.3, 0.645)
    assert summary["corpus"]["true_pairs"] == 3
