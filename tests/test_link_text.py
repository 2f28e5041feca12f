"""Links between stories as a person reads them in every output of the real `merge` CLI (no
model: --merger extractive): merged.md's "Linked, not merged" on each card says which of the
card's source stories each link belongs to and shows both ends (id, file:line; the other's
title and output) in the link's order with the relation and reason; the Links section,
report.html, merged.json and the Jira CSV's Relates columns agree with it."""

import csv
import html
import io
import json
import re
import subprocess
import sys

import pytest

BACKLOG = """# Accounts

## Reset password
As a user, I want to reset my password by email, so that I can log in again.

## Password reset by mail
As a user I want to reset my password by email so that I can log in again quickly.

## Reset PIN
As a user, I want to reset my PIN by email, so that I can log in again.

## Return within 30 days
As a customer, I want to return an item within 30 days, so that I can change my mind.

## Return within 14 days
As a customer, I want to return an item within 14 days, so that I can change my mind.

## Download invoice
As a customer, I want to download my invoice as a PDF, so that I can file it.

## Download receipt
As a customer, I want to download my receipt as a PDF, so that I can file it.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    (root / "backlog.md").write_text(BACKLOG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(root / "backlog.md"), "--out",
                           str(root / "out"), "--merger", "extractive"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return root / "out"


def _cards(md: str) -> dict[str, str]:
    """Output id -> its section of merged.md."""
    parts = re.split(r"^## ", md, flags=re.M)[1:]
    return {p.split(":", 1)[0]: p for p in parts if not p.startswith(("Links (", "Possible duplicates"))}


def test_each_card_link_names_its_source_story_and_both_ends(out):
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    md = (out / "merged.md").read_text(encoding="utf-8")
    cards = _cards(md)
    where = {row["source_id"]: row["source"] for row in csv.DictReader(
        io.StringIO((out / "traceability.csv").read_text(encoding="utf-8")))}
    # a story's own Markdown heading ("## Reset PIN") is shown as written, not as a section
    # that would end its card: one "## " heading per output story, plus the Links section
    sections = 1 + any(l["possible_duplicate"] for l in doc["links"])  # Links (and Possible duplicates)
    assert sum(ln.startswith("## ") for ln in md.splitlines()) == len(doc["stories"]) + sections
    assert "\\## Reset PIN" in md
    merged = [o for o in doc["stories"] if len(o["sources"]) > 1]
    assert merged and any(o["relates_to"] for o in merged), "the backlog must give a merged story a link"
    links = {(l["source"], l["target"]): l for l in doc["links"]}
    seen = 0
    for o in doc["stories"]:
        for r in o["relates_to"]:
            assert (r["source"], r["target"]) in links and links[(r["source"], r["target"])]["reason"] == r["reason"]
            assert r["from"] in o["sources"] and {r["from"], r["story"]} == {r["source"], r["target"]}
            if r["relation"] == "related" and not r["possible_duplicate"]:
                # a neighbour, not a decision: named on the card's one short "related to" line
                # (link_budget.py), with its title and the output it is in
                line = next(ln for ln in cards[o["id"]].splitlines() if ln.startswith("- related to ("))
                assert f"**{r['story']}** “" in line and (r["id"] == r["story"] or f"in {r['id']}" in line)
                seen += 1
                continue
            line = next(ln for ln in cards[o["id"]].splitlines()
                        if ln.startswith(f"- **{r['source']}**") and f"**{r['target']}**" in ln)
            # the link's order (its reason's order), both ends with file:line, this card's own
            # source story bare, the other one with its title and the output it is in
            assert f"**{r['from']}** ({where[r['from']]})" in line
            assert where[r["story"]] in line and "“" in line
            if r["id"] != r["story"]:
                assert f"in {r['id']}" in line
            assert line.endswith(": " + html.escape(r["reason"], quote=False))
            seen += 1
    assert seen == sum(len(o["relates_to"]) for o in doc["stories"]) > 0
    # on the merged story's card, each link line starts with the source story it belongs to
    card = cards[merged[0]["id"]]
    starts = {ln.split("**")[1] for ln in card.splitlines() if ln.startswith("- **")}
    assert starts <= set(merged[0]["sources"]) | {r["source"] for r in merged[0]["relates_to"]}


def test_links_section_report_and_jira_csv_agree(out):
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    md = (out / "merged.md").read_text(encoding="utf-8")
    # possible duplicates in their own list, then conflicts, overlaps and the strongest related
    # links under Links (link_budget.MAX_LISTED_RELATED; this backlog has fewer)
    section = md[min(i for i in (md.find("\n## Possible duplicates"), md.find("\n## Links (")) if i >= 0):]
    for l in doc["links"]:
        line = next(ln for ln in section.splitlines() if ln.startswith(f"- **{l['source']}** “"))
        assert f"**{l['target']}** “" in line and line.endswith(html.escape(l["reason"], quote=False))
        assert line.count("backlog.md:") == 2  # both ends' file:line
        assert {"related": "related to", "conflict": "conflicts with"}[l["relation"]] in line
        # a possible duplicate (kept apart by a soft rule) says so on its line, and only it
        assert ("(possible duplicate, not merged: please review)" in line) == l["possible_duplicate"]
    report = (out / "report.html").read_text(encoding="utf-8")
    marked = [l for l in doc["links"] if l["possible_duplicate"]]
    assert doc["metadata"]["counts"]["possible_duplicates"] == len(marked)
    assert report.count('<div class="card possible">') == len(marked)
    for l in marked:
        assert f"{html.escape(l['source'])} and {html.escape(l['target'])} · similarity" in report
    for o in doc["stories"]:
        for r in o["relates_to"]:
            if r["relation"] == "conflict":  # shown side by side under "Conflicts to decide"
                assert html.escape(f"{r['source']} and {r['target']}: {r['reason']}", quote=True) in report
                continue
            assert r["possible_duplicate"] == next(l["possible_duplicate"] for l in doc["links"]
                                                   if (l["source"], l["target"]) == (r["source"], r["target"]))
            assert f'<a href="#{r["id"]}"><b>{html.escape(r["story"])}</b></a>' in report
            assert html.escape(r["reason"], quote=True) in report
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"))))
    head, body = rows[0], rows[1:]
    issue: dict[str, str] = {}
    for row in body:  # an output's own row comes before the originals a flagged merge keeps
        issue.setdefault(row[head.index("Merged ID")], row[0])
    relates = [i for i, h in enumerate(head) if h == "Relates"]
    for o in doc["stories"]:
        row = next(r for r in body if r[head.index("Merged ID")] == o["id"] and r[head.index("Merge Decision")])
        linked = {row[i] for i in relates if row[i]}
        assert {issue[r["id"]] for r in o["relates_to"]} <= linked, o["id"]


def test_headline_and_report_say_where_the_stories_to_review_are(out):
    """"2 to review" in the headline and "Needs review (1)" in the report disagreed: the
    stories of a conflict are shown under "Conflicts to decide". Both now say so."""
    md = (out / "merged.md").read_text(encoding="utf-8")
    head = md.splitlines()[2]
    assert "2 to review (all of them in 1 conflict to decide)" in head, head
    assert head.endswith("linked to other stories (4 links: 1 conflict, 3 related)."), head  # not "related" for all
    page = (out / "report.html").read_text(encoding="utf-8")
    shown = int(re.search(r'<h2 id="review">Needs review \((\d+)\)</h2>', page).group(1))
    note = re.search(r'<h2 id="review">[^<]*</h2><p class="meta">([^<]*)<a href="#conflicts">', page).group(1)
    assert note == "1 extractive merge; the 2 stories of conflicts are under "
    extractive, review = (int(re.search(p, head).group(1)) for p in (r"(\d+) extractive merge", r"(\d+) to review"))
    assert shown + 2 == extractive + review


def test_conflict_flags_name_the_stories_the_reason_compares(out):
    """A flag on a card cannot show the link's order its reason follows: "the second story"
    becomes a story id or "this story", and the side whose words come second says so."""
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    stories = {o["id"]: o for o in doc["stories"]}
    link = next(l for l in doc["links"] if l["relation"] == "conflict")
    first, second = stories[link["source_output"]], stories[link["target_output"]]
    assert f"conflict with {link['target']}: {link['reason']}" in first["flags"]
    assert f"conflict with {link['source']} ({link['source']}'s words first): {link['reason']}" in second["flags"]
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert f"> ⚠ conflict with {link['source']} ({link['source']}'s words first): " in md


def test_a_flag_says_which_story_rules_out_the_other():
    from storytransformer.linking import _flag
    from storytransformer.stories import Link

    link = Link("A-1", "B-2", "conflict", 0.5, "the second story rules out what the other asks for: 'No reminder'")
    assert _flag(link, "B-2") == "conflict with B-2: B-2 rules out what the other asks for: 'No reminder'"
    assert _flag(link, "A-1") == "conflict with A-1: this story rules out what the other asks for: 'No reminder'"
