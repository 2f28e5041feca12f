"""Retrieval by the need's concepts: candidate pairs that word-overlap and MiniLM miss.

Another team's words for one need ("sign in with my fingerprint" / "log into the app using
biometric authentication"; "Urlaub beantragen" / "Urlaubstage einreichen") share few
surface words, so their TF-IDF and embedding similarities stay below the retrieval floor and
the pair is never decided. Here each story is its need's slot tokens (lemmas, with
``lexicon`` synonyms and multi-word verbs mapped to one word, the story's own role words
left out), weighted by TF-IDF over the corpus; each story's top-k neighbours on that are
candidates too. Only retrieval: the slot decision still decides every pair.

    rows, cols = concept_pairs(slots)   # int64 arrays, rows < cols, over the list's indices
"""

from __future__ import annotations

from collections.abc import Sequence

from storytransformer.relate.slots import Slots

CONCEPT_TOP_K = 10
# Cosine of two needs' concept vectors to be a candidate: at least about half their weight
# shared. Chosen on the dev splits (benchmarks/relations.py --splits dev,dev2).
CONCEPT_FLOOR = 0.45


def concept_tokens(s: Slots) -> list[str]:
    """The need's tokens without the story's own role words; numbers and specifics kept."""
    return [t for t in s.need.tokens if t not in s.role]


def concept_pairs(slots: Sequence[Slots], *, k: int = CONCEPT_TOP_K, floor: float = CONCEPT_FLOOR):
    """Pairs (i < j) of ``slots`` whose need concepts are among each other's k nearest with
    cosine >= ``floor`` (TF-IDF, L2-normalised, sparse; computed in row blocks)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storytransformer.group.neighbours import top_k_pairs

    docs = [concept_tokens(s) for s in slots]
    if sum(1 for d in docs if d) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(docs)
    return top_k_pairs(matrix.tocsr(), k, floor)
