"""Red-team cases for the verifier and the extractive merge, written apart from the
verifier's own labelled set (benchmarks/data/answers/redteam_*.json): each test is one KIND
of faithful or unfaithful rewording, in a domain the verifier was not tuned on."""

from __future__ import annotations

import pytest

from storytransformer.ingest import read_text
from storytransformer.verify import verify

PHARMACY = """## Request a prescription refill
As a patient, I want to request a prescription refill in the app so that I do not run out of medication.

Acceptance criteria:
- The pharmacist must approve each refill before it is dispensed
- Refills are ready within 48 hours

## Online refill
As a patient, I want to order a refill online so that I do not run out of medication.

Acceptance criteria:
- The pharmacist must approve each refill before it is dispensed
- Refills are ready within 48 hours
"""


def _sources(text: str = PHARMACY, name: str = "pharmacy.md"):
    return read_text(text, format="markdown", name=name).stories


def _merged(*criteria: str, **fields) -> dict:
    base = {"title": "Request a refill", "role": "patient", "goal": "to request a prescription refill in the app",
            "benefit": "I do not run out of medication"}
    return base | fields | {"acceptance_criteria": list(criteria)}


APPROVE = "The pharmacist must approve each refill before it is dispensed"


@pytest.mark.parametrize("ready", ["Refills are ready within two days", "Refills are ready within 2880 minutes",
                                   "Refills are ready within 48 hours"])
def test_same_amount_in_another_unit_is_faithful(ready):
    v = verify(_merged(APPROVE, ready), _sources())
    assert v.passed, v.reasons


@pytest.mark.parametrize("ready", ["Refills are ready within 3 days", "Refills are ready within two weeks",
                                   "Refills are ready within 48 minutes", "Refills are ready within 2 months"])
def test_another_amount_is_flagged(ready):
    v = verify(_merged(APPROVE, ready), _sources())
    assert not v.passed
    assert "quantity" in {p.kind for p in v.problems}


def test_gherkin_given_keyword_is_no_claim():
    v = verify(_merged(APPROVE, "Given a refill request, when 48 hours pass, then refills are ready"), _sources())
    assert not [p for p in v.problems if p.kind == "invented" and "Given" in p.text], v.reasons
