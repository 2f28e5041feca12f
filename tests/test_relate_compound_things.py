"""Words side by side in both needs are one thing (relate/kinds._things_shared): "cancel my
meter reading appointment" / "get my meter reading reminder by email" share one thing, the
meter reading, so one need changes it and the other only names another thing: two needs
(kinds._action_vs_thing, which allows one shared thing). Counted as two words, the pair was a
duplicate on similarity alone; with the lexical IDF from a fixed reference (665a82f) a small
run put the reminder into the cancellation's group (test_relate_reworded)."""

from __future__ import annotations

import itertools

from storytransformer.ingest import read_text
from storytransformer.relate import relate
from storytransformer.relate.kinds import _things_shared


def _merged(lines: list[str], method: str = "lexical") -> set[tuple[int, int]]:
    stories = read_text("\n".join(lines) + "\n", format="text", name="backlog.txt").stories
    n = {s.id: i for i, s in enumerate(stories)}
    rel = relate(stories, method=method)
    return {tuple(sorted((n[a], n[b]))) for g in rel.groups if g.relation == "duplicate"
            for a, b in itertools.combinations(g.story_ids, 2)}


def test_a_compound_shared_side_by_side_is_one_thing():
    assert _things_shared(("!cancel", "meter", "reading", "appointment"),
                          ("meter", "reading", "reminder", "email"), {"meter", "reading"}) == 1
    # the same words apart, or in another order, are two things
    assert _things_shared(("meter", "photo", "reading"), ("meter", "reading"), {"meter", "reading"}) == 2
    assert _things_shared(("reading", "meter"), ("meter", "reading"), {"meter", "reading"}) == 2


def test_changing_a_thing_and_a_notice_about_it_are_two_needs_en_fr():
    en = ["As a customer, I want to cancel my parcel delivery slot in the app.",
          "As a customer, I want to get my parcel delivery slot reminder by SMS.",
          "As a customer, I want to call off my parcel delivery slot online."]
    fr = ["En tant que client, je veux annuler mon créneau de livraison de colis dans l'application.",
          "En tant que client, je veux recevoir le rappel de mon créneau de livraison de colis par SMS.",
          "En tant que client, je veux annuler en ligne mon créneau de livraison de colis."]
    for lines in (en, fr):
        assert _merged(lines) == {(0, 2)}, lines  # the twin merges, the reminder stays apart
    assert _merged(en, method="hybrid") == {(0, 2)}
