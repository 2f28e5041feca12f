"""Pairs a product owner must never see merged, and conflicts that are not conflicts.

Stories written for these tests (travel, energy, insurance, library, school, retail), in the
kinds a tester found on their own backlogs: one story excludes what the other requires;
numbers of two different quantities; number words inside terms ("one-time", "two-factor");
Gherkin scenarios with other inputs; opposite actions; second factors as channels; one
display setting under several names; the same conflict flagged twice on one merged story."""

from __future__ import annotations

import pytest

from storytransformer.relate import decide_stories
from storytransformer.relate.slots import phrase
from storytransformer.stories import Story


def story(sid, goal, role="user", criteria=(), benefit=None, fmt="markdown", title="", text=None):
    text = text or (f"As a {role}, I want {goal}" + (f", so that {benefit}" if benefit else ""))
    return Story(sid, text, "b.md", 1, fmt, title=title, role=role, goal=goal, benefit=benefit,
                 acceptance_criteria=tuple(criteria))


def scenario(sid, title, steps):
    text = f"Scenario: {title}\n" + "\n".join(steps)
    return Story(sid, text, "t.feature", 1, "gherkin", title=title, acceptance_criteria=tuple(steps))


# --- 1. one story excludes what the other requires: a conflict, never one merge group

@pytest.mark.parametrize("a, b", [
    (story("A", "to book a train ticket without registering an account", role="traveller"),
     story("B", "booking a train ticket to require an account", role="traveller")),
    (story("A", "to renew a library loan without my library card", role="borrower"),
     story("B", "to renew a library loan; renewing requires the library card", role="borrower")),
    (story("A", "to submit a meter reading", role="householder",
           criteria=["Submitting a reading requires a photo of the meter"]),
     story("B", "to submit a meter reading; a reading does not require a photo of the meter",
           role="householder")),
    (story("A", "mein Abo ohne Kundenkonto kündigen", role="Kunde",
           text="Als Kunde möchte ich mein Abo ohne Kundenkonto kündigen."),
     story("B", "dass die Kündigung ein Kundenkonto erfordert", role="Kunde",
           text="Als Kunde möchte ich, dass die Kündigung ein Kundenkonto erfordert.")),
    (story("A", "payer sans compte client", role="client",
           text="En tant que client, je veux payer sans compte client."),
     story("B", "que le paiement exige un compte client", role="client",
           text="En tant que client, je veux que le paiement exige un compte client.")),
])
@pytest.mark.parametrize("similarity", [0.5, 0.8])
def test_excluded_against_required_is_a_conflict(a, b, similarity):
    d, back = decide_stories(a, b, similarity), decide_stories(b, a, similarity)
    # never one merge group; a conflict at least one way round (a one-slot swap of another
    # verb, "payer" / "paiement exige", still reads as related the other way: not merged)
    assert d.relation in ("conflict", "related") and back.relation in ("conflict", "related"), (d, back)
    assert "conflict" in (d.relation, back.relation), (a.goal, b.goal, d, back)


def test_a_plain_negated_detail_on_other_words_is_no_conflict():
    # "without" names something the other story does not mention: nothing contradicts
    a = story("A", "to print my boarding pass without ads", role="traveller")
    b = story("B", "to print my boarding pass at the airport kiosk", role="traveller")
    assert decide_stories(a, b, 0.7).relation != "conflict"


# --- 1. other objects, channels, actors and actions on one object: never a duplicate

@pytest.mark.parametrize("a, b", [
    (story("A", "to approve new devices with a one-time code sent by text message", role="policyholder"),
     story("B", "to approve new devices with a code from an authenticator app", role="policyholder")),
    (story("A", "to lock my e-scooter from the app", role="rider"),
     story("B", "to unlock my e-scooter from the app", role="rider")),
    (story("A", "to enable automatic top-ups of my travel card", role="commuter"),
     story("B", "to disable automatic top-ups of my travel card", role="commuter")),
    (story("A", "to update my postal address in my insurance profile", role="policyholder"),
     story("B", "to update my IBAN in my insurance profile", role="policyholder")),
    (story("A", "to request a parent-teacher meeting", role="parent"),
     story("B", "to approve parent-teacher meeting requests", role="teacher")),
])
def test_siblings_are_never_duplicates(a, b):
    for sim in (0.5, 0.75):
        d = decide_stories(a, b, sim)
        assert d.relation in ("related", "conflict"), (a.goal, b.goal, d)


