"""Conflicts of behaviour: one story says an action happens (or is allowed), another says it must
not happen or is not needed: a conflict shown with both sides, even when the roles differ and one
side is a rule for everyone; a negation that says which things ("a bin that was not emptied"),
a bound ("no later than"), one role's own limit, or the action on another thing is none.

Our own stories, written for these tests (library, gym, clinic, ferry, school, museum, bakery,
coworking; en/de/fr/es/it), relate/behaviour.py."""

from __future__ import annotations

import pytest

from storytransformer.relate import relate
from storytransformer.relate.behaviour import behaviour_conflict, stem
from storytransformer.stories import Story


def story(sid, role, goal, *criteria, title=""):
    text = f"As a {role}, I want {goal}." + "".join(f"\n- {c}" for c in criteria)
    return Story(sid, text, "backlog.md", 1, "markdown", title=title, role=role, goal=goal,
                 acceptance_criteria=tuple(criteria))


@pytest.mark.parametrize("a, b", [
    # a rule for everyone against another role's wish (en): "nobody ... renew"
    (story("A", "librarian", "to renew a member's loan at the desk", "Librarian can renew an overdue loan"),
     story("B", "library director", "renewals to be locked once a loan is overdue",
           "Nobody must be able to renew a loan after it is overdue", title="Lock overdue loans")),
    # a group of people must not: "members to not be able to cancel online"
    (story("A", "gym member", "to cancel my membership online"),
     story("B", "gym manager", "members to not be able to cancel online so that we can talk to them")),
    # "no X needed" against "X happens" (en): approval
    (story("A", "teacher", "to book the school bus for a trip", "The head teacher approves the booking"),
     story("B", "teacher", "bus bookings under 20 pupils to go through at once",
           "No head teacher approval needed for small bookings")),
    # a nominal negation: "refunded" / "no refund is given"
    (story("A", "passenger", "cancelled ferry tickets to be refunded to my card"),
     story("B", "ferry operator", "cancelled tickets to be turned into vouchers", "No refund is given for a cancelled ticket")),
    # German: "Buchung stornieren" / "dürfen nicht storniert werden"
    (story("A", "Mitglied", "meine Kursbuchung stornieren", title="Kursbuchung stornieren"),
     story("B", "Studioleiterin", "Kursbuchungen nach Kursbeginn sperren",
           "Kursbuchungen dürfen nach Kursbeginn nicht storniert werden")),
    # French: "supprimer mon dossier" / "ne doivent pas être supprimés"
    (story("A", "patient", "supprimer mon dossier médical en ligne"),
     story("B", "médecin", "garder les dossiers dix ans", "Les dossiers médicaux ne doivent pas être supprimés")),
    # Spanish: "nadie puede modificar la reserva"
    (story("A", "socio", "modificar mi reserva de sala", "El socio puede modificar una reserva confirmada"),
     story("B", "gerente", "reservas cerradas", "Nadie puede modificar una reserva confirmada")),
    # Italian: "nessuna approvazione del medico"
    (story("A", "infermiere", "che il medico approvi ogni ricetta", "Il medico approva la ricetta"),
     story("B", "farmacista", "ricette ripetute veloci", "Nessuna approvazione del medico per le ricette ripetute")),
    # everyone against one kind of person's permission
    (story("A", "forum admin", "to moderate comments", "Admins can delete comments"),
     story("B", "community lead", "comments kept", "Nobody must be able to delete comments")),
])
def test_one_side_forbids_what_the_other_does_is_a_conflict(a, b):
    reason = behaviour_conflict(a, b)
    assert reason and "must not happen" in reason, reason
    assert behaviour_conflict(b, a)  # either order


