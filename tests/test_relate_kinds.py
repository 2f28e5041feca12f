"""Siblings that similarity alone would merge: a list of items against one item's details
page, two different business documents, two different people named in the needs, creating
a record against changing one (relate/kinds.py). Stories written for these tests (car
rental, gym, museum, logistics, dental practice, catering; en/de/fr/es); each pair is given a
similarity above the duplicate cutoff, so only the slot check can keep them apart."""

from __future__ import annotations

import pytest

from storytransformer.relate import decide_stories
from storytransformer.relate.kinds import distinct_things
from storytransformer.relate.slots import story_slots
from storytransformer.stories import Story


def story(sid, goal, role="user", text=None):
    text = text or f"As a {role}, I want {goal}"
    return Story(sid, text, "k.md", 1, "markdown", role=role, goal=goal)


def line(sid, text):
    return Story(sid, text, "k.txt", 1, "text", title=text)


@pytest.mark.parametrize("a, b, why", [
    (story("A", "a list of all rental cars", role="branch manager"),
     story("B", "a details page for one rental car", role="branch manager"), "list vs one item"),
    (story("A", "to see the list of members of my gym", role="gym owner"),
     story("B", "to see a member's profile with the contract details", role="gym owner"), "list vs one item"),
    (line("A", "Museum: table of all exhibits on loan"), line("B", "Museum: loan details of an exhibit"),
     "list vs one item"),
    (story("A", "to download the invoice for my catering order", role="customer"),
     story("B", "to download the delivery receipt for my catering order", role="customer"), "documents"),
    (story("A", "to export the monthly shipment report", role="dispatcher"),
     story("B", "to export the monthly account statement", role="dispatcher"), "documents"),
    (story("A", "die Rechnung für meine Behandlung herunterladen", role="Patient",
           text="Als Patient möchte ich die Rechnung für meine Behandlung herunterladen."),
     story("B", "den Bericht über meine Behandlung herunterladen", role="Patient",
           text="Als Patient möchte ich den Bericht über meine Behandlung herunterladen."), "documents (de)"),
    (line("A", "Dental practice: remind the patient when the check-up is due"),
     line("B", "Dental practice: remind the doctor when the check-up is overdue"), "people"),
    (story("A", "to create a rental contract for a walk-in customer", role="branch clerk"),
     story("B", "to modify an existing rental contract", role="branch clerk"), "create vs edit"),
])
def test_siblings_similarity_alone_would_merge_are_related(a, b, why):
    for sim in (0.5, 0.7):
        d = decide_stories(a, b, sim)
        assert d.relation == "related", (why, a.text, b.text, d)


@pytest.mark.parametrize("a, b", [
    # both sides are lists; both the same document; entering a new value changes it
    (story("A", "a list of all rental cars", role="branch manager"),
     story("B", "a list showing every rental car of the branch", role="branch manager")),
    (story("A", "to download the invoice for my catering order", role="customer"),
     story("B", "to get the invoice of my catering order as a download", role="customer")),
])
def test_same_kind_of_thing_stays_a_duplicate(a, b):
    d = decide_stories(a, b, 0.7)
    assert d.relation == "duplicate", (a.text, b.text, d)


def test_a_history_is_a_list_too():
    a = story_slots(story("A", "to see my purchase history", role="shopper"))
    b = story_slots(story("B", "a list of my past orders", role="customer"))
    assert distinct_things(a, b) is None


def test_entering_a_new_value_is_changing_it():
    a = story_slots(story("A", "to update the phone number on my membership", role="gym member"))
    b = story_slots(story("B", "to enter my new phone number and area code", role="gym member"))
    assert (a.action, b.action) == ("!edit", "!create")
    assert distinct_things(a, b) is None
    c = story_slots(story("C", "to enter a phone number for a walk-in guest", role="gym member"))
    assert distinct_things(a, c) == "creating vs changing a record"


def test_two_known_actions_on_different_things_are_related():
    from storytransformer.relate import decide_stories
    from storytransformer.stories import Story

    a = Story("A", "Como invitado, quiero confirmar mi asistencia a la boda.", "w.md", 1, "markdown")
    b = Story("B", "Como invitado, quiero consultar el menú de la boda.", "w.md", 1, "markdown")
    d = decide_stories(a, b, 0.54)
    assert d.relation == "related", d
    # "follow-up" is a thing, not the action "follow": a paraphrase that books it stays one need
    c = Story("C", "As a clinician, I want to book the patient's follow-up appointment at the end of the visit.",
              "w.md", 1, "markdown", role="clinician",
              goal="to book the patient's follow-up appointment at the end of the visit")
    e = Story("E", "As a clinician, I want to pick a follow-up date for the patient before they leave.", "w.md", 1,
              "markdown", role="clinician", goal="to pick a follow-up date for the patient before they leave")
    assert decide_stories(c, e, 0.5).relation != "related" or "different actions on different" not in \
        decide_stories(c, e, 0.5).reason


def test_a_sentence_that_starts_with_its_subject_has_an_action():
    from storytransformer.relate.slots import story_slots
    from storytransformer.stories import Story

    s = Story("A", "Reception staff need to move an existing patient's appointment to another time.", "w.txt", 1,
              "text")
    assert story_slots(s).action == "!reschedule"
    t = Story("B", "Travellers want a message when their sailing is cancelled.", "w.txt", 1, "text")
    assert story_slots(t).action == ""


def test_one_notification_for_two_events_is_related_another_wording_is_not():
    from storytransformer.relate import decide_stories
    from storytransformer.stories import Story

    def s(sid, goal, role="pet owner"):
        return Story(sid, f"As a {role}, I want {goal}.", "n.md", 1, "markdown", role=role, goal=goal)

    due = s("A", "a reminder when my cat's vaccination is due")
    lab = s("B", "a notification when my cat's lab results are available")
    d = decide_stories(due, lab, 0.56)
    assert d.relation == "related" and "events" in d.reason
    it_a = Story("C", "Come giocatore, voglio ricevere una notifica prima della mia partita.", "n.md", 1, "markdown")
    it_b = Story("D", "Come giocatore, voglio ricevere una notifica quando la mia squadra viene eliminata.", "n.md", 1,
                 "markdown")
    assert decide_stories(it_a, it_b, 0.67).relation == "related"
    # an alert and a page for one disk filling up: other words for one event
    alert = s("E", "an alert when disk usage goes above 85%", role="on-call engineer")
    paged = s("F", "to be paged once a disk is more than 85% full", role="on-call engineer")
    assert "events" not in decide_stories(alert, paged, 0.43).reason
