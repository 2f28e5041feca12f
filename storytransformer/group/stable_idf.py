"""Term weights that do not move when unrelated stories join the run.

scikit-learn's IDF is ``ln((1 + n) / (1 + df)) + 1``: it grows with ``n``, the number of
stories in the run, for every term. Adding 500 stories of another product raised every term's
weight by the same amount, which is not the same *share* for rare and common terms, so a pair's
cosine moved (tester t24: CLM-129 / CLM-139 0.41 "related" alone, 0.43 "duplicate" with three
other backlogs in the run; the duplicate cutoff is 0.425). Here ``n`` is a fixed reference
size: a term's weight depends only on how many stories contain it, so stories that do not
share a pair's terms leave the pair's vectors, and its similarity, exactly as they were; only
a term that the new stories also use weighs less (it is more common: that is what IDF is for).

    idf = max(1, ln((1 + REFERENCE_STORIES) / (1 + df)) + 1)
"""

from __future__ import annotations

# The reference run size. Close to the labelled dev sets (300-500 stories, on which the
# cutoffs were tuned), so weights there stay near what scikit-learn gave; a term in more
# stories than this weighs 1, like a term in every story.
REFERENCE_STORIES = 400


def weigh(counts):
    """``counts``: a (stories x terms) sparse matrix of (sublinear) term frequencies, not
    normalised. Returns it with each column scaled by its fixed-reference IDF (CSR, float32)."""
    import numpy as np
    import scipy.sparse as sp

    counts = sp.csr_matrix(counts)
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf = np.maximum(1.0, np.log((1.0 + REFERENCE_STORIES) / (1.0 + df)) + 1.0).astype(np.float32)
    return (counts @ sp.diags(idf, format="csr")).tocsr()
