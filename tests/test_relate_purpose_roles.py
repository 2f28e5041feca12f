"""Issue 11, t22/t23 leftovers as kinds: a purpose clause ", to avoid ..." is the benefit, not
the need; one kind of person named in two languages is one role; a sibling stays apart each.

Stories of other domains than the testers' (a library, a clinic, a pharmacy, a gym, a bakery)."""

import sys
from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.ingest.narrative import parse_narrative
from storytransformer.relate.decide import decide
from storytransformer.relate.role_classes import same_role_class
from storytransformer.relate.slots import story_slots

sys.path.insert(0, str(Path(__file__).parent))
from relate_pair import pair_relation  # noqa: E402


@pytest.mark.parametrize("text, goal, benefit", [
    ("As a member, I want to renew my loans online, to save a trip to the library.",
     "renew my loans online", "save a trip to the library"),
    ("As a patient I would like to see my lab results in the app, to avoid phoning the practice.",
     "see my lab results in the app", "avoid phoning the practice"),
    ("As a gym member, I want to book a class, in order not to queue at the desk.",
     "book a class", "queue at the desk"),
    ("As a baker, I want to see tomorrow's orders, so as not to bake too much.",
     "see tomorrow's orders", "bake too much"),
])
def test_purpose_clause_is_the_benefit(text, goal, benefit):
    n = parse_narrative(text)
    assert (n.goal, n.benefit) == (goal, benefit)


@pytest.mark.parametrize("text, goal", [
    # places and people after a comma are still the need's
    ("As a user, I want to export the report to CSV, to PDF and to Excel.", "export the report to CSV, to PDF and to Excel"),
    ("As a clerk, I want to send the invoice to the customer, to the accountant and to the bank.",
     "send the invoice to the customer, to the accountant and to the bank"),
    # without the comma "to prevent" is what the product does: the need
    ("As a receptionist I want the calendar to prevent double bookings.", "the calendar to prevent double bookings"),
])
def test_a_to_that_is_no_purpose_stays_the_goal(text, goal):
    n = parse_narrative(text)
    assert (n.goal, n.benefit) == (goal, None)


def test_purpose_clause_no_longer_splits_a_duplicate(tmp_path):
    a = "As a member, I want to renew my loans online, so that I keep my books longer."
    b = "As a member, I want to renew my loans on the website, to avoid a trip to the library."
    assert pair_relation(tmp_path, a, b) == "duplicate"
    # sibling: the same purpose clause, another need
    c = "As a member, I want to pay my late fees on the website, to avoid a trip to the library."
    assert pair_relation(tmp_path, a, c) != "duplicate"


def _slots(tmp_path, a: str, b: str):
    """Both stories read as the CLI reads them (two Markdown files), as slots."""
    for n, text in enumerate((a, b)):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    return [story_slots(s) for s in ingest_paths([str(tmp_path)]).stories]


@pytest.mark.parametrize("a, b", [
    ("As a policyholder, I want to upload photos of the damaged vehicle.",
     "Como asegurada, quiero subir fotos del vehículo dañado."),
    ("As a nurse, I want to upload a photo of the wound.", "Als Pflegekraft möchte ich ein Foto der Wunde hochladen."),
    ("As a pharmacist, I want to upload a photo of the prescription.",
     "Come farmacista, voglio caricare una foto della ricetta."),
    ("As a librarian, I want to upload a photo of the book cover.",
     "En tant que bibliothécaire, je veux télécharger une photo de la couverture du livre."),
])
def test_one_role_in_two_languages_is_one_kind_of_person(tmp_path, a, b):
    sa, sb = _slots(tmp_path, a, b)
    assert same_role_class(sa.role, sb.role)
    d = decide(sa, sb, 0.9)
    assert "different roles" not in d.reason


@pytest.mark.parametrize("a, b", [
    ("As an adjuster, I want to upload photos of the damaged vehicle.",
     "Como asegurada, quiero subir fotos del vehículo dañado."),
    ("As a patient, I want to upload a photo of the prescription.",
     "Come farmacista, voglio caricare una foto della ricetta."),
    ("As a teacher, I want to upload a photo of the timetable.", "Como alumno, quiero subir una foto del horario."),
])
def test_two_roles_in_two_languages_stay_two(tmp_path, a, b):
    sa, sb = _slots(tmp_path, a, b)
    assert not same_role_class(sa.role, sb.role)
    assert decide(sa, sb, 0.9).relation != "duplicate"


