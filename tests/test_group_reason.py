"""Every group says why it is one (tester t26 finding 3): the decisive pair's reason is in the
dry-run plan, merged.json, merged.md and report.html. Real files, real CLI, no model."""
import json

from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.results import GroupRecord

_BACKLOG = """## LOY-04: Transfer miles to another member

As a member, I want to transfer miles to another member's account so that I can help my family reach a reward.

**Acceptance criteria**
- Maximum 50,000 miles per year

## LOY-36: Send miles to a family member

As a member, I want to transfer miles to another member's account so that my family can reach a reward.

**Acceptance criteria**
- Maximum 50,000 miles per year

## LOY-15: Process claims

As a member, I want my missing-miles requests processed so that my balance is right.

**Acceptance criteria**
- Requests processed within 48 hours

## LOY-16: Process claims quickly

As a member, I want my missing-miles requests processed so that my balance is right.

**Acceptance criteria**
- Requests processed within 3 days

## LOY-50: Download statement

As a member, I want to download my yearly statement as PDF so that I can file my expenses.
"""


def _run(tmp_path, *args):
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "backlog.md"), *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_groups_say_why(tmp_path):
    (tmp_path / "backlog.md").write_text(_BACKLOG, encoding="utf-8")
    said = _run(tmp_path, "--dry-run", "--json", "--out", str(tmp_path / "dry"))
    plan = json.loads(said[said.index("{"):])
    groups = {tuple(g["story_ids"]): g for g in plan["planned_groups"]}
    dup, conflict = groups[("LOY-04", "LOY-36")], groups[("LOY-15", "LOY-16")]
    assert dup["relation"] == "duplicate" and dup["reason"].startswith("LOY-04 + LOY-36: "), dup
    assert conflict["relation"] == "conflict" and "'48 hours' vs '3 days'" in conflict["reason"], conflict
    assert "reason" not in groups[("LOY-50",)]  # a singleton has no pair, so no reason

    out = tmp_path / "out"
    _run(tmp_path, "--merger", "extractive", "--out", str(out))
    merged = json.loads((out / "merged.json").read_text())
    reasons = {tuple(g["story_ids"]): g["reason"] for g in merged["groups"]}
    assert reasons[("LOY-04", "LOY-36")] == dup["reason"] and reasons[("LOY-15", "LOY-16")] == conflict["reason"]
    md, html = (out / "merged.md").read_text(), (out / "report.html").read_text()
    assert "*grouped because* LOY-04 + LOY-36: " in md
    assert "grouped because LOY-04 + LOY-36: " in html
    assert "&#x27;48 hours&#x27; vs &#x27;3 days&#x27;" in html  # a conflict's reason: its side-by-side table


def test_the_reason_survives_the_journal():
    rec = GroupRecord("g-1", ("A", "B"), [], kind="extractive", reason="A + B: same need")
    assert GroupRecord.from_dict(json.loads(json.dumps(rec.to_dict()))).reason == "A + B: same need"
    assert GroupRecord.from_dict({"group_id": "g-1", "story_ids": ["A"], "outputs": []}).reason == ""  # older journal
