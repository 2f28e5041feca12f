"""report.html's header names the model that merged, and "no model" when none was loaded (a
tester's --merger extractive report named the bundled SmolLM2 and its prompts). Real CLI."""

import json
import re

from click.testing import CliRunner

from scripted_server import ScriptedServer
from storytransformer.cli import main
from test_merge_cli import write_corpus


def _header(out) -> str:
    html = (out / "report.html").read_text(encoding="utf-8")
    return re.search(r"<header>(.*?)</header>", html, re.S).group(1)


def test_an_extractive_run_says_no_model(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), "--merger", "extractive",
                                    "--group-method", "lexical"])
    assert res.exit_code == 0, res.output
    header = _header(tmp_path / "out")
    assert "no model (extractive merge)" in header
    assert "SmolLM2" not in header and "prompts" not in header
    meta = json.loads((tmp_path / "out" / "merged.json").read_text(encoding="utf-8"))["metadata"]
    assert "SmolLM2" not in meta["model"]


def test_a_model_run_names_the_model_and_its_prompts(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    with ScriptedServer(["good"]) as server:
        res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), "--group-method",
                                        "lexical", "--model", "scripted", "--base-url", server.url])
    assert res.exit_code == 0, res.output
    header = _header(tmp_path / "out")
    assert "scripted" in header and "prompts merge_system v" in header and "no model" not in header
