"""Parsing and validating untrusted model answers (no engine needed)."""

import json

from hypothesis import given, settings, strategies as st

from storytransformer.generate import parse_answer, validate

GOOD = {"stories": [{"title": "Reset", "role": "shopper", "goal": "to reset my password", "benefit": "log in",
                     "acceptance_criteria": ["link expires"], "sources": ["S1", "S2"]}]}
IDS = ("A-1", "A-2", "A-3")


def test_plain_json():
    p = parse_answer(json.dumps(GOOD))
    assert p.error is None and p.items[0]["sources"] == ["S1", "S2"]


def test_code_fence_and_chatter():
    text = "Sure, here you go:\n```json\n" + json.dumps(GOOD, indent=2) + "\n```\nHope this helps {not json}"
    p = parse_answer(text)
    assert p.error is None and p.items[0]["title"] == "Reset"


def test_text_after_json_without_fence():
    p = parse_answer("Answer: " + json.dumps(GOOD) + " -- I merged S1 and S2 because {reasons}.")
    assert p.items and p.items[0]["goal"] == "to reset my password"


def test_single_quotes_and_trailing_commas():
    text = "{'stories': [{'title': 'Reset', 'sources': ['S1', 'S2',], 'acceptance_criteria': [],},],}"
    p = parse_answer(text)
    assert p.error is None and p.items[0]["sources"] == ["S1", "S2"]


def test_bare_list_and_bare_story():
    assert parse_answer(json.dumps(GOOD["stories"])).items[0]["title"] == "Reset"
    assert parse_answer(json.dumps(GOOD["stories"][0])).items[0]["title"] == "Reset"


def test_truncated_json_salvages_complete_stories():
    two = {"stories": [dict(GOOD["stories"][0], sources=["S1"]), dict(GOOD["stories"][0], sources=["S2"])]}
    text = json.dumps(two)
    cut = text[: text.rindex('"sources"')]  # second story cut before its sources
    p = parse_answer(cut)
    assert p.salvaged and len(p.items) == 1 and p.items[0]["sources"] == ["S1"]
    assert "incomplete" in p.error


def test_braces_inside_strings_do_not_confuse_salvage():
    text = '{"stories": [{"title": "a } tricky { title", "sources": ["S1"]}, {"title": "cut'
    p = parse_answer(text)
    assert [i["title"] for i in p.items] == ["a } tricky { title"]


def test_nothing_usable():
    for text in ("", "   ", "I cannot help with that.", "{\"foo\": 1}", "[[[", "null"):
        p = parse_answer(text)
        assert p.items == [] and p.error, text


def test_validate_maps_labels_and_real_ids():
    v = validate([{"title": "x", "sources": ["S1", "[s2]", "A-3"]}], IDS)
    assert v.ok and v.drafts[0].sources == IDS


def test_validate_drops_unknown_and_flags():
    v = validate([{"title": "x", "sources": ["S1", "S2", "S3", "S9", "NOPE-1"]}], IDS)
    assert v.drafts[0].sources == IDS
    assert sum("unknown source" in p for p in v.problems) == 2 and not v.ok


def test_validate_repeated_id_stays_with_first_claimant():
    v = validate([{"title": "a", "sources": ["S1", "S2"]}, {"title": "b", "sources": ["S2", "S3"]}], IDS)
    assert [d.sources for d in v.drafts] == [("A-1", "A-2"), ("A-3",)]
    assert any("more than one story" in p for p in v.problems)


def test_validate_reports_missing_and_drops_sourceless():
    v = validate([{"title": "a", "sources": ["S1"]}, {"title": "b", "sources": []}, "junk"], IDS)
    assert v.missing == ["A-2", "A-3"]
    assert [d.title for d in v.drafts] == ["a"]
    assert any("not an object" in p for p in v.problems)


def test_validate_coerces_odd_field_types():
    v = validate([{"title": ["two", "parts"], "goal": None, "acceptance_criteria": "- one\n- two\n- one",
                   "sources": "S1, S2 S3"}], IDS)
    d = v.drafts[0]
    assert d.title == "two parts" and d.goal == "" and d.acceptance_criteria == ("one", "two")
    assert d.sources == IDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_on_garbage(text):
    p = parse_answer(text)
    v = validate(p.items, IDS)
    claimed = [s for d in v.drafts for s in d.sources]
    assert len(claimed) == len(set(claimed)) and set(claimed) | set(v.missing) == set(IDS)


def test_other_wrapper_key_and_nested_source_objects():
    text = json.dumps({"story": [{"title": "x", "sources": [{"title": "a", "source": "S1"}, {"id": "S2"}, "S3"]}]})
    v = validate(parse_answer(text).items, IDS)
    assert v.ok and v.drafts[0].sources == IDS


def test_validate_ignores_source_objects_without_an_id():
    v = validate([{"title": "x", "sources": [{"title": "no id here"}, "S1", "S2", "S3"]}], IDS)
    assert v.ok and v.drafts[0].sources == IDS
