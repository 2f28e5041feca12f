"""benchmarks/merge_throughput.py runs end to end on CPU with --tiny (a random tiny Llama)."""

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "merge_throughput.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("merge_throughput", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_corpus_plants_duplicates():
    bench = load_bench()
    corpus = bench.synthetic_corpus(400, dup_share=0.3, seed=1)
    ids = [s.id for s in corpus.stories]
    assert len(ids) == len(set(ids)) == 400
    texts = [s.text for s in corpus.stories]
    assert len(set(texts)) < 400 or any("would like to" in t or "in order that" in t for t in texts)


@pytest.mark.slow
def test_tiny_run_measures_both_loops(tmp_path):
    bench = load_bench()
    out = tmp_path / "mt.json"
    result = bench.main(["--tiny", "--stories", "120", "--naive-groups", "4", "--out", str(out)])
    assert json.loads(out.read_text())["batched"]["groups"] == result["batched"]["groups"] > 0
    b, n = result["batched"], result["naive"]
    assert b["model_calls"] == b["groups"]  # --no-repair semantics: one call per group
    assert b["output_tokens"] > 0 and b["output_tokens_per_s"] > 0 and b["stories_per_min"] > 0
    assert n["groups"] == 4 and n["output_tokens"] > 0 and n["stories_per_min_projected"] > 0
    assert result["corpus"]["stories"] == 120 and result["invariant"] == "held"
