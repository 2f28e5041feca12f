"""Why a group is a group: the decisive pair decision, in the stories' own words.

A product owner judging a merge needs the reason it was made; every link had one, a group
none (tester t26 finding 3: "redeem miles" and "cancel an award booking" merged, and nothing
said why). A group's reason is its strongest pair of the group's relation, as
"LOY-02 + LOY-27: same need, ...": the pair that joined it first (groups join strongest
first), whose reason is what the other members were also checked against. A group of
verbatim copies only has no decided pair: "identical text".
"""

from __future__ import annotations

REASON_CHARS = 240  # a reason quotes story words; the full pair reasons are on the links


def group_reasons(stories, units, find, relation_of, decided) -> dict[int, str]:
    """Root unit -> reason for every set of ``find`` (union-find: unit -> root) with a decided
    pair inside it. ``relation_of``: root -> the set's relation; ``decided``: (unit a, unit b,
    score, decision with .relation and .reason); ``units``: unit -> story positions."""
    from storytransformer.relate.reason_words import Quoter

    best: dict[int, tuple] = {}
    for a, b, score, d in decided:
        root = find(a)
        if root != find(b):
            continue
        key = (d.relation == relation_of(root), score)
        if root not in best or key > best[root][0]:
            best[root] = (key, a, b, d)
    quote = Quoter()
    out = {}
    for root, (_, a, b, d) in best.items():
        pa, pb = units[a][0], units[b][0]
        said = " ".join(quote(d.reason, stories[pa], stories[pb]).split())
        if len(said) > REASON_CHARS:
            said = said[:REASON_CHARS].rsplit(" ", 1)[0] + " …"
        out[root] = f"{stories[pa].id} + {stories[pb].id}: {said}"
    return out


COPIES = "identical text"  # the reason of a group made only of verbatim copies
