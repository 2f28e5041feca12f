"""Issue 11, tester t24: roles compared by kind of person, the same way in both directions.

One kind named in other words (resident / household, policyholder / insured customer, account
owner / billing admin, dispatcher / fleet planner; in de, fr too) is one role, so one need asked
by both is a duplicate; a narrower kind that shares the word (student teacher / teacher,
trainee pharmacist / pharmacist, Auszubildender Krankenpfleger, tirocinante infermiera) is
another role, so the same need asked by it is related. Stories of other domains than the
tester's (ambulances, street sweeping, gadget insurance, a school, a pharmacy)."""

import sys
from pathlib import Path

import pytest

from storytransformer.relate.role_classes import role_relation

sys.path.insert(0, str(Path(__file__).parent))
from relate_pair import pair_relation  # noqa: E402


@pytest.mark.parametrize("a, b, expected", [
    ({"student", "nurse"}, {"nurse"}, "different"),
    ({"estudiante", "enfermera"}, {"enfermera"}, "different"),
    ({"trainee", "pharmacist"}, {"apotheker"}, "different"),
    ({"staff", "nurse"}, {"nurse"}, "same"),          # "staff" only says the nurse works there
    ({"employee", "nurse"}, {"infermiera"}, "same"),  # ... as the slots write it
    ({"insured", "customer"}, {"policyholder"}, "same"),
    ({"insure", "driver"}, {"versicherungsnehmer"}, "same"),  # a lemma, as the slots write it
    ({"billing", "admin"}, {"account", "owner"}, "same"),
    ({"fleet", "planner"}, {"disponent"}, "same"),
    ({"haushalt"}, {"anwohnerin"}, "same"),
    ({"nurse"}, {"doctor"}, "different"),
    ({"warehouse", "clerk"}, {"nurse"}, None),        # a side of no known kind: words decide
])
def test_role_relation(a, b, expected):
    assert role_relation(a, b) == expected
    assert role_relation(b, a) == expected


SAME_KIND = [
    ("As a dispatcher I want to see on a map where each ambulance is right now so that I can send the closest one.",
     "As a fleet planner I want to see on a map where each ambulance is right now so that I can send the nearest one."),
    ("As a resident I want to see when the street sweeper comes to my street so that I can move my car in time.",
     "As a household I want to see when the street sweeper comes to my street so that the car is moved in time."),
    ("As a policyholder I want to upload the receipt of my broken phone so that my gadget claim can be paid.",
     "As an insured customer I want to upload the receipt of my broken phone so that the gadget claim gets paid."),
    ("As an account owner I want to change the credit card used for my subscription so that renewals do not fail.",
     "As a billing admin I want to change the credit card used for our subscription so that the renewal does not fail."),
    ("Als Anwohnerin möchte ich sehen, wann die Straßenreinigung in meine Straße kommt, damit ich mein Auto umparke.",
     "Als Haushalt möchte ich sehen, wann die Straßenreinigung in meine Straße kommt, damit ich das Auto rechtzeitig "
     "umparke."),
    ("En tant que résident, je veux voir quand passe la balayeuse dans ma rue, afin de déplacer ma voiture.",
     "En tant que foyer, je veux voir quand passe la balayeuse dans ma rue, afin de déplacer ma voiture à temps."),
]


@pytest.mark.parametrize("a, b", SAME_KIND)
def test_one_kind_of_person_in_other_words_is_one_role(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "duplicate"


NARROWER_KIND = [
    ("As a teacher, I want to see my timetable for next week on my phone, so that I know which room to go to.",
     "As a student teacher, I want to see my timetable for next week on my phone, so that I know which room to go to."),
    ("As a pharmacist, I want to check a prescription against the patient's allergies, so that I do not hand out "
     "a dangerous drug.",
     "As a trainee pharmacist, I want to check a prescription against the patient's allergies, so that I learn to "
     "spot dangerous drugs."),
    ("Als Krankenpfleger möchte ich meinen Dienstplan für nächste Woche sehen, damit ich planen kann.",
     "Als Auszubildender Krankenpfleger möchte ich meinen Dienstplan für nächste Woche sehen, damit ich planen kann."),
    ("Come infermiera voglio vedere i miei turni della prossima settimana per organizzarmi.",
     "Come tirocinante infermiera voglio vedere i miei turni della prossima settimana per organizzarmi."),
    ("Como enfermera quiero ver mi horario de la próxima semana en el móvil para organizarme.",
     "Como estudiante enfermera quiero ver mi horario de la próxima semana en el móvil para organizarme."),
]


@pytest.mark.parametrize("a, b", NARROWER_KIND)
def test_a_narrower_kind_of_person_is_another_role(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "related"


def test_staff_word_does_not_narrow(tmp_path):
    # a "staff nurse" is a nurse: one need, one role
    assert pair_relation(tmp_path, "As a staff nurse, I want to see my shifts for next week, so that I can plan.",
                         "As a nurse, I want to see my shifts for next week, so that I can plan ahead.") == "duplicate"
