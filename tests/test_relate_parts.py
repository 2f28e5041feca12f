"""A parent feature spelled out as a list after a colon, against one of its items: an overlap,
never one duplicate group (relate/parts.py). Found on dev8 (a choir, a ski resort, a food bank);
tested on other domains and languages: a marathon, a co-op bakery, a theatre (en, de, fr).
Real reader, relate()."""

from __future__ import annotations

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate
from storytransformer.relate.parts import listed_items


def _relation(tmp_path, a: str, b: str) -> str:
    for n, text in enumerate((a, b)):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    x, y = ingest_paths([str(tmp_path)]).stories
    out = relate([x, y])
    for g in out.groups:
        if not g.is_singleton and {x.id, y.id} <= set(g.story_ids):
            return g.relation
    return next((link.relation for link in out.links if {link.source, link.target} == {x.id, y.id}), "unrelated")


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
