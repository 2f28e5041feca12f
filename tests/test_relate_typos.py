"""A misspelt word is the word it misspells (relate/typos.py, used by decide and the sameness
gate), on stories written for these tests: each misspelt duplicate merges, its sibling with
another object stays apart, and real words one letter apart stay two words."""

from __future__ import annotations


import pytest

from merged_pairs import merged_pairs as _merged
from storytransformer.relate.typos import typo_of




@pytest.mark.parametrize("same, sibling", [
    (("As a tenant, I want to change my adress in the portal.",
      "As a tenant, I want to update my address in the portal."),
     "As a tenant, I want to update my phone number in the portal."),
    (("As a nurse, I want to see the medication shedule of a patient.",
      "As a nurse, I want to see the medication schedule of a patient."),
     "As a nurse, I want to see the medication history of a patient."),
    (("As a donor, I want an SMS when my blood was used in a hosptial.",
      "As a donor, I want an SMS when my blood has been used in a hospital."),
     "As a donor, I want an SMS when my blood has been tested in a lab."),
])
def test_a_misspelt_duplicate_merges_and_the_sibling_stays_apart(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


def test_words_one_letter_apart_stay_two_words():
    assert not typo_of("unload", frozenset({"upload"}))  # both are words
    assert not typo_of("ebike", frozenset({"bike"}))  # a letter in front: another word
    assert not typo_of("bikes", frozenset({"bike"}))
    assert typo_of("recieve", frozenset({"receive"}))
    assert _merged(["As a cyclist, I want to book a service for my e-bike.",
                    "As a cyclist, I want to book a service for my cargo bike."]) == set()
    assert _merged(["As a driver, I want to upload the delivery photos.",
                    "As a driver, I want to unload the delivery photos."]) == set()
