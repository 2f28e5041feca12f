"""The kinds of wrong merge, missed conflict and missed rewording that tester t22 found on five
hand-written backlogs (school admin, insurance claims, a library, flight bookings), tested
here on other domains: a hospital ward, a tool library, a gym, a warehouse, a tenants' app, a
bike rental, a clinic (en, de). Real reader, relate()."""

from __future__ import annotations

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.relate.exceptions import prohibits
from storytransformer.relate.slots import phrase
from relate_pair import pair_relation


_relation = pair_relation


@pytest.mark.parametrize("a, b", [
    # a modifier that is also a word of the role names another object ("fleet report" asked by a
    # fleet manager / "fuel report")
    ("As a fleet manager, I want to export the fleet report, so that I can plan repairs.",
     "As a fleet manager, I want to export the fuel report, so that I can plan repairs."),
    # one template, the object after "about" swapped, only two words shared before it
    ("As a tenant, I want to receive push updates about the elevator maintenance schedule, so that I can plan my day.",
     "As a tenant, I want to receive push updates about the garbage collection days, so that I can plan my day."),
    # one role and one benefit word for word, two different needs
    ("As a ward nurse, I want to print the handover sheet, so that I can plan my shift.",
     "As a ward nurse, I want to comment on the medication round list, so that I can plan my shift."),
    # two kinds of staff asking for one template
    ("As a registrar, I want to download the enrolment statistics, so that I can report to the board.",
     "As a student, I want to download the exam timetable, so that I can plan my revision."),
])
def test_siblings_of_one_template_are_not_merged(tmp_path, a, b):
    assert _relation(tmp_path, a, b) != "duplicate"


@pytest.mark.parametrize("a, b", [
    # a prohibition about the other's person against a permission with a condition
    ("As a warehouse supervisor, I want pickers to be prevented from correcting stock counts they entered "
     "themselves, so that counts stay honest.",
     "As a picker, I want to correct stock counts I entered myself when the difference is below 3 units, "
     "so that small mistakes are fixed fast."),
    # a restriction in time against a universal "on every ..."
    ("As a patient, I want a push notification on every new lab result, so that I know at once.\n\n"
     "Acceptance criteria:\n- A push notification is sent for every new lab result",
     "As a patient, I do not want push notifications between 21:00 and 08:00, so that I can sleep.\n\n"
     "Acceptance criteria:\n- Push notifications must not be sent between 21:00 and 08:00"),
    # an exemption against a fee
    ("As a gym owner, I want a late cancellation fee of 5 EUR charged for classes cancelled within 2 hours, "
     "so that spots are not wasted.",
     "As a gym owner, I want members over 65 to never be charged late cancellation fees, so that seniors keep coming."),
    # the same bound said two ways: "as many as 3" / "up to 4"
    ("As a rider, I want to rent as many as 3 bikes at once, so that my family can ride together.",
     "As a rider, I want to rent up to 4 bikes at a time, so that my family can ride together."),
])
def test_exceptions_restrictions_and_bounds_are_conflicts(tmp_path, a, b):
    assert _relation(tmp_path, a, b) == "conflict"


@pytest.mark.parametrize("a, b", [
    ("As a member, I want to reserve a drill that is on loan, so that I get it when it comes back.",
     "As a tool library member I want to place a hold on a drill currently checked out so I receive it once returned."),
    ("As a member, I want to borrow up to 4 audiobooks at a time, so that I have enough for my holiday.",
     "As a member I want to take out as many as 4 audiobooks simultaneously so that I have enough for my holiday."),
    ("As a tenant, I want to report water damage from the app, so that the repair starts quickly.",
     "As a tenant I want to file a water damage claim in the app so that the repair starts right away."),
])
def test_reworded_duplicates_are_merged(tmp_path, a, b):
    assert _relation(tmp_path, a, b) == "duplicate"


@pytest.mark.parametrize("a, b, relation", [
    # one need written by another team in another language: the slots are the evidence, not
    # the stories' (English) similarity
    ("As a traveller, I want to cancel my flight online.",
     "Als Reisender möchte ich meinen Flug online stornieren.", "duplicate"),
    ("As a visitor, I want to download the museum catalogue, so that I can read it at home.",
     "En tant que visiteur, je veux télécharger le catalogue du musée, pour le lire chez moi.", "duplicate"),
    # ... and another object in another language stays apart
    ("As a visitor, I want to download the museum catalogue.",
     "En tant que visiteur, je veux télécharger le plan du musée.", "not duplicate"),
])
def test_one_need_in_two_languages(tmp_path, a, b, relation):
    found = _relation(tmp_path, a, b)
    assert found == relation if relation == "duplicate" else found != "duplicate"


@pytest.mark.parametrize("a, b", [
    # "free" is a price, not a rule against the other need
    ("As a shopper, I want delivery to be free when my basket is over 40 EUR, so that big orders cost less.",
     "As a shopper, I want to see the delivery fee in the basket, so that there are no surprises."),
])
def test_other_negations_are_no_exception_conflict(tmp_path, a, b):
    assert _relation(tmp_path, a, b) != "conflict"


def test_prohibitions_in_words():
    assert prohibits("adjusters to be prevented from approving claims they created")
    assert prohibits("Kinder unter 6 Jahren sollen nie Eintritt zahlen")
    assert prohibits("que el pago no requiera 3-D Secure")
    assert not prohibits("delivery without plastic bags")
    assert not prohibits("no fee is charged for returns")
    assert not prohibits("see which members have not paid their fee")  # which items, not a rule
    assert not prohibits("registrar a presença dos atletas no treino", "pt")  # "no": in the


@pytest.mark.parametrize("text, noun", [
    ("download the music lesson schedule", "schedule"),  # the head of a noun phrase, no action
    ("comment on the after-school care register", "register"),
    ("reject holiday requests", "request"),
    ("borrow 5 books", "book"),  # a word after a number is a thing
])
def test_a_verb_inside_a_noun_phrase_is_a_noun(text, noun):
    tokens = phrase(text).tokens
    assert noun in tokens and "!" + noun not in tokens


def test_updates_about_something_are_notifications():
    assert "notification" in phrase("receive email updates about the timetable").tokens
    assert phrase("update my address").tokens[0] == "!edit"


def test_a_restriction_retrieves_the_need_it_limits(tmp_path):
    """exception_pairs finds the story a prohibition is about however little the two share in
    wording; a story that does not say the prohibited words is not paired."""
    from storytransformer.relate.exceptions import exception_pairs
    from storytransformer.relate.slots import story_slots

    texts = ["As a patient, I do not want appointment reminders by SMS after 20:00.",
             "As a clinic, we send an SMS appointment reminder the day before each visit.",
             "As a patient, I want to see my lab results online."]
    for n, text in enumerate(texts):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    stories = ingest_paths([str(tmp_path)]).stories
    rows, cols = exception_pairs([story_slots(s) for s in stories], stories)
    found = {(stories[r].text[:20], stories[c].text[:20]) for r, c in zip(rows, cols, strict=True)}
    assert len(found) == 1 and all("lab results" not in t for pair in found for t in pair)
