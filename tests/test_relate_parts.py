"""A parent feature spelled out as a list after a colon, against one of its items: an overlap,
never one duplicate group (relate/parts.py). Found on dev8 (a choir, a ski resort, a food bank);
tested on other domains and languages: a marathon, a co-op bakery, a theatre (en, de, fr).
Real reader, relate()."""

from __future__ import annotations

import pytest

from storytransformer.relate.parts import listed_items
from relate_pair import pair_relation


_relation = pair_relation


@pytest.mark.parametrize("a, b", [
    ("As a race organiser, I want to run the marathon registration: open entries, assign bib numbers and send "
     "start packs.", "As a race organiser, I want to assign bib numbers to the runners."),
    ("Als Bäcker möchte ich die Backstube planen: Teige ansetzen, Öfen belegen und Lieferungen packen.",
     "Als Bäcker möchte ich die Öfen der Backstube belegen."),
])
def test_a_listed_parent_and_one_item_are_not_one_duplicate_group(tmp_path, a, b):
    assert _relation(tmp_path, a, b) != "duplicate"


@pytest.mark.parametrize("text, items", [
    ("I want to organise the theatre season: book the stage, cast the actors and sell tickets", 3),
    ("Je veux gérer ma réservation : changer la date, ajouter un siège et annuler", 3),
    # details of one request, no colon: one feature
    ("I want a text reminder the day before with the time, the hall and the seat", 0),
    ("Note: bring a ticket", 0),
])
def test_listed_items(text, items):
    assert listed_items(text) == items
