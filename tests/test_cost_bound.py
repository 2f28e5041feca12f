"""estimate-cost's plan is an upper bound on what `merge --dry-run` plans for the same corpus
and --ctx: never fewer calls, never fewer prompt tokens (the tester's bank corpus had 1 call
and 3,417 tokens estimated against 13 calls and 4,611 planned). Real CLI, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

OBJECTS = ["invoice", "order", "customer", "supplier", "report", "contract", "ticket", "refund",
           "voucher", "shipment", "payslip", "timesheet"]


def _corpus(root: Path) -> None:
    """Many small related pairs and triples (the most groups, so the most calls), in three
    formats and two languages, plus unrelated singletons."""
    root.mkdir()
    lines = []
    for obj in OBJECTS:
        lines.append(f"As an accountant, I want to export each {obj} to PDF so that I can archive it.")
        lines.append(f"As an accountant I would like a PDF export of every {obj}, so I can archive them.")
    (root / "team_a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    md = []
    for obj in OBJECTS[:6]:
        md += [f"# Search {obj}s", "", f"As a clerk, I want to search {obj}s by number so that I find them fast.",
               "", "Acceptance criteria:", f"- Searching a {obj} number shows the {obj}", ""]
    (root / "team_b.md").write_text("\n".join(md), encoding="utf-8")
    rows = ["Issue key,Summary,Description"]
    for n, obj in enumerate(OBJECTS[:6], 1):
        rows.append(f"FIN-{n},Find {obj} by number,\"As a clerk, I want to find a {obj} by its number so that "
                    f"I find it fast.\"")
    rows.append("FIN-99,Dark mode,\"As a night owl, I want a dark theme so that my eyes rest.\"")
    (root / "jira.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "de.txt").write_text("Als Buchhalter möchte ich jede Rechnung als PDF exportieren, damit ich sie "
                                 "archivieren kann.\nAls Lagerist will ich Bestände zählen, um Fehlmengen zu sehen.\n",
                                 encoding="utf-8")


def _cli(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    res = subprocess.run([sys.executable, "-m", "storytransformer", *args], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout)


@pytest.mark.parametrize("ctx", ["8k", "32k"])
def test_estimate_bounds_the_dry_run_plan(tmp_path, ctx):
    _corpus(tmp_path / "stories")
    plan = _cli("merge", str(tmp_path / "stories"), "--dry-run", "--json", "--ctx", ctx, "--group-method", "lexical")
    est = _cli("estimate-cost", str(tmp_path / "stories"), "--json", "--ctx", ctx, "--no-local-tokenizer")
    assert plan["model_calls"] >= 10, plan  # the corpus must make merge plan many groups
    bound = est["plans"][plan["tokenizer"]]
    assert bound["calls"] >= plan["model_calls"]
    assert bound["prompt_tokens"] >= plan["prompt_tokens"]
    assert bound["output_tokens"] >= plan["estimated_output_tokens"]
