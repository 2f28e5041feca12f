"""Grouping without the model: lexical path, invariants, determinism, splitting."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytransformer.errors import OptionError
from storytransformer.group import find_groups, split_oversized
from storytransformer.group.normalize import matching_text, verbatim_key
from storytransformer.stories import Group, Story


def story(sid: str, text: str, **fields) -> Story:
    fields.setdefault("format", "markdown")
    return Story(id=sid, text=text, source="backlog.md", line=1, **fields)


BACKLOG = [
    story("SHOP-1", "As a shopper I want to reset my password by email so that I can log in again"),
    story("SHOP-2", "As a shopper I want to pay with Apple Pay at checkout so that paying is quick"),
    story("HR-1", "As an employee I want to request annual leave so that my manager can approve it"),
    story("SHOP-3", "As a shopper, I want to reset my password by e-mail, so that I can log in again."),
    story("CLIN-1", "As a receptionist I want to print the daily appointment schedule for each doctor"),
    story("SHOP-4", "As a shopper I want to pay with Apple Pay during checkout so paying is quicker"),
    story("HR-2", "As a payroll clerk I want to export monthly payslips as PDF files"),
    story("CLIN-2", "As a patient I want an SMS reminder one day before my appointment"),
]


def partition(groups):
    return {frozenset(g.story_ids) for g in groups}


def assert_exactly_once(stories, groups):
    seen = [i for g in groups for i in g.story_ids]
    assert sorted(seen) == sorted(s.id for s in stories)


def test_related_stories_group_and_unrelated_stay_alone():
    groups = find_groups(BACKLOG, method="lexical")
    assert_exactly_once(BACKLOG, groups)
    assert partition(groups) == {
        frozenset({"SHOP-1", "SHOP-3"}), frozenset({"SHOP-2", "SHOP-4"}),
        frozenset({"HR-1"}), frozenset({"CLIN-1"}), frozenset({"HR-2"}), frozenset({"CLIN-2"}),
    }
    pair = next(g for g in groups if "SHOP-1" in g.story_ids)
    assert pair.story_ids == ("SHOP-1", "SHOP-3")  # input order inside a group
    assert 0.35 < pair.score < 1.0
    assert all(g.score == 1.0 for g in groups if g.is_singleton)


def test_groups_come_in_order_of_their_first_story():
    groups = find_groups(BACKLOG, method="lexical")
    firsts = [BACKLOG.index(next(s for s in BACKLOG if s.id == g.story_ids[0])) for g in groups]
    assert firsts == sorted(firsts)


@pytest.mark.parametrize("threshold", [1.0, 0.999])
def test_verbatim_copies_group_whatever_the_threshold(threshold):
    stories = [
        story("A", "As a user I want dark mode so that my eyes rest at night"),
        story("B", "  as a USER,   I want dark mode\nso that my eyes rest at night!"),
        story("C", "- **As a user I want dark mode so that my eyes rest at night**"),
        story("D", "As a user I want light mode so that my eyes rest during the day"),
    ]
    groups = find_groups(stories, method="lexical", threshold=threshold)
    assert partition(groups) == {frozenset("ABC"), frozenset("D")}
    assert next(g for g in groups if "A" in g.story_ids).score == 1.0


def test_verbatim_key_uses_fields_not_layout():
    jira = story("J-1", "Reset password\nAs a user, I want to reset my password",
                 title="Reset password", role="user", goal="to reset my password", format="csv")
    md = story("md#1", "As a User I want to reset my password.", role="User",
               goal="to reset my password.")
    assert verbatim_key(jira) == verbatim_key(md)
    assert "Reset password" in matching_text(jira)
    assert partition(find_groups([jira, md], method="lexical", threshold=1.0)) == {
        frozenset({"J-1", "md#1"})}


def test_chains_do_not_snowball():
    # Each story shares half its words with the next; the two ends share none. Connected
    # components over "similar pairs" would put all six in one group.
    words = "invoice pdf export monthly ledger audit archive retention policy legal hold email".split()
    stories = [story(f"S{i}", " ".join(words[2 * i:2 * i + 4]) + " report") for i in range(5)]
    from storytransformer.group.cluster import components
    from storytransformer.group.similarity import build_similarity

    sim = build_similarity([matching_text(s) for s in stories], "lexical")
    rows, cols, scores = sim.candidates()
    keep = scores >= 0.3
    assert components(5, rows[keep], cols[keep]) == [[0, 1, 2, 3, 4]]  # the premise
    groups = find_groups(stories, method="lexical", threshold=0.3)
    assert_exactly_once(stories, groups)
    assert not any({"S0", "S4"} <= set(g.story_ids) for g in groups)


def test_deterministic_across_runs_and_input_order():
    first = find_groups(BACKLOG, method="lexical")
    assert find_groups(BACKLOG, method="lexical") == first
    for seed in range(3):
        shuffled = BACKLOG[:]
        random.Random(seed).shuffle(shuffled)
        assert partition(find_groups(shuffled, method="lexical")) == partition(first)


def test_edge_cases():
    assert find_groups([], method="lexical") == []
    one = find_groups([BACKLOG[0]], method="lexical")
    assert one == [Group(("SHOP-1",), 1.0)]
    blanks = [story("E1", ""), story("E2", "   "), story("E3", "the and of")]
    groups = find_groups(blanks, method="lexical")
    assert_exactly_once(blanks, groups)
    assert all(g.is_singleton for g in groups)  # nothing to match on is not "the same"


def test_bad_options_are_typed_errors():
    with pytest.raises(OptionError, match="--group-method"):
        find_groups(BACKLOG, method="telepathy")
    with pytest.raises(OptionError, match="--threshold"):
        find_groups(BACKLOG, method="lexical", threshold=1.5)
    with pytest.raises(OptionError, match="--threshold"):
        find_groups(BACKLOG, method="lexical", threshold=0)
    with pytest.raises(ValueError, match="unique"):
        find_groups([BACKLOG[0], BACKLOG[0]], method="lexical")


def test_max_group_size_splits_similar_parts():
    stories = [story(f"P{i}", f"As a shopper I want to pay by card {kind} at checkout")
               for i, kind in enumerate(["visa", "visa debit", "mastercard", "mastercard debit",
                                         "amex", "amex gold", "visa credit"])]
    assert len(find_groups(stories, method="lexical", threshold=0.2)) == 1
    groups = find_groups(stories, method="lexical", threshold=0.2, max_group_size=3)
    assert_exactly_once(stories, groups)
    assert all(len(g.story_ids) <= 3 for g in groups)
    copies = [story(f"C{i}", "As a user I want to log out") for i in range(5)]
    groups = find_groups(copies, method="lexical", max_group_size=2)
    assert [len(g.story_ids) for g in groups] == [2, 2, 1]


VOCAB = ("invoice payment refund basket checkout login password email report export patient "
         "doctor appointment leave manager payroll search filter dashboard alert").split()


@st.composite
def corpora(draw):
    n = draw(st.integers(1, 40))
    texts = []
    for _ in range(n):
        if texts and draw(st.booleans()):
            base = draw(st.sampled_from(texts))  # a copy, maybe re-cased / re-spaced
            texts.append(draw(st.sampled_from([base, base.upper(), f"  {base}. "])))
        else:
            texts.append(" ".join(draw(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=8))))
    ids = draw(st.permutations([f"K-{i}" for i in range(n)]))
    return [story(i, t) for i, t in zip(ids, texts, strict=True)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.floats(0.05, 1.0), st.one_of(st.none(), st.integers(1, 6)))
def test_every_story_exactly_once(stories, threshold, max_size):
    groups = find_groups(stories, method="lexical", threshold=threshold, max_group_size=max_size)
    assert_exactly_once(stories, groups)
    position = {s.id: p for p, s in enumerate(stories)}
    for g in groups:
        assert [position[i] for i in g.story_ids] == sorted(position[i] for i in g.story_ids)
        assert 0.0 <= g.score <= 1.0
        if max_size:
            assert len(g.story_ids) <= max_size
    assert [position[g.story_ids[0]] for g in groups] == sorted(position[g.story_ids[0]] for g in groups)
    # verbatim copies (same key) share a group unless max_group_size forced them apart
    if max_size is None:
        where = {i: n for n, g in enumerate(groups) for i in g.story_ids}
        by_key = {}
        for s in stories:
            if verbatim_key(s):
                by_key.setdefault(verbatim_key(s), set()).add(where[s.id])
        assert all(len(v) == 1 for v in by_key.values())
    # and the partition does not depend on the input order (with max_group_size, only the
    # chunking of a run of verbatim copies follows the input order)
    if max_size is None:
        reversed_groups = find_groups(stories[::-1], method="lexical", threshold=threshold)
        assert partition(reversed_groups) == partition(groups)


# -- split_oversized ---------------------------------------------------------------------------


def tokens(s: Story) -> int:
    return len(s.text.split())


def test_split_oversized_keeps_fitting_groups_and_splits_the_rest():
    stories = {s.id: s for s in BACKLOG}
    fits = Group(("SHOP-1", "SHOP-3"), 0.8)
    big = Group(tuple(s.id for s in BACKLOG if s.id not in fits.story_ids), 0.4)
    out = split_oversized([fits, Group(("HR-2",)), big], stories, tokens, budget_tokens=40)
    assert out[:2] == [fits, Group(("HR-2",))]
    parts = out[2:]
    assert sorted(i for g in parts for i in g.story_ids) == sorted(big.story_ids)
    assert len(parts) > 1
    for g in parts:
        assert sum(tokens(stories[i]) for i in g.story_ids) <= 40
        assert [big.story_ids.index(i) for i in g.story_ids] == sorted(big.story_ids.index(i) for i in g.story_ids)
    # similar stories stay together when they fit
    assert any({"SHOP-2", "SHOP-4"} <= set(g.story_ids) for g in parts)


def test_split_oversized_isolates_a_story_bigger_than_the_budget():
    huge = story("HUGE", "word " * 500)
    stories = {s.id: s for s in [*BACKLOG[:3], huge]}
    out = split_oversized([Group(tuple(stories))], stories, tokens, budget_tokens=100)
    assert Group(("HUGE",), 1.0) in out
    assert sorted(i for g in out for i in g.story_ids) == sorted(stories)
    with pytest.raises(ValueError):
        split_oversized([], stories, tokens, budget_tokens=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=30), st.integers(1, 100), st.randoms())
def test_split_oversized_never_loses_a_story_and_respects_the_budget(sizes, budget, rnd):
    stories = {f"T{i}": story(f"T{i}", " ".join(rnd.choice(VOCAB) for _ in range(n)))
               for i, n in enumerate(sizes)}
    ids = list(stories)
    cut = sorted(rnd.sample(range(1, len(ids)), min(3, len(ids) - 1))) if len(ids) > 1 else []
    groups = [Group(tuple(ids[a:b])) for a, b in zip([0, *cut], [*cut, len(ids)], strict=True)]
    out = split_oversized(groups, stories, tokens, budget)
    assert sorted(i for g in out for i in g.story_ids) == sorted(ids)
    for g in out:
        load = sum(tokens(stories[i]) for i in g.story_ids)
        assert load <= budget or g.is_singleton


def test_lexical_grouping_is_fast_on_thousands_of_stories():
    rnd = random.Random(7)
    stories = []
    for i in range(3000):
        if i % 10 == 9:
            base = stories[rnd.randrange(len(stories))].text
            stories.append(story(f"L-{i}", base.upper()))
        else:
            words = " ".join(rnd.choice(VOCAB) for _ in range(12))
            stories.append(story(f"L-{i}", f"As a user I want {words} {i}"))
    t0 = time.perf_counter()
    groups = find_groups(stories, method="lexical")
    elapsed = time.perf_counter() - t0
    assert_exactly_once(stories, groups)
    assert elapsed < 60  # about 5 s when the machine is not shared; benchmarks/grouping.py times 10k


def test_scenarios_sharing_a_feature_narrative_are_not_duplicates():
    narrative = dict(role="patient", goal="be reminded about my appointments",
                     benefit="fewer appointments are missed", format="gherkin")
    scenarios = [
        Story(id="f#1", text="Day-before text", source="reminders.feature", line=3,
              title="Day-before text message",
              acceptance_criteria=("Given an appointment tomorrow", "Then I get an SMS at 6pm"),
              **narrative),
        Story(id="f#2", text="Cancelled", source="reminders.feature", line=9,
              title="No reminder for cancelled appointments",
              acceptance_criteria=("Given I cancelled my booking", "Then no SMS is sent"),
              **narrative),
    ]
    assert all(g.is_singleton for g in find_groups(scenarios, method="lexical"))
    # ...while the same narrative in two different files is still a strong signal
    elsewhere = Story(id="md#1", text="x", source="notes.md", line=1, format="markdown",
                      role="patient", goal="be reminded about my appointments",
                      benefit="fewer appointments are missed")
    groups = find_groups([scenarios[0], elsewhere], method="lexical")
    assert partition(groups) == {frozenset({"f#1", "md#1"})}


EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.skipif(not (EXAMPLES / "ground_truth.json").exists(), reason="example corpus missing")
def test_lexical_relations_on_the_example_corpus():
    """A regression guard for the numbers in docs/grouping.md (lexical: no model needed): the
    merge groups relate() makes keep verbatim copies together, most planted duplicates, and
    never two siblings of one template (examples/ground_truth.json "siblings")."""
    import itertools
    import json

    from storytransformer.ingest import ingest_paths
    from storytransformer.relate import relate

    corpus = ingest_paths([EXAMPLES / "stories"])
    truth = json.loads((EXAMPLES / "ground_truth.json").read_text())
    relations = relate(corpus.stories, method="lexical")
    assert_exactly_once(corpus.stories, relations.groups)
    merged = [g for g in relations.groups if g.relation == "duplicate"]
    where = {i: n for n, g in enumerate(merged) for i in g.story_ids}
    for cluster in truth["clusters"]:
        if cluster["kind"] == "verbatim":
            assert len({where.get(i, i) for i in cluster["ids"]}) == 1, cluster
    pairs = lambda ids: {tuple(sorted(p)) for p in itertools.combinations(ids, 2)}  # noqa: E731
    dup = set().union(*(pairs(c["ids"]) for c in truth["clusters"] if c["kind"] in ("verbatim", "paraphrase")))
    gold = set().union(*(pairs(c["ids"]) for c in truth["clusters"]))
    pred = set().union(*(pairs(g.story_ids) for g in merged))
    siblings = set().union(*(pairs(f["ids"]) for f in truth["siblings"]))
    assert not pred & siblings
    precision, recall = len(gold & pred) / len(pred), len(dup & pred) / len(dup)
    assert precision >= 0.65 and recall >= 0.7, (precision, recall)


def test_components_too_big_for_a_dense_block_are_cut_not_lost(monkeypatch):
    from storytransformer.group import cluster

    stories = [story(f"G{i}", f"As a shopper I want to pay by card {' '.join(VOCAB[i % 7:i % 7 + 3])} "
                              f"ticket{i}") for i in range(40)]  # all distinct: no verbatim units
    whole = find_groups(stories, method="lexical", threshold=0.2)
    assert max(len(g.story_ids) for g in whole) > 4  # the premise: big related clusters
    monkeypatch.setattr(cluster, "DENSE_LIMIT", 4)
    cut = find_groups(stories, method="lexical", threshold=0.2)
    assert_exactly_once(stories, cut)
    assert max(len(g.story_ids) for g in cut) <= 4
    # a refinement: never groups what the unconstrained run kept apart
    where = {i: n for n, g in enumerate(whole) for i in g.story_ids}
    assert all(len({where[i] for i in g.story_ids}) == 1 for g in cut)


def test_progress_bars_go_to_stderr(capsys):
    groups = find_groups(BACKLOG, method="lexical", progress=True)
    assert_exactly_once(BACKLOG, groups)
    assert capsys.readouterr().out == ""
