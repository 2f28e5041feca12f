"""Issue 11, tester t24 finding 4: two stories about to be merged that set one limit to two values
("scoring above 60" / "scoring above 75", "über 50 EUR" / "ab 40 EUR") are a conflict, never one
merge group (relate/bounds.py). Own stories: loans, a web shop, stock alerts, a gym, a library."""

import sys
from pathlib import Path

import pytest

from storytransformer.relate.bounds import bounds, other_bound

sys.path.insert(0, str(Path(__file__).parent))
from relate_pair import pair_relation  # noqa: E402

LOAN = ("As a loan officer, I want each application to get a credit risk score, so that risky loans are checked by "
        "hand.\n\nAcceptance criteria:\n- Score from 0 to 100\n- Applications scoring above 60 are sent to the risk "
        "desk\n")
LOAN_75 = ("As a loan officer, I want applications with a high credit risk score to be checked by a senior officer, "
           "so that we only review the riskiest loans.\n\nAcceptance criteria:\n- Applications scoring above 75 go "
           "to a senior officer\n")
SHOP_50 = ("Als Shopbetreiberin möchte ich kostenlosen Versand für größere Bestellungen anbieten, damit der Warenkorb "
           "wächst.\n\nAkzeptanzkriterien:\n- Bestellungen über 50 EUR werden kostenlos versendet\n")
SHOP_40 = ("Als Shopbetreiberin möchte ich, dass große Bestellungen versandkostenfrei sind, damit Kunden mehr kaufen."
           "\n\nAkzeptanzkriterien:\n- Ab 40 EUR Bestellwert entfallen die Versandkosten\n")


@pytest.mark.parametrize("a, b", [(LOAN, LOAN_75), (SHOP_50, SHOP_40)])
def test_one_limit_two_values_is_a_conflict(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "conflict"


@pytest.mark.parametrize("a, b, clash", [
    ("Applications scoring above 60 are sent to the risk desk", "Applications scoring above 75 go to a senior", True),
    ("Bestellungen über 50 EUR", "Ab 40 EUR Bestellwert", True),
    ("Alerte quand il reste moins de 10 unités", "Notification si moins de 5 unités restent", True),
    ("Como socio puedo reservar hasta 3 clases por semana", "Como socio puedo reservar hasta 5 clases", True),
    ("Gli utenti possono prendere in prestito al massimo 4 libri", "al massimo 6 libri per tessera", True),
    # one limit, one value (said twice): no conflict
    ("scoring above 60 are reviewed", "scoring above 60 go to review; scoring above 90 are blocked", False),
    # an upper and a lower bound of one measure are a range, not two values
    ("orders over 20 EUR", "orders up to 500 EUR", False),
    # two measures: photos and characters
    ("upload up to 10 photos", "a description of up to 500 characters", False),
])
def test_other_bound(a, b, clash):
    assert bool(other_bound(a, b)) is clash
    assert bool(other_bound(b, a)) is clash


def test_bounds_read_the_measure_and_direction():
    (measure, upper, value, _), = bounds("claims with a fraud score above 80")
    assert measure == {"scor"} and not upper and value == 80  # ("scoring" is the same stem)
    (measure, upper, value, _), = bounds("at most 3 requests per period")
    assert "request" in measure and upper and value == 3
