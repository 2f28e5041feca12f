"""Faithful merges the verifier must accept, and their unfaithful twins it must still flag
(verify/claims.py, verify/check.py). Answers are JSON text, as a model returns them, through
the real merge path (parse, validate, verify, fallback). French, Spanish and English."""

from __future__ import annotations


import pytest

from group_outcome import group_outcome

# Source criteria that all open with one article ("Le ...", "El ...") can be read as one glued
# criterion; a merge copying each line must align each line to itself, not to the glued whole
# (whose "doit" made the copied "peut" look weakened, and whose "sans" a negation flipped).
CARPOOL_FR = ("""## Réserver un trajet
En tant que passager, je veux réserver une place dans un trajet afin de voyager moins cher.

Acceptance criteria:
- Le conducteur doit accepter chaque réservation
- Le passager peut annuler sans frais jusqu'à 24 heures avant le départ
- Le prix par place est affiché avant le paiement

## Réservation de covoiturage
En tant que passager, je veux réserver un covoiturage en ligne afin de voyager moins cher.

Acceptance criteria:
- Le conducteur doit accepter chaque réservation
- Le passager reçoit un SMS de confirmation
""", "passager", "réserver une place dans un trajet", "voyager moins cher",
    ["Le conducteur doit accepter chaque réservation",
     "Le passager peut annuler sans frais jusqu'à 24 heures avant le départ",
     "Le prix par place est affiché avant le paiement"], ["Le passager reçoit un SMS de confirmation"],
    # unfaithful twins of the second criterion
    ["Le passager doit annuler sans frais jusqu'à 24 heures avant le départ",
     "Le passager peut annuler jusqu'à 24 heures avant le départ",
     "Le passager peut annuler sans frais jusqu'à 48 heures avant le départ"])

RENTAL_ES = ("""## Alquilar una bicicleta
Como ciclista, quiero alquilar una bicicleta desde la app para moverme por la ciudad.

Criterios de aceptación:
- El ciclista debe escanear el código QR
- El ciclista puede devolver la bicicleta sin coste hasta 30 minutos después
- El precio por hora se muestra antes del pago

## Alquiler de bicicletas
Como ciclista, quiero alquilar bicicletas en línea para moverme por la ciudad.

Criterios de aceptación:
- El ciclista debe escanear el código QR
- El ciclista recibe un correo de confirmación
""", "ciclista", "alquilar una bicicleta desde la app", "moverme por la ciudad",
    ["El ciclista debe escanear el código QR",
     "El ciclista puede devolver la bicicleta sin coste hasta 30 minutos después",
     "El precio por hora se muestra antes del pago"], ["El ciclista recibe un correo de confirmación"],
    ["El ciclista debe devolver la bicicleta sin coste hasta 30 minutos después",
     "El ciclista puede devolver la bicicleta hasta 30 minutos después",
     "El ciclista puede devolver la bicicleta sin coste hasta 60 minutos después"])

GLUED = [CARPOOL_FR, RENTAL_ES]


def _outcome(markdown: str, answer: dict):
    return group_outcome(markdown, answer)[0]


def _merge(case, first: list[str], title: str = "") -> dict:
    _, role, goal, benefit, _, second, _ = case
    crit = [{"text": t, "sources": ["S1"]} for t in first] + [{"text": t, "sources": ["S2"]} for t in second]
    return {"title": title or goal, "role": role, "goal": goal, "benefit": benefit,
            "acceptance_criteria": crit, "sources": ["S1", "S2"]}


def _reasons(out) -> str:
    return " ".join((out.rejected or {}).get("reasons", []))


@pytest.mark.parametrize("case", GLUED, ids=["fr", "es"])
def test_each_copied_line_of_glued_criteria_is_supported(case):
    out = _outcome(case[0], _merge(case, case[4]))
    assert out.rejected is None, _reasons(out)
    reordered = _outcome(case[0], _merge(case, list(reversed(case[4]))))
    assert reordered.rejected is None, _reasons(reordered)


@pytest.mark.parametrize("case", GLUED, ids=["fr", "es"])
@pytest.mark.parametrize("which", [0, 1, 2], ids=["modality", "negation", "quantity"])
def test_a_changed_line_of_glued_criteria_is_still_flagged(case, which):
    first = list(case[4])
    first[1] = case[6][which]
    out = _outcome(case[0], _merge(case, first))
    assert out.rejected is not None
    assert any(w in _reasons(out) for w in (("modality",), ("negation", "loses"), ("quantit",))[which])


# A title reworded from two sources' words, with the language's articles and elisions
# ("d'une", "en", "del"): stated; a title naming what no source says is still flagged.
@pytest.mark.parametrize("case,title,invented", [
    (CARPOOL_FR, "Réservation d'une place en covoiturage", "Suppression d'un compte en covoiturage"),
    (RENTAL_ES, "Alquiler de una bicicleta desde la app", "Venta de una bicicleta desde la tienda"),
], ids=["fr", "es"])
def test_a_title_reworded_in_the_sources_language_is_stated(case, title, invented):
    out = _outcome(case[0], _merge(case, case[4], title=title))
    assert out.rejected is None, _reasons(out)
    bad = _outcome(case[0], _merge(case, case[4], title=invented))
    assert bad.rejected is not None
    assert "title" in _reasons(bad)


