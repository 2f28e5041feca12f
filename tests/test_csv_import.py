"""merged.csv against the trackers' documented CSV import rules, written by the real CLI from a
varied backlog (list-item narratives, 300-character titles, formula-looking and full-width
text, labels with spaces, epics by name and by key, Markdown in descriptions).

Jira (Atlassian, "Create issues using the CSV importer" and "Tips for importing CSV data into
Jira fields", Cloud and Data Center; "CSV import Parent-child mapping", 2024):
  - a header row that contains Summary; header names without punctuation;
  - every row has as many fields as the header (empty values keep their commas);
  - Summary is required, one line, at most 255 characters;
  - multi-value fields (Labels, links) are repeated columns of the same name; labels hold no spaces;
  - Parent holds the Issue Id of a row above it (epics first) or an existing issue key;
  - Description is Jira wiki markup (h4. headings, * lists), not Markdown.
Ours on top: summaries never start with a quote or dash, no cell can run as a formula, criteria
appear once, no tool text in descriptions, Merged ID joins traceability.csv, narratives keep "to".
"""

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripted_server import ScriptedServer
from storytransformer.cli import main
from storytransformer.ingest import ingest_paths

FORMULA_LEAD = "=+-@＝＋－＠"  # OWASP CSV Injection: a cell starting so gets a leading single quote

LONG_TITLE = ("Show every appointment type, clinician, room, duration, price band, referral rule, "
              "follow-up policy, cancellation window, reminder schedule and accessibility note on one "
              "configuration page so that practice managers can review the whole service catalogue "
              "without opening forty separate screens one after another every single week")

BACKLOG_MD = f"""# Backlog

## Reset password
As a shopper, I want to reset my password, so that I can log in again.

Acceptance criteria:
- A reset link is emailed within 1 minute
- The link expires after 24 hours

## Reset password again
As a shopper I want to reset my password so that I can log in again quickly.

Acceptance criteria:
- A reset link is emailed within 1 minute

## {LONG_TITLE}
As a practice manager, I want a single catalogue page, so that reviews are quick.
"""

NOTES_MD = """- As a guest, I want to check out without registering, so that I can buy quickly.
- "As an admin, I want a monthly report of failed logins, so that I can spot attacks."
- @channel As a tester, I want to export the run log, so that I can attach it to bugs.
"""

JIRA_EXPORT = '''Issue key,Summary,Description,Labels,Epic Link
SHOP-1,"=HYPERLINK(""http://evil.example"",""click"")","As a buyer, I want to pay with a saved card, so that checkout is fast.

Acceptance criteria:
- The card number is masked",payments team,Checkout
SHOP-2,＝1+1 Pay with a saved card,"As a buyer I want to pay with a saved card so that checkout is faster.",payments team,Checkout
SHOP-3,－Refund a card payment,"As a support agent, I want to refund a card payment, so that customers get their money back.

### Details
Uses the **vault** and `tokens` {not a macro}; see [the spec](https://example.com/spec).",payments,PAY-7
'''


