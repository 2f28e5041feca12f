"""Each criterion's citation, checked: the stories a criterion names must state it.

The per-claim check (``story._check``) asks whether *some* source of the merge states a
criterion, trying the cited stories first, so a criterion cited to the wrong story still
passed (t23 finding 2: every criterion cited to the other story of its group, accepted at
grounding 1.00), and a criterion citing a story that is not in the group ("S99") was printed
with an empty citation. The citation is what a reviewer follows back to the source, so here:

- a cited id that is not a source of this merged story -> a ``citation`` problem;
- a criterion its cited stories do not state, while the merge's other sources do -> a
  ``citation`` problem naming the stories that do (a wrong or partial citation);
- in an answer that cites its criteria, a criterion citing no valid story -> a problem.

Each rejects the answer (the group gets the flagged extractive merge, whose criteria are cited
by construction) rather than being re-cited here: re-citing would print a citation the model
never made, chosen by word overlap, and a model that cites wrongly has shown its answer
cannot be traced; the reviewer is better served by the reason. A criterion with no problem
against all sources but problems against its citation is what this module adds; content
problems (stated by no source) stay ``story._check``'s.

Answers that give plain-string criteria only (no citations at all) are still aligned among
all sources, as documented in docs/merge.md.
"""

from __future__ import annotations

from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem, Similarity, align, check_claim
from storytransformer.verify.claims import Claim, source_sentences


def _context(sentences) -> frozenset[str]:
    return frozenset().union(*(s.analysis.content for s in sentences)) if sentences else frozenset()


def _shown(ref: str) -> str:
    return ref[1:] if ref.startswith("?") else ref  # generate.py marks a label it could not map "?S99"


def citation_problems(claims: Sequence[Claim], sources: Sequence[Story], similar: Similarity | None = None) -> list[Problem]:
    """``citation`` problems of the criteria among ``claims`` (see the module docstring)."""
    criteria = [c for c in claims if c.is_criterion]
    if not any(c.cited for c in criteria):
        return []  # plain-string criteria only: aligned among all sources
    ids = {s.id for s in sources}
    everything = source_sentences(sources)
    out = []
    for claim in criteria:
        unknown = [r for r in claim.cited if r not in ids]
        if unknown:
            names = ", ".join(f"'{_shown(r)}'" for r in unknown)
            out.append(Problem(claim.field, 0, len(claim.text), claim.text, "citation",
                               f"citation: cites {names}, not a source of this story"))
        cited = [s for s in sources if s.id in claim.cited]
        if not cited:
            if not unknown:
                out.append(Problem(claim.field, 0, len(claim.text), claim.text, "citation",
                                   "citation: cites no source story"))
            continue
        # One context for both: the words tolerated from elsewhere in the stories are the
        # same; only which sentences may state the criterion differs.
        context = _context(everything)
        if not check_claim(claim, source_sentences(cited), context, similar):
            continue
        if check_claim(claim, everything, context, similar):
            continue  # stated by no source: story._check reports what differs
        chosen, _ = align(claim, everything, similar)
        if {s.story_id for s in chosen} <= set(claim.cited):
            continue  # the cited stories' sentences do state it (a tie the ranking broke another way)
        by = ", ".join(dict.fromkeys(s.story_id for s in chosen))
        named = ", ".join(claim.cited)
        out.append(Problem(claim.field, 0, len(claim.text), claim.text, "citation",
                           f"citation: cited to {named}, which does not state it ({by} does)",
                           "; ".join(s.cite() for s in chosen)))
    return out
