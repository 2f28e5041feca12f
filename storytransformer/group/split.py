"""Split groups that do not fit: into similar sub-groups under a weight cap.

Used for the context budget (weight = a story's tokens) and for ``max_group_size``
(weight = 1). The group's dendrogram (average linkage) is cut top-down: a subtree that fits
becomes a part, one that does not is split into its two children. Consecutive parts in
dendrogram order (so neighbours are similar) are then packed back together while they fit,
so a chain-shaped tree does not leave a trail of tiny groups, each costing a model call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storytransformer.stories import Group, Story


def partition(sim, weights: Sequence[int], cap: int) -> list[list[int]]:
    """Indices 0..m-1 split into parts whose weights sum to <= cap (an item heavier than
    ``cap`` alone forms its own part). ``sim`` is the m x m similarity block."""
    import numpy as np
    from scipy.cluster.hierarchy import linkage, to_tree
    from scipy.spatial.distance import squareform

    m = len(weights)
    if m == 0:
        return []
    if sum(weights) <= cap or m == 1:
        return [list(range(m))]
    dist = np.clip(1.0 - np.asarray(sim, dtype=np.float64), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    root = to_tree(linkage(squareform(dist, checks=False), method="average"))

    # Subtree weights, bottom-up without recursion (a chain-shaped tree is m deep).
    weight: dict[int, int] = {}
    stack, seen = [root], set()
    while stack:
        node = stack[-1]
        if node.is_leaf():
            weight[node.id] = weights[node.id]
            stack.pop()
        elif node.id in seen:
            weight[node.id] = weight[node.left.id] + weight[node.right.id]
            stack.pop()
        else:
            seen.add(node.id)
            stack.extend([node.right, node.left])

    parts: list[list[int]] = []
    stack = [root]
    while stack:  # left-first, so parts come out in dendrogram order
        node = stack.pop()
        if node.is_leaf() or weight[node.id] <= cap:
            parts.append(node.pre_order())
        else:
            stack.extend([node.right, node.left])

    packed: list[list[int]] = []
    load = 0
    for part in parts:
        w = sum(weights[i] for i in part)
        if packed and load + w <= cap:
            packed[-1].extend(part)
            load += w
        else:
            packed.append(list(part))
            load = w
    return [sorted(p) for p in packed]


def cohesion(sim) -> float:
    """Mean pairwise similarity inside a group (1.0 for a singleton)."""
    import numpy as np

    m = sim.shape[0]
    if m < 2:
        return 1.0
    upper = sim[np.triu_indices(m, k=1)]
    return float(np.clip(upper.mean(), 0.0, 1.0))


def split_oversized(groups: Sequence[Group], stories_by_id: dict[str, Story],
                    token_count: Callable[[Story], int], budget_tokens: int) -> list[Group]:
    """Groups whose stories' tokens exceed ``budget_tokens`` split into similar sub-groups
    that fit. Never drops a story: one story larger than the budget becomes a group of its
    own (a singleton the caller flags). Groups that fit are returned unchanged, in order;
    the parts of a split group take its place, ordered by their first story.
    """
    if budget_tokens <= 0:
        raise ValueError(f"budget_tokens must be positive, got {budget_tokens}")
    out: list[Group] = []
    for group in groups:
        if group.is_singleton:
            out.append(group)
            continue
        stories = [stories_by_id[i] for i in group.story_ids]
        tokens = [max(0, int(token_count(s))) for s in stories]
        if sum(tokens) <= budget_tokens:
            out.append(group)
            continue
        out.extend(_split_group(stories, tokens, budget_tokens, group.relation))
    return out


def _split_group(stories: list[Story], weights: list[int], cap: int,
                 relation: str = "duplicate") -> list[Group]:
    """Similarity here is lexical only: cheap, needs no model, and the group is already
    known to be related, so this only decides which of its members sit together."""
    from storytransformer.group.lexical import tfidf_matrix
    from storytransformer.group.neighbours import dense_similarity
    from storytransformer.group.normalize import matching_text

    sim = dense_similarity(tfidf_matrix([matching_text(s) for s in stories]),
                           list(range(len(stories))))
    groups = []
    for part in sorted(partition(sim, weights, cap), key=lambda p: p[0]):
        ids = tuple(stories[i].id for i in part)
        groups.append(Group(ids, score=cohesion(sim[part][:, part]), relation=relation))  # parts keep it
    return groups