@pytest.mark.parametrize("a, b", [
    ("As a dispatcher, I want an alert when a truck is late, so that I can call the driver.",
     "As a dispatcher, I want an alarm when a truck is late, so that I can call the driver."),
    ("As a greenhouse keeper, I want alerts about frost, so that I can cover the seedlings.",
     "As a greenhouse keeper, I want notifications about frost, so that I can cover the seedlings."),
    ("Als Disponent möchte ich einen Alarm, wenn ein Lkw verspätet ist, damit ich den Fahrer anrufe.",
     "Als Disponent möchte ich eine Benachrichtigung, wenn ein Lkw verspätet ist, damit ich den Fahrer anrufe."),
])
def test_alert_alarm_notification_are_one_thing(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "duplicate"


@pytest.mark.parametrize("a, b", [
    # same template, another event
    ("As a dispatcher, I want an alert when a truck is late, so that I can call the driver.",
     "As a dispatcher, I want an alarm when a truck is full, so that I can call the driver."),
    # "alert the nurse" is telling someone, not being told
    ("As a patient, I want to alert the nurse when I need help.",
     "As a patient, I want a notification when the nurse needs help."),
])
def test_alert_as_a_verb_or_on_another_event_stays_apart(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) != "duplicate"


@pytest.mark.parametrize("a, b", [
    ("As a teacher, I want to enter the grades online, so that pupils see them.",
     "Als Lehrerin möchte ich die Noten online eingeben, damit die Schüler sie sehen."),
    ("As a teacher, I want to enter grades on a scale from 1 to 15.",
     "Als Lehrer möchte ich Noten auf einer Skala von 1 bis 15 eintragen."),
])
def test_german_noten_are_grades(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "duplicate"


@pytest.mark.parametrize("a, b", [
    # English notes are notes, German "Notizen" too: not grades
    ("As a teacher, I want to enter notes online, so that pupils see them.",
     "Als Lehrerin möchte ich die Noten online eingeben, damit die Schüler sie sehen."),
    ("As a teacher, I want to enter the grades online, so that pupils see them.",
     "Als Lehrerin möchte ich Notizen online eingeben, damit die Schüler sie sehen."),
])
def test_notes_stay_apart_from_grades(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) != "duplicate"


@pytest.mark.parametrize("a, b", [
    ("As a student, I want to see the status of my visa application online, so that I can plan my trip.",
     "As an applicant I would like to follow where my visa application is in the process, to avoid phoning the embassy."),
    ("As a customer, I want to track the status of my repair, so that I know when to pick it up.",
     "As a customer, I want to see where my repair stands."),
])
def test_following_where_it_is_is_seeing_its_status(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "duplicate"


def test_where_a_thing_is_stays_a_place(tmp_path):
    a = "As a commuter, I want to see the status of my bus pass."
    b = "As a commuter, I want to see where my bus is on a map."
    assert pair_relation(tmp_path, a, b) != "duplicate"


@pytest.mark.parametrize("text, goal, benefit", [
    ("Als Kunde möchte ich meine Bestellung online verfolgen, um nicht anrufen zu müssen.",
     "meine Bestellung online verfolgen", "nicht anrufen zu müssen"),
    ("Come cliente, voglio seguire l'ordine online, per evitare di chiamare il servizio clienti.",
     "seguire l'ordine online", "evitare di chiamare il servizio clienti"),
    ("En tant que client, je veux suivre ma commande en ligne, pour éviter d'appeler le service client.",
     "suivre ma commande en ligne", "éviter d'appeler le service client"),
    ("Como cliente, quiero seguir mi pedido en línea, para evitar llamar al centro de atención.",
     "seguir mi pedido en línea", "evitar llamar al centro de atención"),
    ("Como cliente, quero acompanhar o meu pedido online, para evitar ligar para o suporte.",
     "acompanhar o meu pedido online", "evitar ligar para o suporte"),
    ("Als klant wil ik mijn bestelling online volgen, om niet te hoeven bellen.",
     "mijn bestelling online volgen", "niet te hoeven bellen"),
])
def test_purpose_clause_is_the_benefit_in_every_language(text, goal, benefit):
    n = parse_narrative(text)
    assert (n.goal, n.benefit) == (goal, benefit)
