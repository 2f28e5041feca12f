"""A need and its negation are two needs (verify/polarity.py, via verify/coverage.py; t23
finding 3): "team members unable to delete episodes" merged with "delete episodes" must not
be accepted, whichever side the answer keeps, nor when it joins both. Answers are written as
JSON text, as a model returns them, through the real merge path; English, German, French,
Spanish; same-polarity duplicates and restrictions in the criteria still pass."""

from __future__ import annotations


import pytest

from storytransformer.ingest import read_text
from group_outcome import group_outcome

# (corpus, role, negated goal, positive goal, negated criterion, positive criterion)
PODCAST_EN = ("""## Team members cannot delete episodes
As a show owner, I want team members to be unable to delete episodes, so that the archive is safe.

- Only the owner can delete an episode

## Team members delete episodes
As a show owner, I want team members to delete episodes, so that the archive is safe.

- Team members can delete any episode
""", "show owner", "team members to be unable to delete episodes", "team members to delete episodes",
    "Only the owner can delete an episode", "Team members can delete any episode")

SHOP_DE = ("""## Bestellung nicht stornieren
Als Händler möchte ich, dass Kunden versandte Bestellungen nicht stornieren können, damit keine Pakete verloren gehen.

Akzeptanzkriterien:
- Der Knopf ist ausgeblendet

## Bestellung stornieren
Als Händler möchte ich, dass Kunden versandte Bestellungen stornieren können, damit keine Pakete verloren gehen.

Akzeptanzkriterien:
- Die Stornierung wird per E-Mail bestätigt
""", "Händler", "dass Kunden versandte Bestellungen nicht stornieren können",
    "dass Kunden versandte Bestellungen stornieren können", "Der Knopf ist ausgeblendet",
    "Die Stornierung wird per E-Mail bestätigt")

BANK_FR = ("""## Virement interdit
En tant que conseiller, je veux que les clients ne puissent pas supprimer un virement programmé, afin de garder une trace.

Critères d'acceptation :
- Le bouton est masqué

## Supprimer un virement
En tant que conseiller, je veux que les clients puissent supprimer un virement programmé, afin de garder une trace.

Critères d'acceptation :
- Une confirmation est envoyée par courriel
""", "conseiller", "que les clients ne puissent pas supprimer un virement programmé",
    "que les clients puissent supprimer un virement programmé", "Le bouton est masqué",
    "Une confirmation est envoyée por courriel".replace("por", "par"))

CLINIC_ES = ("""## No borrar citas
Como recepcionista, quiero que los pacientes no puedan borrar sus citas, para ahorrar tiempo.

Criterios de aceptación:
- El botón está oculto

## Borrar citas
Como recepcionista, quiero que los pacientes puedan borrar sus citas, para ahorrar tiempo.

Criterios de aceptación:
- Se envía un correo de confirmación
""", "recepcionista", "que los pacientes no puedan borrar sus citas", "que los pacientes puedan borrar sus citas",
    "El botón está oculto", "Se envía un correo de confirmación")

CASES = [PODCAST_EN, SHOP_DE, BANK_FR, CLINIC_ES]
IDS = ["en", "de", "fr", "es"]


def _outcome(markdown: str, answer: dict):
    return group_outcome(markdown, answer)[0]


def _answer(role: str, goal: str, neg_c: str, pos_c: str, title: str) -> dict:
    return {"title": title, "role": role, "goal": goal, "benefit": "",
            "acceptance_criteria": [{"text": neg_c, "sources": ["S1"]}, {"text": pos_c, "sources": ["S2"]}],
            "sources": ["S1", "S2"]}


def _reasons(out) -> str:
    return " ".join((out.rejected or {}).get("reasons", []))


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("keep", ["negated", "positive"])
def test_a_merge_that_keeps_one_polarity_loses_the_other_need(case, keep):
    corpus, role, neg, pos, neg_c, pos_c = case
    stories = read_text(corpus, format="markdown", name="backlog.md").stories
    goal, lost = (neg, stories[1]) if keep == "negated" else (pos, stories[0])
    out = _outcome(corpus, _answer(role, goal, neg_c, pos_c, stories[0].title if keep == "negated" else stories[1].title))
    assert out.decision == "flagged" and out.rejected, out.flags
    assert f"lost: need of {lost.id} not in the merge" in _reasons(out)
    assert "sources contradict each other" in _reasons(out)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_merge_that_joins_both_polarities_is_a_contradiction(case):
    corpus, role, neg, pos, neg_c, pos_c = case
    joiner = {"en": " and ", "de": " und ", "fr": " et ", "es": " y "}[IDS[CASES.index(case)]]
    stories = read_text(corpus, format="markdown", name="backlog.md").stories
    out = _outcome(corpus, _answer(role, neg + joiner + pos.split(" ", 1)[1], neg_c, pos_c, stories[0].title))
    assert out.rejected and "sources contradict each other" in _reasons(out)


DUPLICATES_EN = """## No deleting episodes
As a show owner, I want team members to be unable to delete episodes, so that the archive is safe.

- Only the owner can delete an episode

## Protect the archive
As a show owner, I want team members not to be able to remove episodes, so that the archive is safe.

- Team members see no delete button
"""

TRACKING = """## Track shipment
As a customer, I want to track my parcel on a map so that I know when it arrives.

Acceptance criteria:
- Tracking is not available for international parcels

## Parcel tracking
As a customer, I want to track my parcel so that I know when it arrives.

Acceptance criteria:
- The estimated delivery time is shown
"""


def test_two_prohibitions_worded_differently_are_one_need():
    out = _outcome(DUPLICATES_EN, {"title": "No deleting episodes", "role": "show owner",
                                   "goal": "team members to be unable to delete episodes", "benefit": "the archive is safe",
                                   "acceptance_criteria": [{"text": "Only the owner can delete an episode", "sources": ["S1"]},
                                                           {"text": "Team members see no delete button", "sources": ["S2"]}],
                                   "sources": ["S1", "S2"]})
    assert out.decision == "merged" and not out.rejected, out.flags


def test_a_restriction_in_the_criteria_is_no_opposite_need():
    out = _outcome(TRACKING, {"title": "Track shipment", "role": "customer", "goal": "to track my parcel on a map",
                              "benefit": "I know when it arrives",
                              "acceptance_criteria": [{"text": "Tracking is not available for international parcels", "sources": ["S1"]},
                                                      {"text": "The estimated delivery time is shown", "sources": ["S2"]}],
                              "sources": ["S1", "S2"]})
    assert out.decision == "merged" and not out.rejected, out.flags
