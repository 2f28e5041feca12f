"""The model's rejected answer is shown beside its extractive merge, as the README promises:
in merged.json ("rejected": reasons and the answer attempt by attempt), report.html (escaped)
and merged.md's flagged card (in a code block), a long answer cut with a note saying where
the rest is. Before, report.html said only "missing from every story: S2" and merged.json had
"rejected": null; the answer was only in .merge-journal.jsonl. Real CLI, scripted server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scripted_server import ScriptedServer
from storytransformer.cli import main
from storytransformer.rejected_answer import HEAD, TAIL, excerpt
from test_merge_cli import TOPICS, write_corpus


def _merge(tmp_path, mode):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:3])
    with ScriptedServer([mode]) as server:
        res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), "--group-method",
                                        "lexical", "--base-url", server.url])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out"
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    journal = [json.loads(line) for line in (out / ".merge-journal.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    raws = {g["group_id"]: g["raw"] for g in journal if g.get("raw")}
    return doc, raws, (out / "report.html").read_text(encoding="utf-8"), (out / "merged.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", ["invalid", "drop", "fabricate"])
def test_the_rejected_answer_is_in_merged_json_report_and_markdown(tmp_path, mode):
    doc, raws, report, md = _merge(tmp_path, mode)
    flagged = [o for o in doc["stories"] if o["decision"] == "flagged"]
    assert flagged
    for o in flagged:
        r = o["rejected"]
        assert r and r["reasons"] and r["answers"], o["id"]
        raw = raws[o["group_id"]]
        assert [a["text"] for a in r["answers"]] == [excerpt(x)[0] for x in raw]  # every attempt, as journaled
        for a in r["answers"]:
            shown = a["text"].splitlines()[0]
            assert shown in md  # a code block: as written
            esc = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            assert esc in report
        assert any(reason.split(" (")[0][:30] in o["flags"][0] for reason in r["reasons"])
    assert "Rejected (" in md and "rejected (" in report
    assert "every story: S" not in report  # the problems table names stories, not prompt labels


def test_a_long_answer_is_cut_readably_with_a_note(tmp_path):
    doc, raws, report, md = _merge(tmp_path, "abyss")  # a 2,400-character nest, rejected
    (o, *_) = [o for o in doc["stories"] if o["decision"] == "flagged"]
    a = o["rejected"]["answers"][0]
    assert a["truncated"] and a["chars"] > HEAD + TAIL and len(a["text"]) < a["chars"]
    assert "characters left out" in a["text"] and ".merge-journal.jsonl" in o["rejected"]["note"]
    assert o["rejected"]["note"] in md.replace("\\", "") or "merge-journal" in md
    assert "characters left out" in report


def test_html_in_an_answer_is_escaped_everywhere():
    from storytransformer.results import OutputStory
    from storytransformer.rejected_answer import rejected_answer
    from storytransformer.write.markdown import rejected_md
    from storytransformer.write.report_links import rejected_html

    o = OutputStory("M-1", "flagged", ("A", "B"), "g", rejected=rejected_answer(
        ["<script>alert(1)</script> ``` fence"], ["not valid JSON"]))
    assert "<script>" not in rejected_html(o) and "&lt;script&gt;" in rejected_html(o)
    md = "\n".join(rejected_md(o))
    assert "````text\n<script>alert(1)</script> ``` fence\n````" in md  # a longer fence than any inside
