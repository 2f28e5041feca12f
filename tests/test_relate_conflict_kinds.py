"""Conflicts by kind: one need stated with values that cannot both hold is a conflict, never a
duplicate and never "related"; the same value in other words, or numbers of two different
things, is no conflict.

Our own stories, written for these tests (library, gym, ferry, vet clinic, museum, car rental,
coworking, ski school, swimming pool, bakery; en/de/fr/es/it/pt/nl): frequencies in words and
units (relate/frequency.py), durations in two units (relate/durations.py), free against a
price, forbidden against allowed, unlimited against a limit, ages (relate/claims.py)."""

from __future__ import annotations

import pytest

from storytransformer.relate import decide_stories, relate
from storytransformer.relate.claims import age_clash, ages
from storytransformer.relate.frequency import canonical_frequencies
from storytransformer.relate.slots import phrase, story_slots
from storytransformer.relate.units import canonical_quantities
from storytransformer.stories import Story


def line(sid, text):
    """A one-line backlog item: the text is the need."""
    return Story(sid, text, "backlog.txt", 1, "text")


def decided(a, b, similarity):
    return decide_stories(line("A", a), line("B", b), similarity)


# --- frequencies are intervals, in seven languages


@pytest.mark.parametrize("text, interval", [
    ("twice a year", "interval 6 months"),
    ("once every 6 months", "interval 6 months"),
    ("four times a year", "interval 3 months"),
    ("quarterly.", "interval 3 months."),
    ("paid fortnightly to staff", "paid interval 2 weeks to staff"),
    ("paid bi-weekly to staff", "paid interval 2 weeks to staff"),
    ("every other day", "interval 2 days"),
    ("zweimal im Jahr", "interval 6 months"),
    ("deux fois par an", "interval 6 months"),
    ("dos veces al año", "interval 6 months"),
    ("due volte all'anno", "interval 6 months"),
    ("duas vezes por ano", "interval 6 months"),
    ("twee keer per jaar", "interval 6 months"),
    ("jeden Tag", "interval 1 day"),
    ("tous les jours", "interval 1 day"),
    ("todos los días", "interval 1 day"),
    ("tutti i giorni", "interval 1 day"),
    ("täglich", "interval 1 day"),
    ("mensualmente", "interval 1 month"),
])
def test_frequencies_are_written_as_one_interval(text, interval):
    assert canonical_frequencies(text) == interval


@pytest.mark.parametrize("text", ["a daily report", "the weekly newsletter", "tägliche Sicherung",
                                  "the monthly statement is sent", "a yearly fee of 20 EUR"])
def test_a_frequency_adjective_naming_a_kind_of_thing_stays_a_word(text):
    assert canonical_frequencies(text) == text


def test_one_interval_in_other_words_is_one_value():
    assert canonical_quantities("swept twice a year") == canonical_quantities("swept every 6 months")
    assert canonical_quantities("alle 14 Tage") == canonical_quantities("alle 2 Wochen")
    assert canonical_quantities("backed up fortnightly.") == canonical_quantities("backed up every 14 days.")


@pytest.mark.parametrize("a, b", [
    ("Fire extinguishers in the museum must be inspected twice a year.",
     "Fire extinguishers in the museum must be inspected once every 12 months."),
    ("Die Feuerlöscher im Museum werden zweimal im Jahr geprüft.",
     "Die Feuerlöscher im Museum werden jedes Jahr geprüft."),
    ("Les extincteurs du musée sont contrôlés deux fois par an.",
     "Les extincteurs du musée sont contrôlés tous les 3 mois."),
    ("The pool water is tested three times a day.", "The pool water is tested every 4 hours."),
])
@pytest.mark.parametrize("similarity", [0.5, 0.8])
def test_one_thing_at_two_intervals_is_a_conflict(a, b, similarity):
    assert decided(a, b, similarity).relation == "conflict"
    assert decided(b, a, similarity).relation == "conflict"


@pytest.mark.parametrize("a, b", [
    ("The pool water is tested every 6 hours.", "The pool water is tested four times a day."),
    ("Les extincteurs du musée sont contrôlés deux fois par an.",
     "Les extincteurs du musée sont contrôlés tous les 6 mois."),
])
def test_one_interval_in_two_wordings_is_no_conflict(a, b):
    assert decided(a, b, 0.8).relation == "duplicate"


