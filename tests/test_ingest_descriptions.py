"""Descriptions written in Markdown (GitLab/GitHub issues), Jira wiki markup or HTML: the
narrative ends at the next heading, criteria come only from acceptance-criteria sections, and
HTML-to-text never deletes code."""

from __future__ import annotations

import json
from pathlib import Path

from storytransformer.ingest import ingest_paths, read_text
from storytransformer.ingest.description import read_description
from storytransformer.ingest.html_text import html_to_text

DATA = Path(__file__).parent / "data" / "ingest_formats" / "descriptions"


def test_gitlab_issue_templates_in_json():
    corpus = ingest_paths([DATA / "gitlab_issues.json"])
    pdf, dark, rate, search = corpus.stories
    assert (pdf.role, pdf.goal, pdf.benefit) == ("accountant", "export invoices as PDF",
                                                 "I can send them to clients")
    # "Proposed solution" and "How to demonstrate" bullets are not criteria; they stay in text.
    assert pdf.acceptance_criteria == ("The PDF matches the print view",
                                       "The file name contains the invoice number")
    assert "Render with the existing print template" in pdf.text and "Related to #12" in pdf.text
    assert pdf.labels == ("invoices", "export")
    assert [(s.line, s.end_line) for s in corpus.stories][:2] == [(2, 17), (18, 27)]
    # The benefit ends at the next heading; bold "Definition of done" is a criteria section,
    # bold "Technical notes" is not.
    assert dark.benefit == "the screen does not dazzle me"
    assert dark.acceptance_criteria == ("Contrast ratio of at least 4.5:1",
                                        "Setting is remembered per user")
    # "Acceptance:" label; a "# Acceptance criteria" inside a code fence is not a heading.
    assert rate.acceptance_criteria == (
        "More than 10 failed logins per minute from one IP are refused", "Refused requests get HTTP 429")
    assert search.goal == "search shops by postcode"
    assert search.acceptance_criteria == ("results are sorted by distance",)  # "**AC:** ..."
    assert corpus.warnings == []


def test_github_issue_bodies_and_label_objects(tmp_path):
    issues = [{"number": 7, "id": 501, "title": "Bulk archive",
               "body": "## User story\nAs a moderator I want to archive threads in bulk so that "
                       "the board stays tidy\n\n## Proposed technical solution\n* a batch endpoint\n"
                       "* reuse the archive job\n\n## Acceptance criteria\n"
                       "Given 20 selected threads\nWhen I archive them\nThen all 20 are archived\n",
               "labels": [{"name": "moderation"}, {"name": "api"}]}]
    f = tmp_path / "gh.json"
    f.write_text(json.dumps(issues, indent=1))
    story = ingest_paths([f]).stories[0]
    assert story.benefit == "the board stays tidy"
    assert story.acceptance_criteria == (
        "Given 20 selected threads When I archive them Then all 20 are archived",)
    assert story.labels == ("moderation", "api")


def test_jira_html_descriptions_keep_code_and_read_sections():
    corpus = ingest_paths([DATA / "jira_html.csv"])
    api3, api4 = corpus.stories
    assert api3.goal == "GET /orders to return pages of 100"
    assert "`GET /orders`" in api3.text and "`List<Order>`" in api3.text
    assert "`?after=<id>`" in api3.text
    assert api3.acceptance_criteria == ("A request without limit returns 100 orders",
                                        "The next link is absent on the last page")
    assert api4.benefit == "I do not miss orders"
    assert api4.acceptance_criteria == ("Retries back off up to 1 hour",
                                        "After 5 failures the hook is disabled")
    assert "Stop the receiver" in api4.text


def test_html_to_text_never_deletes_code_or_text_that_looks_like_a_tag():
    assert html_to_text("<p>Run <code>git log <branch></code> first</p>") == \
        "Run `git log <branch>` first"
    assert html_to_text("<p>Use <code>List<String></code> and <code>a &lt; b</code></p>") == \
        "Use `List<String>` and `a < b`"
    assert html_to_text("<pre><code>if (a<b && c>d) {\n  go();\n}</code></pre>") == \
        "if (a<b && c>d) {\ngo();\n}"
    assert html_to_text("<p>Press <Enter> to save</p>") == "Press <Enter> to save"
    assert html_to_text("<p>Type `<div>` here</p>") == "Type `<div>` here"
    highlighted = '<pre class="code-java"><span class="kw">public</span> List<Order> all()</pre>'
    assert html_to_text(highlighted) == "public List<Order> all()"
    assert html_to_text("<h3>Acceptance criteria</h3><ul><li>x</li></ul>") == \
        "### Acceptance criteria\n\n- x"
    assert html_to_text("<p><strong> Done when </strong></p>") == "**Done when**"


