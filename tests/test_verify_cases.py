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


def test_the_report_shows_each_flag_as_a_span_with_its_reason_beside_the_source(tmp_path):
    from scripted_engine import ScriptedEngine
    from storytransformer.merge import MergeSettings, merge_corpus
    from storytransformer.stories import Corpus, Group
    from storytransformer.write.report import report_html

    stories = ingest_paths([HERE / "address_stories.md"]).stories
    corpus = Corpus(stories, [], ["address_stories.md"])
    run = merge_corpus(corpus, [Group(tuple(s.id for s in stories))], MergeSettings(),
                       engine=ScriptedEngine(["negate"]), out_dir=tmp_path)
    (out,) = run.stories
    assert out.decision == "flagged" and out.rejected  # the reversed merge is not accepted
    page = report_html(run)
    # The reversed criterion, its negation marked with the reason as tooltip, the reason and
    # the source sentence it contradicts listed under it.
    assert 'Address is <mark class="claim" title="negation flipped: adds a negation the source does not have">not</mark>' in page
    assert '<span class="kind">negation</span>negation flipped: adds a negation the source does not have' in page
    assert "| address_stories.md#1: Address is prefilled on the next order" in page


def test_per_criterion_sources_flow_from_the_answer_to_the_merged_story(tmp_path):
    from scripted_engine import ScriptedEngine
    from storytransformer.merge import MergeSettings, merge_corpus
    from storytransformer.stories import Corpus, Group

    stories = ingest_paths([HERE / "address_stories.md"]).stories
    s1, s2 = (s.id for s in stories)
    run = merge_corpus(Corpus(stories, [], ["address_stories.md"]), [Group((s1, s2))], MergeSettings(),
                       engine=ScriptedEngine(["cited"]), out_dir=tmp_path)
    (out,) = run.stories
    assert out.decision == "merged", out.flags
    assert dict(zip(out.acceptance_criteria, out.criterion_sources, strict=True)) == {
        "Address is prefilled on the next order": [s1, s2], "Shopper can edit the saved address": [s1]}


def test_a_criterion_the_merge_dropped_is_marked_in_its_source_text(tmp_path):
    from scripted_engine import ScriptedEngine
    from storytransformer.merge import MergeSettings, merge_corpus
    from storytransformer.stories import Corpus, Group
    from storytransformer.write.report import report_html

    from storytransformer.verify import verify

    stories = ingest_paths([HERE / "address_stories.md"]).stories
    s1, s2 = stories
    # A merge that forgets S1's second criterion: the span lies in S1's own text.
    v = verify({"title": "t", "role": s1.role, "goal": s1.goal, "benefit": s1.benefit,
                "acceptance_criteria": ["Address is prefilled on the next order"]}, [s1, s2])
    (span,) = [s for s in v.lost if s.field == f"source:{s1.id}"]
    assert span.kind == "dropped" and s1.text[span.start:span.end] == "Shopper can edit the saved address"
    run = merge_corpus(Corpus(stories, [], ["a.md"]), [Group((s1.id, s2.id))], MergeSettings(),
                       engine=ScriptedEngine(["good"]), out_dir=tmp_path)
    run.stories[0].unsupported = [span.to_dict()]  # the report of such a story: marked in the source
    page = report_html(run)
    assert '<mark class="claim" title="dropped: ' in page and "Shopper can edit the saved address</mark>" in page
