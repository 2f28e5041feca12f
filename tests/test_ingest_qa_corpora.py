"""Defects found by trying ingest and `merge --dry-run --json` on home-made imitations of real
backlogs (a one-story-per-line collection, paragraph backlogs under titles, task lists), each
pinned here through the real reader or the real CLI."""

from __future__ import annotations

import json
from collections import Counter

from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.ingest import ingest_paths, read_text
from storytransformer.ingest.formats import sniff

TASK_LIST = ("[ ] As a shopper, I want to save my basket, so that I can finish later.\n"
             "[x] As an admin, I want to block a fraudulent account.\n"
             "[ ] As a courier, I want to mark a delivery as failed with a reason.\n")


def test_a_text_file_that_starts_with_a_task_box_is_text_not_json(tmp_path):
    # Was: sniffed as JSON ("[" first), the whole file became one unparsed "json" story with
    # its first characters cut off, and the line check skipped.
    (tmp_path / "todo.txt").write_text(TASK_LIST, encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert [(s.line, s.end_line, s.format, s.parsed) for s in corpus.stories] == [
        (1, 1, "text", True), (2, 2, "text", True), (3, 3, "text", True)]
    assert [s.role for s in corpus.stories] == ["shopper", "admin", "courier"]


def test_sniffing_keeps_real_json_in_text_files():
    for text in ('[\n  {"summary": "As a user, I want x"}\n]', '[{"a": 1}]', '{\n "stories": []}',
                 '[]', '["As a user, I want x"]', '[[[['):
        assert sniff(".txt", text) == "json", text
    assert sniff(".txt", '{"a": 1}\n{"b": 2}\n') == "jsonl"
    for text in ("[x] As a user, I want x", "[1] As a user, I want x", "{Draft} As a user, I want x",
                 "[PAY-1] As a user, I want x"):
        assert sniff(".txt", text) == "text", text


def test_a_narrative_without_article_under_a_title_line_is_read():
    # Was: "Story 7: ...\nAs warehouse picker I would like ..." kept unparsed (role None), with
    # no warning, because the line break before the article-less "As" was collapsed away.
    text = ("Story 7: Print pick lists\nAs warehouse picker I would like to print a pick list "
            "sorted by aisle, so that I walk less.\n\n"
            "Login page\nAs admin, I want to see failed logins.\n")
    corpus = read_text(text, format="text")
    assert [(s.role, s.goal, s.parsed) for s in corpus.stories] == [
        ("warehouse picker", "print a pick list sorted by aisle", True),
        ("admin", "see failed logins", True)]
    # prose with a lower-case "as" is still not a narrative
    assert not read_text("We print it as admin I want to see it later\n", format="text").stories[0].parsed


def test_dry_run_json_lists_every_planned_group_with_its_story_ids(tmp_path):
    roles = ["shopper", "courier", "admin", "auditor", "nurse", "teacher", "driver", "tenant"]
    goals = ["export invoices as PDF", "reset my password", "book a delivery slot", "see the audit log",
             "upload a profile photo", "cancel an order", "print shipping labels", "rate a driver"]
    lines = [f"As a {r}, I want to {g}." for r, g in zip(roles, goals, strict=True)]  # 8 unrelated stories
    lines += [f"As a {r}, I want to {g}." for r, g in zip(roles[:3], goals[:3], strict=True)]  # 3 copies
    lines += [f"Fix the footer link number {i} on the {w} page" for i, w in
              enumerate(["home", "cart", "search", "help", "terms", "about", "jobs", "press", "blog",
                         "faq", "login", "signup", "billing", "orders", "returns", "map", "store",
                         "careers", "legal", "privacy", "cookies", "contact", "partners", "press kit",
                         "status", "api", "docs", "forum", "events", "news", "team", "gifts", "deals"])]
    (tmp_path / "backlog.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run", "--json", "--group-method", "lexical",
                                    "--ctx", "8k"])
    assert res.exit_code == 0, res.output
    plan = json.loads(res.stdout)
    groups = plan["planned_groups"]
    assert len(groups) == plan["groups"] > 20  # more than the 20 "largest_groups"
    ids = [i for g in groups for i in g["story_ids"]]
    assert len(ids) == len(set(ids)) == plan["stories"] == 44  # every story in exactly one group
    assert all(g["size"] == len(g["story_ids"]) for g in groups)
    kinds = Counter(g["handling"] for g in groups)
    assert kinds["model"] == plan["model_groups"] and kinds["copies"] == plan["copy_groups"] >= 1
    assert kinds["singleton"] + kinds["flagged"] == plan["singletons"]
    assert [g["size"] for g in groups] == sorted((g["size"] for g in groups), reverse=True)
