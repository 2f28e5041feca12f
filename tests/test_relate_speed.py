"""Speed changes to relate() must not change what it decides.

The embedding cache (disk and memory), the length-sorted batching and the per-step timers
are pure speed changes: on the same corpus with the same model precision, relate() must give
the same groups, links and reasons with a cold cache, a warm cache, no disk cache and the
input reversed. Real bundled MiniLM, real example files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storytransformer.errors import ModelError
from storytransformer.group.embed import Embedder
from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "examples" / "stories" / "freshcart", ROOT / "examples" / "stories" / "careslot"]


def outcome(rel):
    """Everything a user sees of a relate() result, order-free."""
    groups = sorted((tuple(sorted(g.story_ids)), g.relation, g.score) for g in rel.groups)
    links = sorted((*sorted((link.source, link.target)), link.relation, link.score, link.reason)
                   for link in rel.links)
    return groups, links, rel.pairs


@pytest.fixture(scope="module")
def stories():
    corpus = ingest_paths([str(p) for p in FILES])
    assert len(corpus.stories) > 100
    return corpus.stories


@pytest.fixture(scope="module")
def cold(tmp_path_factory, stories):
    embedder = Embedder(device="cpu", cache_dir=tmp_path_factory.mktemp("cold"))
    return embedder, relate(stories, embedder=embedder)


def test_cache_and_order_do_not_change_decisions(cold, stories):
    embedder, first = cold
    assert any(g.relation == "duplicate" and not g.is_singleton for g in first.groups)
    assert first.links  # something to compare beyond singletons

    warm = Embedder(device="cpu", cache_dir=embedder.cache_path.parent)
    again = relate(stories, embedder=warm)
    assert warm.calls == 0 and warm._model is None  # all from the disk cache
    assert outcome(again) == outcome(first)

    # No disk cache at all: every vector computed afresh (same model, same batches).
    bare = Embedder(device="cpu", cache_dir=False)
    bare._model = embedder.model
    assert outcome(relate(stories[::-1], embedder=bare)) == outcome(first)


def test_each_text_is_embedded_once_per_run(cold, stories):
    """Retrieval and the need check share vectors: with no disk cache, the need check's
    texts that retrieval already embedded are not run through the model again."""
    embedder, _ = cold
    bare = Embedder(device="cpu", cache_dir=False)
    bare._model = embedder.model
    relate(stories, embedder=bare)
    assert bare.calls == len(bare._memory)  # nothing embedded twice
    before = bare.calls
    relate(stories, embedder=bare)
    assert bare.calls == before


def test_relate_reports_its_steps(cold):
    _, rel = cold
    steps = rel.timings
    for name in ("texts", "tfidf", "embed", "neighbours", "extra_pairs", "decide", "need_check", "assemble"):
        assert name in steps, name
        assert steps[name]["wall_s"] >= 0 and steps[name]["cpu_s"] >= 0


def test_precision_is_part_of_the_cache_key(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYTRANSFORMER_EMBED_PRECISION", "float32")
    f32 = Embedder(device="cpu", cache_dir=tmp_path)
    monkeypatch.setenv("STORYTRANSFORMER_EMBED_PRECISION", "bfloat16")
    b16 = Embedder(device="cpu", cache_dir=tmp_path)
    assert f32.dtype == "float32" and b16.dtype == "bfloat16"
    assert f32._key("a story") != b16._key("a story")
    monkeypatch.setenv("STORYTRANSFORMER_EMBED_PRECISION", "float64")
    with pytest.raises(ModelError, match="STORYTRANSFORMER_EMBED_PRECISION"):
        Embedder(device="cpu", cache_dir=tmp_path)


def test_bfloat16_vectors_stay_close_to_float32(tmp_path, stories):
    """bfloat16 is a speed choice only if it keeps pair cosines where they were: every pair
    of these stories within 0.02 of float32 (measured max 0.008 on 1,000 texts)."""
    texts = [s.text for s in stories[:60]]
    f32 = Embedder(device="cpu", cache_dir=False, precision="float32").encode(texts)
    b16 = Embedder(device="cpu", cache_dir=False, precision="bfloat16").encode(texts)
    assert b16.dtype == np.float32 and np.allclose(np.linalg.norm(b16, axis=1), 1.0, atol=1e-3)
    assert np.abs(f32 @ f32.T - b16 @ b16.T).max() < 0.02


def test_parallel_batches_give_the_same_vectors(cold, stories):
    """Batches on parallel one-core threads: the vectors do not depend on how many threads
    ran them, nor on the order the texts came in."""
    embedder, _ = cold
    texts = [s.text for s in stories[:150]]  # three batches of 64 and a short one
    runs = []
    for workers, order in ((1, texts), (2, texts[::-1]), (3, texts)):
        bare = Embedder(device="cpu", cache_dir=False, workers=workers)
        bare._model = embedder.model
        vecs = bare.encode(order)
        runs.append(vecs if order is texts else vecs[::-1])
        assert bare.calls == len(set(texts))
    assert np.array_equal(runs[0], runs[1]) and np.array_equal(runs[0], runs[2])
