"""A Jira row merged with a German Markdown story (tester t26 finding 6): the merged row keeps
the Jira story as its base (summary, wording) and carries its Epic Link, Sprint, Story Points,
Status and Priority, which the Markdown story simply does not have. Real files, real CLI."""
import csv
import io
import json

from click.testing import CliRunner

from storytransformer.cli import main

_JIRA = '''Summary,Issue key,Issue id,Issue Type,Status,Priority,Description,Custom field (Epic Link),Sprint,Custom field (Story Points),Labels
Refund of application fee,ADM-117,10016,Story,In Progress,High,"As an applicant, I want to request a refund of the application fee within 14 days of payment so that I get my money back if I withdraw.

Acceptance criteria:
* Refund is paid to the original card",ADM-4,ADM Sprint 7,3,admissions
Upload transcripts,ADM-130,10030,Story,To Do,Medium,"As an applicant, I want to upload my school transcripts as PDF so that the committee can assess my grades.",ADM-2,ADM Sprint 8,5,admissions
'''
_DE = '''# Backlog Zulassung – Zahlungen und Kommunikation

## Z-1 Bewerbungsgebühr per Kreditkarte
Als Bewerber möchte ich die Bewerbungsgebühr mit meiner Kreditkarte bezahlen, damit meine Bewerbung bearbeitet werden kann.
- Visa und Mastercard werden akzeptiert

## Z-7 Bewerbungsgebühr zurückerstatten
Als Bewerber möchte ich die Erstattung der Bewerbungsgebühr innerhalb von 14 Tagen nach der Zahlung beantragen, damit ich mein Geld zurückbekomme, wenn ich zurücktrete.
- Die Erstattung erfolgt auf die ursprüngliche Karte
'''


def test_jira_fields_survive_a_merge_with_a_markdown_story(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "jira.csv").write_text(_JIRA, encoding="utf-8")
    (tmp_path / "in" / "zulassung_de.md").write_text(_DE, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "--merger", "extractive", "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    merged = [dict(zip(header, r, strict=True)) for r in body if "ADM-117" in r[header.index("Source IDs")].split()]
    assert len(merged) == 1, body
    row = merged[0]
    assert "zulassung_de.md#2" in row["Source IDs"].split(), row  # the two stories were merged
    assert row["Summary"] == "Refund of application fee", row  # the Jira story is the base
    assert row["Sprint"] == "ADM Sprint 7" and row["Custom field (Story Points)"] == "3", row
    assert row["Status"] == "In Progress" and row["Priority"] == "High", row
    assert row["Parent"] == "ADM-4", row  # the Jira epic, not the Markdown file's title heading
    assert "Sprint" not in row["Review Notes"], row
    story = next(s for s in json.loads((out / "merged.json").read_text())["stories"] if "ADM-117" in s["sources"])
    assert story["epic"] == "ADM-4" and "Bewerbungsgebühr" in story["text"]  # nothing of the German story lost
    # the unmerged German story keeps its own (empty) tracker fields: nothing is copied across
    other = [dict(zip(header, r, strict=True)) for r in body if r[header.index("Source IDs")] == "zulassung_de.md#1"]
    assert other and other[0]["Sprint"] == "" and other[0]["Custom field (Story Points)"] == "", other
