"""Each story format, read from real files (tests/data/ingest/), including malformed ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths, read_text

DATA = Path(__file__).parent / "data" / "ingest"


def read(name: str):
    corpus = ingest_paths([DATA / name])
    return corpus, {s.id: s for s in corpus.stories}


def where(corpus):
    return [(w.path.rsplit("/", 1)[-1], w.line) for w in corpus.warnings]


# --- Markdown and text -------------------------------------------------------------------

def test_markdown_heading_sections_list_items_and_keys():
    corpus, by_id = read("backlog.md")
    assert [s.id for s in corpus.stories] == [
        "ACC-7", "backlog.md#2", "backlog.md#3", "backlog.md#4", "backlog.md#5",
        "backlog.md#6", "ACC-12"]
    reset = by_id["ACC-7"]
    assert (reset.title, reset.role, reset.goal, reset.benefit) == (
        "Reset password", "staff member", "reset my password from the login page",
        "I am not locked out")
    assert reset.acceptance_criteria == ("A reset link is emailed", "The link expires after 1 hour")
    assert reset.labels == ("security", "accounts")
    assert reset.epic == "Accounts" and reset.line == 7 and reset.format == "markdown"
    assert reset.text.startswith("### ACC-7: Reset password\nAs a staff member")

    two_fa = by_id["backlog.md#2"]  # bold markers, "I'd like", "so I can" across a line break
    assert (two_fa.role, two_fa.goal) == ("admin", "every staff account to use two-factor login")
    assert two_fa.benefit == "I can prove we meet the insurer's requirements"
    assert two_fa.acceptance_criteria == (
        "Given a staff member logs in When the password is correct Then a one-time code is requested",)

    last_login = by_id["backlog.md#4"]
    assert last_login.acceptance_criteria == ("Shown under the avatar",)
    assert last_login.epic == "Quick wins" and last_login.line == 27
    assert by_id["backlog.md#5"].benefit is None and by_id["backlog.md#5"].parsed
    assert by_id["ACC-12"].role == "auditor"


def test_markdown_keeps_what_it_cannot_parse_and_says_where():
    corpus, by_id = read("backlog.md")
    photo, footer = by_id["backlog.md#3"], by_id["backlog.md#6"]
    assert not photo.parsed and photo.title == "Profile photo"
    assert "Staff can upload a photo" in photo.text
    assert not footer.parsed and footer.text == "- Fix the footer links"
    assert where(corpus) == [("backlog.md", 23), ("backlog.md", 30)]
    # The document's intro paragraph is not a story and is not reported.
    assert not any("refined backlog" in s.text for s in corpus.stories)


def test_text_paragraphs_with_line_breaks_and_inline_criteria():
    corpus, by_id = read("paragraphs.txt")
    first, second, note = corpus.stories
    assert first.format == "text" and first.line == 1
    assert first.goal == "see which pickers are falling behind their target"
    assert first.benefit == "I can move people between aisles before the cut-off"
    assert (second.role, second.goal, second.benefit) == (
        "picker", "scan each tote", "I can prove it was loaded")
    assert second.acceptance_criteria == (
        "the scan is rejected for the wrong van", "a beep confirms the scan")
    # A paragraph without a narrative is a story of its own (kept raw, with a warning), never
    # glued onto the story above it (issue 10; it used to be appended to `second`).
    assert "Christmas peak" not in second.text
    assert (note.parsed, note.line, note.end_line) == (False, 8, 8)
    assert [(w.line, "narrative" in w.message) for w in corpus.warnings] == [(8, True)]


def test_text_without_any_story_is_kept_paragraph_by_paragraph():
    corpus, _ = read("prose_only.txt")
    assert [s.parsed for s in corpus.stories] == [False, False]
    assert where(corpus) == [("prose_only.txt", 1), ("prose_only.txt", 3)]


@pytest.mark.parametrize("sentence, role, goal, benefit", [
    ("As an admin, I want to export users, so that I can audit access.",
     "admin", "export users", "I can audit access"),
    ("AS A NURSE I NEED TO see the rota SO THAT I can swap shifts",
     "NURSE", "see the rota", "I can swap shifts"),
    ("as a driver i would like route hints in order to save fuel",
     "driver", "route hints", "save fuel"),
    ("As the receptionist, I want a day view so we can manage the waiting room. More notes.",
     "receptionist", "a day view", "we can manage the waiting room"),
    ("As a parent I want to book for my child", "parent", "book for my child", None),
])
def test_narrative_variants(sentence, role, goal, benefit):
    story = read_text(sentence, format="text").stories[0]
    assert (story.role, story.goal, story.benefit) == (role, goal, benefit)


def test_setext_headings_and_ac_under_bold_header():
    text = ("Backlog\n=======\n\nPay\n---\n\n### Refunds\nAs a clerk, I want refunds, so that "
            "books balance.\n\n**Acceptance criteria**\n- Refund within 5 days\n")
    story = read_text(text, format="markdown").stories[0]
    assert story.title == "Refunds" and story.epic == "Pay"
    assert story.acceptance_criteria == ("Refund within 5 days",)


# --- CSV ---------------------------------------------------------------------------------

def test_jira_csv_repeated_labels_multiline_cells_and_line_numbers():
    corpus, by_id = read("jira_export.csv")
    assert list(by_id) == ["SHOP-1", "SHOP-2", "SHOP-3"]
    pay = by_id["SHOP-1"]
    assert pay.labels == ("payments", "checkout")  # two of three repeated Labels columns filled
    assert (pay.role, pay.goal, pay.benefit) == ("shopper", "pay by instant bank transfer",
                                                 "I avoid card fees")
    assert pay.acceptance_criteria == ("The bank list is searchable",
                                       "A failed transfer returns me to checkout")
    assert pay.epic == "SHOP-100" and pay.title == "Pay by bank transfer"
    assert "Open Banking" in pay.text
    # SHOP-1's description spans 5 physical lines, so SHOP-2 starts on line 7.
    assert [s.line for s in corpus.stories] == [2, 7, 8]
    assert by_id["SHOP-2"].labels == ("social",) and by_id["SHOP-2"].benefit == "I can get gifts I like"
    assert by_id["SHOP-3"].goal is None and by_id["SHOP-3"].parsed  # a bug: title + description
    assert corpus.warnings == []


def test_azure_csv_semicolons_bom_html_and_tags():
    corpus, by_id = read("azure_export.csv")
    assert (DATA / "azure_export.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(by_id) == ["7001", "7002"]  # the BOM did not stick to the "ID" header
    room = by_id["7001"]
    assert room.role == "employee" and room.goal == "book a meeting room for a time slot"
    assert room.acceptance_criteria == ("Rooms show capacity", "Double bookings are impossible")
    assert room.labels == ("rooms", "facilities")
    assert "<" not in room.text and "&nbsp;" not in room.text
    display = by_id["7002"]
    assert display.benefit == "people stop knocking on doors"  # narrative across two <p>
    assert corpus.warnings == []


def test_bad_csv_quoting_keeps_the_row_and_reads_on():
    corpus, by_id = read("bad_quoting.csv")
    assert list(by_id) == ["BAD-1", "BAD-2", "BAD-3"]
    assert not by_id["BAD-2"].parsed and by_id["BAD-2"].text == 'BAD-2,"Broken" quote,As a user I want two'
    assert by_id["BAD-3"].goal == "three" and by_id["BAD-3"].line == 4
    assert where(corpus) == [("bad_quoting.csv", 3)]
    assert "quoting" in corpus.warnings[0].message


def test_unterminated_quote_does_not_swallow_the_file(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('Issue key,Summary\nAB-1,"never closed\nAB-2,Second\nAB-3,Third\n')
    corpus = ingest_paths([f])
    assert [s.id for s in corpus.stories] == ["AB-1", "AB-2", "AB-3"]
    assert [s.parsed for s in corpus.stories] == [False, True, True]
    assert [(w.line, "quoting" in w.message) for w in corpus.warnings] == [(2, True)]


def test_csv_row_with_extra_fields_and_reference_name_columns(tmp_path):
    f = tmp_path / "ado.csv"
    f.write_text("ID,Title,System.Description,Microsoft.VSTS.Common.AcceptanceCriteria\n"
                 "1,Export,\"As a clerk, I want CSV\",<div>Has headers</div>,surplus\n")
    corpus = ingest_paths([f])
    story = corpus.stories[0]
    assert story.goal == "CSV" and story.acceptance_criteria == ("Has headers",)
    assert [(w.line, "5 fields" in w.message) for w in corpus.warnings] == [(2, True)]


# --- JSON and JSON Lines -----------------------------------------------------------------

def test_truncated_json_keeps_complete_items_and_the_rest_raw():
    corpus, by_id = read("truncated.json")
    assert list(by_id) == ["TR-1", "TR-2", "TR-3"]
    assert [s.line for s in corpus.stories] == [2, 3, 4]
    assert by_id["TR-2"].goal == "import bank payments"
    assert not by_id["TR-3"].parsed and by_id["TR-3"].text.startswith('{"key": "TR-3"')
    assert where(corpus) == [("truncated.json", 4)]


def test_jsonl_bad_line_is_reported_and_the_rest_read():
    corpus, by_id = read("bad_line.jsonl")
    assert list(by_id) == ["JL-1", "JL-2", "JL-3", "bad_line.jsonl#4"]
    assert by_id["JL-1"].goal == "switch the app to dark mode"  # from as_a/i_want/so_that
    assert "I want to switch the app to dark mode" in by_id["JL-1"].text
    assert not by_id["JL-2"].parsed
    assert by_id["JL-3"].labels == ("ward", "printing") and by_id["JL-3"].line == 3
    assert where(corpus) == [("bad_line.jsonl", 2), ("bad_line.jsonl", 5)]


def test_json_shapes_and_jira_rest_with_adf(tmp_path):
    adf = {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text":
            "As a tester, I want seeded data, so that runs repeat."}]},
        {"type": "bulletList", "content": [{"type": "listItem", "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "Seed is logged"}]}]}]}]}
    doc = {"issues": [{"id": "100", "key": "QA-1", "fields": {
        "summary": "Seeded data", "description": adf, "labels": ["qa"],
        "parent": {"key": "QA-0", "fields": {"summary": "Test tooling"}}}}]}
    (tmp_path / "rest.json").write_text(json.dumps(doc, indent=2))
    (tmp_path / "list.json").write_text(json.dumps(
        ["As a cook, I want timers, so that nothing burns.",
         {"title": "Recipes", "story": "As a cook I want recipes", "criteria": "one\ntwo"}]))
    corpus = ingest_paths([tmp_path])
    by_id = corpus.by_id()
    qa = by_id["QA-1"]
    assert (qa.goal, qa.benefit, qa.epic, qa.labels) == ("seeded data", "runs repeat",
                                                         "Test tooling", ("qa",))
    assert qa.acceptance_criteria == ("Seed is logged",) and qa.line == 3
    assert by_id["list.json#1"].goal == "timers"
    assert by_id["list.json#2"].acceptance_criteria == ("one", "two")
    assert corpus.warnings == []


# --- Gherkin -----------------------------------------------------------------------------

def test_gherkin_scenarios_become_stories_with_the_feature_narrative():
    corpus, by_id = read("checkout.feature")
    assert list(by_id) == ["SHOP-9", "checkout.feature#2", "checkout.feature#3"]
    pay = by_id["SHOP-9"]  # the @SHOP-9 tag is the tracker key
    assert (pay.role, pay.goal, pay.benefit) == ("shopper", "pay for my basket",
                                                 "get my groceries delivered")
    assert pay.acceptance_criteria[0] == "Given I have a saved Visa card"
    assert len(pay.acceptance_criteria) == 4 and pay.labels == ("checkout", "smoke")
    assert pay.epic == "Checkout" and pay.line == 12
    assert "Background:\n    Given I have 3 items in my basket" in pay.text  # context kept
    outline = by_id["checkout.feature#2"]
    assert outline.acceptance_criteria[-1].startswith("Examples: | total | state")
    assert "| £30   | allowed  |" in outline.text
    assert not by_id["checkout.feature#3"].parsed
    assert where(corpus) == [("checkout.feature", 28)]


# --- Files that are not text -------------------------------------------------------------

def test_binary_and_empty_files_are_skipped_with_a_reason_and_legacy_text_is_read():
    corpus = ingest_paths([DATA / "logo.png", DATA / "latin1.txt", DATA / "empty.md"])
    reasons = {w.path.rsplit("/", 1)[-1]: (w.line, w.message, w.skipped) for w in corpus.warnings}
    assert reasons["logo.png"][1].startswith("binary file") and reasons["logo.png"][2]
    assert reasons["empty.md"][1] == "empty file"
    # latin1.txt used to be refused ("not UTF-8"); its encoding is now detected (issue 10.3).
    assert "latin1.txt" not in reasons and corpus.stories[0].role == "café owner"


def test_latin1_reads_with_an_explicit_encoding():
    corpus = ingest_paths([DATA / "latin1.txt"], encoding="cp1252")
    assert corpus.stories[0].role == "café owner"


def test_utf16_with_bom_and_crlf(tmp_path):
    f = tmp_path / "win.txt"
    f.write_bytes("As a clerk, I want naïve résumés,\r\nso that it works.\r\n".encode("utf-16"))
    story = ingest_paths([f]).stories[0]
    assert (story.goal, story.benefit) == ("naïve résumés", "it works")


def test_extension_sniffing(tmp_path):
    (tmp_path / "a.json").write_text('{"title": "A", "description": "As a x, I want y"}\n'
                                     '{"title": "B", "description": "As a x, I want z"}\n')
    (tmp_path / "b.txt").write_text("Feature: F\n  Scenario: S\n    Given g\n")
    (tmp_path / "README").write_text("As a reader, I want docs, so that I learn.\n")
    (tmp_path / "notes.yaml").write_text("key: value\n")
    corpus = ingest_paths([tmp_path])
    assert [(s.id, s.format) for s in corpus.stories] == [
        ("README#1", "text"), ("a.json#1", "jsonl"), ("a.json#2", "jsonl"), ("b.txt#1", "gherkin")]
    assert [(w.path.rsplit("/", 1)[-1], w.skipped) for w in corpus.warnings] == [("notes.yaml", True)]


def test_markdown_story_table_and_front_matter():
    text = ("---\ntitle: Sprint 12\nowner: ops\n---\n# Sprint 12\n\n## Bikes\n\n"
            "| Key | Story | Acceptance criteria |\n|-----|-------|---|\n"
            "| SP-1 | As a rider, I want a map, so that I find bikes. | Loads in 2s<br>Shows docks |\n"
            "| SP-2 | As a rider I want to pay by tap \\| card | |\n")
    corpus = read_text(text, format="markdown")
    assert [(s.id, s.line, s.epic) for s in corpus.stories] == [("SP-1", 11, "Bikes"),
                                                                ("SP-2", 12, "Bikes")]
    assert corpus.stories[0].acceptance_criteria == ("Loads in 2s", "Shows docks")
    assert corpus.stories[1].goal == "pay by tap | card"
    assert corpus.warnings == []  # front matter is neither a story nor a problem


def test_jira_wiki_markup_and_excel_sep_line():
    text = ('sep=;\nIssue key;Summary;Description\nAB-1;Wiki;"As a user, I want wiki, so that '
            'it renders.\n\nh3. Acceptance Criteria\n# first\n# second\n** nested"\n')
    corpus = read_text(text, format="csv")
    story = corpus.stories[0]
    assert (story.id, story.goal, story.line) == ("AB-1", "wiki", 3)
    assert story.acceptance_criteria == ("first", "second", "nested")


def test_sub_headings_for_criteria_and_notes_belong_to_the_story_above():
    text = ("# Checkout epic\n\n## PAY-3: Save cart\nAs a shopper, I want my cart saved, so that "
            "I come back.\n\n### Acceptance Criteria\n- kept 30 days\n- flagged when out of stock\n\n"
            "### Notes\n- ask legal about retention\n\n## Refund flow\n\n### Description\n"
            "As a clerk, I want refunds in one click, so that I save time.\n\n"
            "### Acceptance criteria\n1. One click\n2. Logged\n\n## Gift wrap\n"
            "Customers asked for gift wrapping at Christmas.\n\n### Acceptance criteria\n"
            "- Option at checkout\n")
    corpus = read_text(text, format="markdown")
    assert [(s.id, s.line, s.title, s.epic) for s in corpus.stories] == [
        ("PAY-3", 3, "Save cart", "Checkout epic"), ("<text>#2", 13, "Refund flow", "Checkout epic"),
        ("<text>#3", 22, "Gift wrap", "Checkout epic")]
    save, refund, wrap = corpus.stories
    assert save.acceptance_criteria == ("kept 30 days", "flagged when out of stock")
    assert "ask legal about retention" in save.text  # notes stay in the text, not the criteria
    assert (refund.goal, refund.acceptance_criteria) == ("refunds in one click", ("One click", "Logged"))
    assert wrap.acceptance_criteria == ("Option at checkout",) and "Christmas" in wrap.text
    assert corpus.warnings == []


def test_epic_links_are_named_by_the_epic_row_in_the_same_export():
    jira = read_text("Issue key,Issue Type,Summary,Epic Link\nPAY-100,Epic,Payments revamp,\n"
                     "PAY-1,Story,Pay by card,PAY-100\nPAY-2,Story,Pay by bank,PAY-999\n", format="csv")
    # The Epic row is a parent (reported in corpus.parents), not a story (issue 10).
    assert [(s.id, s.epic) for s in jira.stories] == [
        ("PAY-1", "Payments revamp"), ("PAY-2", "PAY-999")]
    assert [(p.key, p.kind, p.children) for p in jira.parents] == [("PAY-100", "Epic", 1)]
    azure = read_text("ID;Work Item Type;Title;Parent\n10;Feature;Booking;\n11;User Story;Book;10\n",
                      format="csv")
    assert [(s.id, s.epic) for s in azure.stories] == [("11", "Booking")]
    assert [(p.key, p.title, p.line) for p in azure.parents] == [("10", "Booking", 2)]


def test_template_style_stories_with_bold_labels():
    text = ("**Title:** Save cart\n**As a** shopper\n**I want** to save my cart\n"
            "**So that** I can come back\n\n**Acceptance Criteria:**\n1. Kept 30 days\n2. Synced\n\n"
            "**Title:** Share cart\n**As a** shopper\n**I want** to share my cart\n"
            "**So that** my partner can add items\n")
    corpus = read_text(text, format="markdown")
    assert [(s.line, s.title, s.goal, s.benefit, s.acceptance_criteria) for s in corpus.stories] == [
        (1, "Save cart", "save my cart", "I can come back", ("Kept 30 days", "Synced")),
        (10, "Share cart", "share my cart", "my partner can add items", ())]


def test_a_heading_over_a_list_of_items_is_not_one_story():
    corpus = read_text("## Quick wins\n- As a user, I want X, so that Y.\n- Fix the footer\n"
                       "- Update logo\n", format="markdown")
    assert [(s.goal, s.parsed, s.epic) for s in corpus.stories] == [
        ("X", True, "Quick wins"), (None, False, "Quick wins"), (None, False, "Quick wins")]
    assert [w.line for w in corpus.warnings] == [3, 4]
    single = read_text("### Save cart\n- As a shopper, I want X\n\nAcceptance criteria:\n"
                       "- Kept 30 days\n- Synced\n", format="markdown").stories
    assert [(s.title, s.acceptance_criteria) for s in single] == [
        ("Save cart", ("Kept 30 days", "Synced"))]


def test_json_stories_nested_under_a_wrapper_object():
    doc = {"meta": {"stories": [1, 2]}, "data": {"stories": [
        {"key": "A-1", "title": "One", "description": "As a x, I want y"},
        {"key": "A-2", "title": "Two"}]}}
    corpus = read_text(json.dumps(doc, indent=2), format="json")
    assert [(s.id, s.line, s.title) for s in corpus.stories] == [("A-1", 11, "One"),
                                                                 ("A-2", 16, "Two")]
    assert corpus.warnings == []


def test_utf16_without_bom_is_detected_and_reads_with_encoding(tmp_path):
    f = tmp_path / "nobom.txt"
    f.write_bytes("As a clerk, I want exports, so that I reconcile.\n".encode("utf-16-le"))
    corpus = ingest_paths(f)  # a single path is accepted as well as a list
    # It used to be refused with a hint; the layout (every other byte NUL) is detected now.
    assert corpus.stories[0].goal == "exports" and corpus.ledgers[0].encoding == "utf-16-le"
    assert ingest_paths([f], encoding="utf-16-le").stories[0].goal == "exports"


def test_prose_starting_with_when_or_but_is_not_a_criterion():
    story = read_text("As a driver, I want door codes, so that I get in.\nBut only for flats.\n"
                      "When the code is wrong I call.\n\nGiven a flat\nAnd a code\nWhen I arrive\n"
                      "Then I see the code\n", format="text").stories[0]
    assert story.acceptance_criteria == ("Given a flat And a code When I arrive Then I see the code",)
    assert story.benefit == "I get in"


def test_top_level_heading_stories_keep_prose_only_ones():
    corpus = read_text("# Save cart\nAs a shopper, I want X\n# Gift wrap\n"
                       "Customers asked for gift wrap.\n", format="markdown")
    assert [(s.title, s.parsed) for s in corpus.stories] == [("Save cart", True), ("Gift wrap", False)]
    assert [w.line for w in corpus.warnings] == [3]
