"""benchmarks/merge_throughput.py runs end to end on CPU with --tiny (a random tiny Llama)."""

import json

import pytest
from repo_script import load_script


def load_bench():
    return load_script("benchmarks/merge_throughput.py")


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


def test_word_tokenizer_can_write_any_json_answer():
    """The benchmark's word-level tokenizer holds a space, a line break and every printable ASCII
    character, and decodes by joining the tokens' own strings: a grammar over its vocabulary can
    write the answer schema's separators, and the text it writes is the text the parser reads."""
    bench = load_bench()
    tok = bench.word_tokenizer(bench.synthetic_corpus(50, dup_share=0.2), vocab_size=600)
    answer = '{"stories": [{"title": "T", "sources": ["S1"]}],\n"x": "a\\nb"}'
    ids = [tok.convert_tokens_to_ids(ch) for ch in answer]
    assert tok.convert_tokens_to_ids("[UNK]") not in ids
    assert tok.decode(ids) == answer
    words = tok("As a shopper")["input_ids"]
    assert tok.decode(words) == "Asashopper"  # no space is invented between tokens


def test_tally_counts_finish_reasons_and_parses():
    from storytransformer.runtime.types import GenerationResult

    bench = load_bench()
    tally: dict = {}
    results = [GenerationResult("a", '{"stories": []}', 1, 1, 0.0, "stop"),
               GenerationResult("b", '{"stories": [{"title": "x\\ n"}]}', 1, 1, 0.0, "stop"),
               GenerationResult("c", '{"stories": [{"title": "cut', 1, 1, 0.0, "length"),
               GenerationResult("d", '["not", "an", "object"]', 1, 1, 0.0, "stop")]
    bench.tally_answers(results, tally)
    assert tally == {"stop": 3, "length": 1, "parsed": 1, "unparseable": 3, "unparseable_closed": 2}
