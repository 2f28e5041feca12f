"""Checks of a whole merged story against its sources: every claim against its cited
sentences, every source criterion carried over, and one need per story (no fusion)."""

from __future__ import annotations

from itertools import combinations
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.alternatives import joined_needs
from storytransformer.verify.check import Problem, Similarity, check_claim
from storytransformer.verify.claims import Claim, SourceSentence, claims_of, control_sentences, source_sentences
from storytransformer.verify.citations import citation_problems
from storytransformer.verify.coverage import lost_needs
from storytransformer.verify.cues import amount, analyse
from storytransformer.verify.fields import field_problems

# Word overlap (Jaccard, role words left out) under which two sources are different needs.
# On benchmarks/data/answers: duplicates 0.33-0.88, different needs 0-0.11.
FUSED_BELOW = 0.15
# ... unless 30%+ of the smaller need's words are in the other (one story extends the other:
# "a 2nd reminder 1 hour before" / "be reminded": 0.33). Different needs on the labelled set:
# at most 0.25; duplicates at least 0.50 (words cut to 5 letters, see _stems).
CONTAINED_AT = 0.3
CARRIED_AT = 0.5  # share of a source criterion's words a merged criterion must state to carry it
SPLIT_PART = 0.8  # share of a merged criterion's words inside a source criterion: a part of it


def _context(sentences: Sequence[SourceSentence]) -> frozenset[str]:
    return frozenset().union(*(s.analysis.content for s in sentences)) if sentences else frozenset()


def _same_part(claim: Claim, sentences: list[SourceSentence]) -> list[SourceSentence]:
    """A role is checked against the sources' roles, a goal against goals, a benefit against
    benefits (a role made of words from a criterion is still a changed role); criteria
    against every sentence. Sources without that part parsed fall back to all sentences."""
    if claim.is_criterion:
        return sentences
    same = [s for s in sentences if s.part == claim.field]
    return same or sentences


def _check(claim: Claim, sources: Sequence[Story], similar: Similarity | None = None) -> list[Problem]:
    """Against the cited stories first; a claim the other sources of the merge state is no
    fabrication (a model citing S1 for S2's words), so they are the fallback."""
    cited = [s for s in sources if s.id in claim.cited]
    everything = _same_part(claim, source_sentences(sources))
    if cited and len(cited) < len(sources):
        mine = _same_part(claim, source_sentences(cited))
        problems = check_claim(claim, mine, _context(mine), similar)
        if not problems:
            return problems
        fallback = check_claim(claim, everything, _context(everything), similar)
        return fallback if len(fallback) < len(problems) else problems
    return check_claim(claim, everything, _context(everything), similar)


def injected(claim: Claim, sources: Sequence[Story], problems: list[Problem]) -> list[Problem]:
    """A claim no source states but control text in a source does (an instruction to the
    model, a pasted answer): named as copied from it, so the report shows where it came from."""
    content = claim.analysis.content
    if not problems or not content:
        return problems
    for story in sources:
        for s in control_sentences(story):
            if len(content & s.analysis.content) >= CARRIED_AT * len(content):
                return [Problem(claim.field, 0, len(claim.text), claim.text, "injection",
                                "injection: copied from text that looks like an instruction to the model, "
                                "not from a source's need", s.cite())] + problems
    return problems


def dropped_criteria(claims: Sequence[Claim], sources: Sequence[Story]) -> list[Problem]:
    """Source criteria no merged criterion carries, or carries only in part."""
    merged = [c.analysis.content for c in claims if c.is_criterion]
    amounts = {amount(v, u) for c in claims if c.is_criterion for v, u in c.analysis.quantities}
    out = []
    for story in sources:
        control = {s.text for s in control_sentences(story)}
        for text in story.acceptance_criteria:
            want = analyse(text).content
            if not want or text.strip() in control:  # an injected "criterion" need not be carried
                continue
            # The same amount in another unit carries the source's number and unit ("two
            # days" for "48 hours").
            same = {k for v, u in analyse(text).quantities if amount(v, u) in amounts for k in (v, u)}
            # Claims that carry this criterion: those stating half of it, and the parts of a
            # criterion the merge split in two (claims mostly made of its words).
            near = [m for m in merged if len(want & m) >= CARRIED_AT * len(want) or len(want & m) >= SPLIT_PART * len(m)]
            got = want & (frozenset().union(*near) | same) if near else frozenset()
            if near and got != want:  # "Extensions are not possible" is carried by "cannot be extended"
                got |= _derived(want - got, frozenset().union(*near))
            if len(got) < CARRIED_AT * len(want):
                out.append(Problem(f"source:{story.id}", 0, len(text), text, "dropped",
                                   f"dropped: {story.id}'s criterion '{text}' is not carried over", f"{story.id}: {text}"))
            elif got != want:
                missing = " ".join(w.text for w in analyse(text).words if w.key in want - got)
                out.append(Problem(f"source:{story.id}", 0, len(text), text, "dropped",
                                   f"dropped in part (scope widened or changed): {story.id}'s criterion '{text}' loses '{missing}'", f"{story.id}: {text}"))
    return out


