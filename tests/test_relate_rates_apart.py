"""A rate and a span are two quantities (units.INTERVALS): "reminded once a day" (interval 1
every_day) and "reminded for 2 days" (2 day) are no two values of one thing, so no conflict;
two rates still compare ("once a day" / "twice a day": a conflict) and one rate in two
wordings is one ("once a week" / "every 7 days")."""

from __future__ import annotations

from storytransformer.ingest import read_text
from storytransformer.relate import relate
from storytransformer.relate.slots import phrase


def _relations(lines: list[str]) -> set[str]:
    stories = read_text("\n".join(lines) + "\n", format="text", name="backlog.txt").stories
    rel = relate(stories)
    return {g.relation for g in rel.groups if not g.is_singleton} | {link.relation for link in rel.links}


def test_a_rates_unit_is_not_a_spans():
    rate, span = phrase("remind me once a day").tokens, phrase("remind me for 1 day").tokens
    assert rate[-1] != span[-1] and rate[-1].startswith("every_")
    assert phrase("erinnere mich zweimal am Tag", "de").tokens[-1] == phrase("remind me twice a day").tokens[-1]


def test_a_rate_against_a_span_is_no_conflict_but_two_rates_are():
    assert "conflict" not in _relations(["As a patient, I want to be reminded once a day about my medication.",
                                         "As a patient, I want to be reminded for 2 days about my medication."])
    assert "conflict" in _relations(["As a user, I want a digest e-mail once a day.",
                                     "As a user, I want a digest e-mail twice a day."])
    assert _relations(["As a user, I want a digest e-mail once a week.",
                       "As a user, I want a digest e-mail every 7 days."]) == {"duplicate"}


def test_how_often_and_how_long_are_two_needs_even_with_one_number():
    # (sibling_cues._rate_vs_span: the numbers agree, the quantities do not)
    assert _relations(["As a patient, I want a reminder once a day.",
                       "As a patient, I want a reminder 1 day before my appointment."]) == {"related"}
    assert _relations(["As a renter, I want the first day of a bike rental to be free.",
                       "As a renter, I want to rent a bike once a day for free."]) == {"related"}
    # one rate in two wordings, each with the same span: still one need
    assert _relations(["As a patient, I want a reminder once a day for 7 days after my surgery.",
                       "As a patient, I want a reminder every day for one week after my surgery."]) == {"duplicate"}
