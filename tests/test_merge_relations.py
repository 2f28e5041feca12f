"""Relations in the outputs: conflict groups are never merged (both sides kept, flagged, shown
side by side), overlap groups only with --merge-overlaps, related stories become links in
merged.json, merged.md and report.html."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from scripted_engine import MODES, ScriptedEngine
from test_merge_invariant import assert_nothing_lost, corpora
from storytransformer.linking import group_links, merges
from storytransformer.merge import MergeSettings, check_invariant, merge_corpus
from storytransformer.stories import Corpus, Group, Link, Story
from storytransformer.write import write_all


def _story(sid, line, text, **kw):
    return Story(sid, text, "backlog.md", line, "markdown", **kw)


STORIES = [
    # a conflict: same need, contradicting numbers
    _story("C-1", 1, "As a shopper, I want my cart kept, so that I can buy later.\n- Cart is kept for 30 days",
           title="Keep cart", role="shopper", goal="my cart kept", benefit="I can buy later",
           acceptance_criteria=("Cart is kept for 30 days",)),
    _story("C-2", 4, "As a shopper, I want my cart kept, so that I can buy later.\n- Cart is kept for 7 days",
           title="Keep cart short", role="shopper", goal="my cart kept", benefit="I can buy later",
           acceptance_criteria=("Cart is kept for 7 days",)),
    # an overlap: one contains the other
    _story("O-1", 7, "As an admin, I want to export users to CSV, so that I can audit.", title="Export users",
           role="admin", goal="to export users to CSV", benefit="I can audit"),
    _story("O-2", 9, "As an admin, I want to export users and groups to CSV and PDF, so that I can audit.",
           title="Export users and groups", role="admin", goal="to export users and groups to CSV and PDF",
           benefit="I can audit"),
    # duplicates, merged
    _story("D-1", 11, "As a guest, I want to check out without an account, so that I buy fast.", title="Guest checkout",
           role="guest", goal="to check out without an account", benefit="I buy fast"),
    _story("D-2", 13, "As a guest I want to check out without an account so that I buy fast today.",
           title="Checkout as guest", role="guest", goal="to check out without an account", benefit="I buy fast today"),
    # related siblings (same template, other object): singletons with a link
    _story("R-1", 15, "As an editor, I want to schedule articles, so that they go live on time.", title="Schedule articles",
           role="editor", goal="to schedule articles", benefit="they go live on time"),
    _story("R-2", 17, "As an editor, I want to schedule podcasts, so that they go live on time.", title="Schedule podcasts",
           role="editor", goal="to schedule podcasts", benefit="they go live on time"),
]
GROUPS = [Group(("C-1", "C-2"), 0.9, "conflict"), Group(("O-1", "O-2"), 0.8, "overlap"), Group(("D-1", "D-2"), 0.95),
          Group(("R-1",)), Group(("R-2",))]
LINKS = [Link("C-1", "C-2", "conflict", 0.9, "cart kept 30 days vs 7 days"),
         Link("R-1", "R-2", "related", 0.7, "same template, other object: articles / podcasts"),
         Link("D-1", "D-2", "duplicate", 0.95, "same need")]


def _run(tmp_path, **settings):
    engine = ScriptedEngine(["good"])
    run = merge_corpus(Corpus(list(STORIES), [], ["backlog.md"]), GROUPS, MergeSettings(**settings), engine=engine,
                       out_dir=tmp_path, links=LINKS)
    write_all(run, tmp_path)
    return run, engine


def _by_source(run):
    return {s: o for o in run.stories for s in o.sources}


def test_conflict_groups_are_never_merged_and_say_why(tmp_path):
    run, engine = _run(tmp_path, merge_overlaps=True)
    out = _by_source(run)
    assert out["C-1"] is not out["C-2"]
    for sid, other in (("C-1", "C-2"), ("C-2", "C-1")):
        o = out[sid]
        assert o.decision == "unchanged" and o.text == STORIES[0 if sid == "C-1" else 1].text  # kept as written
        assert f"conflict with {other}: cart kept 30 days vs 7 days" in o.flags and o.needs_review
        assert [r["relation"] for r in o.relates_to] == ["conflict"] and o.relates_to[0]["story"] == other
    asked = " ".join(m["content"] for r in engine.requests for m in r.messages)
    assert "Cart is kept for 30 days" not in asked  # the model never saw the conflict group
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = page[page.index("Conflicts to decide (1)"):page.index('<h2 id="review">')]
    assert "Cart is kept for 30 days" in section and "Cart is kept for 7 days" in section  # side by side
    assert 'class="cols"' in section and "C-1 and C-2: cart kept 30 days vs 7 days" in section
    assert '<a href="#conflicts">Conflicts to decide (1)</a>' in page and '<a href="#related">Related (2)</a>' in page  # overlaps merged here
    assert run.metadata["counts"]["conflict_groups"] == 1


def test_identical_copies_in_a_conflict_group_are_not_merged_either(tmp_path):
    a = _story("K-1", 1, "As a user, I want dark mode, so that my eyes rest.", role="user", goal="dark mode",
               benefit="my eyes rest")
    b = _story("K-2", 3, "As a user, I want dark mode, so that my eyes rest.", role="user", goal="dark mode",
               benefit="my eyes rest")
    run = merge_corpus(Corpus([a, b], [], ["b.md"]), [Group(("K-1", "K-2"), 1.0, "conflict")], MergeSettings(),
                       load_engine=lambda: pytest.fail("no model for a conflict group"))
    assert [o.decision for o in run.stories] == ["unchanged", "unchanged"]
    assert all(o.flags[0].startswith("conflict with K-") for o in run.stories)  # reason made from the group


def test_overlaps_are_kept_and_linked_unless_asked_to_merge(tmp_path):
    run, _ = _run(tmp_path / "kept")
    out = _by_source(run)
    assert out["O-1"] is not out["O-2"] and out["O-1"].decision == "unchanged" and not out["O-1"].flags
    assert out["O-1"].relates_to[0]["relation"] == "overlap" and out["O-1"].relates_to[0]["story"] == "O-2"
    assert "overlaps **O-2**" in (tmp_path / "kept" / "merged.md").read_text(encoding="utf-8")
    merged, _ = _run(tmp_path / "merged", merge_overlaps=True)
    out = _by_source(merged)
    assert out["O-1"] is out["O-2"] and out["O-1"].decision in ("merged", "flagged")


def test_links_are_in_json_markdown_and_html(tmp_path):
    run, _ = _run(tmp_path)
    check_invariant([s.id for s in STORIES], run.stories)
    doc = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    pairs = {(l["source"], l["target"], l["relation"]) for l in doc["links"]}
    assert pairs == {("C-1", "C-2", "conflict"), ("R-1", "R-2", "related"), ("O-1", "O-2", "overlap")}
    # D-1/D-2 were merged into one story: a link inside one output says nothing and is left out
    stories = {o["id"]: o for o in doc["stories"]}
    r1 = stories["R-1"]["relates_to"]
    assert r1 == [{"id": "R-2", "story": "R-2", "from": "R-1", "relation": "related", "score": 0.7,
                   "reason": "same template, other object: articles / podcasts", "source": "R-1", "target": "R-2",
                   "possible_duplicate": False}]
    assert stories["R-2"]["relates_to"][0]["story"] == "R-1"
    assert {g["relation"] for g in doc["groups"]} >= {"conflict", "overlap", "duplicate"}
    md = (tmp_path / "merged.md").read_text(encoding="utf-8")
    assert re.search(r"^- \*\*R-1\*\*(?: “[^”]+”)? \(\S+:\d+\) related to \*\*R-2\*\* “[^”]+” \(\S+:\d+\): same template, other object",
                     md, re.M) and "## Links (3)" in md
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    related = page[page.index("Related (3)"):]
    assert "R-1" in related and "R-2" in related and "articles / podcasts" in related
    assert 'href="#R-2"' in page and 'id="R-2"' in page  # per-story links jump to the other story


def test_links_to_unknown_stories_are_ignored_and_large_kept_groups_link_to_their_first():
    ids = tuple(f"S-{k}" for k in range(9))
    stories = [_story(i, n, f"As a user, I want thing {n}.", role="user", goal=f"thing {n}") for n, i in enumerate(ids)]
    run = merge_corpus(Corpus(stories, [], ["b.md"]), [Group(ids, 0.5, "related")], MergeSettings(),
                       load_engine=lambda: pytest.fail("no model"), links=[Link("S-1", "GONE", "related")])
    assert len(run.links) == 8 and all(l["source"] == "S-0" for l in run.links)
    assert not merges(Group(ids, 0.5, "related")) and len(group_links(Group(ids[:4], 0.5, "overlap"))) == 6


# ---------------------------------------------------------------------------- properties

RELATION = st.sampled_from(["duplicate", "duplicate", "overlap", "conflict", "related"])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=corpora(max_stories=10), relations=st.lists(RELATION, min_size=10, max_size=10),
       modes=st.lists(st.sampled_from(MODES), min_size=1, max_size=3), overlaps=st.booleans(),
       merger=st.sampled_from(["model", "extractive"]), pairs=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9),
                                                                                RELATION), max_size=6))
def test_relations_never_lose_a_story_and_conflicts_are_never_merged(data, relations, modes, overlaps, merger, pairs):
    corpus, groups = data
    groups = [Group(g.story_ids, 0.5, rel) for g, rel in zip(groups, relations[:len(groups)], strict=True)]
    ids = [s.id for s in corpus.stories]
    links = [Link(ids[a % len(ids)], ids[b % len(ids)], rel, 0.5, f"because {rel}") for a, b, rel in pairs
             if ids[a % len(ids)] != ids[b % len(ids)]]
    run = merge_corpus(corpus, groups, MergeSettings(merge_overlaps=overlaps, merger=merger),
                       engine=ScriptedEngine(modes) if merger == "model" else None,
                       load_engine=lambda: pytest.fail("no model with --merger extractive"), links=links)
    assert_nothing_lost(corpus, run)
    out = {s: o for o in run.stories for s in o.sources}
    for g in groups:
        if len(g.story_ids) > 1 and (g.relation in ("conflict", "related") or (g.relation == "overlap" and not overlaps)):
            assert len({id(out[s]) for s in g.story_ids}) == len(g.story_ids)  # kept apart
            if g.relation == "conflict":
                assert all(any(f.startswith("conflict with") for f in out[s].flags) for s in g.story_ids)
    for link in run.links:  # both ends know, and never within one output
        a, b = out[link["source"]], out[link["target"]]
        assert a is not b and a.id == link["source_output"] and b.id == link["target_output"]
        assert any(r["story"] == link["target"] for r in a.relates_to)
        assert any(r["story"] == link["source"] for r in b.relates_to)
    if merger == "extractive":
        assert run.metadata["counts"]["model_calls"] == 0


def test_many_links_are_capped_on_the_page_and_complete_in_json(tmp_path):
    ids = [f"L-{k}" for k in range(40)]
    stories = [_story(i, n, f"As a user, I want report {n}.", role="user", goal=f"report {n}") for n, i in enumerate(ids)]
    links = [Link(a, b, "related", 0.3, "same template") for n, a in enumerate(ids) for b in ids[n + 1:]]
    links.append(Link("L-38", "L-39", "conflict", 0.1, "7 vs 30 days"))
    run = merge_corpus(Corpus(stories, [], ["b.md"]), [Group((i,)) for i in ids], MergeSettings(),
                       load_engine=lambda: pytest.fail("no model"), links=links)
    write_all(run, tmp_path)
    left_out = run.metadata["counts"]["related_links_left_out"]
    assert len(run.links) + left_out == len(links) - 1 == 780  # one link per pair: L-38/L-39's conflict
    assert [l["relation"] for l in run.links if {l["source"], l["target"]} == {"L-38", "L-39"}] == ["conflict"]
    assert left_out > 0 and len(run.links) > 300  # at most 10 related per story, each kept by one end
    doc = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    assert len(doc["links"]) == len(run.links) and doc["metadata"]["counts"]["related_links_left_out"] == left_out
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    related = page[page.index('id="related"'):]
    # the conflict in a table of its own, the related links collapsed: their 300 strongest
    decisions, collapsed = related.split("<details>", 1)
    assert decisions.count("<tr>") == 2 and "7 vs 30 days" in decisions and "same template" not in decisions
    assert collapsed.count("<tr>") == 101 and f"{len(run.links) - 1} related links" in collapsed
    assert "the 100 strongest shown" in collapsed and "every link is in merged.json" in related
    # each card: its decisions and its 3 strongest related links, the rest counted (link_budget.py)
    hub = max(run.stories, key=lambda o: len(o.relates_to))
    assert len(hub.relates_to) > 3 and f"and {len(hub.relates_to) - 3} more related (relates_to in merged.json)" in page
    md = (tmp_path / "merged.md").read_text(encoding="utf-8")
    assert f"; and {len(hub.relates_to) - 3} more related (relates_to in merged.json)" in md
    assert md.count("related to (same area") <= len(run.stories)  # one short line a card, not one a link


def test_a_story_related_to_many_lists_its_strongest_and_the_rest_are_counted():
    ids = [f"H-{k}" for k in range(30)]
    stories = [_story(i, n, f"As a user, I want page {n}.", role="user", goal=f"page {n}") for n, i in enumerate(ids)]
    # H-0 is related to all 29 others, more strongly to the higher numbers; the others to nothing else
    links = [Link("H-0", other, "related", k / 100, "same template") for k, other in enumerate(ids[1:], 1)]
    links.append(Link("H-1", "H-0", "overlap", 0.01, "H-0 contains H-1"))  # same pair: the overlap wins
    run = merge_corpus(Corpus(stories, [], ["b.md"]), [Group((i,)) for i in ids], MergeSettings(),
                       load_engine=lambda: pytest.fail("no model"), links=links)
    hub = run.stories[0]
    related = [r["story"] for r in hub.relates_to if r["relation"] == "related"]
    # every related link is among the 10 strongest of one of its ends: each spoke's only link is
    # its strongest, so all 28 stay; the overlap replaced H-1's related link
    assert len(related) == 28 and [r["relation"] for r in hub.relates_to if r["story"] == "H-1"] == ["overlap"]
    assert run.metadata["counts"]["related_links_left_out"] == 0
    # spokes that are also related to each other keep only their strongest ten
    more = links + [Link(a, b, "related", 0.5, "x") for n, a in enumerate(ids[1:]) for b in ids[n + 2:]]
    run = merge_corpus(Corpus(stories, [], ["b.md"]), [Group((i,)) for i in ids], MergeSettings(),
                       load_engine=lambda: pytest.fail("no model"), links=more)
    assert run.metadata["counts"]["related_links_left_out"] > 0
    candidates: dict[str, list[float]] = {}
    for l in more:
        if l.relation == "related" and {l.source, l.target} != {"H-0", "H-1"}:
            for end in (l.source, l.target):
                candidates.setdefault(end, []).append(l.score)
    for l in run.links:  # written: among the 10 strongest of one of its two stories
        if l["relation"] == "related":
            assert any(len(candidates[e]) < 10 or l["score"] >= sorted(candidates[e], reverse=True)[9]
                       for e in (l["source"], l["target"]))
    written = {frozenset((l["source"], l["target"])) for l in run.links}
    assert len(written) == len(run.links) == run.metadata["counts"]["links"]
    assert len(run.links) + run.metadata["counts"]["related_links_left_out"] == len({frozenset((l.source, l.target)) for l in more})


def test_a_resumed_run_writes_the_same_links_and_conflict_flags(tmp_path):
    first, _ = _run(tmp_path)
    again = merge_corpus(Corpus(list(STORIES), [], ["backlog.md"]), GROUPS, MergeSettings(),
                         load_engine=lambda: pytest.fail("a finished run resumes from its journal"),
                         out_dir=tmp_path, resume=True, links=LINKS)
    assert [o.to_dict() for o in again.stories] == [o.to_dict() for o in first.stories]
    assert again.links == first.links
    conflict = next(o for o in again.stories if o.id == "C-1")
    assert conflict.flags.count("conflict with C-2: cart kept 30 days vs 7 days") == 1  # not doubled on replay
