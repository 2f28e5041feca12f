"""From scored candidate pairs to clusters.

Connected components of the "similar enough" graph are cheap but snowball: A~B, B~C, C~D
puts A and D together even when they share nothing. So each component is only a bound on
the work; inside it, average-linkage agglomerative clustering (scipy) on the component's
full similarity block decides, and a merge happens only while the mean similarity between
two clusters stays above the threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

DENSE_LIMIT = 3000  # largest component clustered with a full similarity block (~36 MB)
LINKAGE = "average"


def components(n: int, rows, cols):
    """Connected components as lists of node indices, each sorted, ordered by first node."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    graph = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    groups = [order[bounds[c]:bounds[c + 1]].tolist() for c in range(count)]
    return sorted(groups, key=lambda g: g[0])


def linkage_clusters(sim, threshold: float, method: str | None = None) -> list[list[int]]:
    """Agglomerative clusters of a dense similarity block, cut at ``threshold``."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    method = method or LINKAGE
    m = sim.shape[0]
    if m == 1:
        return [[0]]
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2  # exact symmetry: float sums of a @ a.T may differ in the last bit
    tree = linkage(squareform(dist, checks=False), method=method)
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(int(label), []).append(i)
    return sorted(out.values(), key=lambda g: g[0])


def cluster(n: int, rows, cols, scores, dense: Callable[[Sequence[int]], object],
            threshold: float, *, method: str | None = None, advance=None) -> list[list[int]]:
    """Clusters of nodes 0..n-1 (every node in exactly one), ordered by first node.

    ``rows, cols, scores``: candidate pairs and their similarity; ``dense(index)``: the full
    similarity block for a set of nodes. ``advance(k)`` is called as k nodes are done.
    """
    return sorted(_cluster_components(n, rows, cols, scores, dense, threshold, threshold, method,
                                      advance), key=lambda g: g[0])


def _cluster_components(n, rows, cols, scores, dense, threshold, edge_threshold, method,
                        advance=None):
    import numpy as np

    keep = scores >= edge_threshold
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    out: list[list[int]] = []
    for comp in components(n, rows, cols):
        if len(comp) == 1:
            out.append(comp)
        elif len(comp) <= DENSE_LIMIT:
            idx = np.asarray(comp)
            out.extend([comp[i] for i in part]
                       for part in linkage_clusters(dense(idx), threshold, method))
        else:
            out.extend(_split_giant(n, comp, rows, cols, scores, dense, threshold,
                                    edge_threshold, method, advance))
            continue
        if advance:
            advance(len(comp))
    return out


def _split_giant(n, comp, rows, cols, scores, dense, threshold, edge_threshold, method,
                 advance=None):
    """A component too big for a dense block: cut its weakest edges until the pieces fit.

    Raising the edge threshold only inside this component never merges more than asked;
    it costs some recall there, which only matters for thousands of near-identical stories.
    """
    import numpy as np

    members = np.zeros(n, dtype=bool)
    members[comp] = True
    inside = members[rows] & members[cols]
    raised = edge_threshold + 0.02
    if raised >= 1.0:
        # Thousands of near-identical (not verbatim) stories: fixed-size chunks in order.
        if advance:
            advance(len(comp))
        return [comp[i:i + DENSE_LIMIT] for i in range(0, len(comp), DENSE_LIMIT)]
    pieces = _cluster_components(n, rows[inside], cols[inside], scores[inside], dense,
                                 threshold, raised, method)
    if advance:
        advance(len(comp))
    return [g for g in pieces if members[g[0]]]
