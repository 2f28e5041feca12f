"""A negation is read with its "not" whichever apostrophe it was typed with (issue 10):
"don't" with the ASCII apostrophe, "don’t" from Word, "don´t" with the acute accent European
keyboards give, "donʼt" (modifier letter), "don`t", a prime, a full-width one, or none."""

from __future__ import annotations

import json

import pytest

from storytransformer.ingest import ingest_paths, read_text

LOOK_ALIKES = ["'", "\u2019", "\u00b4", "\u02bc", "`", "\u2032", "\uff07", "\u2018"]


@pytest.mark.parametrize("ap", LOOK_ALIKES, ids=[f"U+{ord(a):04X}" for a in LOOK_ALIKES])
def test_negations_keep_their_not_with_any_apostrophe(ap):
    text = (f"As a member, I don{ap}t want to pay a fee when the library is closed, so that "
            f"I save money.\n"
            f"As a clerk I can{ap}t edit a closed order\n"
            f"As a guest, I won{ap}t see the admin menu.\n"
            f"As a reader I{ap}d like the librarian{ap}s notes, so that I learn.\n")
    corpus = read_text(text, format="text")
    got = [(s.role, s.goal, s.benefit) for s in corpus.stories]
    assert got == [
        ("member", "not pay a fee when the library is closed", "I save money"),
        ("clerk", "not edit a closed order", None),
        ("guest", "not see the admin menu", None),
        # the goal is cut from the text as written: its apostrophe is the user's
        ("reader", f"the librarian{ap}s notes", "I learn"),
    ]
    assert [s.text for s in corpus.stories] == text.strip().split("\n")
    assert all(s.parsed for s in corpus.stories)


def test_negations_typed_without_an_apostrophe_keep_their_not():
    corpus = read_text("As a user, I dont want ads\nAs a user I cant edit it\n"
                       "As a user I wont see ads\nAs a user, I want to pay\n", format="text")
    assert [s.goal for s in corpus.stories] == ["not ads", "not edit it", "not see ads", "pay"]


def test_acute_accent_negation_in_every_format(tmp_path):
    (tmp_path / "a.md").write_text("## Fees\nAs a member, I don´t want to pay a fee.\n")
    (tmp_path / "b.csv").write_text("Summary,Description\nFees,\"As a member, I don´t want to pay a fee.\"\n")
    (tmp_path / "c.json").write_text(json.dumps([{"title": "Fees",
                                                  "description": "As a member, I donʼt want to pay a fee."}]))
    corpus = ingest_paths([tmp_path])
    assert [s.goal for s in corpus.stories] == ["not pay a fee"] * 3
