"""Two numbers about two rules or two events are no conflict (relate/number_events.py): an
automatic rule and a person's own limit, two alert levels for two purposes, two quantities far
apart whose statements share no word; their near-twins (two automatic limits, one purpose, one
quantity in other words 2x apart, a passive wish) stay conflicts. A negation inside a reported
fact ("report that my bin was not emptied", "told why ...") forbids nothing (exceptions.prohibits).

Our own stories (expenses, archive, cloud budget, bakery, parking, web shop; en/de/fr/es/it)."""

from __future__ import annotations

import pytest

from storytransformer.relate.exceptions import prohibits
from storytransformer.relate.number_events import apart_events
from storytransformer.stories import Story

NUMBERS = "same need, different numbers: '{}' vs '{}'"


def story(role, goal, *criteria, benefit=None):
    text = f"As a {role}, I want {goal}" + (f", so that {benefit}" if benefit else "") + "." + \
        "".join(f"\n- {c}" for c in criteria)
    return Story("S", text, "backlog.md", 1, "markdown", role=role, goal=goal, benefit=benefit,
                 acceptance_criteria=tuple(criteria))


def test_an_automatic_rule_and_a_persons_own_limit_are_two_rules():
    auto = story("finance lead", "expense reports below 50 EUR to be approved automatically",
                 "Reports under 50 EUR are auto-approved")
    person = story("team manager", "approve expense reports up to 2,000 EUR", "Approve button for reports up to 2,000 EUR")
    assert "automatic" in apart_events(auto, person, NUMBERS.format("50 EUR", "2,000 EUR"))
    assert "automatic" in apart_events(person, auto, NUMBERS.format("2,000 EUR", "50 EUR"))


@pytest.mark.parametrize("a, b, values", [
    # two automatic limits: one rule, two values
    (story("finance lead", "expense reports below 50 EUR to be approved automatically"),
     story("controller", "expense reports under 100 EUR to be approved automatically"), ("50 EUR", "100 EUR")),
    # a passive wish is what the system does, not a person's own limit
    (story("archivist", "invoices to be kept for 10 years", "Invoices are deleted automatically after 10 years"),
     story("privacy officer", "invoices to be deleted 7 years after payment"), ("10 years", "7 years")),
])
def test_two_automatic_limits_or_a_passive_wish_stay_a_conflict(a, b, values):
    assert apart_events(a, b, NUMBERS.format(*values)) is None


def test_two_alert_levels_for_two_purposes_are_two_events():
    a = story("project lead", "an email when I reach 50% of the cloud budget", benefit="I can plan the spending")
    b = story("project lead", "an email when I reach 90% of the cloud budget", benefit="servers are stopped before overspending")
    assert "alert levels" in apart_events(a, b, NUMBERS.format("50%", "90%"))


def test_two_alert_levels_for_one_purpose_stay_a_conflict():
    a = story("project lead", "an email when I reach 50% of the cloud budget", benefit="I can plan the spending")
    b = story("controller", "an email when the team reaches 80% of the cloud budget", benefit="we can plan spending")
    assert apart_events(a, b, NUMBERS.format("50%", "80%")) is None


def test_two_quantities_far_apart_with_nothing_in_common_are_two_things():
    a = story("customer", "to order bread for pickup", "Order confirmed within 1 hour")
    b = story("baker", "oven shifts to be at most 12 hours", "No oven shift longer than 12 hours")
    assert "different things" in apart_events(a, b, NUMBERS.format("1 hour", "12 hours"))


def test_one_quantity_in_other_words_close_together_stays_a_conflict():
    a = story("driver", "to park for a while", "Parking sessions expire after 15 minutes of inactivity")
    b = story("operator", "idle sessions closed", "Idle drivers are logged out after 30 minutes")
    assert apart_events(a, b, NUMBERS.format("15 minutes", "30 minutes")) is None


@pytest.mark.parametrize("text, lang", [
    ("to report that my bin was not emptied", "en"),
    ("to be told why my parcel was not delivered", "en"),
    ("melden, dass meine Tonne nicht geleert wurde", "de"),
    ("signaler que mon colis n'a pas été livré", "fr"),
    ("segnalare che il cassonetto non è stato svuotato", "it"),
])
def test_a_negation_in_a_reported_fact_forbids_nothing(text, lang):
    assert not prohibits(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("reports must not be deleted", "en"),
    ("ich möchte, dass Meldungen nicht gelöscht werden", "de"),
    ("quiero que el pago no requiera PIN", "es"),
])
def test_a_wish_that_something_must_not_happen_still_forbids(text, lang):
    assert prohibits(text, lang)