def test_jira_wiki_sections_and_plain_descriptions_keep_working():
    wiki = read_description("As a user I want wiki so that it renders\n\nh3. Proposed solution\n"
                            "* render server side\n\nh3. Acceptance Criteria\n# first\n# second\n"
                            "** nested\n")
    assert wiki.criteria == ["first", "second", "nested"]
    bold_label = read_description("As a user I want X so that Y\n\n*Acceptance Criteria:*\n"
                                  "# first\n# second\n\n*Notes*\n* not a criterion")
    assert bold_label.criteria == ["first", "second"]  # "# " items, not Markdown headings
    assert " ".join(wiki.prose) == "As a user I want wiki so that it renders"
    plain = read_description("As a clerk, I want refunds.\n\nAcceptance criteria:\n- one\n- two")
    assert plain.criteria == ["one", "two"]
    localized = read_description("Als Kunde möchte ich X\n\n### Akzeptanzkriterien\n- eins\n\n"
                                 "### Lösungsidee\n- zwei\n")
    assert localized.criteria == ["eins"]


def test_csv_markdown_description_other_sections_are_not_criteria():
    text = ('Key,Title,Description\nW-1,Wishlist,"As a shopper, I want a wishlist so that I buy '
            'later.\n\n**How to demonstrate**\n- add an item\n- reload\n\n**Acceptance criteria**\n'
            '- the item is still there"\n')
    story = read_text(text, format="csv").stories[0]
    assert story.benefit == "I buy later"
    assert story.acceptance_criteria == ("the item is still there",)
    assert (story.line, story.end_line) == (2, 9)


def test_plain_section_lines_of_issue_templates_are_sections_too():
    body = read_description("As a user I want X so that Y.\n\nHow to demonstrate\n- open it\n"
                            "- click it\n\nAcceptance criteria\n- it opens")
    assert body.criteria == ["it opens"] and body.prose == ["As a user I want X so that Y."]
    body = read_description("As a user I want X so that Y.\n\nProposed technical solution\n"
                            "- a cache\n")
    assert body.criteria == []
    # Without any section, bullets right under the narrative are still its criteria.
    assert read_description("As a user I want X so that Y.\n- a\n- b\n").criteria == ["a", "b"]


def test_jira_cloud_rest_adf_descriptions_keep_sections_and_code(tmp_path):
    def text(t, *marks):
        return {"type": "text", "text": t, "marks": [{"type": m} for m in marks]}

    def para(*nodes):
        return {"type": "paragraph", "content": list(nodes)}

    def bullets(*items):
        return {"type": "bulletList", "content": [
            {"type": "listItem", "content": [para(text(i))]} for i in items]}

    adf = {"type": "doc", "version": 1, "content": [
        para(text("As an admin, I want to rotate the "), text("API_KEY", "code"),
             text(" without downtime so that leaked keys stop working.")),
        {"type": "heading", "attrs": {"level": 3}, "content": [text("Proposed technical solution")]},
        bullets("Two active keys per tenant", "A cron job revokes the old key"),
        {"type": "heading", "attrs": {"level": 3}, "content": [text("Acceptance criteria")]},
        bullets("Both keys work during the overlap", "The old key fails after 24 hours"),
        {"type": "codeBlock", "content": [text("curl -H 'X-Key: <new>' /ping")]}]}
    doc = {"issues": [{"key": "SEC-4", "fields": {"summary": "Rotate API keys",
                                                  "description": adf}}]}
    f = tmp_path / "rest.json"
    f.write_text(json.dumps(doc, indent=1))
    story = ingest_paths([f]).stories[0]
    assert story.benefit == "leaked keys stop working"
    assert "`API_KEY`" in story.text and "curl -H 'X-Key: <new>' /ping" in story.text
    assert story.acceptance_criteria == ("Both keys work during the overlap",
                                         "The old key fails after 24 hours")


def test_gitlab_issue_reference_is_the_id(tmp_path):
    f = tmp_path / "gl.json"
    f.write_text(json.dumps([{"id": 88101, "iid": 41, "references": {
        "short": "#41", "full": "acme/billing#41"}, "title": "Export",
        "description": "As a clerk I want exports"}]))
    assert [s.id for s in ingest_paths([f]).stories] == ["acme/billing#41"]
