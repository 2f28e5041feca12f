"""Tracker exports: Azure DevOps trees, Jira Cloud parents, Jira data-pipeline CSVs. Parent
rows (Epic/Feature) name their children's epic and are reported as parents, never lost."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytransformer.ingest import ingest_paths, read_text

DATA = Path(__file__).parent / "data" / "ingest_formats"


def read(*parts: str):
    corpus = ingest_paths([DATA.joinpath(*parts)])
    return corpus, {s.id: s for s in corpus.stories}


def parents(corpus):
    return [(p.line, p.kind, p.title, p.children) for p in corpus.parents]


def test_azure_tree_query_titles_by_level_and_parents():
    corpus, by_id = read("cases", "tree_query.csv")
    assert [(s.id, s.title, s.epic) for s in corpus.stories] == [
        ("503", "Book a GP appointment online", "Online booking"),
        ("504", "Cancel a booked appointment", "Online booking")]
    book = by_id["503"]
    assert (book.role, book.goal) == ("patient", "book a GP appointment online")
    assert book.acceptance_criteria == ("Only free slots are shown", "A confirmation e-mail is sent")
    assert book.labels == ("booking", "web") and (book.line, book.end_line) == (4, 4)
    assert parents(corpus) == [(2, "Epic", "Patient self-service", 2),
                               (3, "Feature", "Online booking", 2)]
    assert corpus.warnings == []


def test_azure_tree_with_four_levels_tasks_bugs_and_a_second_epic():
    corpus, by_id = read("trackers", "azure_tree_4levels.csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [
        ("9011", "Waste collection"), ("9012", "Waste collection"), ("9013", "Waste collection"),
        ("9021", "Parking permits"), ("9101", "Staff intranet")]
    assert by_id["9012"].title == "Build the report form"  # a Title 4 row
    assert by_id["9021"].benefit == "I keep parking near home"
    assert parents(corpus) == [(2, "Epic", "Citizen portal", 4), (3, "Feature", "Waste collection", 3),
                               (7, "Feature", "Parking permits", 1), (9, "Epic", "Staff intranet", 1)]
    # Nothing lost: every data row is a story or a parent.
    assert len(corpus.stories) + len(corpus.parents) == 9


def test_azure_tree_without_a_type_column_rows_with_children_are_parents():
    corpus, by_id = read("trackers", "azure_tree_no_type.csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [
        ("3", "Sign in"), ("4", "Sign in"), ("6", "Offline mode"), ("7", None)]
    assert [(p.title, p.kind) for p in corpus.parents] == [
        ("Mobile app", "parent"), ("Sign in", "parent"), ("Offline mode", "parent")]


def test_jira_cloud_parent_ids_resolve_to_the_epic_row_or_the_parent_summary():
    corpus, by_id = read("cases", "jira_cloud_export.csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [
        ("RET-2", "Self-service returns"), ("RET-3", "Self-service returns"), ("RET-9", "Gift cards")]
    assert [(p.key, p.kind, p.children) for p in corpus.parents] == [("RET-1", "Epic", 2)]
    assert by_id["RET-9"].goal == "check my gift card balance"


def test_jira_parents_outside_the_file_and_sub_tasks():
    corpus, by_id = read("trackers", "jira_parents_elsewhere.csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [
        ("SHIP-7", "Delivery options"),
        ("SHIP-8", "Delivery options"),  # named by SHIP-7's Parent summary of the same id
        ("SHIP-9", "Delivery options"),  # a sub-task takes its story's epic
        ("SHIP-10", None)]
    ship7 = by_id["SHIP-7"]
    assert ship7.acceptance_criteria == ("Slots are shown for the next 7 days",
                                         "A full slot cannot be chosen")
    assert (ship7.line, ship7.end_line, by_id["SHIP-8"].line) == (2, 7, 8)
    assert corpus.parents == [] and corpus.warnings == []
    alone = read_text("Issue key,Summary,Parent\nX-2,Lonely,55555\n", format="csv")
    assert alone.stories[0].epic == "55555"  # no name anywhere: the id, not nothing


def test_jira_data_pipeline_literal_line_breaks_and_snake_case_columns():
    corpus, by_id = read("cases", "issues_job1_20250301.csv")
    assert list(by_id) == ["HR-41", "HR-42"]  # the key column, not the numeric id
    leave = by_id["HR-41"]
    assert leave.acceptance_criteria == ("The form asks for start and end dates",
                                         "My manager is notified")
    assert leave.benefit == "HR gets the request the same day"
    assert "\\n" not in leave.text and "Acceptance criteria:\n* The form" in leave.text
    assert by_id["HR-42"].benefit == "I do not have to e-mail HR"
    corpus, by_id = read("trackers", "jira_pipeline.csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [("CRM-5", "Contact hygiene"),
                                                        ("CRM-6", "Contact hygiene")]
    assert by_id["CRM-5"].acceptance_criteria == ("Duplicates are found by e-mail",
                                                  "The newest phone number wins")
    assert "C:\\\\exports" in by_id["CRM-6"].text  # other backslashes are left alone
    assert parents(corpus) == [(3, "Epic", "Contact hygiene", 2)]


def test_a_file_of_only_epics_is_read_as_stories():
    corpus = read_text("Issue key,Issue Type,Summary\nE-1,Epic,Payments\nE-2,Epic,Search\n",
                       format="csv")
    assert [s.id for s in corpus.stories] == ["E-1", "E-2"] and corpus.parents == []


def test_ingest_json_lists_parent_rows(tmp_path):
    import json

    from click.testing import CliRunner

    from storytransformer.cli import main

    result = CliRunner().invoke(main, ["ingest", str(DATA / "cases" / "tree_query.csv"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["stories"] == 2
    assert [(p["line"], p["kind"], p["children"]) for p in summary["parents"]] == [
        (2, "Epic", 2), (3, "Feature", 2)]


def test_tasks_under_a_story_without_an_epic_take_the_story_as_their_group():
    corpus = read_text("ID,Work Item Type,Title 1,Title 2\n1,User Story,Book a room,\n"
                       "2,Task,,Build the form\n3,Task,,Write the API\n", format="csv")
    assert [(s.id, s.epic) for s in corpus.stories] == [
        ("1", None), ("2", "Book a room"), ("3", "Book a room")]
    assert corpus.parents == []


def test_azure_tree_export_with_only_title_columns_reads_without_warnings():
    corpus = read_text("ID,Work Item Type,Title 1,Title 2,Title 3,State\n"
                       "1,Epic,Payments,,,New\n2,Feature,,Cards,,New\n"
                       "3,User Story,,,Pay by card,New\n4,Product Backlog Item,,,Refund a card,New\n",
                       format="csv")
    assert [(s.id, s.title, s.epic, s.parsed) for s in corpus.stories] == [
        ("3", "Pay by card", "Cards", True), ("4", "Refund a card", "Cards", True)]
    assert corpus.warnings == []


def test_escaped_line_breaks_only_where_the_export_escapes_them():
    from storytransformer.ingest.html_text import literal_breaks

    assert literal_breaks(r"C:\new folder") == r"C:\new folder"  # a path, not a break
    assert literal_breaks(r"As a x.\n\nAC:\n* a") == "As a x.\n\nAC:\n* a"
    corpus, by_id = read("trackers", "jira_pipeline.csv")
    # CRM-1 has one \n before a letter; the file escapes its breaks, so it is a break too.
    assert corpus.parents[0].title == "Contact hygiene"
    one = read_text("key,summary,description\nA-1,Paths,Files go to C:\\new folder\n",
                    format="csv")
    assert one.stories[0].text.endswith("C:\\new folder")


def test_jsonl_from_a_data_pipeline_with_escaped_breaks(tmp_path):
    import json

    f = tmp_path / "issues_job2.jsonl"
    f.write_text(json.dumps({"key": "HR-50", "summary": "Leave balance", "description":
                             "As an employee, I want to see my leave balance so that I plan."
                             "\\n\\nAcceptance criteria:\\n* Days left are shown\\n* Updated nightly"})
                 + "\n")
    story = ingest_paths([f]).stories[0]
    assert story.acceptance_criteria == ("Days left are shown", "Updated nightly")
    assert story.benefit == "I plan"


def test_pivotal_tracker_features_are_stories_and_a_childless_azure_feature_too():
    pivotal = read_text("Id,Title,Labels,Type,Estimate,Current State,Description\n"
                        "101,Shopper saves a cart,cart,feature,2,started,\"As a shopper, I want to "
                        "save my cart\"\n102,Cart total wrong,cart,bug,,unstarted,Totals are off\n",
                        format="csv")
    assert [s.id for s in pivotal.stories] == ["101", "102"] and pivotal.parents == []
    azure = read_text("ID,Work Item Type,Title,Parent\n7,Feature,Dark mode,\n8,Epic,Look and feel,\n",
                      format="csv")
    assert [s.id for s in azure.stories] == ["7"]
    assert [(p.key, p.kind) for p in azure.parents] == [("8", "Epic")]


def test_jira_rest_json_epics_are_parents(tmp_path):
    import json

    doc = {"issues": [
        {"key": "PAY-1", "fields": {"summary": "Card payments", "issuetype": {"name": "Epic"}}},
        {"key": "PAY-2", "fields": {"summary": "Pay by card", "issuetype": {"name": "Story"},
                                    "parent": {"key": "PAY-1", "fields": {"summary": "Card payments"}},
                                    "description": "As a shopper, I want to pay by card"}},
        {"key": "PAY-3", "fields": {"summary": "Refund a card", "issuetype": {"name": "Story"},
                                    "parent": {"key": "PAY-1"}}}]}
    f = tmp_path / "search.json"
    f.write_text(json.dumps(doc, indent=1))
    corpus = ingest_paths([f])
    assert [(s.id, s.epic) for s in corpus.stories] == [("PAY-2", "Card payments"),
                                                        ("PAY-3", "Card payments")]
    assert [(p.key, p.title, p.kind, p.children, p.line) for p in corpus.parents] == [
        ("PAY-1", "Card payments", "Epic", 2, 3)]


def test_every_line_of_our_exports_and_features_is_in_one_story_or_declared():
    """The conservation rule (issue 10.2) for CSV and Gherkin: each non-blank line is inside
    exactly one story's [line, end_line], or declared (header, parent row, Feature header,
    tags, comments) in FileContext.context_lines."""
    from storytransformer.ingest import READERS
    from storytransformer.ingest.context import FileContext

    files = sorted(p for p in DATA.rglob("*") if p.suffix in (".csv", ".feature"))
    assert len(files) >= 12
    for path in files:
        text = path.read_text(encoding="utf-8")
        fmt = "csv" if path.suffix == ".csv" else "gherkin"
        ctx = FileContext(display=str(path), rel=path.name, format=fmt)
        READERS[fmt](text, ctx)
        assert all(s.end_line is not None for s in ctx.stories), path
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            holders = [s.id for s in ctx.stories if s.line <= n <= s.end_line]
            assert len(holders) == 1 or (not holders and n in ctx.context_lines), (path.name, n)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(
    st.sampled_from(["", "1", "2", "RET-1", "20001"]),
    st.sampled_from(["", "Epic", "Feature", "User Story", "Task", "Story"]),
    st.sampled_from(["", "Payments", "Pay by card", 'Broken "quote', "Line\\nbreak"]),
    st.sampled_from(["", "Refunds"]),
    st.sampled_from(["", "1", "20001", "RET-1"]),
    st.sampled_from(["", "As a user, I want x", '"multi\nline\n\ncell"', "<p>a</p>"])),
    max_size=12))
def test_any_tracker_export_is_read_whole(rows):
    """Every non-blank line of a tracker CSV is inside exactly one story's [line, end_line]
    or declared (header, parent row, empty row), and no row is lost."""
    from storytransformer.ingest import READERS
    from storytransformer.ingest.context import FileContext

    text = "ID,Work Item Type,Title 1,Title 2,Parent,Description\n" + "\n".join(
        ",".join(cells) for cells in rows) + "\n"
    ctx = FileContext(display="x.csv", rel="x.csv", format="csv")
    READERS["csv"](text, ctx)
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            holders = [s.id for s in ctx.stories if s.line <= n <= (s.end_line or 0)]
            assert len(holders) == 1 or (not holders and n in ctx.context_lines), (n, line)
