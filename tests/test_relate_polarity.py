"""A need one story requires and the other forbids with a modal negation ("must not be shown")
is a conflict, never one merge group (relate/polarity.py). Found on dev8 (a parish, a removals
company, a botanical garden); tested on other domains and languages: a kindergarten, a
cinema, a car wash, a gym, a school canteen (en, de, fr, nl, sv). Real reader, relate()."""

from __future__ import annotations

import pytest

from storytransformer.relate.polarity import modal_negation
from relate_pair import pair_relation


_relation = pair_relation


@pytest.mark.parametrize("a, b", [
    ("Parents must be able to see the pickup list of their group in the app.",
     "The pickup list of a group must not be visible to parents in the app."),
    ("Cinema staff must be able to refund a ticket after the film has started.",
     "Tickets must not be refunded by cinema staff once the film has started."),
    ("Eltern sollen die Abholliste ihrer Gruppe in der App sehen können.",
     "Die Abholliste der Gruppe darf den Eltern in der App nicht angezeigt werden."),
])
def test_required_against_forbidden_is_a_conflict_not_a_merge(tmp_path, a, b):
    assert _relation(tmp_path, a, b) == "conflict"


@pytest.mark.parametrize("text", [
    "The wash programme must not start while the car door is open.",
    "Les clients ne doivent pas pouvoir réserver deux lavages à la même heure.",
    "Leden mogen hun abonnement niet pauzeren tijdens de proefperiode.",
    "Eleverna får inte se andra elevers allergier i matsalens app.",
    "Shall not be charged twice for the same meal.",
])
def test_prohibitions_are_read_in_several_languages(text):
    assert modal_negation(text)


@pytest.mark.parametrize("text", [
    # inability, not a rule of the product
    "Members let the trainer know in advance that they cannot come to a class.",
    # a choice the story asks for: what may and what must not happen
    "I want to mark which meals may be served to my child and which must not be.",
    # a negation that is not modal: which things, not a prohibition
    "As a cashier, I want to see the members who have not paid this month.",
    "Customers must be able to book a wash without an account.",
])
def test_other_negations_are_not_prohibitions(text):
    assert not modal_negation(text)