# --- durations in two units


@pytest.mark.parametrize("a, b", [
    ("Rental cars can be returned free of charge within 72 hours.",
     "Rental cars can be returned free of charge within 7 days."),
    ("The ferry ticket is refunded if it is cancelled at least 48 hours before departure.",
     "Ferry tickets are refundable when cancelled at least one week before departure."),
    ("Membership of the gym is paused for at most 3 months.", "Gym memberships can be paused for up to one year."),
    ("The library loan period is 30 days.", "The library loan period is 3 months."),
    ("Die Leihfrist der Bibliothek beträgt 4 Wochen.", "Die Leihfrist der Bibliothek beträgt 2 Monate."),
])
@pytest.mark.parametrize("similarity", [0.5, 0.8])
def test_one_period_with_two_values_in_two_units_is_a_conflict(a, b, similarity):
    assert decided(a, b, similarity).relation == "conflict"


@pytest.mark.parametrize("a, b", [
    ("The library loan period is 30 days.", "The library loan period is one month."),
    ("Reminders for vet appointments are sent 48 hours before.", "Reminders for vet appointments are sent two days before."),
    ("Die Leihfrist der Bibliothek beträgt 4 Wochen.", "Die Leihfrist der Bibliothek beträgt 28 Tage."),
])
def test_one_period_in_two_units_is_no_conflict(a, b):
    assert decided(a, b, 0.8).relation == "duplicate"


@pytest.mark.parametrize("a, b", [
    # two periods of two things
    ("As a pet owner, I want a reminder 1 day before the vet appointment",
     "As a pet owner, I want to check in 30 minutes before the vet appointment"),
    # one template, another object
    ("As a member, I want a desk held for 15 minutes while I book a meeting room",
     "As a member, I want a desk held for 30 minutes while I book a phone booth"),
    # two things of one ski school
    ("Ski lessons last 2 hours.", "Ski passes are valid for 3 days."),
])
def test_durations_of_different_things_are_no_conflict(a, b):
    for sim in (0.5, 0.8):
        assert decided(a, b, sim).relation != "conflict", (a, b)


def test_one_period_stated_in_two_different_sentences_is_a_conflict():
    # a low similarity: a need with a criterion against a one-line requirement
    a = Story("A", "As a tenant, I want to know when my deposit comes back.\n\nAcceptance criteria:\n"
                   "- The deposit is returned within 4 weeks of the move-out inspection",
              "b.md", 1, "markdown", role="tenant", goal="to know when my deposit comes back",
              acceptance_criteria=("The deposit is returned within 4 weeks of the move-out inspection",))
    b = line("B", "The landlord shall return the deposit within 10 days after the move-out inspection.")
    assert decide_stories(a, b, 0.35).relation == "conflict"


@pytest.mark.parametrize("a, b", [
    ("Invoices of the bakery are due 30 days after delivery.", "Old bakery invoices are archived after 3 months."),
    ("Ski lessons are booked at least 2 days ahead.", "A ski lesson lasts 3 hours."),
])
def test_periods_of_two_things_at_a_low_similarity_are_no_conflict(a, b):
    assert decided(a, b, 0.35).relation != "conflict"


def test_two_periods_of_two_things_are_no_conflict_even_when_read_as_one_need():
    # (what the merge guard checks: decide.contradiction on two stories about to be merged)
    from storytransformer.relate.decide import contradiction

    a = story_slots(Story("A", "As a swimmer, I want a text offering me a freed lane\n"
                               "- If nobody accepts within 30 minutes the offer goes to the next one",
                          "b.md", 1, "markdown", role="swimmer", goal="a text offering me a freed lane",
                          acceptance_criteria=("If nobody accepts within 30 minutes the offer goes to the next one",)))
    b = story_slots(Story("B", "As a swimmer, I want a second reminder 1 hour before my lane booking", "b.md", 2,
                          "markdown", role="swimmer", goal="a second reminder 1 hour before my lane booking"))
    assert contradiction(a, b) is None and contradiction(b, a) is None


# --- free against a price; forbidden against allowed; unlimited against a limit


