"""Reworded duplicates (another team's words for one need) are found and merged; siblings by
channel or role, "do not want" negations and bound-word number changes are not.

The stories here are written for these tests (travel, utilities, libraries, HR, retail),
not copied from the benchmark sets."""

from __future__ import annotations

from storytransformer.relate import decide_stories, relate
from storytransformer.relate.concepts import concept_pairs
from storytransformer.relate.slots import phrase, story_slots
from storytransformer.stories import Story


def story(sid, goal, role="user", title="", criteria=(), benefit=None, text=None):
    text = text or (f"As a {role}, I want {goal}" + (f", so that {benefit}" if benefit else ""))
    return Story(sid, text, "b.md", 1, "markdown", title=title, role=role, goal=goal, benefit=benefit,
                 acceptance_criteria=tuple(criteria))


def title_only(sid, title):
    return Story(sid, title, "jira.csv", 1, "csv", title=title)


def test_multi_word_verbs_and_terms_read_as_one_word():
    assert phrase("to log on to the portal").tokens == phrase("to sign in").tokens == ("!login",)
    assert phrase("call off the meter reading visit").tokens[0] == "!cancel"
    assert phrase("réinitialiser mon mot de passe", "fr").tokens == ("!reset", "password")
    # bounds in four languages are one token, so only the numbers differ
    assert phrase("höchstens 3 Geräte", "de").tokens[0] == phrase("bis zu 6 Geräte", "de").tokens[0] == "atmost"
    assert phrase("up to 4 seats").tokens[0] == phrase("at most 9 seats").tokens[0] == "atmost"
    assert phrase("at least 4 seats").tokens[0] == "atleast"


def test_german_synonyms_are_one_need():
    a = story("A", "mein Passwort zurücksetzen", role="Kunde",
              text="Als Kunde möchte ich mein Passwort zurücksetzen.")
    b = story("B", "mein Kennwort zurücksetzen, wenn ich es vergessen habe", role="Nutzerin",
              text="Als Nutzerin will ich mein Kennwort zurücksetzen, wenn ich es vergessen habe.")
    assert decide_stories(a, b, 0.3).relation == "duplicate"


def test_reworded_need_with_few_shared_words_is_a_duplicate_below_the_cutoff():
    a = story("A", "to cancel a meter reading appointment online", role="householder")
    b = story("B", "to call off my booked meter reading appointment through the website",
              role="customer", benefit="the engineer does not come for nothing")
    d = decide_stories(a, b, 0.3)
    assert d.relation == "duplicate" and "other words" in d.reason
    # ... while a story about the same object with another action is not one need
    c = story("C", "to view my meter reading appointment online", role="householder")
    assert decide_stories(a, c, 0.3).relation != "duplicate"


def test_notification_channels_are_siblings():
    sms = story("A", "to get a text message when my library book is due back", role="borrower")
    mail = story("B", "to get an e-mail when my library book is due back", role="borrower")
    push = story("C", "to get a push notification when my library book is due back", role="borrower")
    for x, y in ((sms, mail), (mail, push), (sms, push)):
        d = decide_stories(x, y, 0.8)
        assert d.relation == "related" and "channel" in d.reason, (x.goal, y.goal, d)


def test_a_generic_user_and_a_staff_role_asking_the_same_are_siblings():
    guest = story("A", "to see the details of a room reservation", role="guest")
    manager = story("B", "to see the details of a room reservation", role="front office manager")
    d = decide_stories(guest, manager, 0.9)
    assert d.relation == "related" and "roles" in d.reason
    # two wordings of "whoever uses the product" stay one need
    member = story("C", "to see the details of a room reservation", role="customer")
    assert decide_stories(guest, member, 0.9).relation == "duplicate"


def test_do_not_want_contradicts_want():
    want = story("A", "overdue fines to be charged automatically", role="librarian")
    dont = story("B", "not to have overdue fines charged automatically", role="librarian")
    d = decide_stories(want, dont, 0.8)
    assert d.relation == "conflict" and "rules out" in d.reason
    # a "not" deep inside the need is a detail, not a negated need
    a = story("C", "to choose which of my items may be swapped and which must not be", role="shopper")
    b = story("D", "to choose which items may be swapped for others and which must not be", role="customer")
    assert decide_stories(a, b, 0.7).relation != "conflict"


def test_bound_words_in_two_languages_give_a_number_conflict():
    a = story("A", "höchstens 3 Geräte gleichzeitig anmelden", role="Nutzer",
              text="Als Nutzer möchte ich höchstens 3 Geräte gleichzeitig anmelden.")
    b = story("B", "bis zu 6 Geräte gleichzeitig anmelden", role="Nutzer",
              text="Als Nutzer möchte ich bis zu 6 Geräte gleichzeitig anmelden.")
    d = decide_stories(a, b, 0.8)
    assert d.relation == "conflict" and "3" in d.reason and "6" in d.reason


def test_similar_short_stories_with_other_actions_need_more_than_the_cutoff():
    a = story("A", "to view my gas bill", role="householder")
    b = story("B", "to dispute my gas bill", role="householder")
    assert decide_stories(a, b, 0.49).relation != "duplicate"


def test_concept_retrieval_finds_pairs_that_share_no_surface_words():
    stories = [
        story("A", "to sign in with my fingerprint", role="account holder"),
        story("B", "to log on using my fingerprint", role="customer"),
        story("C", "to export the timesheet to a spreadsheet", role="contractor"),
        story("D", "to approve expense claims", role="line manager"),
    ]
    rows, cols = concept_pairs([story_slots(s) for s in stories])
    assert (0, 1) in set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert concept_pairs([story_slots(stories[0])])[0].size == 0  # one story: no pairs


def test_relate_merges_a_reworded_pair_and_keeps_siblings_apart():
    stories = [
        title_only("T-1", "Cancel a meter reading appointment"),
        story("S-1", "to call off my meter reading appointment in the app", role="customer",
              benefit="nobody comes to an empty house"),
        story("S-2", "to get my meter reading reminder by SMS", role="customer"),
        story("S-3", "to get my meter reading reminder by email", role="customer"),
        story("S-4", "to submit a meter reading with a photo", role="customer"),
        story("S-5", "to see my tariff", role="customer"),
    ]
    rel = relate(stories, method="lexical")
    group_of = {sid: g for g in rel.groups if not g.is_singleton for sid in g.story_ids}
    assert group_of.get("T-1") is not None and group_of["T-1"] is group_of.get("S-1")
    assert group_of["T-1"].relation == "duplicate"
    assert group_of.get("S-2") is None or group_of.get("S-2") is not group_of.get("S-3")
    assert all(len(g.story_ids) <= 2 for g in rel.groups)


def test_loose_siblings_by_role_and_by_object_are_not_duplicates():
    # the staff member's need contains the user's: still two stories
    borrower = story("A", "to see my loan history", role="borrower")
    librarian = story("B", "to see the loan history for all branches", role="librarian")
    d = decide_stories(borrower, librarian, 0.7)
    assert d.relation == "related" and "roles" in d.reason
    # one action on two short objects sharing no word
    d = decide_stories(story("C", "to buy a day ticket", role="rider"),
                       story("D", "to buy a season pass", role="rider"), 0.6)
    assert d.relation == "related" and "objects" in d.reason
    # two wordings of one role's need with a different role word are still one need
    a = story("E", "to download my tax certificate", role="policyholder")
    b = story("F", "to download my tax certificate as a PDF", role="insured customer")
    assert decide_stories(a, b, 0.7).relation in ("duplicate", "overlap")
