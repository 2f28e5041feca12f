"""A backlog of siblings on one template gives many "related" links. merged.json keeps every
link; merged.csv writes every conflict and at most link_budget.MAX_SHOWN_RELATED related links
per issue; merged.md and report.html show each story's decisions and its strongest related
links with a count of the rest, so the conflicts and possible duplicates stand out (a tester's
30 KB school backlog: 1,555 links, 39 Relates columns, a 1.0 MB merged.md). Real CLI."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.write.link_budget import MAX_LISTED_RELATED, MAX_SHOWN_RELATED

THINGS = ["graduation seating plan", "sports team roster", "uniform shop orders", "field trip list", "lunch menu",
          "parent evening schedule", "bus timetable", "library opening hours", "exam timetable", "school concert",
          "swimming lessons", "homework club", "science fair", "book fair", "after-school clubs", "vaccination day",
          "class photo day", "holiday calendar", "music lessons", "chess tournament"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("noise")
    lines = [f"As a parent, I want to receive email updates about the {t}, so that I stay informed." for t in THINGS]
    lines += [f"As a teacher, I want to edit the {t}, so that parents see the current version." for t in THINGS[:10]]
    lines += ["As a parent, I want absence notes to be accepted until 9:00, so that I can report a sick child.",
              "As a parent, I want absence notes to be accepted until 11:00, so that I can report a sick child."]
    (d / "in").mkdir()
    (d / "in" / "school.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(d / "in"), "--out", str(d / "out"), "--merger", "extractive"])
    assert res.exit_code == 0, res.output
    return d / "out"


def test_merged_json_keeps_every_link_and_the_corpus_is_noisy(out):
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert len(doc["links"]) == doc["metadata"]["counts"]["links"]
    assert max(len(s["relates_to"]) for s in doc["stories"]) > 2 * MAX_SHOWN_RELATED  # else this tests nothing
    assert any(l["relation"] == "conflict" for l in doc["links"])


def test_merged_csv_writes_conflicts_and_a_few_related_links(out):
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8"))))
    head = rows[0]
    relates = [i for i, h in enumerate(head) if h == "Relates"]
    issue = {r[head.index("Merged ID")]: r[0] for r in rows[1:]}
    by_id = {s["id"]: s for s in doc["stories"]}
    for row in rows[1:]:
        story = by_id.get(row[head.index("Merged ID")])
        if story is None or row[0] != issue[story["id"]]:
            continue  # an original a flagged merge keeps (linked to its merge)
        written = [row[i] for i in relates if row[i]]
        hard = {issue[r["id"]] for r in story["relates_to"] if r["relation"] != "related"}
        assert hard <= set(written)  # a conflict is always a link
        assert len(set(written) - hard) <= MAX_SHOWN_RELATED
        if len(story["relates_to"]) > MAX_SHOWN_RELATED:  # the strongest related ones, not any
            related = sorted((r for r in story["relates_to"] if r["relation"] == "related" and not r["possible_duplicate"]),
                             key=lambda r: -r["score"])
            if related and not any(r["possible_duplicate"] for r in story["relates_to"]):
                assert issue[related[0]["id"]] in written


def test_markdown_and_report_show_decisions_and_count_the_rest(out):
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    md = (out / "merged.md").read_text(encoding="utf-8")
    hub = max(doc["stories"], key=lambda s: len(s["relates_to"]))
    plain = [r for r in hub["relates_to"] if r["relation"] == "related" and not r["possible_duplicate"]]
    more = len(plain) - MAX_SHOWN_RELATED
    card = md.split(f"## {hub['id']}: ", 1)[1].split("\n## ", 1)[0]
    line = next(ln for ln in card.splitlines() if ln.startswith("- related to (same area, different need): "))
    assert line.count("“") == MAX_SHOWN_RELATED and line.endswith(f"; and {more} more related (relates_to in merged.json)")
    strongest = max(plain, key=lambda r: r["score"])["story"]
    assert f"**{strongest}** “" in line
    links = md.split("\n## Links (", 1)[1]
    n_related = sum(1 for l in doc["links"] if l["relation"] == "related" and not l["possible_duplicate"])
    listed = min(n_related, MAX_LISTED_RELATED)
    assert links.count(" related to **") == listed  # the strongest, with their reasons
    if n_related > listed:
        assert f"and {n_related - listed} more related links (same area, different need)" in links
    assert "conflicts with" in links  # the decision stays in plain view
    page = (out / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<li><span class="rel">related to</span> \(same area, different need\) <a href="#[^"]+"><b>', page)
    assert f"; and {more} more related (relates_to in merged.json)</li>" in page
    assert f"<details><summary>{n_related} related links" in page
    conflicts = page.split('<h2 id="conflicts">', 1)[1].split("<h2", 1)[0]
    assert "9:00" in conflicts and "11:00" in conflicts


# Issues 101/102 (duplicates) and 110 from tester t23's GitHub-issues backlog: both sources of
# the merge are related to 110, and the merge's card named 110 twice.
T23_ISSUES = [
 {
  "number": 101,
  "title": "Pharmacist verification before dispensing",
  "body": "As a pharmacist, I want to verify a medication order before it is dispensed, so that prescribing errors are caught.\n\n## Acceptance criteria\n- [ ] Dose, route and frequency are shown side by side with the patient's weight\n- [ ] Verification is recorded with my user id and time",
  "labels": [
   {
    "name": "story"
   },
   {
    "name": "verification"
   }
  ],
  "state": "open"
 },
 {
  "number": 102,
  "title": "Medication orders checked before dispensing",
  "body": "As a hospital pharmacist, I want medication orders to be checked by me before they are dispensed so that mistakes are intercepted.\n\n**Acceptance criteria**\n- [x] The verification is logged with user id and timestamp\n- [ ] Route, dose and frequency are displayed next to the patient weight",
  "labels": [
   {
    "name": "story"
   }
  ],
  "state": "open"
 },
 {
  "number": 110,
  "title": "Nurse sees dispensing status",
  "body": "As a nurse, I want to see the dispensing status of a medication order, so that I know when to collect it.\n\n- [ ] Status is one of queued, verified, dispensed",
  "labels": [
   {
    "name": "story"
   },
   {
    "name": "ward"
   }
  ],
  "state": "open"
 }
]


def test_a_merge_names_a_related_story_once(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "issues.json").write_text(json.dumps(T23_ISSUES), encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--merger", "extractive"])
    assert res.exit_code == 0, res.output
    md = (tmp_path / "out" / "merged.md").read_text(encoding="utf-8")
    card = md.split("## M-", 1)[1].split("\n## ", 1)[0]  # the merge's card
    related = next(ln for ln in card.splitlines() if ln.startswith("- related to"))
    assert related.count("**110**") == 1
