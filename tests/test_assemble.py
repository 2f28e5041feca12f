"""assemble_outputs alone: the merged backlog from groups and finished records, no engine."""

import pytest

from storytransformer.assemble import SPLIT_NOTE, InvariantViolation, assemble_outputs
from storytransformer.results import GroupRecord, OutputStory
from storytransformer.stories import Group, Story


def story(sid: str, goal: str) -> Story:
    return Story(sid, f"As a user, I want to {goal}.", "backlog.md", int(sid[1:]), "markdown",
                 role="user", goal=goal)


STORIES = [story("S1", "reset my password"), story("S2", "export invoices"),
           story("S3", "reset a forgotten password"), story("S4", "log out everywhere")]
BY_ID = {s.id: s for s in STORIES}


def merged(group: Group) -> GroupRecord:
    out = OutputStory("M-" + group.id, "merged", group.story_ids, group.id, goal="reset my password")
    return GroupRecord(group.id, group.story_ids, [out], calls=1)


def test_outputs_come_in_corpus_order_whatever_order_groups_finished():
    pair = Group(("S3", "S1"))
    groups = [Group(("S4",)), pair, Group(("S2",))]
    outputs, records = assemble_outputs(groups, groups, {pair.id: merged(pair)}, STORIES)
    assert [o.sources for o in outputs] == [("S3", "S1"), ("S2",), ("S4",)]
    assert [o.decision for o in outputs] == ["merged", "unchanged", "unchanged"]
    assert records == [merged(pair)]
    assert all(not o.flags for o in outputs)


def test_a_story_split_off_its_group_to_fit_the_context_says_so():
    planned = [Group(("S1", "S3", "S4")), Group(("S2",))]
    pair = Group(("S1", "S3"))
    final = [pair, Group(("S4",)), Group(("S2",))]
    outputs, _ = assemble_outputs(final, planned, {pair.id: merged(pair)}, STORIES)
    flags = {o.sources: o.flags for o in outputs}
    assert flags[("S4",)] == [SPLIT_NOTE]  # split away: noted
    assert flags[("S2",)] == []  # a singleton from the start: nothing to say


def test_a_group_finished_under_another_split_is_found_by_its_stories_and_used_once():
    whole = Group(("S1", "S3", "S4"))
    part_a, part_b = Group(("S1", "S3")), Group(("S3", "S4"))
    outputs, records = assemble_outputs([part_a, part_b, Group(("S2",))], [whole, Group(("S2",))],
                                        {whole.id: merged(whole)}, STORIES)
    assert records == [merged(whole)]
    assert sorted(s for o in outputs for s in o.sources) == ["S1", "S2", "S3", "S4"]


def test_a_group_never_finished_is_a_bug_not_a_silent_loss():
    pair = Group(("S1", "S3"))
    with pytest.raises(InvariantViolation, match=pair.id):
        assemble_outputs([pair, Group(("S2",)), Group(("S4",))], [pair], {}, STORIES)
