"""Small things a new user meets (the tester's run of 2026-11-30), through the real CLI:
a file of blank lines says so (not "empty file"), the headline leaves out buckets with
nothing in them, and report.html's rebuilt narrative reads "As an employee, I want to browse"
(the article by sound, "to" as the stories wrote it)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.narrative_text import indefinite_article


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("polish")
    (d / "a.txt").write_text(
        "As an employee, I want to browse the staff directory so that I find colleagues.\n"
        "As an employee I want to browse the staff directory, so that I can find my colleagues.\n"
        "As a manager, I want to approve leave requests so that the team is planned.\n", encoding="utf-8")
    (d / "blank.txt").write_text("\n" * 5000 + "   \n\t\n", encoding="utf-8")
    (d / "spaces.md").write_text("      ", encoding="utf-8")
    (d / "zero.md").write_bytes(b"")
    return d


def test_blank_and_empty_files_say_what_they_hold(corpus):
    res = CliRunner().invoke(main, ["ingest", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    why = {w["path"].rsplit("/", 1)[-1]: w["message"] for w in doc["warnings"]}
    assert why["blank.txt"] == "only blank lines"
    assert why["spaces.md"] == "only whitespace"
    assert why["zero.md"] == "empty file"


def test_headline_leaves_out_empty_buckets_and_report_reads_as_english(corpus, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(corpus), "--merger", "extractive", "--out", str(out)])
    assert res.exit_code == 0, res.output
    head = next(ln for ln in res.stdout.splitlines() if " stories in, " in ln)
    assert "1 extractive merge to check (from 2)" in head and "1 unchanged" in head, head
    assert not re.search(r"\b0 (merged|merges|extractive|to review|unchanged)", head), head
    assert "(from 0" not in head
    assert "no model calls (none needed for 1 group merged extractively and 1 singleton)" in res.stdout
    assert "0 groups of identical copies" not in res.stdout and "0 model calls" not in res.stdout
    assert "1 extractive merge (flagged for review)" in res.stdout and "0 groups kept" not in res.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<span class="label">As an</span> employee' in page
    assert '<span class="label">I want to</span> browse' in page
    assert "As a</span> employee" not in page and "I want</span> browse" not in page


@pytest.mark.parametrize("word,article", [
    ("employee", "an"), ("user", "a"), ("hour-long reviewer", "an"), ("HR manager", "an"),
    ("European customer", "a"), ("one-time buyer", "a"), ("QA lead", "a"), ("SRE", "an"),
    ("manager", "a"), ("admin", "an"), ("university admin", "a"),
])
def test_indefinite_article_by_sound(word, article):
    assert indefinite_article(word) == article


def test_dry_run_text_plan_shows_titles_relations_and_conflicts(tmp_path):
    (tmp_path / "shop.csv").write_text(
        "Issue key,Summary,Description\n"
        "SHOP-1,Free delivery threshold,\"As a shopper, I want free shipping on orders over 50 EUR so that I buy more.\"\n"
        "SHOP-2,Free shipping limit,\"As a shopper, I want free shipping on orders over 75 EUR so that I buy more.\"\n"
        "SHOP-3,Export sales report,\"As a back-office user, I want to export the sales report to Excel so that "
        "I can share it with finance.\"\n"
        "SHOP-4,Sales report as Excel,\"As a back-office user, I want to export the sales report to Excel, so that "
        "I can share it with the finance team.\"\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run"])
    assert res.exit_code == 0, res.output
    out = res.output
    assert re.search(r"conflict to decide: SHOP-1 vs SHOP-2: .*'50 EUR' vs '75 EUR'", out), out
    assert re.search(r"relations: .*1 conflict", out), out
    words = set(re.findall(r"\w+", out))  # the table may wrap a title over lines on a narrow terminal
    assert {"Free", "delivery", "threshold"} <= words and {"Export", "sales", "report"} <= words, out
