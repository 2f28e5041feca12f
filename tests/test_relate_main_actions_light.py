"""main_actions (f2051d7) on the examples' true duplicates: a light verb inflected ("changes to
be *made*") says no action, and a need whose "so that" names the other's action is that action
("pick a follow-up date ..., so that they need not queue to *book*" / "book the follow-up")."""

from __future__ import annotations

from storytransformer.ingest import read_text
from storytransformer.relate.main_actions import other_main_actions
from storytransformer.relate.slots import story_slots


def _why(x: str, y: str) -> str | None:
    a, b = (read_text(t + "\n", format="text", name=f"{n}.txt").stories[0] for n, t in (("a", x), ("b", y)))
    return other_main_actions(story_slots(a), story_slots(b), a, b)


def test_an_inflected_light_verb_says_no_action():
    assert _why("As a member, I want the changes to my postal address to be made online, so that my letters arrive.",
                "As a member, I want to update my postal address online, so that post reaches my new home.") is None


def test_the_other_storys_benefit_naming_the_action_makes_it_one_action():
    assert _why("As a GP, I want to pick a follow-up date for the patient on screen before they leave, "
                "so that they need not queue at reception to book.",
                "As a GP, I want to book the patient's follow-up appointment myself at the end of the visit, "
                "so that the patient leaves with a date.") is None
    # two actions with other benefits, neither naming the other's: still two needs
    assert _why("As a member, I want to swap a shift with a colleague, so that I can attend my course.",
                "As a member, I want to cancel a shift online, so that my manager sees the gap early.") is not None
