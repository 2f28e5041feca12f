"""Model answers with per-criterion sources (answer_schema.py), raw line breaks in strings
and reasoning blocks: read by generate's lenient parser into Drafts."""

import json

from storytransformer.answer_schema import answer_schema
from storytransformer.generate import parse_answer, validate

IDS = ["JIRA-1", "JIRA-2", "notes.md#3"]


def story(**kw):
    base = {"title": "t", "role": "r", "goal": "g", "benefit": "b", "acceptance_criteria": [], "sources": ["S1", "S2", "S3"]}
    base.update(kw)
    return base


def drafts(answer):
    return validate(parse_answer(answer).items, IDS).drafts


def test_per_criterion_sources_map_labels_to_ids():
    crit = [{"text": "Address is prefilled", "sources": ["S1", "S2"]}, {"text": "Shopper can edit it", "sources": ["s3"]}]
    (d,) = drafts(json.dumps({"stories": [story(acceptance_criteria=crit)]}))
    assert d.acceptance_criteria == ("Address is prefilled", "Shopper can edit it")
    assert d.criterion_sources == (("JIRA-1", "JIRA-2"), ("notes.md#3",))


def test_plain_string_criteria_have_no_citations():
    (d,) = drafts(json.dumps({"stories": [story(acceptance_criteria=["A", "B"])]}))
    assert d.acceptance_criteria == ("A", "B") and d.criterion_sources == ()


def test_mixed_criteria_unknown_labels_and_repeats():
    crit = [{"text": "A", "sources": ["S9"]}, "B", {"text": "a", "sources": "S2, S1"}, {"text": "C"}]
    (d,) = drafts(json.dumps({"stories": [story(acceptance_criteria=crit)]}))
    assert d.acceptance_criteria == ("A", "B", "C")
    # S9 is no label of the group: kept as "?S9" so the verifier rejects the criterion
    # (verify/citations.py) rather than print it with a citation it lost; a repeated
    # criterion's sources join the first.
    assert d.criterion_sources == (("?S9", "JIRA-2", "JIRA-1"), (), ())


def test_a_raw_line_break_or_tab_inside_a_string_is_read():
    raw = '{"stories": [{"title": "Save\taddress", "goal": "my address\nsaved", "acceptance_criteria": ["Shopper can edit the\nsaved address"], "sources": ["S1", "S2", "S3"]}]}'
    p = parse_answer(raw)
    assert p.error is None
    (d,) = validate(p.items, IDS).drafts
    assert d.goal == "my address saved" and d.acceptance_criteria == ("Shopper can edit the saved address",)


def test_the_answer_after_a_think_block_counts_not_the_draft_inside_it():
    draft = json.dumps({"stories": [story(title="draft", sources=["S1"])]})
    final = json.dumps({"stories": [story(title="final")]})
    for tag in ("think", "thinking", "THINK"):
        (d,) = drafts(f"<{tag}>\nA first draft: {draft}\n</{tag}>\n\n{final}")
        assert d.title == "final" and d.sources == tuple(IDS)


def test_an_unclosed_think_block_still_yields_its_json():
    final = json.dumps({"stories": [story(title="only")]})
    (d,) = drafts(f"<think>reasoning cut short {final}")
    assert d.title == "only"


def test_the_schema_and_the_parser_agree():
    schema = answer_schema(["S1", "S2", "S3"])
    crit = schema["properties"]["stories"]["items"]["properties"]["acceptance_criteria"]["items"]
    assert set(crit["required"]) == {"text", "sources"} and crit["properties"]["sources"]["items"]["enum"] == ["S1", "S2", "S3"]
