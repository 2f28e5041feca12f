"""Tracker columns no story field reads (Sprint, Priority, Status, Assignee, Story Points...)
survive the merge: merged.json keeps every source's, merged.csv carries them where the merged
issue can hold them (an unchanged story its own, a merge those its sources agree on, the rest
said in Review Notes and merged.md), and a column merged.csv cannot hold is said once.
Through the real CLI on real files (a tester's Jira export lost its sprints without a word)."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from storytransformer.cli import main

PW = "As a shopper, I want to reset my password, so that I can log in again."
EX = "Als Admin möchte ich die Benutzerliste als CSV exportieren, damit ich Konten prüfen kann."
JIRA = (
    "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Sprint,Sprint,"
    "Fix Version/s,Component/s,Custom field (Story Points),Description,Comment\n"
    f'Reset password,PW-1,1001,Story,To Do,High,j.doe,a.smith,01/Mar/25 9:00 AM,Sprint 1,,1.0,Accounts,3,"{PW}","{"Customer called twice about this; " * 10}"\n'
    f'Reset password,PW-2,1002,Story,To Do,High,j.doe,b.jones,02/Mar/25 9:00 AM,Sprint 1,Sprint 2,1.0,Accounts,3,"{PW}",Fixed in review\n'
    f'Benutzer exportieren,EX-1,1003,Story,In Progress,Low,m.müller,a.smith,03/Mar/25 9:00 AM,,,,Admin,5,"{EX}"\n'
    f'Benutzer exportieren,EX-2,1004,Story,In Progress,Low,m.müller,a.smith,03/Mar/25 9:00 AM,,,,Admin,5,"{EX}"\n'
    'Dark mode,UI-7,1005,Story,Done,Medium,=HYPERLINK("x"),c.lee,04/Mar/25 9:00 AM,Sprint 3,,2.0,UI,2,'
    '"As a night owl, I want a dark theme, so that my eyes rest."\n'
)


def _merge(tmp_path, name: str, text: str, *extra):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(folder), "--out", str(out), "--merger", "extractive", *extra])
    assert res.exit_code == 0, res.output
    return out, res


def _rows(out) -> tuple[list[str], dict[str, list[str]]]:
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"))))
    head = rows[0]
    by_sources = {r[head.index("Source IDs")]: r for r in rows[1:] if r[head.index("Source IDs")]}
    return head, by_sources


def _cells(head, row, name) -> list[str]:
    return [row[i] for i, h in enumerate(head) if h == name]


@pytest.fixture(scope="module")
def jira(tmp_path_factory):
    return _merge(tmp_path_factory.mktemp("jira"), "export.csv", JIRA)


def test_jira_columns_round_trip_into_merged_csv(jira):
    out, _ = jira
    head, rows = _rows(out)
    assert head.count("Sprint") == 2  # a repeated column stays repeated, as often as a story fills it
    for name in ("Status", "Priority", "Assignee", "Reporter", "Created", "Fix Version/s", "Component/s",
                 "Custom field (Story Points)"):
        assert head.count(name) == 1, name
    dark = rows["UI-7"]  # unchanged: its own values, a formula neutralised
    assert _cells(head, dark, "Sprint") == ["Sprint 3", ""] and _cells(head, dark, "Priority") == ["Medium"]
    assert _cells(head, dark, "Assignee") == ["'=HYPERLINK(\"x\")"]
    ex = rows["EX-1 EX-2"]  # a merge whose sources agree: every column carried
    assert _cells(head, ex, "Assignee") == ["m.müller"] and _cells(head, ex, "Custom field (Story Points)") == ["5"]
    assert _cells(head, ex, "Status") == ["In Progress"] and _cells(head, ex, "Sprint") == ["", ""]


def test_a_merge_leaves_disagreeing_columns_empty_and_says_why(jira):
    out, _ = jira
    head, rows = _rows(out)
    pw = rows["PW-1 PW-2"]
    assert _cells(head, pw, "Priority") == ["High"] and _cells(head, pw, "Component/s") == ["Accounts"]
    assert _cells(head, pw, "Sprint") == ["", ""] and _cells(head, pw, "Reporter") == [""]
    notes = pw[head.index("Review Notes")]
    assert "Sprint: Sprint 1 (PW-1), Sprint 1, Sprint 2 (PW-2)" in notes
    assert "Reporter: a.smith (PW-1), b.jones (PW-2)" in notes
    assert "Issue id" not in notes  # each source's own number differs by nature: no decision
    long = "Customer called twice about this; " * 10  # a Jira Comment column: cut in the note
    assert f"Comment: {long[:40]}" in notes and len(notes) < 1000 and " … (PW-1)" in notes
    assert _cells(head, rows["UI-7"], "Comment") == [""] and _cells(head, pw, "Comment") == [""]
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "- Sprint: Sprint 1 (PW-1), Sprint 1, Sprint 2 (PW-2)" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<li>Sprint: Sprint 1 (PW-1), Sprint 1, Sprint 2 (PW-2)</li>" in page


def test_merged_json_keeps_every_source_column_and_the_summary_names_what_csv_cannot_hold(jira):
    out, res = jira
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    pw = next(s for s in doc["stories"] if sorted(s["sources"]) == ["PW-1", "PW-2"])
    assert pw["source_fields"]["PW-2"]["Sprint"] == ["Sprint 1", "Sprint 2"]
    assert pw["source_fields"]["PW-1"]["Issue id"] == ["1001"]
    assert pw["source_fields"]["PW-1"]["Reporter"] == ["a.smith"]
    said = [ln for ln in res.output.splitlines() if "not carried to merged.csv" in ln]
    assert len(said) == 1 and "Issue id (5 stories)" in said[0], res.output


def test_azure_carries_boards_fields_and_names_the_rest(tmp_path):
    text = ("ID,Work Item Type,Title,Description,State,Assigned To,Iteration Path,Priority,Created Date,Risk Owner\n"
            '2105,User Story,Export,"<div>As an admin, I want to export users, so that I audit.</div>",Active,'
            "Ana Gómez <ana@x.org>,Proj\\Sprint 4,2,2025-03-01,Bob\n"
            '2106,Bug,Login fails,"<div>As a user, I want login to work, so that I get in.</div>",New,,Proj\\Sprint 5,1,'
            "2025-03-02,\n")
    out, res = _merge(tmp_path, "azure.csv", text, "--csv-format", "azure")
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"))))
    head = rows[0]
    assert {"Assigned To", "Iteration Path", "Priority"} <= set(head)
    assert "Created Date" not in head and "Risk Owner" not in head  # Boards refuses them
    export = next(r for r in rows[1:] if r[head.index("Title")] == "Export")
    assert export[head.index("Assigned To")] == "Ana Gómez <ana@x.org>"
    assert export[head.index("Iteration Path")] == "Proj\\Sprint 4" and export[head.index("Priority")] == "2"
    line = next(ln for ln in res.output.splitlines() if "not carried to merged.csv" in ln)
    assert "Created Date (2 stories)" in line and "Risk Owner (1 story)" in line


def test_a_backlog_without_tracker_columns_writes_none_and_says_nothing(tmp_path):
    out, res = _merge(tmp_path, "backlog.md", f"# Backlog\n\n## Reset\n{PW}\n")
    head, _ = _rows(out)
    assert "Sprint" not in head and "not carried" not in res.output
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert all("source_fields" not in s for s in doc["stories"])


def test_merged_csv_read_back_keeps_the_carried_columns(jira, tmp_path):
    out, _ = jira
    corpus = tmp_path / "again.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(out / "merged.csv"), "--out", str(corpus)])
    assert res.exit_code == 0, res.output
    stories = [json.loads(ln) for ln in corpus.read_text(encoding="utf-8").splitlines()]
    dark = next(s for s in stories if s["title"] == "Dark mode")
    fields = [tuple(p) for p in dark["source_fields"]]
    assert ("Sprint", "Sprint 3") in fields and ("Priority", "Medium") in fields
    assert ("Assignee", '=HYPERLINK("x")') in fields  # the formula guard taken off again
    assert not {"Merged ID", "Source IDs", "Needs Review", "Review Notes"} & {name for name, _ in fields}


JIRA_REST = {
    "expand": "names,schema", "names": {"customfield_10020": "Sprint", "customfield_10016": "Story Points"},
    "issues": [
        {"id": "10101", "key": "PW-1", "self": "https://x.atlassian.net/rest/api/2/issue/10101", "fields": {
            "summary": "Reset password", "description": PW, "issuetype": {"name": "Story"},
            "status": {"name": "To Do", "id": "1"}, "priority": {"name": "High", "id": "2"},
            "assignee": {"displayName": "Jane Doe", "emailAddress": "jane@x.org"}, "reporter": None,
            "customfield_10020": [{"id": 1, "name": "Sprint 1", "state": "closed"},
                                  {"id": 2, "name": "Sprint 2", "state": "active"}],
            "customfield_10016": 3.0, "fixVersions": [{"name": "1.0"}], "components": [],
            "watches": {"watchCount": 1}, "votes": {"votes": 0}}},
        {"id": "10102", "key": "PW-2", "fields": {
            "summary": "Reset password", "description": PW, "issuetype": {"name": "Story"},
            "status": {"name": "To Do"}, "priority": {"name": "High"}, "assignee": {"displayName": "Jane Doe"},
            "customfield_10020": ["com.atlassian.greenhopper.service.sprint.Sprint@1f[id=1,rapidViewId=2,"
                                  "state=CLOSED,name=Sprint 1,startDate=2025-03-01]"],
            "customfield_10016": 3, "fixVersions": [{"name": "1.0"}]}},
    ]}


def test_jira_rest_json_fields_round_trip_too(tmp_path):
    out, res = _merge(tmp_path, "search.json", json.dumps(JIRA_REST, indent=1))
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    pw = next(s for s in doc["stories"] if sorted(s["sources"]) == ["PW-1", "PW-2"])
    assert pw["source_fields"]["PW-1"] == {"Status": ["To Do"], "Priority": ["High"], "Assignee": ["Jane Doe"],
                                           "Sprint": ["Sprint 1", "Sprint 2"], "Story Points": ["3"],
                                           "Fix Version/s": ["1.0"]}
    assert pw["source_fields"]["PW-2"]["Sprint"] == ["Sprint 1"]  # an old Jira's sprint string, by its name
    head, rows = _rows(out)
    row = rows["PW-1 PW-2"]
    assert _cells(head, row, "Priority") == ["High"] and _cells(head, row, "Story Points") == ["3"]
    assert _cells(head, row, "Sprint") == ["", ""]
    assert "Sprint: Sprint 1, Sprint 2 (PW-1), Sprint 1 (PW-2)" in row[head.index("Review Notes")]
    assert not {"self", "watches", "votes", "expand"} & set(head)