INVOICES_EN = """## Download invoices
As an account admin, I want to download monthly invoices as PDF so that I can file them for accounting.

Acceptance criteria:
- Admins can download any invoice from the last 24 months
- Invoices are not editable after they are issued
- A reminder is sent once a week

## Get invoice PDFs
As an account admin, I want monthly invoices as PDF downloads so that I can file them for accounting.

Acceptance criteria:
- Only admins can download invoices
"""
INVOICE_CRITERIA = ["Admins can download any invoice from the last 24 months",
                    "Invoices are not editable after they are issued", "A reminder is sent once a week"]


def _invoice(goal="to download monthly invoices as PDF", benefit="I can file them for accounting", crit=None):
    crit = crit or INVOICE_CRITERIA
    return {"title": "Download invoices as PDF", "role": "account admin", "goal": goal, "benefit": benefit,
            "acceptance_criteria": [{"text": t, "sources": ["S1"]} for t in crit]
            + [{"text": "Only admins can download invoices", "sources": ["S2"]}], "sources": ["S1", "S2"]}


@pytest.mark.parametrize("change", [
    {"crit": ["Admins can download any invoice from the last 24 months", "Once issued, invoices cannot be edited",
              "A reminder is sent once a week"]},
    {"benefit": "I can file them for accounting purposes"},
    {"goal": "to download my monthly invoices as PDF files"},
], ids=["once-issued", "purposes", "pdf-files"])
def test_english_rewordings_that_state_the_same_are_supported(change):
    out = _outcome(INVOICES_EN, _invoice(**change))
    assert out.rejected is None, _reasons(out)


@pytest.mark.parametrize("change", [
    {"crit": ["Admins can download any invoice from the last 24 months", "Once issued, invoices can be edited",
              "A reminder is sent once a week"]},
    {"crit": ["Admins can download any invoice from the last 24 months", "Invoices are not editable after they are issued",
              "A reminder is sent once a day"]},
    {"crit": ["Admins can download any invoice from the last 24 months", "Invoices are not editable after they are issued",
              "A reminder is sent twice a week"]},
    {"benefit": "I can file them for marketing purposes"},
    {"goal": "to download monthly invoices as CSV files"},
], ids=["once-negation-dropped", "once-a-day", "twice", "other-purpose", "other-format"])
def test_english_rewordings_that_change_the_claim_are_flagged(change):
    assert _outcome(INVOICES_EN, _invoice(**change)).rejected is not None


def _with_last(text: str) -> dict:
    answer = _invoice()
    answer["acceptance_criteria"][-1]["text"] = text
    return answer


def test_restricted_to_states_only_can():
    out = _outcome(INVOICES_EN, _with_last("Downloading invoices is restricted to admins"))
    assert out.rejected is None, _reasons(out)
    for bad in ("Downloading invoices is restricted to accountants", "Admins download invoices",
                "Editing invoices is restricted to admins"):
        assert _outcome(INVOICES_EN, _with_last(bad)).rejected is not None, bad


PARKING_EN = """## Extend a parking session
As a driver, I want to extend my parking session from my phone so that I avoid a fine.

Acceptance criteria:
- The driver can end the session at any time

## Add time to parking
As a driver, I want to extend my parking session from the app so that I avoid a fine.
"""


def _parking(benefit: str, criterion: str) -> dict:
    return {"title": "Extend a parking session", "role": "driver", "goal": "to extend my parking session from my phone",
            "benefit": benefit, "acceptance_criteria": [{"text": criterion, "sources": ["S1"]}], "sources": ["S1", "S2"]}


@pytest.mark.parametrize("benefit,criterion", [
    ("I do not get a fine", "The driver can end the session at any time"),
    ("I avoid a fine", "Given a parking session, when the driver ends the session, then it ends at any time"),
], ids=["avoid-not-get", "gherkin-can"])
def test_avoid_and_a_gherkin_scenario_state_the_source(benefit, criterion):
    out = _outcome(PARKING_EN, _parking(benefit, criterion))
    assert out.rejected is None, _reasons(out)


@pytest.mark.parametrize("benefit,criterion", [
    ("I get a fine", "The driver can end the session at any time"),
    ("I avoid a fine", "Given a parking session, when the driver ends the session, then it must end at any time"),
    ("I avoid a fine", "Given a parking session, when the driver ends the session, then it does not end"),
], ids=["fine-not-avoided", "gherkin-must", "gherkin-negated"])
def test_their_changed_twins_are_flagged(benefit, criterion):
    assert _outcome(PARKING_EN, _parking(benefit, criterion)).rejected is not None


ORDERS_EN = """## Cancel an order
As a shopper, I want to cancel an order before it ships so that I am not charged.

Acceptance criteria:
- The shopper can cancel an order within 30 minutes of placing it
- A refund of 1000 points is issued

## Order cancellation
As a shopper, I want to cancel my order online so that I am not charged.

Acceptance criteria:
- Shipped orders cannot be cancelled
"""
ORDER_CRITERIA = ("The shopper can cancel an order within 30 minutes of placing it", "A refund of 1000 points is issued")


