"""merged.csv's tracker by the input, and tracker fields that round-trip (tester t23, findings
10 and 11): an Azure DevOps export written as the default Jira CSV lost State and Area Path of
every unchanged story silently; a GitHub issue's state (open/closed), milestone and assignees
were not read. Real files through the real CLI with the extractive merger (no model)."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from storytransformer.cli import main

# A French-localised Azure DevOps export (column names as Boards writes them in French)
AZURE_FR = (
    "ID,Type d'élément de travail,Titre,Description,État,Chemin de la zone,Priorité\n"
    "701,User Story,Réserver un vélo,\"En tant que cycliste, je veux réserver un vélo, afin de l'avoir à la gare.\",Nouveau,Mobilité\\Vélos,2\n"
    "702,User Story,Rendre un vélo,\"En tant que cycliste, je veux rendre un vélo dans une autre station, afin de finir mon trajet.\",Actif,Mobilité\\Stations,1\n"
)
JIRA = (
    "Issue key,Summary,Description,Status,Sprint,Priority\n"
    "BIKE-1,Reserve a bike,\"As a cyclist, I want to reserve a bike, so that it waits at the station.\",In Progress,Sprint 4,High\n"
    "BIKE-2,Return a bike,\"As a cyclist, I want to return a bike at any station, so that I can end my trip.\",To Do,Sprint 5,Low\n"
)
GITHUB = [
    {"number": 31, "title": "Export invoices as PDF", "state": "closed",
     "body": "As an accountant, I want to export invoices as PDF, so that I can archive them.",
     "labels": [{"name": "billing"}], "milestone": {"title": "v2.1"},
     "assignees": [{"login": "ana"}, {"login": "bo"}]},
    {"number": 32, "title": "Invoices exported to PDF", "state": "open",
     "body": "As an accountant, I want to export invoices as PDF, so that I can archive them.",
     "labels": [{"name": "billing"}], "milestone": {"title": "v2.1"}, "assignees": []},
    {"number": 33, "title": "Dark mode", "state": "open",
     "body": "As a night-shift clerk, I want a dark theme, so that my eyes rest.", "labels": []},
]


def _merge(tmp_path, name, text, *args):
    d = tmp_path / "in"
    d.mkdir(parents=True)
    (d / name).write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(d), "--out", str(tmp_path / "out"),
                                    "--merger", "extractive", *args])
    assert res.exit_code == 0, res.output
    with open(tmp_path / "out" / "merged.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]], res.output


def test_azure_export_gets_the_azure_csv_by_default_and_says_so(tmp_path):
    header, rows, output = _merge(tmp_path, "export.csv", AZURE_FR)
    assert header[:2] == ["ID", "Work Item Type"] and "State" in header and "Area Path" in header
    assert {r["State"] for r in rows} == {"Nouveau", "Actif"}
    assert "merged.csv: Azure DevOps import: all 2 CSV rows" in output


def test_azure_export_as_jira_csv_keeps_state_and_area_path(tmp_path):
    header, rows, output = _merge(tmp_path, "export.csv", AZURE_FR, "--csv-format", "jira")
    assert header[:2] == ["Issue Id", "Summary"] and "Azure DevOps import" not in output
    assert {(r["State"], r["Area Path"]) for r in rows} == {("Nouveau", "Mobilité\\Vélos"),
                                                            ("Actif", "Mobilité\\Stations")}


def test_jira_export_stays_jira_and_azure_names_what_it_drops(tmp_path):
    header, rows, _ = _merge(tmp_path, "jira.csv", JIRA)
    assert header[1] == "Summary" and {r["Status"] for r in rows} == {"In Progress", "To Do"}
    header, rows, output = _merge(tmp_path / "az", "jira.csv", JIRA, "--csv-format", "azure")
    assert "Sprint" not in header and "Status" not in header
    # every column Azure cannot take is named once, not dropped silently
    assert "not carried to merged.csv: Status (2 stories), Sprint (2 stories)" in output


def test_github_issue_state_milestone_and_assignees_round_trip(tmp_path):
    header, rows, _ = _merge(tmp_path, "issues.json", json.dumps(GITHUB, indent=1))
    assert "Status" in header and "Milestone" in header and "Assignee" in header
    merged = next(r for r in rows if r["Source IDs"] == "31 32")
    # closed + open: no state is guessed, the difference is said
    assert merged["Status"] == "" and "Status: closed (31), open (32)" in merged["Review Notes"]
    assert merged["Milestone"] == "v2.1"
    dark = next(r for r in rows if r["Source IDs"] == "33")
    assert dark["Status"] == "open" and dark["Milestone"] == ""
    stories = json.loads((tmp_path / "out" / "merged.json").read_text(encoding="utf-8"))["stories"]
    fields = next(s for s in stories if s["sources"] == ["31", "32"])["source_fields"]
    assert fields["31"]["Assignee"] == ["ana", "bo"] and fields["31"]["Status"] == ["closed"]
