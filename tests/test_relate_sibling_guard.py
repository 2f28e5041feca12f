"""Issue 11, tester t24 finding 2: siblings that similarity alone merged - another means to one
end, the opposite direction, a narrower kind of the same thing - are related, never one merge
group (relate/sibling_guard.py). Own stories (a warehouse, a museum, a gym, a hotel, a
telecom tariff, a web shop) in en, de, fr, es, it; twins that stay duplicates."""

import sys
from pathlib import Path

import pytest

from storytransformer.relate.sibling_guard import narrower_kind, opposite_direction, other_means, send_or_receive

sys.path.insert(0, str(Path(__file__).parent))
from relate_pair import pair_relation  # noqa: E402

SIBLINGS = [
    # another means
    ("As a warehouse worker I want to log my break with my badge so that my hours are right.",
     "As a warehouse worker I want to log my break with the app so that my hours are right."),
    ("Als Lagerarbeiter möchte ich meine Pause mit meinem Ausweis erfassen, damit meine Stunden stimmen.",
     "Als Lagerarbeiter möchte ich meine Pause über die App erfassen, damit meine Stunden stimmen."),
    ("Como socio quiero abrir la puerta del gimnasio con mi tarjeta para entrenar temprano.",
     "Como socio quiero abrir la puerta del gimnasio con la app para entrenar temprano."),
    # the opposite direction, the values swapped too
    ("As a subscriber I want to upgrade my plan from Basic to Premium so that I get more storage.",
     "As a subscriber I want to downgrade my plan from Premium to Basic so that I pay less."),
    # a narrower kind
    ("As a hotel guest I want to book a room online so that I have a place to sleep.",
     "As a hotel guest I want to book a family room online so that my kids can stay with me."),
    ("Como cliente quiero solicitar un reembolso de mi pedido para recuperar mi dinero.",
     "Como cliente quiero solicitar un reembolso parcial de mi pedido para recuperar parte de mi dinero."),
    ("Come ospite voglio prenotare una camera online per avere dove dormire.",
     "Come ospite voglio prenotare una camera doppia online per dormire con mia moglie."),
    # one action on other things, the criteria word for word the same
    ("As a resident I want to report a broken street light with its location so that the council repairs it.\n\n"
     "Acceptance criteria:\n- Location via map pin\n- Photo optional\n- Confirmation by email\n",
     "As a resident I want to report an overflowing public litter bin so that it is emptied sooner.\n\n"
     "Acceptance criteria:\n- Location via map pin\n- Photo optional\n- Confirmation by email\n"),
    # sending against receiving
    ("As a tenant I want to send messages to my property manager from the portal so that repairs are sorted quickly.",
     "As a tenant I want to receive a message from the portal when my repair request changes so that I know what "
     "is happening."),
    ("En tant que locataire, je veux envoyer des messages au gestionnaire depuis le portail, afin que les réparations "
     "avancent.",
     "En tant que locataire, je veux recevoir un message du portail quand ma demande de réparation change, afin de "
     "savoir où elle en est."),
]


@pytest.mark.parametrize("a, b", SIBLINGS)
def test_siblings_are_related_not_merged(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "related"


TWINS = [
    # one action on one thing in other words (the needs' meaning agrees)
    ("As a resident I want to report a broken street light with its location so that the council repairs it.\n\n"
     "Acceptance criteria:\n- Location via map pin\n- Photo optional\n",
     "As a resident I want to report a street lamp that is out, with where it is, so that the council fixes it.\n\n"
     "Acceptance criteria:\n- Location via map pin\n- Photo optional\n"),
    # the portal sends, the tenant receives: one need
    ("As a tenant I want to receive an SMS when my repair is scheduled so that I can be at home.",
     "As a tenant I want the portal to send me an SMS when my repair is scheduled so that I can be home."),
    ("As a hotel guest I want to book a room online so that I have a place to sleep.",
     "As a hotel guest I want to book my room on the website so that I have somewhere to sleep."),
    # one means, introduced by another word
    ("As a warehouse worker I want to log my break with my badge so that my hours are right.",
     "As a warehouse worker I want to log my break using my badge so that my hours are correct."),
]


@pytest.mark.parametrize("a, b", TWINS)
def test_twins_stay_duplicates(tmp_path, a, b):
    assert pair_relation(tmp_path, a, b) == "duplicate"


def test_cues_on_their_own():
    assert other_means("clock in with my badge", "clock in with the app")
    assert other_means("entrer au musée avec mon badge", "entrer au musée via l'appli")
    assert other_means("pay with my card", "pay with my credit card") is None  # one means
    assert other_means("swap a shift with a colleague", "swap a shift with another nurse") is None  # people
    assert opposite_direction("upgrade my plan", "downgrade my plan")
    assert opposite_direction("den Tarif hochstufen", "den Tarif herabstufen")
    assert opposite_direction("upgrade my plan", "upgrade or downgrade my plan") is None
    assert narrower_kind("issue a refund for an invoice", "issue a partial refund for an invoice")
    assert narrower_kind("pay with Apple", "pay with Apple Pay") is None  # a name
    assert narrower_kind("book a room", "book a room quickly and cheaply") is None  # more than one word
    assert narrower_kind("export the report", "exporting the report") is None
    assert send_or_receive("send messages to my adjuster", "receive an SMS when my claim changes")
    assert send_or_receive("Nachrichten an die Hausverwaltung schicken", "Nachrichten erhalten")
    assert send_or_receive("the shop to send me an SMS", "receive an SMS") is None