def _order(goal="to cancel an order before it ships", first=ORDER_CRITERIA) -> dict:
    return {"title": "Cancel an order", "role": "shopper", "goal": goal, "benefit": "I am not charged",
            "acceptance_criteria": [{"text": t, "sources": ["S1"]} for t in first]
            + [{"text": "Shipped orders cannot be cancelled", "sources": ["S2"]}], "sources": ["S1", "S2"]}


@pytest.mark.parametrize("change", [
    {"goal": "order cancellation before it ships"},
    {"first": ("Cancellation of an order by the shopper is possible within 30 minutes of placing it", ORDER_CRITERIA[1])},
    {"first": (ORDER_CRITERIA[0], "A refund of 1,000 points is issued")},
], ids=["nominal-goal", "nominal-criterion", "thousands-comma"])
def test_a_noun_for_its_verb_and_a_grouped_number_are_supported(change):
    out = _outcome(ORDERS_EN, _order(**change))
    assert out.rejected is None, _reasons(out)


@pytest.mark.parametrize("change", [
    {"goal": "order deletion before it ships"},
    {"first": ("Cancellation of an order by the shopper is not possible within 30 minutes of placing it", ORDER_CRITERIA[1])},
    {"first": (ORDER_CRITERIA[0], "A refund of 10,000 points is issued")},
    {"first": (ORDER_CRITERIA[0], "A refund of 1,500 points is issued")},
], ids=["other-noun", "nominal-negated", "ten-thousand", "other-thousands"])
def test_their_changed_twins_are_flagged_too(change):
    assert _outcome(ORDERS_EN, _order(**change)).rejected is not None


RESERVA_ES = """## Cancelar una reserva
Como huésped, quiero cancelar una reserva en línea para ahorrar dinero.

Criterios de aceptación:
- El huésped recibe un correo de confirmación

## Cancelación de reservas
Como huésped, quiero cancelar mi reserva desde la app para ahorrar dinero.
"""


@pytest.mark.parametrize("goal,ok", [("la cancelación de una reserva en línea", True),
                                     ("la modificación de una reserva en línea", False)])
def test_spanish_noun_for_its_verb(goal, ok):
    answer = {"title": "Cancelar una reserva", "role": "huésped", "goal": goal, "benefit": "ahorrar dinero",
              "acceptance_criteria": [{"text": "El huésped recibe un correo de confirmación", "sources": ["S1"]}],
              "sources": ["S1", "S2"]}
    out = _outcome(RESERVA_ES, answer)
    assert (out.rejected is None) == ok, _reasons(out)


@pytest.mark.parametrize("text,ok", [
    ("The shopper can cancel an order within half an hour of placing it", True),
    ("Within 30 minutes of placing an order, the shopper can cancel it", True),
    ("The shopper can cancel an order within half a day of placing it", False),
    ("Within 45 minutes of placing an order, the shopper can cancel it", False),
    ("After 30 minutes of placing an order, the shopper can cancel it", False),
    ("Within 30 minutes of placing an order, the shopper cannot cancel it", False),
], ids=["half-an-hour", "fronted-time", "half-a-day", "fronted-other-number", "fronted-after", "fronted-negated"])
def test_half_an_hour_and_a_fronted_time_phrase(text, ok):
    out = _outcome(ORDERS_EN, _order(first=(text, ORDER_CRITERIA[1])))
    assert (out.rejected is None) == ok, _reasons(out)


# The passive and duty phrases of French and Spanish: "doit être acceptée par", "debe ser
# escaneado por", "tiene que" state the source's active "doit accepter", "debe escanear".
@pytest.mark.parametrize("case,text,ok", [
    (CARPOOL_FR, "Chaque réservation doit être acceptée par le conducteur", True),
    (CARPOOL_FR, "Chaque réservation peut être acceptée par le conducteur", False),
    (CARPOOL_FR, "Chaque réservation doit être refusée par le conducteur", False),
    (CARPOOL_FR, "Chaque réservation ne doit pas être acceptée par le conducteur", False),
    (RENTAL_ES, "El código QR debe ser escaneado por el ciclista", True),
    (RENTAL_ES, "El ciclista tiene que escanear el código QR", True),
    (RENTAL_ES, "El ciclista no tiene que escanear el código QR", False),
    (RENTAL_ES, "El código QR puede ser escaneado por el ciclista", False),
    (RENTAL_ES, "El código QR debe escanear al ciclista", False),
], ids=["fr-passive", "fr-passive-can", "fr-passive-other-verb", "fr-passive-negated", "es-passive", "es-tiene-que",
        "es-tiene-que-negated", "es-passive-can", "es-roles-swapped"])
def test_foreign_passive_and_duty_phrases(case, text, ok):
    first = list(case[4])
    first[0] = text
    out = _outcome(case[0], _merge(case, first))
    assert (out.rejected is None) == ok, _reasons(out)
