"""Lexical similarity: TF-IDF over the matching text, word and character n-grams.

Word n-grams reward shared phrases ("reset password"); character n-grams inside word
boundaries catch inflections and compounds that a tokenizer splits differently
("log in" / "login", "payment" / "pay"), which is most of what a stemmer would buy us.
Both are L2-normalised and stacked with sqrt weights, so the dot product of two rows is
exactly ``w * cos_word + (1 - w) * cos_char``.
"""

from __future__ import annotations

from collections.abc import Sequence

# The user-story template repeats in every story; left in, it makes everything look alike.
TEMPLATE_WORDS = frozenset(
    "as an want wants like would so that can could able be should must given when then and "
    "also need needs i me my we our us".split()
)

WORD_WEIGHT = 0.5  # share of word n-grams vs char n-grams; tuned in benchmarks/grouping.py


def tfidf_matrix(texts: Sequence[str], *, word_weight: float | None = None):
    """Rows are L2-normalised float32 sparse vectors (CSR); empty texts give zero rows."""
    return tfidf_blocks(texts, word_weight=word_weight)[0]


def tfidf_blocks(texts: Sequence[str], *, word_weight: float | None = None):
    """(combined matrix, word-only matrix), both with L2-normalised rows.

    The word-only block has ~10x fewer non-zeros per row than the character block, so
    nearest-neighbour candidates are found on it and the combined score is computed only
    for those candidates.
    """
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
    from sklearn.preprocessing import normalize

    from storytransformer.group.stable_idf import weigh

    if word_weight is None:
        word_weight = WORD_WEIGHT  # read at call time so benchmarks/grouping.py --grid can vary it
    stop = sorted(ENGLISH_STOP_WORDS | TEMPLATE_WORDS)
    blocks = []
    for weight, vectorizer in (
        # (IDF from a fixed reference size, stable_idf.py: not from this run's story count)
        (word_weight, TfidfVectorizer(stop_words=stop, ngram_range=(1, 2), sublinear_tf=True,
                                      dtype=np.float32, use_idf=False, norm=None)),
        (1.0 - word_weight, TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                            sublinear_tf=True, dtype=np.float32, use_idf=False, norm=None,
                                            preprocessor=_drop_stop_words(stop))),
    ):
        if weight <= 0:
            continue
        try:
            block = normalize(weigh(vectorizer.fit_transform(texts)), norm="l2", copy=False)
        except ValueError:  # empty vocabulary: every text was stop words or punctuation
            block = sp.csr_matrix((len(texts), 1), dtype=np.float32)
        blocks.append(block * np.float32(weight ** 0.5))
    matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
    # Rows with only one block non-empty would otherwise top out below 1.0 against
    # themselves; renormalising keeps cosine semantics.
    combined = normalize(matrix, norm="l2", copy=False)
    words = normalize(blocks[0], norm="l2") if word_weight > 0 else combined
    return combined, words


def _drop_stop_words(stop: Sequence[str]):
    import re

    stop_set = frozenset(stop)
    token = re.compile(r"(?u)\b\w+\b")

    def preprocess(text: str) -> str:
        return " ".join(t for t in token.findall(text.lower()) if t not in stop_set)

    return preprocess