@pytest.fixture(scope="module")
def backlog(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("backlog")
    (d / "backlog.md").write_text(BACKLOG_MD, encoding="utf-8")
    (d / "notes.md").write_text(NOTES_MD, encoding="utf-8")
    (d / "jira.csv").write_text(JIRA_EXPORT, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def server():
    with ScriptedServer(["good"]) as s:
        yield s


def run_merge(backlog, out, server, *extra) -> tuple[list[str], list[list[str]]]:
    res = CliRunner().invoke(main, ["merge", str(backlog), "--out", str(out), "--group-method", "lexical",
                                    "--model", "scripted", "--base-url", server.url, *extra])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def check_jira_rules(header: list[str], rows: list[list[str]], parent_column: str = "Parent") -> None:
    assert "Summary" in header
    for name in header:
        assert re.fullmatch(r"[A-Za-z0-9 ]+", name), f"punctuation in header {name!r}"
    ids = {}
    for n, row in enumerate(rows):
        assert len(row) == len(header), f"row {n + 2} has {len(row)} fields, header {len(header)}"
        cell = dict(zip(header, row, strict=True))
        summary = cell["Summary"]
        assert summary and "\n" not in summary and len(summary) <= 255, summary
        # a formula-looking summary keeps its text behind OWASP's single quote ("'=HYPERLINK(…)")
        plain = summary[1:] if summary.startswith("'") and summary[1:2] in FORMULA_LEAD else summary
        assert not plain.startswith(("'", '"', "- ", "–", "—", "*", "•", "+ ")), summary
        if summary.endswith("…"):
            assert summary[-2] != " " and not summary[-2].isspace()
        for i, h in enumerate(header):
            assert not row[i].startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")), (h, row[i])
            if h == "Labels":
                assert " " not in row[i], row[i]
        assert cell["Issue Id"].isdigit() and cell["Issue Id"] not in ids
        ids[cell["Issue Id"]] = cell
        parent = cell.get(parent_column, "")
        if parent_column == "Parent" and parent:
            assert re.fullmatch(r"[A-Z][A-Z0-9_]+-\d+", parent) or (
                parent in ids and ids[parent]["Issue Type"] == "Epic"), f"Parent {parent} is not a row above"
        description = cell["Description"]
        assert not re.search(r"(?m)^#{1,6} ", description), "Markdown heading in a Jira description"
        assert "Review:" not in description and "**" not in description
    for row in rows:
        for i, h in enumerate(header):
            if h == "Relates" and row[i]:
                assert row[i] in ids


def test_jira_csv_imports_as_is(backlog, tmp_path, server):
    out = tmp_path / "out"
    header, rows = run_merge(backlog, out, server)
    check_jira_rules(header, rows)
    cells = [dict(zip(header, r, strict=True)) for r in rows]
    stories = [c for c in cells if c["Issue Type"] == "Story"]
    epics = [c for c in cells if c["Issue Type"] == "Epic"]
    assert "Checkout" in [e["Summary"] for e in epics]  # (the Markdown file's "# Backlog" is an epic too)
    # OWASP: a formula summary gets a leading single quote and keeps its text (its "=" too)
    assert '\'=HYPERLINK("http://evil.example","click")' in [c["Summary"] for c in stories]
    assert rows.index(next(r for r in rows if r[2] == "Epic")) < min(
        i for i, r in enumerate(rows) if r[2] == "Story")  # epics first
    by_key = {s["Source IDs"]: s for s in stories}
    assert any(s["Parent"] == "PAY-7" for s in stories)  # an epic given by key stays a key
    # The long title: cut at a word, with an ellipsis, within Jira's limit.
    long = next(s for s in stories if s["Summary"].startswith("Show every appointment type"))
    assert len(long["Summary"]) <= 255 and long["Summary"].endswith("…")
    assert LONG_TITLE.startswith(long["Summary"][:-1])
    assert LONG_TITLE[len(long["Summary"]) - 1] == " "
    # Wiki markup, criteria once.
    refund = next(s for s in stories if s["Source IDs"] == "SHOP-3")
    assert "h3. Details" in refund["Description"] and "*vault*" in refund["Description"]
    assert "{{tokens}}" in refund["Description"] and "[the spec|https://example.com/spec]" in refund["Description"]
    assert "\\{not a macro\\}" in refund["Description"]  # story text cannot open a wiki macro
    for s in stories:
        assert s["Description"].count("h4. Acceptance criteria") <= 1
        for line in s["Description"].splitlines():
            if line.startswith("* "):
                assert s["Description"].count(line) == 1, line
    # Traceability joins on Merged ID, every source once.
    trace = list(csv.DictReader(io.StringIO((out / "traceability.csv").read_text(encoding="utf-8"))))
    assert {t["merged_id"] for t in trace} == {s["Merged ID"] for s in stories}
    assert sorted(t["source_id"] for t in trace) == sorted(i for s in stories for i in s["Source IDs"].split())
    assert by_key


def test_narratives_keep_to_where_the_sources_had_it(backlog, tmp_path, server):
    header, rows = run_merge(backlog, tmp_path / "out", server)
    originals = {s.id: s.text for s in ingest_paths([backlog]).stories}
    for row in rows:
        cell = dict(zip(header, row, strict=True))
        for verb in re.findall(r"\bI want (\w+)", cell["Description"]):
            sources = [originals[i] for i in cell["Source IDs"].split()]
            assert not any(re.search(rf"\bwant to {verb}\b", " ".join(t.split())) for t in sources), (
                f"'I want {verb}' but the sources say 'want to {verb}': {cell['Description'][:120]}")


def test_epic_link_for_jira_data_center(backlog, tmp_path, server):
    header, rows = run_merge(backlog, tmp_path / "out", server, "--jira-parent", "epic-link")
    check_jira_rules(header, rows, parent_column="Epic Link")
    assert "Parent" not in header and all(r[2] == "Story" for r in rows)
    cells = [dict(zip(header, r, strict=True)) for r in rows]
    assert {c["Epic Link"] for c in cells} >= {"Checkout", "PAY-7"}


def test_azure_devops_csv(backlog, tmp_path, server):
    header, rows = run_merge(backlog, tmp_path / "out", server, "--csv-format", "azure")
    assert header == ["ID", "Work Item Type", "Title", "Description", "Acceptance Criteria", "Tags"]
    for row in rows:
        assert len(row) == len(header)
        cell = dict(zip(header, row, strict=True))
        assert cell["ID"] == "" and cell["Work Item Type"] == "User Story"
        title = cell["Title"][1:] if cell["Title"][:1] == "'" and cell["Title"][1:2] in FORMULA_LEAD else cell["Title"]
        assert 0 < len(cell["Title"]) <= 255 and not title.startswith(("'", "- ")), title
        assert "<script" not in cell["Description"]
        assert re.search(r"merged:\S+", cell["Tags"])
        if cell["Acceptance Criteria"]:
            assert cell["Acceptance Criteria"].startswith("<ul><li>")
            assert "Acceptance criteria" not in cell["Description"]
