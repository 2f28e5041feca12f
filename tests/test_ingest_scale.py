"""A ~900k-token backlog in every format is read completely, with the ids the generator
expects. Timing is measured by benchmarks/ingest_scale.py, not asserted here."""

from __future__ import annotations

from collections import Counter

from repo_script import load_script

from storytransformer.ingest import ingest_paths


def _generator():
    return load_script("benchmarks/ingest_scale.py")


def test_900k_token_backlog_is_read_completely(tmp_path):
    expected = _generator().make_backlog(tmp_path, target_tokens=900_000)
    corpus = ingest_paths([tmp_path])
    assert corpus.warnings == []
    assert [s.id for s in corpus.stories] == expected
    assert len(expected) == 8824 and len(set(expected)) == len(expected)
    assert Counter(s.format for s in corpus.stories) == {
        "markdown": 1324, "text": 1250, "csv": 2500, "json": 1250, "jsonl": 1250, "gherkin": 1250}
    assert all(s.parsed and s.goal and s.acceptance_criteria for s in corpus.stories)
    # ~82 words a story; 905k cl100k tokens measured by the benchmark on this very corpus.
    assert sum(len(s.text.split()) for s in corpus.stories) > 700_000
