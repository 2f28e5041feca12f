"""relate wired into merge: the dry-run plan lists every group with its relation and the
links, and siblings never reach a merge group, through the real CLI."""

from __future__ import annotations

import json

from click.testing import CliRunner

from storytransformer.cli import main

BACKLOG = """# Plugins
- As a developer, I want to upgrade the Slack plugin to React 16, so that we can drop the old renderer.
- As a developer, I want to upgrade the Jira plugin to React 16, so that we can drop the old renderer.
- As a developer, I want to upgrade the GitHub plugin to React 16, so that we can drop the old renderer.

# Accounts
- As a user, I want to reset my password by email, so that I can log in again.
- As a user, I want to reset my password via e-mail, so that I can log in again.

# Delivery
- As a shopper, I want a delivery slot held for 30 minutes while I shop, so that I do not lose it.
- As a shopper, I want a delivery slot held for 15 minutes while I shop, so that I do not lose it.
"""


def test_dry_run_json_lists_every_group_with_its_relation_and_the_links(tmp_path):
    (tmp_path / "backlog.md").write_text(BACKLOG)
    result = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run", "--json",
                                       "--group-method", "lexical"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout[result.stdout.index("{"):])
    groups = {frozenset(g["story_ids"]): g for g in plan["planned_groups"]}
    password = frozenset({"backlog.md#4", "backlog.md#5"})
    slots = frozenset({"backlog.md#6", "backlog.md#7"})
    assert groups[password]["relation"] == "duplicate" and groups[password]["handling"] == "model"
    assert groups[slots]["relation"] == "conflict" and groups[slots]["handling"] == "kept"
    plugins = {"backlog.md#1", "backlog.md#2", "backlog.md#3"}
    assert not any(len(set(ids) & plugins) > 1 for ids in groups)
    related = [l for l in plan["links"] if l["relation"] == "related"]
    assert {frozenset((l["source"], l["target"])) for l in related} >= {
        frozenset(("backlog.md#1", "backlog.md#2")), frozenset(("backlog.md#2", "backlog.md#3"))}
    assert all(l["reason"] for l in plan["links"])
    assert plan["relations"]["links"]["related"] >= 3
    assert all(g["relation"] is None for g in plan["planned_groups"] if g["size"] == 1)  # no pair, no relation
    text = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run", "--group-method", "lexical"])
    kept = sum(1 for g in plan["planned_groups"] if g["handling"] == "kept")
    assert f"{kept} kept unmerged ({kept} conflict)" in " ".join(text.output.split())


def test_dry_run_handling_agrees_with_the_plans_counts(tmp_path):
    """planned_groups and the plan's counts come from one definition of each handling
    (merge.is_copies for copies): verbatim copies, a conflict, a pair for the model."""
    copy = "- As a buyer, I want to save my cart for later, so that I can finish the order tomorrow.\n"
    (tmp_path / "b.md").write_text(BACKLOG + "\n# Cart\n" + copy + copy)
    result = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run", "--json", "--group-method", "lexical"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout[result.stdout.index("{"):])
    handling = [g["handling"] for g in plan["planned_groups"]]
    assert handling.count("copies") == plan["copy_groups"] == 1
    assert handling.count("model") == plan["model_groups"]
    assert handling.count("kept") == plan["kept_groups"]
    assert handling.count("extractive") == plan["extractive_groups"]
