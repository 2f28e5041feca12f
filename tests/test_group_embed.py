"""The embedding path with the real bundled all-MiniLM-L6-v2 (loaded once per session)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytransformer.group import find_groups
from storytransformer.group.embed import Embedder
from test_group import BACKLOG, VOCAB, assert_exactly_once, partition, story

PARAPHRASES = [
    story("A", "As a shopper I want to sign out of the app so nobody else can use my account"),
    story("B", "As a customer I need a log-off button so strangers cannot access my profile"),
    story("C", "As a clinic manager I want a weekly report of no-show appointments"),
]


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    return Embedder(device="cpu", cache_dir=tmp_path_factory.mktemp("embed-cache"))


def test_vectors_are_normalised_and_order_independent(embedder):
    texts = [s.text for s in BACKLOG]
    vecs = embedder.encode(texts)
    assert vecs.shape == (len(texts), 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    again = embedder.encode(texts[::-1])
    assert np.array_equal(again[::-1], vecs)
    assert embedder.encode([]).shape == (0, 384)


def test_cache_makes_reruns_free(embedder):
    texts = [f"As a tester I want cached vector number {i}" for i in range(5)]
    before = embedder.calls
    first = embedder.encode(texts)
    assert embedder.calls == before + 5
    embedder.encode(texts)
    assert embedder.calls == before + 5  # second time: all from the cache
    # A fresh process (new instance, same cache dir) reads the disk and never loads the model.
    fresh = Embedder(device="cpu", cache_dir=embedder.cache_path.parent)
    assert np.array_equal(fresh.encode(texts), first)
    assert fresh.calls == 0 and fresh._model is None


def test_embeddings_catch_paraphrases_that_share_no_words(embedder):
    emb = find_groups(PARAPHRASES, method="embedding", threshold=0.5, embedder=embedder)
    lex = find_groups(PARAPHRASES, method="lexical", threshold=0.5)
    assert partition(emb) == {frozenset("AB"), frozenset("C")}
    assert partition(lex) == {frozenset("A"), frozenset("B"), frozenset("C")}


def test_hybrid_groups_the_backlog(embedder, capsys):
    groups = find_groups(BACKLOG, embedder=embedder, progress=True)
    assert_exactly_once(BACKLOG, groups)
    assert partition(groups) == {
        frozenset({"SHOP-1", "SHOP-3"}), frozenset({"SHOP-2", "SHOP-4"}),
        frozenset({"HR-1"}), frozenset({"CLIN-1"}), frozenset({"HR-2"}), frozenset({"CLIN-2"}),
    }
    assert capsys.readouterr().out == ""  # progress goes to stderr only
    assert partition(find_groups(BACKLOG[::-1], embedder=embedder)) == partition(groups)


def test_unwritable_cache_does_not_stop_a_run(tmp_path, embedder):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    emb = Embedder(device="cpu", cache_dir=blocker / "sub")
    emb._model = embedder.model  # share the loaded weights; the cache is what is under test
    assert emb.encode(["As a user I want offline mode"]).shape == (1, 384)
    assert emb.calls == 1


def test_stories_without_words_do_not_group_by_embedding(embedder):
    blanks = [story("E1", ""), story("E2", "   "), story("E3", "!!!"), PARAPHRASES[0]]
    for method in ("embedding", "hybrid"):
        groups = find_groups(blanks, method=method, threshold=0.3, embedder=embedder)
        assert_exactly_once(blanks, groups)
        assert all(g.is_singleton for g in groups), (method, groups)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(VOCAB[:8]), max_size=4), min_size=1, max_size=12),
       st.floats(0.05, 1.0))
def test_hybrid_puts_every_story_in_exactly_one_group(embedder, word_lists, threshold):
    # A small vocabulary keeps the texts repeating, so most vectors come from the cache.
    stories = [story(f"H-{i}", " ".join(words)) for i, words in enumerate(word_lists)]
    groups = find_groups(stories, threshold=threshold, embedder=embedder)
    assert_exactly_once(stories, groups)
    assert partition(find_groups(stories[::-1], threshold=threshold, embedder=embedder)) \
        == partition(groups)
