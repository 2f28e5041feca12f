"""Kinds a tester found on four backlogs of their own (report 20), on stories written for
these tests in other domains, languages and wordings:

1. one template, other objects: never a merge group ("rent bikes" / "rent e-bikes" /
   "rent cargo bikes"; the object right after the verb is a thing even when it is also a
   verb of the lexicon: "book rooms", "reserve books");
2. conflicts: "free of charge up to 24 hours" / "at no cost until 48 hours", "a fee of
   2 EUR is charged" / "no fee is charged", one Gherkin outcome after two thresholds;
   a need that refuses something ("I do not want my landlord to see ...") is no conflict
   with stories about other things;
4. duplicates worded otherwise: a quoted button label is the action it names, "someone in
   accounts" is a finance person, German compounds of one thing;
9. a link's reason never says "duplicate" on a pair that was not merged.
"""

from __future__ import annotations

import itertools

import pytest

from storytransformer.ingest import read_text
from storytransformer.relate import relate
from storytransformer.relate.slots import phrase


def _relations(markdown: str, fmt: str = "markdown"):
    corpus = read_text(markdown, format=fmt, name="backlog.md" if fmt == "markdown" else "t.feature")
    rel = relate(corpus.stories)
    merged = {tuple(sorted(p)) for g in rel.groups if g.relation == "duplicate"
              for p in itertools.combinations(g.story_ids, 2)}
    conflicts = {tuple(sorted(p)) for g in rel.groups if g.relation == "conflict"
                 for p in itertools.combinations(g.story_ids, 2)}
    conflicts |= {tuple(sorted((k.source, k.target))) for k in rel.links if k.relation == "conflict"}
    return corpus.stories, rel, merged, conflicts


# --- 1. one template, other objects


def test_the_word_after_a_verb_is_its_object_not_another_action():
    # "book" and "reserve" are one action in the lexicon; "books" after it is what is reserved
    assert phrase("to reserve books").tokens[1:] == ("books",)
    assert phrase("to book rooms").tokens == ("!book", "room")
    # a list of actions stays a list of actions
    assert phrase("to add, edit and remove users").tokens[:3] == ("!create", "!edit", "!delete")


def test_a_one_letter_prefix_is_part_of_the_word():
    assert phrase("to rent e-bikes").tokens[1:] == ("ebike",)
    assert "xray" in phrase("upload X-ray images").tokens


@pytest.mark.parametrize("objects, verb, role", [
    (["bikes", "e-bikes", "kayaks", "scooters"], "rent", "rider"),
    (["rooms", "parking spaces", "lockers", "desks"], "book", "employee"),
    (["books", "e-books", "board games", "audiobooks"], "reserve", "member"),
    (["reports", "invoices", "delivery notes"], "print", "clerk"),
])
def test_one_template_with_other_objects_is_never_merged(objects, verb, role):
    lines = [f"- As a {role}, I want to {verb} {o}, so that I can plan my week." for o in objects]
    lines.append(f"- As a {role}, I want to {verb} {objects[0]}, so that I can plan my weekend.")
    stories, rel, merged, _ = _relations("# Backlog\n\n" + "\n".join(lines) + "\n")
    ids = [s.id for s in stories]
    assert merged == {tuple(sorted((ids[0], ids[-1])))}, (merged, rel.links)
