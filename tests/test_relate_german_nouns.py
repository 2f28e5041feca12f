"""A German noun is one word in the singular and the plural (relate/slots.py ``_word``).

simplemma reads many lower-cased German nouns as verbs ("bild" -> "bilden", "räume" -> "räumen",
"mangel" -> "mangeln") but their plural or capitalised forms as the noun, so "ein Bild" and "die
Bilder" were two objects and a duplicate pair became "same wording, different object". Stories
written for these tests (a rental flat, a team budget, a caretaker's rooms); each pair has a
sibling of the same template with another object that must stay apart.
"""

from __future__ import annotations


import pytest

from merged_pairs import merged_pairs as _merged
from storytransformer.relate.slots import phrase




@pytest.mark.parametrize("singular, plural", [
    ("ein Bild hochladen", "die Bilder hochladen"),
    ("einen Raum buchen", "die Räume buchen"),
    ("einen Mangel erfassen", "die Mängel erfassen"),
    ("einen Beleg einreichen", "die Belege einreichen"),
])
def test_singular_and_plural_are_one_noun(singular, plural):
    assert phrase(singular, "de").tokens == phrase(plural, "de").tokens


def test_verbs_stay_verbs():
    assert phrase("die Räume räumen", "de").tokens[1] == "räumen"  # (the noun reads "room": translations.py)
    assert phrase("Mängel erfassen", "de").tokens[-1] == "!create"


@pytest.mark.parametrize("same, sibling", [
    (("Als Mieter möchte ich ein Bild des Schadens in der Wohnung hochladen.",
      "Mieter sollen Bilder von Schäden in ihrer Wohnung hochladen können."),
     "Als Mieter möchte ich ein Video des Schadens in der Wohnung hochladen."),
    (("Als Hausmeister möchte ich freie Räume für Montag finden.",
      "Hausmeister sollen einen freien Raum für Montag suchen können."),
     "Als Hausmeister möchte ich freie Parkplätze für Montag finden."),
])
def test_duplicates_with_one_noun_in_two_numbers_merge_and_the_sibling_stays_apart(same, sibling):
    merged = _merged([*same, sibling])
    assert merged == {(0, 1)}
