"""Reworded duplicates found on meaning (the bundled MiniLM), siblings and other roles kept apart."""

from __future__ import annotations

import pytest

from storytransformer.relate import Cutoffs, decide, relate, story_slots
from storytransformer.stories import Story


def story(sid, goal, role="user", benefit="", criteria=()):
    text = f"As a {role}, I want {goal}" + (f", so that {benefit}" if benefit else "") + "."
    return Story(sid, text, "b.md", 1, "markdown", role=role, goal=goal, benefit=benefit,
                 acceptance_criteria=list(criteria))


def test_meaning_alone_is_a_duplicate_only_when_the_slots_show_no_difference():
    a = story_slots(story("A", "to see my purchase history", "shopper"))
    b = story_slots(story("B", "a list of my past orders", "customer"))
    low = Cutoffs(duplicate=0.425, related=0.325)
    assert decide(a, b, 0.30, low).relation == "unrelated"  # no meaning given: similarity only
    d = decide(a, b, 0.30, low, meaning=0.7)
    assert d.relation == "duplicate" and d.by_meaning
    # a number still makes a conflict, a swapped object still a sibling, whatever the meaning
    c = decide(story_slots(story("C", "sessions to expire after 30 minutes")),
               story_slots(story("D", "sessions to expire after 15 minutes")), 0.3, low, meaning=0.95)
    assert c.relation == "conflict"
    s = decide(story_slots(story("E", "to upgrade the Slack plugin to React 16", "developer")),
               story_slots(story("F", "to upgrade the Jira plugin to React 16", "developer")), 0.3, low, meaning=0.95)
    assert s.relation == "related"


@pytest.mark.parametrize("tmp_cache", [True])
def test_relate_merges_reworded_duplicates_not_other_needs_or_roles(tmp_path, monkeypatch, tmp_cache):
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path))
    stories = [
        story("S1", "to sign in with my email address and password", "member", "I can see my bookings"),
        story("S2", "to log in using my e-mail and a password", "user", "my trips are shown to me"),
        story("S3", "delivery to be free when my basket is over 40 pounds", "shopper"),
        story("S4", "to set the minimum basket value for free delivery per store", "store manager"),
        story("S5", "to rate my delivery driver", "shopper", "the service improves"),
    ]
    rel = relate(stories, method="hybrid")
    group_of = {sid: g for g in rel.groups for sid in g.story_ids}
    assert group_of["S1"] is group_of["S2"] and group_of["S1"].relation == "duplicate"
    assert group_of["S5"].story_ids == ("S5",)  # another need of the same shopper
    assert all(len(g.story_ids) <= 2 for g in rel.groups)
