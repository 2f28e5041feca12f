"""Stage 3: decided pairs -> merge groups and links.

Groups are built by joining units along duplicate pairs, strongest first, and a join is
refused unless every pair across the two sides was decided a duplicate (complete linkage:
the chain A~B~C cannot pull in a C that is only "related" to A, or never compared with it). With
``merge_overlaps`` the duplicate groups are then joined along overlap pairs the same way
(a group that used an overlap pair is an "overlap" group). Stories left alone that conflict
form "conflict" groups (kept, never merged: both sides shown to a person).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storytransformer.console import task_bars
from storytransformer.errors import OptionError
from storytransformer.stories import Group, Link, Story

METHODS = ("hybrid", "lexical", "embedding")
# The similarity at which a pair that the slots cannot tell apart is a duplicate. Lower than
# the old grouping thresholds (0.475 / 0.275 / 0.7): the slot step now keeps siblings out, so
# retrieval can reach further for reworded duplicates. Chosen on the dev pairs
# (benchmarks/relations.py) and the examples corpus (benchmarks/grouping.py --relate), where
# 0.4 merged unrelated same-domain stories (merge precision 0.67 vs 0.89 at 0.425).
DUPLICATE_AT = {"hybrid": 0.425, "lexical": 0.275, "embedding": 0.65}
# Below the duplicate cutoff (the grouping method's default threshold) a pair with nothing
# else in common is only "related"; below this margin it is not even that (dev-set tuned:
# benchmarks/relations.py, docs/grouping.md).
RELATED_MARGIN = 0.1
# A pair whose needs are one need in other words (relate/reworded.py: same action, most
# object words shared after synonyms) is a duplicate from this similarity up: far below the
# duplicate cutoff, as such pairs share few surface words. Chosen on the dev splits.
REWORDED_AT = {"hybrid": 0.2, "lexical": 0.1, "embedding": 0.4}
# The sameness gate (relate/sameness.py) on every soft duplicate, unless relate() is told.
STRICT_DUPLICATES = False
# ... and, without it, on soft duplicates whose needs are short (sameness.SHORT_NEED words;
# hybrid and embedding methods only).
SHORT_NEEDS_GATED = True
# A duplicate on the whole stories' meaning that the needs' own cosine refuses is marked a possible
# duplicate when True (measured: 12 of 36 labelled such pairs on the dev sets and the examples were
# duplicates, 2 of 25 on the examples: by default not marked; docs/grouping.md).
NEED_MEANING_POSSIBLE = False


@dataclass
class Relations:
    """What the relate stage hands on: ``groups`` cover every story exactly once (relation
    "duplicate" or "overlap": may be merged; "conflict": kept; singletons), ``links`` every
    decided pair that is not "unrelated" and not inside one merge group, ``pairs`` the number
    of candidate pairs decided."""

    groups: list[Group]
    links: list[Link] = field(default_factory=list)
    pairs: int = 0
    # Seconds per step ("texts", "tfidf", "embed", "neighbours", "extra_pairs" (every story's
    # slots and the concept pairs), "decide", "need_check", "judge", "assemble"): {"wall_s", "cpu_s"} each; benchmarks/grouping.py prints them.
    timings: dict[str, dict[str, float]] = field(default_factory=dict)
    # "related" links left out by relate(max_related=...): the outputs would not write them either
    related_left_out: int = 0

    def by_relation(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for link in self.links:
            out[link.relation] = out.get(link.relation, 0) + 1
        return out


def relate(stories: Sequence[Story], *, method: str = "hybrid", threshold: float | None = None,
           embedder=None, merge_overlaps: bool = False, progress: bool = False, judge=None,
           strict_duplicates: bool | None = None, max_related: int | None = None,
           separate_projects: bool = False) -> Relations:
    """Decide a relation for every candidate pair of ``stories`` and assemble groups + links.

    ``method``/``threshold``: the similarity used for retrieval and as the duplicate cutoff
    (default: ``storytransformer.group.DEFAULT_THRESHOLDS[method]``). ``judge``: the optional
    model stage (relate/judge.py ``Judge``), given the pairs decided without the model; it may
    change only the unsure ones. ``strict_duplicates``: a duplicate decided without hard
    evidence stands only if its needs' words match (relate/sameness.py), else it is "related"
    (default: ``STRICT_DUPLICATES``). ``max_related``: "related" links kept per story, the
    strongest (the outputs' limit, linking.MAX_RELATED; the rest only counted, never quoted);
    None: all. ``separate_projects``: pairs of stories of two projects (top folders, Jira project
    keys: relate/projects.py) are "unrelated". Raises OptionError on a bad method or threshold,
    ValueError on repeated story ids."""
    from storytransformer.relate.candidates import candidate_pairs
    from storytransformer.relate.decide import Cutoffs
    from storytransformer.steptimes import StepTimes

    if method not in METHODS:
        raise OptionError("--group-method", f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    duplicate = DUPLICATE_AT[method] if threshold is None else threshold
    if not 0.0 < duplicate <= 1.0:
        raise OptionError("--threshold", f"must be in (0, 1], got {duplicate}")
    ids = [s.id for s in stories]
    if len(set(ids)) != len(ids):
        raise ValueError("story ids must be unique")
    if not stories:
        return Relations([])
    if strict_duplicates is None:
        strict_duplicates = STRICT_DUPLICATES
    cutoffs = Cutoffs(duplicate=duplicate, related=max(0.01, duplicate - RELATED_MARGIN),
                      reworded=REWORDED_AT[method])
    slots = _SlotCache(stories)
    times = StepTimes()
    with task_bars(progress) as task:
        cand = candidate_pairs(stories, method=method, floor=cutoffs.related, embedder=embedder,
                               task=task, meaning_floor=cutoffs.meaning_related,
                               extra=slots.concept_pairs, times=times)
        with times.step("decide"):
            decided = _decide_all(stories, cand, cutoffs, task("Deciding relations", len(cand.rows)), slots)
            from storytransformer.relate.projects import keep_within, project_keys

            if separate_projects:
                decided = keep_within(project_keys(stories), cand.units, decided)
        with times.step("need_check"):
            # (lexical: no model at all, so no meaning check of one action on other things)
            decided = _check_needs(stories, cand.units, decided, embedder, slots if method != "lexical" else None)
        with times.step("guard"):
            decided = _guards(stories, cand.units, decided, slots)
        # lexical: no model, words match only by form, which costs the examples two true merge pairs
        # (recall 0.475 -> 0.441): the default gate needs the word vectors, --strict-duplicates not
        if strict_duplicates or (SHORT_NEEDS_GATED and method != "lexical"):
            from storytransformer.relate.sameness import sameness_gate

            with times.step("sameness"):  # a soft duplicate must show it is one need (sameness.py)
                decided = sameness_gate(stories, cand.units, decided, slots, embedder, every=strict_duplicates,
                                        vectors=method != "lexical")  # lexical: no model at all
    if judge is not None:  # after the bars: loading a model draws its own progress
        with times.step("judge"):
            judged = judge(stories, cand, decided, cutoffs)
        # no merge group may hold a contradiction: what the judge made a duplicate is checked too
        from storytransformer.relate.conflict_guard import guard

        decided = guard(stories, cand.units, judged, slots, before=decided)
        if separate_projects:  # (the judge may not join two projects either)
            decided = keep_within(project_keys(stories), cand.units, decided)
    # Related on wording alone is linked only in the upper half of the band below duplicates.
    weak_link = (cutoffs.related + cutoffs.duplicate) / 2
    with times.step("assemble"):
        out = _assemble(stories, cand.units, decided, merge_overlaps, weak_link, max_related)
    out.timings = times.as_dict()
    return out


def _guards(stories, units, decided, slots):
    """The rule guards over the decided pairs (the list ``_decide_all`` returns), in order;
    each may change a pair's relation and says why in its reason."""
    from storytransformer.relate.bounds import bound_guard
    from storytransformer.relate.conflict_guard import guard
    from storytransformer.relate.exceptions import exception_guard
    from storytransformer.relate.parts import parts_guard
    from storytransformer.relate.polarity import polarity_guard
    from storytransformer.relate.sibling_guard import sibling_guard

    # (before the gate too: a pair read as one need that gives one quantity two values is a
    # conflict, even where the gate would call it only "related")
    decided = guard(stories, units, decided, slots)
    # (a prohibition in the middle of a rule, "must not be shown", against its requirement)
    decided = polarity_guard(stories, units, decided)
    decided = parts_guard(stories, units, decided, slots)  # "season: venues, dates and tickets"
    decided = exception_guard(stories, units, decided, slots)  # "never charged" / "a fee is charged"
    decided = sibling_guard(stories, units, decided, slots)  # "with my badge" / "with the app"
    from storytransformer.relate.behaviour import behaviour_guard

    decided = behaviour_guard(stories, units, decided)  # "nobody must be able to edit" / "can edit"
    from storytransformer.relate.number_events import number_events_guard

    decided = number_events_guard(stories, units, decided)  # "auto-approve < 500" / "I approve up to 5,000"
    return bound_guard(stories, units, decided)  # "scoring above 70" / "above 80"


class _SlotCache:
    """Slots of each story read once (by position), shared by retrieval and the decisions."""

    def __init__(self, stories):
        self.stories = stories
        self.by_position: dict[int, Any] = {}

    def __call__(self, position: int):
        from storytransformer.relate.slots import story_slots

        if position not in self.by_position:
            self.by_position[position] = story_slots(self.stories[position])
        return self.by_position[position]

    def concept_pairs(self, units):
        import numpy as np

        from storytransformer.relate.concepts import concept_pairs
        from storytransformer.relate.exceptions import exception_pairs

        rows, cols = concept_pairs([self(u[0]) for u in units])
        # (a restriction in other words than the need it limits: relate/exceptions.py)
        more_rows, more_cols = exception_pairs([self(u[0]) for u in units], [self.stories[u[0]] for u in units])
        return np.concatenate([rows, more_rows]), np.concatenate([cols, more_cols])


def _decide_all(stories, cand, cutoffs, advance, slots=None) -> list[tuple[int, int, float, Any]]:
    """(unit a, unit b, similarity, Decision) for every candidate pair."""
    from storytransformer.relate.decide import decide

    slots = slots or _SlotCache(stories)

    def of(unit: int):
        return slots(cand.units[unit][0])

    out = []
    meaning = cand.meaning if cand.meaning is not None else [None] * len(cand.rows)
    for a, b, score, m in zip(cand.rows, cand.cols, cand.scores, meaning, strict=True):
        out.append((a, b, score, decide(of(a), of(b), score, cutoffs, meaning=m)))
        if advance:
            advance()
    return out


# A duplicate on the whole stories' embedding alone stands only if the two needs (goal, title
# or scenario title) are this close too: stories of one product area are close as wholes
# ("join a waiting list" / "cancel online"), another team's words for one need are close in
# the need itself. Tuned on the dev pairs and the examples corpus (docs/grouping.md).
NEED_MEANING = 0.62
# ... and the two roles, when both stories name one, are one kind of person ("shopper" /
# "customer"), not two ("shopper" / "store manager": a sibling by role).
ROLE_MEANING = 0.5


def _check_needs(stories, units, decided, embedder, slots=None):
    """Decided pairs with each duplicate on meaning alone kept only when both named roles are
    one kind of person (MiniLM cosine >= ROLE_MEANING) and the needs' own cosine reaches
    NEED_MEANING, else "related"; one batch of embeddings, cached."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.role_classes import role_relation
    from storytransformer.relate.sibling_guard import other_things
    from storytransformer.relate.slots import need_text

    # (and a soft duplicate of one action on things that share no word: sibling_guard.other_things)
    todo = [n for n, t in enumerate(decided) if t[3].by_meaning or (
        slots is not None and t[3].relation == "duplicate" and not t[3].evidence
        and other_things(slots(units[t[0]][0]), slots(units[t[1]][0])))]
    if not todo:
        return decided
    if embedder is None:
        from storytransformer.group.embed import default_embedder

        embedder = default_embedder()
    wanted = sorted({u for n in todo for u in decided[n][:2]})
    row = {u: i for i, u in enumerate(wanted)}
    vectors = embedder.encode([need_text(stories[units[u][0]])[:400] for u in wanted])
    role_of = {u: (stories[units[u][0]].role or "").strip()[:100] for u in wanted}
    named = sorted(u for u in wanted if role_of[u])
    role_row = {u: i for i, u in enumerate(named)}
    roles = embedder.encode([f"as a {role_of[u]}" for u in named]) if named else None
    out = list(decided)
    for n in todo:
        a, b, score, d = decided[n]
        cosine = float(vectors[row[a]] @ vectors[row[b]])
        role = (float(roles[role_row[a]] @ roles[role_row[b]]) if a in role_row and b in role_row else 1.0)
        kinds = role_relation(set(role_of.get(a, "").lower().split()), set(role_of.get(b, "").lower().split()))
        if kinds:  # one kind of person in two languages ("teacher" / "Lehrerin"): MiniLM is English;
            role = 1.0 if kinds == "same" else 0.0  # or two kinds ("student nurse" / "nurse")
        if role < ROLE_MEANING:
            d = Decision("related", f"similar stories ({score:.2f}), different roles: "
                                    f"'{role_of[a]}' vs '{role_of[b]}' (role similarity {role:.2f})", False)
        elif cosine >= NEED_MEANING:
            d = Decision("duplicate", f"{d.reason}; the needs mean the same (need similarity {cosine:.2f})", False)
        else:
            # (a duplicate on the whole stories' meaning that the needs' own cosine refuses)
            d = Decision("related", f"similar stories ({score:.2f}), different needs (need similarity {cosine:.2f})",
                         False, possible_duplicate=NEED_MEANING_POSSIBLE)
        out[n] = (a, b, score, d)
    return out


def _assemble(stories, units, decided, merge_overlaps: bool, weak_link: float = 0.0,
              max_related: int | None = None) -> Relations:
    ids = [s.id for s in stories]
    # Duplicates the slots vouch for (same text, need or steps) join first, then the rest by
    # similarity: a reworded story joins the group its own words prove, not a sibling's.
    strongest = sorted(decided, key=lambda t: (not t[3].evidence, -t[2], ids[units[t[0]][0]],
                                               ids[units[t[1]][0]]))
    sets = _Joiner(len(units))
    sets.allow(decided, {"duplicate"})
    for a, b, _, d in strongest:
        if d.relation == "duplicate":
            sets.join(a, b, "duplicate")
    if merge_overlaps:
        sets.allow(decided, {"duplicate", "overlap"})
        for a, b, _, d in strongest:
            if d.relation == "overlap":
                sets.join(a, b, "overlap")
    free = {u for u, members in sets.members().items() if len(members) == 1 and len(units[u]) == 1}
    sets.allow(decided, {"conflict"})
    for a, b, _, d in strongest:
        if d.relation == "conflict" and a in free and b in free:
            sets.join(a, b, "conflict")
    groups = _groups(stories, units, sets, decided)
    links, left_out = _links(ids, units, groups, decided, weak_link, stories, max_related)
    return Relations(groups, links, len(decided), related_left_out=left_out)


def _links(ids, units, groups, decided, weak: float, stories=None,
           max_related: int | None = None) -> tuple[list[Link], int]:
    """Every decided pair worth showing that is not inside one merge group; "related" on
    similarity alone only from ``weak`` up; with ``max_related``, a related link only among the
    strongest of one of its stories (linking.strongest_related, the rule the outputs apply).
    Reasons quote the ``stories``' own words. Returns (the links, the related links left out)."""
    from storytransformer.linking import strongest_related
    from storytransformer.relate.reason_words import Quoter

    drafts, ends = [], []  # links with the rules' reasons; (story a, story b, kept apart from a group?)
    in_group = {sid: n for n, g in enumerate(groups) if not g.is_singleton for sid in g.story_ids}
    for a, b, score, d in decided:
        sa, sb = ids[units[a][0]], ids[units[b][0]]
        same = in_group.get(sa) is not None and in_group.get(sa) == in_group.get(sb)
        if d.relation == "unrelated" or (same and groups[in_group[sa]].relation != "conflict"):
            continue
        if d.relation == "related" and not d.evidence and score < weak and not d.possible_duplicate:
            continue  # same area by wording only: a link per pair would bury the ones that matter
        # a duplicate not alike all the other's group is kept apart: a possible duplicate
        apart = d.relation == "duplicate" and not same
        ends.append((units[a][0], units[b][0], apart))
        drafts.append(Link(sa, sb, "related" if apart else d.relation, round(score, 4), d.reason,
                           possible_duplicate=apart or (d.relation == "related" and d.possible_duplicate)))
    kept = range(len(drafts)) if max_related is None else strongest_related(drafts, str, max_related)
    # Quoting is the costly part of this step: only the links kept (on 10,000 stories 60% of them).
    in_their_words = Quoter()  # each story's text read once for all its links
    return [_worded(drafts[n], *ends[n], stories, in_their_words) for n in kept], len(drafts) - len(kept)


def _worded(link: Link, a: int, b: int, apart: bool, stories, in_their_words) -> Link:
    """``link`` with its reason in the words of ``stories`` ``a`` and ``b`` (positions)."""
    reason = link.reason if stories is None else in_their_words(link.reason, stories[a], stories[b])
    if apart:
        # (worded as a doubt, not as a finding: a "related" link that says "the same need"
        # reads as a contradiction)
        reason = ("possibly a duplicate, kept apart: not alike every story of the other's group "
                  f"(this pair alone: {reason})")
    return replace(link, reason=reason)


def _groups(stories, units, sets, decided) -> list[Group]:
    ids = [s.id for s in stories]
    score_sum: dict[int, list[float]] = {}
    for a, b, score, _ in decided:
        ra = sets.find(a)
        if ra == sets.find(b):
            score_sum.setdefault(ra, []).append(score)
    from storytransformer.relate.group_reason import COPIES, group_reasons

    # (the decisive pair's reason, quoted: a person sees why a group is one; t26 finding 3)
    reasons = group_reasons(stories, units, sets.find, lambda r: sets.relation.get(r, "duplicate"), decided)
    groups = []
    for root, members in sets.members().items():
        positions = sorted(p for u in members for p in units[u])
        scores = score_sum.get(root, [])
        cohesion = sum(scores) / len(scores) if scores else 1.0
        relation = sets.relation.get(root, "duplicate")
        reason = reasons.get(root, COPIES if len(positions) > 1 else "")
        groups.append(Group(tuple(ids[p] for p in positions), score=round(cohesion, 4),
                            relation=relation, reason=reason))
    position = {sid: n for n, sid in enumerate(ids)}
    return sorted(groups, key=lambda g: position[g.story_ids[0]])


class _Joiner:
    """Union-find over units where two sets join only when every pair across them was
    decided one of the allowed relations (complete linkage: no chains through a middle
    story, and a pair never compared is never merged)."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.sets: dict[int, set[int]] = {i: {i} for i in range(n)}
        self.relation: dict[int, str] = {}
        self.allowed: dict[int, set[int]] = {}

    def allow(self, decided, relations: set[str]) -> None:
        self.allowed = {}
        for a, b, _, d in decided:
            if d.relation in relations:
                self.allowed.setdefault(a, set()).add(b)
                self.allowed.setdefault(b, set()).add(a)

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int, relation: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, big = sorted((self.sets[ra], self.sets[rb]), key=len)
        if any(not big <= self.allowed.get(x, set()) for x in small):
            return False
        keep, gone = (ra, rb) if len(self.sets[ra]) >= len(self.sets[rb]) else (rb, ra)
        self.parent[gone] = keep
        self.sets[keep] |= self.sets.pop(gone)
        kinds = {self.relation.pop(gone, None), self.relation.get(keep), relation} - {None}
        self.relation[keep] = "overlap" if "overlap" in kinds else relation
        return True

    def members(self) -> dict[int, set[int]]:
        return self.sets