@pytest.mark.parametrize("a, b", [
    ("The first consultation at the vet clinic is free.", "The first consultation at the vet clinic costs 40 euros."),
    ("Die Erstberatung in der Tierklinik ist kostenlos.", "Die Erstberatung in der Tierklinik kostet 40 Euro."),
    ("La première consultation à la clinique vétérinaire est gratuite.",
     "La première consultation à la clinique vétérinaire coûte 40 euros."),
    ("La primera consulta en la clínica veterinaria es gratis.",
     "La primera consulta en la clínica veterinaria cuesta 40 euros."),
    ("A primeira consulta na clínica veterinária é gratuita.",
     "A primeira consulta na clínica veterinária custa 40 euros."),
])
def test_free_against_a_price_is_a_conflict(a, b):
    for x, y in ((a, b), (b, a)):
        d = decided(x, y, 0.8)
        assert d.relation == "conflict", (x, y, d)


def test_free_above_a_threshold_is_no_price():
    d = decided("Bread delivery is free for orders above 20 euros.", "Bread delivery is free for orders above 20 euros!",
                0.9)
    assert d.relation == "duplicate"


@pytest.mark.parametrize("a, b", [
    ("Visitors may take photos in the museum galleries.", "Taking photos in the museum galleries is forbidden."),
    ("Besucher dürfen in den Galerien des Museums fotografieren.",
     "Das Fotografieren in den Galerien des Museums ist verboten."),
    ("Les visiteurs peuvent prendre des photos dans les galeries du musée.",
     "Il est interdit de prendre des photos dans les galeries du musée."),
    ("Los visitantes pueden hacer fotos en las galerías del museo.",
     "Está prohibido hacer fotos en las galerías del museo."),
    ("Bezoekers mogen foto's maken in de galerijen van het museum.",
     "Foto's maken in de galerijen van het museum is verboden."),
])
def test_forbidden_against_allowed_is_a_conflict(a, b):
    for x, y in ((a, b), (b, a)):
        d = decided(x, y, 0.8)
        assert d.relation == "conflict", (x, y, d)


@pytest.mark.parametrize("a, b", [
    ("Premium members get unlimited downloads of the audio guide.",
     "Free members get at most 5 downloads of the audio guide per month."),
    ("Smoking is forbidden in the hotel rooms.", "Smoking is allowed on the hotel terrace."),
    ("Customer parking at the bakery is free.", "Van parking at the bakery costs 2 euros."),
])
def test_claims_about_two_things_are_no_conflict_between_two_needs(a, b):
    # (below the duplicate cutoff: nothing reads them as one need)
    assert decided(a, b, 0.35).relation != "conflict", (a, b)


def test_forbidden_in_two_wordings_is_no_conflict():
    d = decided("Taking photos in the museum galleries is forbidden.",
                "Visitors must not take photos in the museum galleries.", 0.8)
    assert d.relation != "conflict" or "forbids" not in d.reason


@pytest.mark.parametrize("a, b", [
    ("Members can book a coworking desk as many times a week as they like.",
     "Members can book a coworking desk at most twice a week."),
    ("Members have unlimited coworking desk bookings.", "Members have at most 3 coworking desk bookings per month."),
])
def test_unlimited_against_a_limit_is_a_conflict(a, b):
    assert decided(a, b, 0.8).relation == "conflict"


# --- ages


@pytest.mark.parametrize("a, b", [
    ("Renters of a car must be at least 21 years old.", "Car renters aged 18 and over can rent a car."),
    ("Kinder unter 12 Jahren dürfen das Schwimmbad nur mit Begleitung betreten.",
     "Kinder unter 10 Jahren dürfen das Schwimmbad nur mit Begleitung betreten."),
    ("Le donneur doit avoir au moins 18 ans pour donner son sang.",
     "Les jeunes de 17 ans peuvent donner leur sang avec l'accord des parents."),
])
def test_one_age_limit_with_two_values_is_a_conflict(a, b):
    for sim in (0.5, 0.8):
        assert decided(a, b, sim).relation == "conflict", (a, b, sim)


