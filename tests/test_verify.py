"""Verification against sources: grounding, invented numbers and names, conflicts, spans."""

from storytransformer.stories import Story
from storytransformer.verify import find_conflicts, stem, tokenize, verify

A = Story("A-1", "As a shopper, I want to reset my password, so that I can log in again.\n"
          "- The reset link expires after 15 minutes\n- The link is sent by email", "a.md", 1, "markdown",
          title="Password reset", acceptance_criteria=("The reset link expires after 15 minutes", "The link is sent by email"))
B = Story("A-2", "As a registered shopper I want password resets by email so that I regain access.",
          "a.md", 9, "markdown")


def fields(**kw):
    base = {"title": "Password reset", "role": "shopper", "goal": "to reset my password by email",
            "benefit": "I can log in again",
            "acceptance_criteria": ["The reset link expires after 15 minutes", "The link is sent by email"]}
    base.update(kw)
    return base


def test_faithful_merge_passes_with_full_score():
    v = verify(fields(), [A, B])
    assert v.passed and v.score == 1.0 and v.unsupported == []


def test_inflections_and_case_are_normalised():
    v = verify(fields(goal="To RESET passwords", benefit="logging in again"), [A, B])
    assert v.score == 1.0, v.unsupported
    assert stem("resets") == stem("reset") == stem("resetting"[:5])


def test_invented_number_always_flags_even_when_score_is_high():
    v = verify(fields(acceptance_criteria=["The reset link expires after 20 minutes", "The link is sent by email"]),
               [A, B], threshold=0.1)
    assert not v.passed and v.invented_numbers == ["20"]
    span = next(s for s in v.unsupported if s.text == "20")
    assert span.field == "acceptance_criteria[0]"
    assert "The reset link expires after 20 minutes"[span.start:span.end] == "20"


def test_invented_name_flags():
    v = verify(fields(goal="to reset my password with Okta"), [A, B], threshold=0.1)
    assert v.invented_names == ["Okta"] and not v.passed


def test_sentence_initial_capital_is_not_a_name():
    v = verify(fields(benefit="Access is regained"), [A, B])
    assert v.invented_names == []


def test_unsupported_spans_group_adjacent_words_and_lower_the_score():
    goal = "to reset my password using quantum blockchain tokens"
    v = verify(fields(goal=goal), [A, B], threshold=0.95)
    span = next(s for s in v.unsupported if s.field == "goal")
    assert goal[span.start:span.end] == "using quantum blockchain tokens"
    assert 0 < v.score < 1 and not v.passed and "below" in v.reasons[0]


def test_conflicting_quantities_between_sources():
    c = Story("A-3", "As a shopper I want the reset link to last 30 minutes.", "a.md", 20, "markdown")
    assert find_conflicts([A, B]) == []
    conflicts = find_conflicts([A, c])
    assert len(conflicts) == 1 and "15" in conflicts[0] and "30" in conflicts[0] and "minutes" in conflicts[0]
    assert not verify(fields(), [A, c]).passed


def test_one_story_listing_two_values_is_not_a_conflict():
    d = Story("D-1", "Remind after 5 minutes and again after 10 minutes.", "d.md", 1, "markdown")
    assert find_conflicts([d, B]) == []


def test_dropped_acceptance_criterion_flags():
    v = verify(fields(acceptance_criteria=["The link is sent by email"]), [A, B])
    assert v.dropped_criteria == ["The reset link expires after 15 minutes"] and not v.passed


def test_empty_merge_fails():
    v = verify({"title": "", "role": "", "goal": "", "benefit": "", "acceptance_criteria": []}, [B])
    assert not v.passed and v.score == 0.0


def test_tokenize_offsets_round_trip():
    text = "Users' 2FA codes expire in 3.5 min (SMS)."
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
