"""End to end with the real bundled model (SmolLM2-135M-Instruct, 8k trained context), offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "stories"


@pytest.fixture(scope="module")
def bundled():
    from storytransformer.needle.model import load

    return load(None)


def test_shared_prefix_matches_naive_on_the_real_model(bundled):
    from storytransformer.needle import filler
    from storytransformer.needle.decode import GreedyDecoder
    from storytransformer.needle.haystack import UnitSource, pieces_from_text
    from storytransformer.needle.needles import build_spec
    from storytransformer.needle.prompt import Planner

    source = UnitSource(pieces_from_text(filler.load()), bundled.tokenizer, "filler")
    planner = Planner(bundled.tokenizer, source, build_spec("single"))
    prompts = [planner.cell(n, d) for n in (600, 1024) for d in (0, 50)]
    decoder = GreedyDecoder(bundled.model, bundled.tokenizer)
    naive = decoder.answer(prompts, share=False)
    shared = decoder.answer(prompts, share=True)
    assert [a.text for a in shared] == [a.text for a in naive]
    assert sum(a.prefill_tokens for a in shared) < sum(a.prefill_tokens for a in naive)
    # The 135M model does find the default needle at these short lengths.
    assert sum(prompts[i].spec.answers[0] in a.text for i, a in enumerate(naive)) >= 3


def test_cli_table_json_heatmap_and_resume(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stories/ here: the bundled filler is the haystack
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["needle", "--lengths", "512,1k", "--depths", "0,100", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "depth" in result.stdout and "mean score" in result.stdout and "1k" in result.stdout
    assert "512 @" in result.stderr  # a line per finished cell on stderr
    data = json.loads((out / "results.json").read_text())
    s = data["settings"]
    assert s["model"] == "SmolLM2-135M-Instruct" and s["trained_context"] == 8192
    assert s["haystack"] == "bundled filler" and s["sharing"] == "prefix-kv"
    assert {s_ for s_ in ("quantization", "attention", "device")} <= set(s)
    assert len(data["cells"]) == 4
    for c in data["cells"]:
        assert c["prompt_tokens"] == c["length"] - 32 and 0.0 <= c["score"] <= 1.0 and c["seconds"] > 0
    png = (out / "heatmap.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000

    again = CliRunner().invoke(main, ["needle", "--lengths", "512,1k", "--depths", "0,100", "--out", str(out),
                                      "--resume", "--json"])
    assert again.exit_code == 0, again.output
    data2 = json.loads(again.stdout)  # only JSON on stdout
    assert "0 cell(s) to run (4 done)" in again.stderr
    assert [c["answer"] for c in data2["cells"]] == [c["answer"] for c in data["cells"]]


def test_cli_beyond_trained_context_warns_and_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["needle", "--ctx", "32k", "--lengths", "8704", "--depths", "100",
                                       "--out", "o", "--json"])
    assert result.exit_code == 0, result.output
    assert "beyond the model's trained context (8k)" in result.stderr
    assert "--rope-scaling yarn --rope-factor 2" in result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["ctx"] == 32768 and len(data["cells"]) == 1
    assert data["cells"][0]["prompt_tokens"] == 8704 - 32


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/stories not present")
def test_cli_story_mode_on_the_example_backlog(tmp_path):
    result = CliRunner().invoke(main, ["needle", "--haystack", str(EXAMPLES), "--mode", "story",
                                       "--lengths", "1k", "--depths", "50", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cell = data["cells"][0]
    assert cell["story_id"] and cell["expected"][0] == cell["story_id"]
    assert "stories" in data["settings"]["haystack"]


def test_cli_multi_mode(tmp_path):
    result = CliRunner().invoke(main, ["needle", "--mode", "multi", "--needles", "2", "--lengths", "1k",
                                       "--depths", "0", "--out", str(tmp_path), "--json", "--scoring", "strict"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["settings"]["needle"]["answers"]) == 2
    assert data["cells"][0]["score"] in (0.0, 1.0)  # strict: all or nothing
