"""Issue 11, tester t24 finding 7: a portfolio of products in one run. `merge --separate-projects`
never merges or links stories of two projects (the first folders under the input root, Jira
project keys); without it, duplicates are sought across folders (one product's teams), and a
pair inside one folder is decided the same whether or not other folders join the run
(relate/projects.py, group/stable_idf.py). Own backlogs: a dental practice and a car rental
(both have "pay by card" stories), a Jira export with two project keys."""

from __future__ import annotations

import json

from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate
from storytransformer.relate.projects import project_keys

DENTAL = """# Billing
- As a patient, I want to pay my treatment invoice by credit card online, so that I do not need a bank transfer.
- As a patient, I want to book an appointment online, so that I do not have to call the practice.
- As a patient, I want to book my appointments on the website, so that I need not phone the practice.
- As a receptionist, I want to see which invoices are still open, so that I can send reminders.
"""
RENTAL = """# Payments
- As a renter, I want to pay my rental invoice by credit card online, so that I do not need a bank transfer.
- As a renter, I want to see my past rentals, so that I can book the same car again.
- As a branch manager, I want to see which invoices are still open, so that I can send reminders.
"""
JIRA = """Issue key,Summary,Description
DEN-1,Pay by card,"As a patient, I want to pay my invoice by credit card online, so that I avoid a bank transfer."
CAR-7,Pay by card,"As a renter, I want to pay my invoice by credit card online, so that I avoid a bank transfer."
"""


def _portfolio(tmp_path):
    for name, text in (("dental", DENTAL), ("rental", RENTAL)):
        (tmp_path / "portfolio" / name).mkdir(parents=True)
        (tmp_path / "portfolio" / name / "backlog.md").write_text(text, encoding="utf-8")
    return tmp_path / "portfolio"


def _plan(path, *options):
    result = CliRunner().invoke(main, ["merge", str(path), "--dry-run", "--json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("{"):])


def _folder(story_id: str) -> str:
    return story_id.split("/")[0]


def test_project_keys_are_top_folders_and_jira_keys(tmp_path):
    root = _portfolio(tmp_path)
    (root / "export.csv").write_text(JIRA, encoding="utf-8")
    stories = ingest_paths([str(root)]).stories
    keys = dict(zip([s.id for s in stories], project_keys(stories), strict=True))
    assert {keys[i] for i in keys if "dental" in i} == {"dental"}
    assert {keys[i] for i in keys if "rental" in i} == {"rental"}
    assert keys["DEN-1"] != keys["CAR-7"]


def test_separate_projects_keeps_two_products_apart_through_the_cli(tmp_path):
    root = _portfolio(tmp_path)
    (root / "export.csv").write_text(JIRA, encoding="utf-8")
    plan = _plan(root, "--separate-projects")
    for g in plan["planned_groups"]:
        ids = g["story_ids"]
        assert len({_folder(i) if "/" in i else i.split("-")[0] for i in ids}) == 1, g
    for link in plan["links"]:
        assert _folder(link["source"]) == _folder(link["target"]), link
    # the dental practice's own duplicate is still merged
    assert any(g["handling"] == "model" and set(map(_folder, g["story_ids"])) == {"dental"}
               for g in plan["planned_groups"])


def test_a_pair_in_one_folder_is_decided_the_same_with_other_folders_in_the_run(tmp_path):
    root = _portfolio(tmp_path)
    alone = relate(ingest_paths([str(root / "dental")]).stories)
    together = relate(ingest_paths([str(root)]).stories)

    def dental_pairs(rel, prefix):
        out = {}
        for g in rel.groups:
            if not g.is_singleton:
                out[frozenset(i.removeprefix(prefix) for i in g.story_ids)] = g.relation
        for link in rel.links:
            if link.source.startswith(prefix) and link.target.startswith(prefix):
                out[frozenset((link.source.removeprefix(prefix), link.target.removeprefix(prefix)))] = link.relation
        return out

    assert dental_pairs(alone, "") == dental_pairs(together, "dental/")
