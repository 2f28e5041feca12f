"""One negation table for every reader (storytransformer/negation_words.py): a negator added
there is a negation to the slot reader, the prohibition reader, the claim checker and the
extractive merge alike, each keeping its own classes."""

from storytransformer.extractive import NEGATIONS as EXTRACTIVE
from storytransformer.negation_words import NOT, WITHOUT, every
from storytransformer.relate.exceptions import prohibits
from storytransformer.relate.lexicon import NEGATIONS as SLOTS
from storytransformer.relate.polarity import modal_negation
from storytransformer.verify.cues import analyse


def test_every_negator_is_a_negation_to_the_slot_reader_and_the_extractive_merge():
    for word in every(NOT, WITHOUT):
        assert word in SLOTS and word in EXTRACTIVE, word
    assert "não" in SLOTS  # (was missing from the slot reader's own list)


def test_each_reader_keeps_its_classes():
    # "without X" says which things, no prohibition; a negator does forbid
    assert not prohibits("As a guest I want to check out without an account")
    assert prohibits("Les invités ne doivent jamais voir les notes internes", "fr")
    assert prohibits("Aucun remboursement après 30 jours", "fr")  # (a determiner: new to this reader)
    assert prohibits("Inga SMS skickas efter 22:00", "sv")
    # the claim checker reads a foreign "sin" as English, "ne" through "pas"
    assert analyse("sin bin collection").negations == 0
    assert analyse("Le client ne peut pas annuler").negations == 1
    assert analyse("Ingen avgift tas ut").denies


def test_modal_prohibition_in_each_language_the_table_lists():
    for text in ("Names must never be shown", "Die Liste darf keinerlei Namen zeigen",
                 "El precio nunca debe mostrarse", "O preço nunca deve aparecer",
                 "Telefonnumret får aldrig visas", "Nie wolno pokazywać numeru"):
        assert modal_negation(text), text
    assert not modal_negation("Names must be shown to visitors")
