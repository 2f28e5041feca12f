"""Quantities in other units are one value (relate/units.py), a verb of the action lexicon
used as a noun is no action, and a "not" inside a need that says which items is a state, not
a refusal. Our own stories (coworking, parking, photo studio, sports club; en/de/fr/it/nl)."""

from storytransformer.relate import decide_stories
from storytransformer.relate.slots import phrase
from storytransformer.relate.units import canonical_quantities
from storytransformer.stories import Story


def story(sid, goal, role="member", criteria=()):
    text = f"As a {role}, I want {goal}" + "".join(f"\n- {c}" for c in criteria)
    return Story(sid, text, "s.md", 1, "markdown", role=role, goal=goal, acceptance_criteria=tuple(criteria))


def test_units_are_written_canonically_in_several_languages():
    assert canonical_quantities("reminders 24 hours before") == "reminders 1 day before"
    assert canonical_quantities("a 120-minute slot") == "a 2 hour slot"
    assert canonical_quantities("within 7 days") == canonical_quantities("within one week")
    assert canonical_quantities("max. 1024 MB") == canonical_quantities("up to 1 GB").replace("up to", "max.")
    assert canonical_quantities("1,5 Stunden") == "90 minute"
    assert canonical_quantities("48h") == canonical_quantities("2 jours") == "2 day"
    assert canonical_quantities("48 to 72 hours") == "2 day to 3 day"
    # not converted: a word between number and unit, months into days, "2 to" is no size
    assert canonical_quantities("5 working days") == "5 working days"
    assert canonical_quantities("30 days") == "30 day"
    assert "tb" not in canonical_quantities("2 to 3 seats")


def test_one_value_in_two_units_is_a_duplicate_and_other_values_a_conflict():
    a = story("A", "to book a meeting room for 2 hours")
    b = story("B", "to book a meeting room for 120 minutes")
    assert decide_stories(a, b, 0.8).relation == "duplicate"
    c = story("C", "to book a meeting room for 90 minutes")
    d = decide_stories(a, c, 0.8)
    assert d.relation == "conflict" and "90" in d.reason
    e = story("E", "reminders sent 24 hours before the visit", role="pet owner")
    f = story("F", "reminders sent 2 days before the visit", role="pet owner")
    g = story("G", "reminders sent one day before the visit", role="pet owner")
    assert decide_stories(e, f, 0.85).relation == "conflict"
    assert decide_stories(e, g, 0.85).relation == "duplicate"
    big = story("H", "to download my gallery as a ZIP file of up to 2 GB", role="client")
    small = story("I", "to download my gallery as a ZIP file of up to 500 MB", role="client")
    assert decide_stories(big, small, 0.85).relation == "conflict"


def test_two_durations_of_different_things_are_no_conflict():
    a = story("A", "an SMS reminder 24 hours before my appointment", role="patient")
    b = story("B", "to check in at the kiosk up to 30 minutes before my appointment", role="patient")
    assert decide_stories(a, b, 0.6).relation != "conflict"


def test_a_criterion_limit_in_other_numbers_is_a_conflict_even_when_the_need_is_reworded():
    base = ["Expenses above {} EUR need the accountant's approval", "Approved expenses are booked automatically"]
    a = story("A", "large expenses to need my accountant's approval", "freelancer", [c.format(500) for c in base])
    b = story("B", "large expenses to need my accountant's approval", "freelancer", [c.format(1000) for c in base])
    assert decide_stories(a, b, 0.9).relation == "conflict"


def test_an_action_word_used_as_a_noun_is_no_action():
    assert phrase("to download my claim report").tokens[0] == "!download"
    assert "!report" not in phrase("to download the report").tokens
    assert "!report" in phrase("to report a damaged bin").tokens
    assert "!pay" not in phrase("to enter my card at checkout").tokens
    assert "!pay" not in phrase("to see the checkout page").tokens
    assert "!download" not in phrase("den Export starten", "de").tokens
    assert "!download" not in phrase("télécharger le rapport", "fr").tokens[1:]
    # "mark" is a grade only as a noun; as a synonym it never becomes an action
    assert not any(t.startswith("!") for t in phrase("Let clients mark photos as favourites").tokens)


