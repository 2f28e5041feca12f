"""Every input story's text reaches every file a team imports (issue 17's output side): an
original a flagged merge keeps for review is a row of its own in merged.csv (Jira and Azure
DevOps) and an entry of merged.json's "kept_originals", never only an id in another row.

Real CLI (`python -m storytransformer merge --merger extractive`), real files, no model."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# A ';' Jira export with a BOM (as Excel writes it): the same need worded apart, and a guest
# vs account conflict; a Markdown pair with criteria; a German plain-text pair.
JIRA = ("\ufeffIssue key;Summary;Description;Issue Type\n"
        "SHOP-1;Export sales report to Excel;As a back-office user, I want to export the sales report to Excel "
        "so that I can share it with finance.;Story\n"
        "SHOP-2;Sales report download (xlsx);Back office staff need to download the sales report as an .xlsx "
        "spreadsheet to send it to the finance department.;Story\n"
        "SHOP-3;Guest checkout;As a shopper, I want to check out as a guest without creating an account so "
        "that buying is fast.;Story\n"
        "SHOP-4;Account required at checkout;As a shopper, I want checkout to require an account so that my "
        "orders are always saved.;Story\n"
        "SHOP-5;Gift cards;As a shopper, I want to pay with a gift card so that I can use presents.;Story\n")
MARKDOWN = """# Reset password by email

As a customer, I want to reset my password by email so that I can get back into my account.

Acceptance criteria:
- The reset link expires after 24 hours
- The link works once

# Forgotten password

As an account holder, I would like a password-reset mail, so I regain access when I forget it.

Acceptance criteria:
- The reset link expires after 24 hours
- A confirmation mail is sent after the change
"""
GERMAN = ("Als Kunde möchte ich meine Rechnungen als PDF herunterladen, damit ich sie ablegen kann.\n"
          "Als Kundin will ich Rechnungen als PDF-Datei speichern, um sie zu archivieren.\n"
          "Als Administrator möchte ich Benutzer sperren, damit Missbrauch endet.\n")


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.fixture(scope="module")
def run_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("kept")
    corpus = base / "stories"
    corpus.mkdir()
    (corpus / "shop.csv").write_text(JIRA, encoding="utf-8")
    (corpus / "auth.md").write_text(MARKDOWN, encoding="utf-8")
    (corpus / "rechnungen.txt").write_text(GERMAN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    outs = {}
    for fmt in ("jira", "azure"):
        out = base / f"out_{fmt}"
        res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(corpus), "--merger", "extractive",
                              "--group-method", "lexical", "--csv-format", fmt, "--out", str(out)],
                             capture_output=True, text=True, env=env, timeout=300)
        assert res.returncode == 0, res.stderr[-2000:]
        outs[fmt] = out
    ingest = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(corpus), "--out",
                             str(base / "corpus.jsonl")], capture_output=True, text=True, env=env, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    return outs, (base / "corpus.jsonl").read_text(encoding="utf-8")


def _narratives(ingest_json: str) -> dict[str, list[str]]:
    """Input id -> the story's non-empty lines that carry words (not the criteria heading)."""
    stories = [json.loads(line) for line in ingest_json.splitlines() if line.strip()]
    assert len(stories) == 10
    return {s["id"]: [ln.strip(" -#") for ln in s["text"].splitlines()
                      if ln.strip(" -#") and not ln.lower().startswith("acceptance criteria")]
            for s in stories}


def _lost(lines_by_id: dict[str, list[str]], haystack: str, covered_ids) -> dict[str, list[str]]:
    hay = _words(haystack)
    return {sid: [ln for ln in lines if _words(ln) not in hay]
            for sid, lines in lines_by_id.items() if sid not in covered_ids
            and any(_words(ln) not in hay for ln in lines)}


def test_a_flagged_merge_keeps_each_original_as_a_row_of_its_own(run_dirs):
    outs, ingest_json = run_dirs
    lines = _narratives(ingest_json)
    doc = json.loads((outs["jira"] / "merged.json").read_text(encoding="utf-8"))
    flagged = [o for o in doc["stories"] if o["decision"] == "flagged"]
    assert flagged, "the corpus must give at least one extractive (flagged) merge"
    kept = doc["kept_originals"]
    # An extractive merge now holds every sentence of its sources (cited 'From <id>:'), so an
    # original is a row of its own only where the flagged row does not hold its text.
    assert {k["kept_for"] for k in kept} <= {o["id"] for o in flagged}
    for o in flagged:
        own = {k["id"] for k in kept if k["kept_for"] == o["id"]}
        held = _lost({sid: lines[sid] for sid in o["sources"]}, json.dumps(o, ensure_ascii=False), own)
        assert held == {}, (o["id"], held)
    rows = list(csv.DictReader(io.StringIO((outs["jira"] / "merged.csv").read_text(encoding="utf-8"))))
    row_cells = {r[0]: r for r in csv.reader(io.StringIO((outs["jira"] / "merged.csv").read_text(encoding="utf-8")))}
    by_source = {r["Source IDs"]: r for r in rows if r["Merge Decision"] == "original"}
    for k in kept:
        row = by_source[k["id"]]  # its own row, flagged, pointing at the merge it belongs to
        assert row["Needs Review"] == "yes" and row["Merged ID"] == k["kept_for"]
        assert "kept-original" in row_cells[row["Issue Id"]]
    guest = next(k for k in kept if k["id"] == "SHOP-3" or "guest" in k["text"].lower()) if any(
        "guest" in k["text"].lower() for k in kept) else None
    merged_texts = " ".join(o["text"] for o in doc["stories"])
    assert guest is not None or "as a guest" in merged_texts.lower()


@pytest.mark.parametrize("fmt", ["jira", "azure"])
def test_every_input_story_text_is_in_merged_csv_and_json(run_dirs, fmt):
    outs, ingest_json = run_dirs
    out = outs[fmt]
    lines = _narratives(ingest_json)
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    # a verified merge (none here: no model) stands for its sources; everything else must be there
    verified = {s for o in doc["stories"] if o["decision"] == "merged" for s in o["sources"]}
    assert not verified
    csv_text = (out / "merged.csv").read_text(encoding="utf-8")
    json_text = json.dumps(doc, ensure_ascii=False)
    assert _lost(lines, csv_text, verified) == {}
    assert _lost(lines, json_text, verified) == {}
    # and each input id is one row's source: its own row, or a merge whose text holds it word for word
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert len(rows) - 1 >= len(doc["stories"]) + len(doc["kept_originals"])
