"""The user-reported answer files (copied from the shared cases into tests/data/answers/):
parsed leniently, validated, verified through the real merge path."""

from pathlib import Path

import pytest

from storytransformer.generate import GroupAnswer, parse_answer, validate
from storytransformer.ingest import ingest_paths
from storytransformer.merge import outcome_for_group
from storytransformer.verify import DEFAULT_THRESHOLD

HERE = Path(__file__).parent / "data" / "answers"


def outcome(name):
    stories = ingest_paths([HERE / "address_stories.md"]).stories
    assert len(stories) == 2
    parsed = parse_answer((HERE / name).read_text(encoding="utf-8"))
    validated = validate(parsed.items, [s.id for s in stories])
    assert not validated.missing, validated.problems
    outs = outcome_for_group(GroupAnswer("g1", validated, parsed.error), stories, DEFAULT_THRESHOLD)
    assert len(outs) == 1 and len(outs[0].sources) == 2
    return outs[0]


def test_a_raw_line_break_inside_a_string_is_read_and_the_merge_kept():
    o = outcome("a_control_char.txt")
    assert o.decision == "merged", o.flags
    assert "Shopper can edit the saved address" in o.acceptance_criteria


def test_the_final_answer_after_a_think_block_counts():
    o = outcome("c_think_tags.txt")
    assert o.decision == "merged", o.flags
    assert len(o.acceptance_criteria) == 2


@pytest.mark.parametrize("name, kind, span", [
    ("h3_negation.txt", "negation", "not"),
    ("h2_invented_team.txt", "invented", "The logistics team reviews every saved address"),
])
def test_a_reversed_or_invented_criterion_is_flagged_with_its_span(name, kind, span):
    o = outcome(name)
    # The model's merge is rejected: an extractive merge of the originals replaces it, flagged,
    # and the rejected merge is kept beside it with its marked spans.
    assert o.decision == "flagged" and o.rejected
    assert "Shopper can edit the saved address" in o.acceptance_criteria
    marked = [s for s in o.rejected["unsupported"] if s["kind"] == kind]
    assert marked and marked[0]["text"] == span and marked[0]["reason"]
    assert "Shopper can edit the saved address" in marked[0]["source"]
