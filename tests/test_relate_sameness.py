"""The sameness gate (relate/sameness.py, merge --strict-duplicates): a duplicate decided
without hard evidence stands only when each need's words are matched on the other side.
Real stories (our own: a gym, a bakery, a bike shop; en/de/fr), the real reader, the bundled
MiniLM, the real CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storytransformer.cli import main as cli
from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate
from storytransformer.relate import sameness
from storytransformer.relate.decide import Decision
from storytransformer.relate.slots import need_text, story_slots

GYM = """# Gym backlog

## Book a class
As a gym member, I want to book a spinning class so that I have a bike.

## Reserve a class spot
As a member, I want to reserve a place in a spinning class.

## Pause membership
As a gym member, I want to pause my membership while I travel.

## Hand over membership
As a gym member, I want to give my membership to a friend while I travel.

## Locker
As a gym member, I want to rent a locker for the month.

## Towel
As a gym member, I want to rent a towel for the month.
"""


def _stories(tmp_path, *texts):
    for n, text in enumerate(texts):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    return ingest_paths([str(tmp_path)]).stories


def _verdict(tmp_path, a: str, b: str) -> str | None:
    x, y = _stories(tmp_path, a, b)
    words = sameness.pair_words(story_slots(x), need_text(x), story_slots(y), need_text(y))
    return sameness.unmatched(words, sameness.closeness([words])).verdict()


@pytest.mark.parametrize("a, b", [
    # another verb of one action, an added word one side
    ("As a gym member, I want to book a spinning class.",
     "As a member, I want to reserve a place in a spinning class."),
    # a compound against its parts (German), the same action in other words
    ("Als Kundin möchte ich mein Brot online vorbestellen.", "Als Kundin möchte ich Brot im Voraus online bestellen."),
    # passive against narrative (French)
    ("En tant que client, je veux annuler ma commande de pain.",
     "Les clients doivent pouvoir annuler une commande de pain."),
])
def test_one_need_in_other_words_is_shown_the_same(tmp_path, a, b):
    assert _verdict(tmp_path, a, b) is None


@pytest.mark.parametrize("a, b, shown", [
    ("As a gym member, I want to pause my membership while I travel.",
     "As a gym member, I want to give my membership to a friend while I travel.", "friend"),
    ("Als Kundin möchte ich mein Brot vorbestellen.", "Als Kundin möchte ich eine Torte vorbestellen.",
     "'brot' vs 'torte'"),
    # a kind of boat is not the boat of another kind (a compound and its head)
    ("As a customer, I want to rent a sailboat.", "As a customer, I want to rent a motor boat.", "sailboat"),
    ("En tant que client, je veux annuler ma commande de pain.",
     "En tant que client, je veux modifier ma commande de pain.", "'cancel' vs 'edit'"),
])
def test_each_need_naming_its_own_thing_is_not_the_same(tmp_path, a, b, shown):
    assert shown in (_verdict(tmp_path, a, b) or "")


def test_gate_changes_only_soft_duplicates(tmp_path):
    stories = _stories(tmp_path, "As a rider, I want to book a repair for my e-bike.",
                       "As a rider, I want to book a wash for my e-bike.")
    units = [(0,), (1,)]
    soft = Decision("duplicate", "similarity 0.7 and no differing object", evidence=False)
    hard = Decision("duplicate", "same need", evidence=True)
    related = Decision("related", "similar wording", evidence=False)

    def slots_of(position):
        return story_slots(stories[position])

    out = sameness.sameness_gate(stories, units, [(0, 1, 0.7, soft)], slots_of)
    assert out[0][3].relation == "related" and not out[0][3].evidence
    assert out[0][3].reason.startswith("similar, but not shown to be the same need: ")
    assert "'repair' vs 'wash'" in out[0][3].reason and "similarity 0.7" in out[0][3].reason
    for kept in (hard, related):  # hard evidence and other relations pass unchanged
        assert sameness.sameness_gate(stories, units, [(0, 1, 0.7, kept)], slots_of)[0][3] is kept


@pytest.mark.parametrize("strict", [False, True])
def test_relate_keeps_short_siblings_out_of_merge_groups(tmp_path, strict):
    (tmp_path / "gym.md").write_text(GYM, encoding="utf-8")
    stories = ingest_paths([str(tmp_path)]).stories
    rel = relate(stories, strict_duplicates=strict)
    merged = {g.story_ids for g in rel.groups if g.relation == "duplicate" and not g.is_singleton}
    ids = [s.id for s in stories]
    assert merged == {(ids[0], ids[1])}  # booking a class: one need in other words
    link = next(x for x in rel.links if {x.source, x.target} == {ids[2], ids[3]})
    assert link.relation == "related" and "not shown to be the same need" in link.reason


def _gated(stories, every):
    soft = Decision("duplicate", "similarity 0.8 and no differing object", evidence=False)
    return sameness.sameness_gate(stories, [(0,), (1,)], [(0, 1, 0.8, soft)], lambda p: story_slots(stories[p]),
                                  every=every)[0][3]


def test_default_gate_leaves_long_restatements_to_strict(tmp_path):
    # two teams' words (not one template): more than SHORT_NEED words, only --strict-duplicates looks
    stories = _stories(tmp_path, "As a rider, I want to book a repair for my e-bike at the shop near my office next week.",
                       "Riders can schedule e-bike servicing with the workshop close to their workplace.")
    assert _gated(stories, every=False).relation == "duplicate"
    assert _gated(stories, every=True).relation == "related"


def test_default_gate_refuses_long_siblings_of_one_template(tmp_path):
    # one person's template filled twice (same role, same first word): gated whatever its length
    stories = _stories(tmp_path, "As a rider, I want to book a repair for my e-bike at the shop near my office next week.",
                       "As a rider, I want to book a wash for my e-bike at the shop near my office next week.")
    for every in (False, True):
        gated = _gated(stories, every)
        assert gated.relation == "related" and "'repair' vs 'wash'" in gated.reason


def test_cli_dry_run_strict_duplicates(tmp_path):
    (tmp_path / "gym.md").write_text(GYM, encoding="utf-8")
    result = CliRunner().invoke(cli, ["merge", str(tmp_path), "--dry-run", "--json", "--strict-duplicates"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    groups = [g["story_ids"] for g in plan["planned_groups"] if len(g["story_ids"]) > 1]
    assert groups == [["gym.md#1", "gym.md#2"]]
    reasons = {(x["source"], x["target"]): x for x in plan["links"]}
    pause = reasons[("gym.md#3", "gym.md#4")]
    assert pause["relation"] == "related" and pause["reason"].startswith("similar, but not shown to be the same need")