def test_a_negated_state_inside_the_need_is_a_sibling_a_negated_need_a_conflict():
    paid = story("A", "to see which members have paid their annual fee", role="club treasurer")
    unpaid = story("B", "to see which members have not paid their annual fee", role="club treasurer")
    assert decide_stories(paid, unpaid, 0.95).relation == "related"
    it_paid = Story("C", "Come libero professionista, voglio vedere le fatture pagate.", "s.md", 1, "markdown")
    it_unpaid = Story("D", "Come libero professionista, voglio vedere le fatture non pagate.", "s.md", 1, "markdown")
    assert decide_stories(it_paid, it_unpaid, 0.95).relation == "related"
    want = story("E", "overdue fines to be charged automatically", role="librarian")
    dont = story("F", "not to have overdue fines charged automatically", role="librarian")
    assert decide_stories(want, dont, 0.8).relation == "conflict"


def test_short_non_english_stories_are_read_in_their_language():
    from storytransformer.relate.slots import story_slots

    for text, lang in (("Come automobilista, voglio pagare il parcheggio in contanti.", "it"),
                       ("Como treinador, quero ver a lista de presença do treino.", "pt"),
                       ("Als lid wil ik een vergaderruimte reserveren.", "nl")):
        assert story_slots(Story("X", text, "s.md", 1, "markdown")).lang == lang, text
    nl = story_slots(Story("Y", "Als lid wil ik een vergaderruimte reserveren.", "s.md", 1, "markdown"))
    assert "!book" in nl.need.tokens


def test_a_parent_feature_covers_its_parts_as_an_overlap():
    manage = story("A", "to manage members: add, edit and remove them", role="club admin")
    add = story("B", "to add a new member", role="club admin")
    d = decide_stories(manage, add, 0.62)
    assert d.relation == "overlap" and "covers" in d.reason
    bookings = story("C", "to manage my bookings")
    cancel = story("D", "to cancel one of my bookings")
    assert decide_stories(bookings, cancel, 0.6).relation == "overlap"
    # one sentence with several verbs is no list of features; two lists of one size are one need
    a = story("E", "to approve or decline a leave request from the email", role="line manager")
    b = story("F", "to accept or reject holiday requests from the notification", role="manager")
    assert decide_stories(a, b, 0.5).relation != "overlap"
    other = story("G", "to cancel my subscription")
    assert decide_stories(bookings, other, 0.6).relation != "overlap"


def test_means_of_payment_are_channels():
    card = Story("A", "Come automobilista, voglio pagare il parcheggio con la carta di credito.", "s.md", 1, "markdown")
    cash = Story("B", "Come automobilista, voglio pagare il parcheggio in contanti.", "s.md", 1, "markdown")
    d = decide_stories(card, cash, 0.75)
    assert d.relation == "related" and "channel" in d.reason
    en_card = story("C", "to pay for parking by credit card", role="driver")
    en_cash = story("D", "to pay for parking in cash", role="driver")
    assert decide_stories(en_card, en_cash, 0.8).relation == "related"


def test_verb_last_languages_have_actions_too():
    book = Story("A", "Als lid wil ik een vergaderruimte reserveren.", "s.md", 1, "markdown")
    cancel = Story("B", "Als lid wil ik mijn reservering van een vergaderruimte annuleren.", "s.md", 1, "markdown")
    assert decide_stories(book, cancel, 0.71).relation == "related"
    de_book = Story("C", "Als Mitglied möchte ich einen Schreibtisch für morgen buchen.", "s.md", 1, "markdown")
    de_cancel = Story("D", "Als Mitglied möchte ich meine Schreibtischbuchung für morgen stornieren.", "s.md", 1,
                      "markdown")
    assert decide_stories(de_book, de_cancel, 0.54).relation == "related"


def test_a_reworded_need_with_clashing_criteria_is_a_conflict():
    crit = "- Payouts are made within {} days after the campaign ends\n- A fee of 5% is deducted"
    a = Story("A", "As a campaign creator, I want payouts to be sent to my bank account.\n" + crit.format(14), "s.md",
              1, "markdown", role="campaign creator", goal="payouts to be sent to my bank account",
              acceptance_criteria=("Payouts are made within 14 days after the campaign ends", "A fee of 5% is deducted"))
    b = Story("B", "As a creator, I want to receive the money raised on my bank account.\n" + crit.format(30), "s.md",
              1, "markdown", role="creator", goal="to receive the money raised on my bank account",
              acceptance_criteria=("Payouts are made within 30 days after the campaign ends", "A fee of 5% is deducted"))
    d = decide_stories(a, b, 0.79)
    assert d.relation == "conflict" and ("2 week" in d.reason or "14" in d.reason), d