# --- 2. numbers of different quantities are no conflict; of one quantity they are

def test_numbers_of_different_quantities_are_not_a_conflict():
    a = story("A", "a text message when a single purchase over 200 EUR is charged to my card", role="cardholder")
    b = story("B", "a text message when my credit limit falls below 300 EUR", role="cardholder")
    d = decide_stories(a, b, 0.6)
    assert d.relation != "conflict" and d.relation != "duplicate", d
    # one threshold below, another above: two alerts, not one with other values
    c = story("C", "a text message when my credit limit rises above 5000 EUR", role="cardholder")
    assert decide_stories(b, c, 0.8).relation != "conflict"


def test_numbers_of_one_quantity_are_a_conflict():
    a = story("A", "a free parcel locker delivery on orders over 40 EUR", role="shopper")
    b = story("B", "a free parcel locker delivery on orders above 60 EUR", role="shopper")
    assert decide_stories(a, b, 0.8).relation == "conflict"
    c = story("C", "to cancel a hotel booking free of charge up to 48 hours before arrival", role="guest")
    d = story("D", "to cancel a hotel booking free of charge up to 24 hours before arrival", role="guest")
    assert decide_stories(c, d, 0.6).relation == "conflict"


def test_number_words_inside_terms_are_not_quantities():
    assert not any(t.startswith("#") for t in phrase("a one-time password by text").tokens)
    assert not any(t.startswith("#") for t in phrase("two-factor authentication for admins").tokens)
    assert not any(t.startswith("#") for t in phrase("a one-off payment to a first-party vendor").tokens)
    assert not any(t.startswith("#") for t in phrase("Zwei-Faktor-Authentifizierung", "de").tokens)
    assert not any(t.startswith("#") for t in phrase("une authentification à deux facteurs", "fr").tokens)
    assert phrase("two tickets").tokens[0] == "#2"  # a real count stays a number
    a = story("A", "a one-time PIN for each gate entry", role="visitor")
    b = story("B", "a day pass valid for 3 gate entries", role="visitor")
    assert "different numbers" not in decide_stories(a, b, 0.5).reason


def test_gherkin_scenarios_with_other_inputs_are_related_even_with_other_outcomes():
    given = "Given my monthly data cap is 20 GB"
    a = scenario("A", "Streaming inside the cap", [given, "When I stream 15 GB of video", "Then streaming continues"])
    b = scenario("B", "Streaming over the cap", [given, "When I stream 25 GB of video",
                                                 'Then I see the message "Data cap reached"'])
    d = decide_stories(a, b, 0.8)
    assert d.relation == "related" and "input" in d.reason, d
    c = scenario("C", "Streaming on roaming", [given, "When I stream 15 GB of video abroad",
                                               "Then I am charged roaming fees"])
    assert decide_stories(b, c, 0.7).relation == "related"


# --- 3. one display setting under several names

@pytest.mark.parametrize("x, y, lang", [("a dark mode", "a night theme", "en"),
                                        ("einen Dunkelmodus", "einen Nachtmodus", "de"),
                                        ("un mode sombre", "un thème sombre", "fr")])
def test_dark_mode_names_are_one_need(x, y, lang):
    assert phrase(x, lang).tokens == phrase(y, lang).tokens


# --- 2. a conflict is flagged once per other story on a merged output

def test_one_flag_per_conflicting_story_on_a_merged_output():
    from storytransformer.linking import attach_links
    from storytransformer.results import OutputStory
    from storytransformer.stories import Link

    from dataclasses import replace

    merged = replace(OutputStory.unchanged(story("A", "to see my tariff", role="householder"), "g1"),
                     sources=("A", "B"))
    other = OutputStory.unchanged(story("C", "to see my tariff for 2 years", role="householder"), "g2")
    links = [Link("A", "C", "conflict", 0.8, "same need, different numbers: '1' vs '2'"),
             Link("B", "C", "conflict", 0.7, "same need, different numbers: '1' vs '2'")]
    attach_links([merged, other], links)
    assert sum(f.startswith("conflict with C") for f in merged.flags) == 1, merged.flags
    assert sum(f.startswith("conflict with") for f in other.flags) == 1, other.flags
