"""A Gherkin scenario's role is its Feature's narrative: the audience of every scenario, not
the person acting in one. "As a new patient of the practice" over "Scenario: A parent books
an appointment for a linked child" is one need with "As a parent, I want to book appointments
for my children" (examples/ careslot: merged before 665a82f, then refused as 'parent' vs 'new
patient' by role class; relate/reworded.role_difference). Two narratives of two kinds of
person stay apart."""

from __future__ import annotations

from storytransformer.ingest import read_text
from storytransformer.relate import relate

FEATURE = """Feature: Dental practice sign-up and family check-ups
  As a patient of the dental practice
  I want to sign up and manage my check-ups online
  So that I don't need to phone the reception

  Background:
    Given the practice "Bright Smile Dental" accepts online sign-up

  Scenario: Sign up with a verified email
    Given I am on the sign-up page
    When I enter my name, address and email
    Then my patient record is created

  Scenario: A parent books a check-up for a linked child
    Given my 8-year-old daughter is linked to my account
    When I book a check-up and choose "Book for: Mia"
    Then only dentists who treat children are listed
    And the booking shows Mia's name and my contact details
"""
PARENT = """As a parent, I want to book dental check-ups for my children from my own account, so that I do not need separate logins for each child.

Acceptance criteria:
- Children under 16 can be linked to a parent account
- The booking shows the child's name, not the parent's
"""
TEACHER = """As a teacher, I want to book dental check-ups for my pupils from my own account, so that I do not need separate logins for each pupil.
"""


def _groups(files: dict[str, str]) -> set[frozenset[str]]:
    stories = []
    for name, text in files.items():
        stories += read_text(text, format="gherkin" if name.endswith(".feature") else "text", name=name).stories
    rel = relate(stories)
    title = {s.id: (s.title or s.text.split(",")[0]) for s in stories}
    return {frozenset(title[i] for i in g.story_ids) for g in rel.groups
            if g.relation == "duplicate" and not g.is_singleton}


def test_a_scenario_whose_actor_is_not_the_features_role_merges_with_that_actors_story():
    merged = _groups({"dental.feature": FEATURE, "parent.txt": PARENT})
    assert any(any("parent books" in t for t in g) and any(t.startswith("As a parent") for t in g)
               for g in merged), merged


def test_two_narratives_of_two_kinds_of_person_stay_apart():
    # one need asked by two kinds of person, each in their own narrative: two stories
    merged = _groups({"parent.txt": PARENT, "teacher.txt": TEACHER})
    assert not any(len(g) > 1 for g in merged), merged
