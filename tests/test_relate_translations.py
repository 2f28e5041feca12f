"""One need written in English and in another language (relate/translations.py, role_classes,
the function words "own" / "which" in other languages), on stories written for these tests (a
sports club, a library, a payroll, a food bank, a water board, a rail operator): each pair is
merged, and a sibling of the same template in English (another object) stays apart, also
from the other-language story.
"""

from __future__ import annotations


import pytest

from storytransformer.ingest import read_text
from merged_pairs import merged_pairs as _merged
from storytransformer.relate.slots import phrase
from storytransformer.relate.translations import english




@pytest.mark.parametrize("same, sibling", [
    (("As a coach, I want to see the list of players of my team.",
      "Come allenatore, voglio vedere l'elenco dei giocatori della mia squadra."),
     "As a coach, I want to see the list of matches of my team."),
    (("As a librarian, I want to see the history of each loan.",
      "En tant que bibliothécaire, je veux voir l'historique de chaque prêt."),
     "As a librarian, I want to see the fees of each loan."),
    (("As a driver, I want to see my monthly salary.",
      "Als Fahrer möchte ich mein monatliches Gehalt sehen."),
     "As a driver, I want to see my monthly schedule."),
    (("As a volunteer, I want to register a new donation.",
      "Como voluntario, quiero registrar una nueva donación."),
     "As a volunteer, I want to register a new household."),
    (("As a resident, I want to report a leak in the heating.",
      "Als bewoner wil ik een lek in de verwarming melden."),
     "As a resident, I want to report a leak in the roof."),
    (("As a passenger, I want to see the delay of my train.",
      "Como pasajero, quiero ver el retraso de mi tren."),
     "As a passenger, I want to see the price of my train."),
    # a role word simplemma reads as a verb ("Kellner" -> "kellnern") is the noun of its class
    (("As a waiter, I want to see the open orders of my table.",
      "Als Kellner möchte ich die offenen Bestellungen meines Tisches sehen."),
     "As a waiter, I want to see the open invoices of my table."),
])
def test_one_need_in_two_languages_merges_and_the_sibling_stays_apart(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


def test_words_read_as_their_english_head():
    assert "heating" in phrase("die Heizung reparieren", "de").tokens
    assert "heating" in phrase("réparer le chauffage", "fr").tokens
    assert "team" in phrase("la mia squadra", "it").tokens
    assert english("richiedere", "richiesta", "it") == "request"  # the word as written, not its verb


def test_ambiguous_words_stay_themselves():
    # French "été" is also "been" ("a été envoyé"); Spanish "ver" (see) is the lemma of "verão";
    # German "Karte" is a card, a map or a ticket
    assert english("été", "été", "fr") is None
    assert english("ver", "ver", "es") is None
    assert english("karte", "karte", "de") is None
    assert "summer" not in phrase("le colis a été envoyé", "fr").tokens


@pytest.mark.parametrize("same, sibling", [
    # "iscrivere" is registering; the captain of "I capitani devono ..." is the other's role
    # ("Come capitano": simplemma reads "capitano" as the verb "capitare")
    (("Come capitano, voglio iscrivere la mia squadra al torneo di primavera.",
      "I capitani devono poter registrare il proprio team per il torneo di primavera."),
     "Come capitano, voglio iscrivere la mia squadra al torneo d'autunno."),
    (("Come genitore, voglio iscrivere mio figlio al corso di nuoto.",
      "I genitori devono poter registrare il proprio figlio al corso di nuoto."),
     "Come genitore, voglio iscrivere mio figlio al corso di tennis."),
    # "for the next day" is tomorrow
    (("Als Mitarbeiter möchte ich einen Parkplatz für morgen reservieren.",
      "Mitarbeiter sollen für den nächsten Tag einen Parkplatz buchen können."),
     "Als Mitarbeiter möchte ich einen Parkplatz für heute reservieren."),
])
def test_one_need_reworded_in_its_own_language_merges(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


def test_a_role_word_is_read_as_a_noun():
    from storytransformer.relate.slots import story_slots

    corpus = read_text("Come capitano, voglio vedere le partite.\nAls Gärtner möchte ich die Ernte sehen.\n"
                       "Als tuinier wil ik de oogst zien.\n", format="text", name="roles.txt")
    assert [set(story_slots(s).role) for s in corpus.stories] == [{"capitano"}, {"gärtner"}, {"tuinier"}]


@pytest.mark.parametrize("same, sibling", [
    # an Italian elided article ("all'archivio"), "chiedere" = request, a researcher role class
    (("As a researcher, I want to request access to the archive of weather data.",
      "Come ricercatore, voglio chiedere l'accesso all'archivio dei dati meteo."),
     "As a researcher, I want to request access to the archive of traffic data."),
    # a role class across languages (zookeeper / Tierpfleger), a weight is "Gewicht"
    (("As a zookeeper, I want to see the weight of each animal.",
      "Als Tierpfleger möchte ich das Gewicht jedes Tieres sehen."),
     "As a zookeeper, I want to see the diet of each animal."),
    (("As a mechanic, I want to see the list of open repairs.",
      "Come meccanico, voglio vedere l'elenco delle riparazioni aperte."),
     "As a mechanic, I want to see the list of closed repairs."),
])
def test_more_needs_in_two_languages(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


def test_a_known_object_swapped_across_languages_is_a_sibling():
    # the translated needs share three of four words, and each names another known thing
    assert _merged(["Come ricercatore, voglio chiedere l'accesso all'archivio dei dati meteo.",
                    "As a researcher, I want to request access to the archive of traffic data."]) == set()


def test_a_story_read_in_the_wrong_language_still_finds_its_words():
    # a short Spanish need may be read as French: "tienda" is still a shop
    assert english("tienda", "tienda", "fr") == "shop"
    assert english("kind", "kind", "en") is None  # never for English: "kind of" is no child


@pytest.mark.parametrize("same, sibling", [
    # a noun the lexicon knows as written, whose lemma is a verb ("entrega" -> "entregar" = submit)
    (("As a shopper, I want to see the delivery status of my order.",
      "Como comprador, quero ver o estado da entrega da minha encomenda."),
     "As a shopper, I want to see the payment status of my order."),
    # "results" had no English word in its class ("risultati" read as "ergebnis")
    (("As a learner, I want to see the results of my last exam.",
      "Come allievo, voglio vedere i risultati del mio ultimo esame."),
     "As a learner, I want to see the date of my last exam."),
    (("As a tenant, I want to pay my rent online.",
      "Als Mieter möchte ich meine Miete online bezahlen."),
     "As a tenant, I want to pay my deposit online."),
])
def test_nouns_read_as_written_merge_across_languages(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


@pytest.mark.parametrize("same, sibling", [
    # a word no table has that starts as the other language's word ("invito" / "invitation")
    (("As a coach, I want to send an invitation to all members of the club.",
      "Come allenatore, voglio inviare un invito a tutti i membri del club."),
     "As a coach, I want to send a reminder to all members of the club."),
    (("As a nurse, I want to see the vaccinations of a patient.",
      "Come infermiere, voglio vedere le vaccinazioni di un paziente."),
     "As a nurse, I want to see the allergies of a patient."),
])
def test_cognates_across_languages_are_one_word(same, sibling):
    assert _merged([*same, sibling]) == {(0, 1)}


def test_cognates_only_across_languages():
    from storytransformer.relate.slots import story_slots
    from storytransformer.relate.translations import cognates

    corpus = read_text("As a planner, I want to see the production plan.\n"
                       "As a planner, I want to see the product plan.\n"
                       "Como planificador, quiero ver el plan de producto.\n", format="text", name="p.txt")
    en1, en2, es = (story_slots(s) for s in corpus.stories)
    assert cognates(en1, en2) == (en1, en2)  # one language: "production" / "product" stay two
    assert "product" in cognates(es, en2)[0].need.tokens