def test_amounts_and_percentages_near_a_person_are_no_ages():
    # (a currency token once reached float() and crashed the 10,000-story plan)
    assert ages(phrase("Children under £50 pay no fee")) == []
    assert ages(phrase("Children under 12 pay no fee")) == ["#12"]
    a = story_slots(line("A", "Children under £50 of pocket money pay no fee."))
    b = story_slots(line("B", "Children under 12 pay no fee."))
    assert age_clash(a, b) is None and age_clash(b, a) is None


@pytest.mark.parametrize("text, lang, bound", [
    ("Il donatore deve avere almeno 18 anni", "it", "atleast"), ("ordini di al massimo 5 pezzi", "it", "atmost"),
    ("pelo menos 3 dias antes", "pt", "atleast"), ("no máximo 2 bagagens", "pt", "atmost"),
    ("per minimaal 250 stuks", "nl", "atleast"), ("maximaal 4 personen", "nl", "atmost"),
])
def test_thresholds_are_bounds_in_italian_portuguese_and_dutch(text, lang, bound):
    tokens = phrase(text, lang).tokens
    assert tokens[tokens.index(bound) + 1].startswith("#"), tokens


def test_ages_of_two_groups_are_no_conflict():
    d = decided("Children under 12 ski for free.", "Seniors over 65 ski for free.", 0.8)
    assert d.relation == "related"
    d = decided("Kayaks may be rented by guests aged 18 and over.", "Guests must be at least 16 years old to rent a bike.",
                0.5)
    assert d.relation != "conflict", d


# --- counts in words, percentages


@pytest.mark.parametrize("a, b", [
    ("A booking at the ski school is for up to three children.", "A booking at the ski school is for at most 4 children."),
    ("Eine Buchung der Skischule gilt für bis zu drei Kinder.", "Eine Buchung der Skischule gilt für höchstens 4 Kinder."),
    ("Una reserva en la escuela de esquí es para tres niños como máximo.",
     "Una reserva en la escuela de esquí es para 4 niños como máximo."),
    ("Members get 10 percent off bakery orders.", "Members get a 15% discount on bakery orders."),
    ("Mitglieder erhalten 10 Prozent Rabatt auf Bestellungen in der Bäckerei.",
     "Mitglieder erhalten 15 % Rabatt auf Bestellungen in der Bäckerei."),
    ("Les membres ont 10 pour cent de remise sur les commandes.", "Les membres ont 20 % de remise sur les commandes."),
])
def test_one_count_or_percentage_with_two_values_is_a_conflict(a, b):
    assert decided(a, b, 0.6).relation == "conflict"


@pytest.mark.parametrize("a, b", [
    ("Members get a 10% discount on bakery orders.", "Members get a 10 percent discount on bakery orders."),
    ("A booking at the ski school is for up to three children.", "A booking at the ski school is for at most 3 children."),
])
def test_one_count_or_percentage_in_two_wordings_is_a_duplicate(a, b):
    assert decided(a, b, 0.6).relation == "duplicate"


@pytest.mark.parametrize("a, b", [
    ("Members get a 10% discount on bakery orders.", "Staff get a 30% discount on bakery orders."),
    ("Members get a 10% discount on bakery orders.", "Members pay a 5% surcharge on card payments."),
])
def test_percentages_of_two_things_are_no_conflict(a, b):
    assert decided(a, b, 0.6).relation == "related"


# --- through the real pipeline: conflicts are never one merge group


def test_conflicts_of_each_kind_are_never_merged():
    texts = ["The first consultation at the vet clinic is free.",
             "The first consultation at the vet clinic costs 40 euros.",
             "Visitors may take photos in the museum galleries.",
             "Taking photos in the museum galleries is forbidden.",
             "Rental cars can be returned free of charge within 72 hours.",
             "Rental cars can be returned free of charge within 7 days.",
             "Fire extinguishers in the museum must be inspected twice a year.",
             "Fire extinguishers in the museum must be inspected once every 12 months."]
    stories = [Story(f"S{i}", t, "backlog.txt", i + 1, "text") for i, t in enumerate(texts)]
    result = relate(stories, method="lexical")
    for group in result.groups:
        if group.relation in ("duplicate", "overlap"):
            ids = {s.id for s in group.stories}
            for k in range(0, len(texts), 2):
                assert not {f"S{k}", f"S{k + 1}"} <= ids, group