def _derived(keys: frozenset[str], carried: frozenset[str]) -> frozenset[str]:
    """The keys of 6+ letters that a carried word of one stem states in another word class
    ("extension"/"extend", "approval"/"approve", "deletion"/"delete"): 5-letter stems meet,
    as in ``_stems``; shorter keys must match whole (a 5-letter prefix of "price" is "price")."""
    stems = {k[:5] for k in carried if len(k) >= 5 and not k[0].isdigit()}
    return frozenset(k for k in keys if len(k) >= 6 and k[:5] in stems)


def _need(story: Story) -> tuple[frozenset[str], frozenset[str]]:
    """What a story asks for, as two word sets: its goal, title and benefit, and the same with
    its criteria. Role words are left out: two different needs often share their role."""
    goal = story.goal or next(iter(s.text for s in source_sentences([story]) if s.part == "text"), "")
    role = analyse(story.role or "").content
    short = analyse(goal).content | analyse(story.title or "").content | analyse(story.benefit or "").content
    full = short.union(*(analyse(c).content for c in story.acceptance_criteria))
    return _stems(short - role), _stems(full - role)


def _stems(keys: frozenset[str]) -> frozenset[str]:
    """Lemmas cut to 5 letters: derived words of one need meet ("reminder"/"remind",
    "onboarding"/"onboard"), which lemmas alone keep apart."""
    return frozenset(k[:5] for k in keys)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller need's words found in the other (overlap coefficient)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 1.0


def fused_needs(sources: Sequence[Story]) -> list[Problem]:
    """Pairs of sources whose needs (goal and title words) barely overlap: one story made of
    two different needs. Reported once per source that matches no other source."""
    needs = {s.id: _need(s) for s in sources}
    best = {s.id: 0.0 for s in sources}
    for a, b in combinations(sources, 2):
        (sa, fa), (sb, fb) = needs[a.id], needs[b.id]
        j = max(_jaccard(sa, sb), _jaccard(fa, fb))
        if max(_containment(sa, sb), _containment(fa, fb)) >= CONTAINED_AT:
            j = max(j, FUSED_BELOW)  # one need inside the other (an overlap): not two needs
        best[a.id], best[b.id] = max(best[a.id], j), max(best[b.id], j)
    out = []
    for s in sources:
        if len(sources) > 1 and needs[s.id][0] and best[s.id] < FUSED_BELOW:
            goal = s.goal or s.title or s.text[:80]
            out.append(Problem(f"source:{s.id}", 0, len(goal), goal, "fused",
                               f"fused: {s.id} ('{goal}') states a different need from the other sources", s.id))
    return out


def embedding_similarity(embedder, claims: Sequence[Claim], sources: Sequence[Story]) -> Similarity:
    """Cosine similarity of MiniLM sentence embeddings (``group.embed.Embedder``: cached on
    disk by text), for the claims and source sentences of one story, encoded in one batch."""
    texts = list(dict.fromkeys([c.text for c in claims] + [s.text for s in source_sentences(sources)]))
    vectors = dict(zip(texts, embedder.encode(texts), strict=True))
    return lambda a, b: float(vectors[a] @ vectors[b]) if a in vectors and b in vectors else 0.0


def check_story(fields: dict, sources: Sequence[Story], cited: Sequence[Sequence[str]] | None = None,
                embedder=None) -> list[Problem]:
    """Every problem of one merged story; [] when each claim is stated by its sources, every
    source criterion is carried and the sources share one need. ``embedder`` (optional, an
    ``Embedder``): MiniLM similarity breaks alignment ties left after the lexical ranking."""
    claims = claims_of(fields, cited)
    similar = embedding_similarity(embedder, claims, sources) if embedder is not None else None
    problems = [p for c in claims for p in injected(c, sources, _check(c, sources, similar))]
    problems += field_problems(fields, sources, similar)  # the title (and a description), grounded too
    problems += citation_problems(claims, sources, similar)  # each criterion's cited stories state it
    problems += dropped_criteria(claims, sources)
    problems += lost_needs(claims, sources, fields)  # each source's need, benefit, description requirements
    problems += fused_needs(sources)
    problems += joined_needs(fields, sources)  # "with my badge or with the app", "upgrade"/"downgrade"
    return problems