@pytest.mark.parametrize("a, b", [
    # which things, not a rule: "report a bin that was not emptied" / "see when my bin is emptied"
    (story("A", "resident", "to see when my bin is emptied"),
     story("B", "resident", "to report a bin that was not emptied")),
    (story("A", "Anwohner", "erfahren, wann meine Tonne geleert wird"),
     story("B", "Bürger", "melden, dass meine Tonne nicht geleert wurde")),
    # a bound, not a negated action
    (story("A", "customer", "the bakery to deliver my order", "Delivered within 3 days"),
     story("B", "customer", "to know the delivery date", "Delivered no later than 5 days after payment")),
    # the action on another thing: "nobody may delete an invoice" / "delete a draft"
    (story("A", "accountant", "to delete a draft report"),
     story("B", "auditor", "invoices kept", "Nobody must be able to delete an invoice")),
    # one role's own limit does not overrule another role ("I cannot see ...")
    (story("A", "curator", "to edit the exhibition texts"),
     story("B", "museum guide", "to read the exhibition texts", "As a guide I cannot edit the exhibition texts")),
    # a condition the other story does not state: the action in general is no conflict
    (story("A", "coworking host", "to publish the desk plan a week ahead"),
     story("B", "safety officer", "a fire check", "The desk plan cannot be published with a blocked exit")),
    # "with no fraud flag": which claims, not a negated action
    (story("A", "claims manager", "claims with no fraud flag to be paid at once"),
     story("B", "fraud analyst", "to flag claims with a high fraud score")),
    # the reason is no rule: "so that nothing is lost"
    (story("A", "nurse", "to export my shifts so that nothing is lost"),
     story("B", "nurse", "to lose no time when exporting")),
    # a bug report says what fails, not what must not happen
    (story("A", "patient", "to cancel my appointment online"),
     story("B", "support agent", "a fix: patients cannot cancel their appointment online")),
    (story("A", "player", "to pause the game"), story("B", "player", "a fix: the game does not pause on a call")),
    # a state, not a rule: "fatture non pagate" / "fatture pagate"
    (story("A", "contabile", "vedere le fatture pagate"), story("B", "contabile", "un promemoria per le fatture non pagate")),
    # Portuguese "no" is "in the"
    (story("A", "treinador", "registar a presença dos atletas em cada treino da semana"),
     story("B", "atleta", "ver a minha presença no treino e quantas vezes faltei este mês")),
    # two permissions of two kinds of person: admins may, users may not
    (story("A", "forum admin", "to moderate comments", "Admins can delete comments"),
     story("B", "community lead", "comments kept", "Users must not be able to delete comments")),
])
def test_which_things_bounds_other_objects_and_own_limits_are_no_conflict(a, b):
    assert behaviour_conflict(a, b) is None
    assert behaviour_conflict(b, a) is None


def test_stems_join_one_action_in_two_forms():
    assert stem("prorated") == stem("proration")
    assert stem("gelöscht") == stem("löschen")
    assert stem("publishing") == stem("published")
    assert stem("swaps") == stem("swap")
    assert stem("approval") == stem("approves")


def test_relate_shows_a_behaviour_conflict_with_both_sides_and_merges_neither():
    """Through relate(): the pair is a conflict link (or a conflict group), never a merge."""
    texts = [
        "As a member I want to renew my library loan online.",
        "As a library director I want members to not be able to renew a loan online.",
        "As a visitor I want to see the opening hours of the library.",
    ]
    stories = [Story(f"S{i}", t, "backlog.txt", i + 1, "text") for i, t in enumerate(texts)]
    result = relate(stories, method="lexical")
    pair = {"S0", "S1"}
    for group in result.groups:
        if group.relation in ("duplicate", "overlap"):
            assert not pair <= set(group.story_ids), group
    conflicts = [link for link in result.links if {link.source, link.target} == pair and link.relation == "conflict"]
    grouped = [g for g in result.groups if g.relation == "conflict" and pair <= set(g.story_ids)]
    assert conflicts or grouped
    if conflicts:
        assert "renew" in conflicts[0].reason


def test_two_scenarios_of_one_feature_are_left_to_their_steps():
    """The feature's narrative ("I want to be reminded") is in every scenario: "No reminder for
    cancelled bookings" is an exception to it, not a conflict with a sibling scenario."""
    from storytransformer.ingest import read_text

    feature = """Feature: Class reminders
  As a gym member
  I want to be reminded about my classes

  Scenario: No reminder for cancelled classes
    Given I cancelled my class yesterday
    Then no reminder is sent

  Scenario: Reply to confirm
    Given a reminder is sent for my class
    When I reply YES
    Then the class is marked as confirmed
"""
    a, b = read_text(feature, format="gherkin", name="reminders.feature").stories
    assert behaviour_conflict(a, b) is None
    # the same two statements in two backlogs' stories are a conflict
    plain = [Story(s.id, s.text, f"{s.id}.md", 1, "markdown", title=s.title,
                   acceptance_criteria=s.acceptance_criteria) for s in (a, b)]
    assert behaviour_conflict(*plain)
