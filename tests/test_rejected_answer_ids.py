"""A model answer that leaves a story out is rejected for an extractive merge whose flag a
person reads: it names the story by its id, not by the prompt's label (S2) that only the
model saw. Through the real CLI against a scripted OpenAI-compatible server."""

import json
import re

from click.testing import CliRunner

from scripted_server import ScriptedServer
from storytransformer.cli import main
from test_merge_cli import TOPICS, write_corpus


def test_a_rejected_answer_names_the_left_out_story_by_its_id(tmp_path):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:3])
    with ScriptedServer(["drop"]) as server:
        res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), "--group-method",
                                        "lexical", "--base-url", server.url])
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "merged.json").read_text(encoding="utf-8"))
    flags = [f for o in doc["stories"] for f in o["flags"] if "answer was rejected" in f]
    assert flags, [o["flags"] for o in doc["stories"]]
    for o in doc["stories"]:
        for f in o["flags"]:
            if "answer was rejected" not in f:
                continue
            assert not re.search(r"\bS\d+\b", f), f
            named = re.search(r"left out of every story of the answer: ([^);]+)", f)
            assert named and set(named.group(1).split(", ")) <= set(o["sources"]), f
    md = (tmp_path / "out" / "merged.md").read_text(encoding="utf-8")
    assert "missing from every story: S" not in md
