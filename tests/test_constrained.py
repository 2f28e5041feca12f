"""In-process schema-constrained decoding (runtime/constrained.py, xgrammar) on the real
bundled model: its merge answers parse by construction, and cite only the group's labels."""

import json

import pytest

from storytransformer.answer_schema import CRITERIA_PER_SOURCE, answer_schema
from storytransformer.generate import ANSWER_PREFILL

pytest.importorskip("xgrammar", reason="xgrammar is not installed (pip install xgrammar)")

STORIES = [
    ("As a shopper, I want to reset my password, so that I can log in again.",
     "As a shopper I want to reset my password so that I can log in again every time."),
    ("Als Kundin möchte ich meine Bestellung stornieren, damit ich kein Geld verliere.\n- Storno bis 24 h",
     "Als Kundin will ich eine Bestellung stornieren können.\n- Storno bis 24 h\n- Bestätigung per E-Mail"),
]


def test_schema_bounds_follow_the_group():
    s = answer_schema(["S1", "S2", "S3"])
    story = s["properties"]["stories"]
    assert story["maxItems"] == 3 and story["items"]["properties"]["sources"]["maxItems"] == 3
    assert story["items"]["properties"]["acceptance_criteria"]["maxItems"] == 3 * CRITERIA_PER_SOURCE
    assert "maxItems" not in answer_schema()["properties"]["stories"]


def test_matcher_accepts_the_prefill_and_a_valid_answer_and_refuses_an_unknown_label():
    from transformers import AutoTokenizer

    from storytransformer.runtime.bundled import bundled_model_dir
    from storytransformer.runtime.constrained import SchemaConstraint

    tok = AutoTokenizer.from_pretrained(bundled_model_dir())
    c = SchemaConstraint(tok, len(tok), [tok.eos_token_id])
    schema = answer_schema(["S1", "S2"])
    good = json.dumps({"stories": [{"title": "Reset", "role": "shopper", "goal": "reset my password", "benefit": "",
                                    "acceptance_criteria": [{"text": "Link by email", "sources": ["S2"]}],
                                    "sources": ["S1", "S2"]}]})
    m = c.matcher(schema, ANSWER_PREFILL)
    assert m is not None and m.accept_string(good[len(ANSWER_PREFILL):])
    assert m.accept_token(tok.eos_token_id) and m.is_terminated()
    bad = good.replace('["S1", "S2"]}]}', '["S1", "S7"]}]}')
    assert not c.matcher(schema, ANSWER_PREFILL).accept_string(bad[len(ANSWER_PREFILL):])


@pytest.mark.slow
def test_bundled_model_answers_parse_by_construction():
    from storytransformer.runtime import load_hf_engine
    from storytransformer.runtime.registry import EngineOptions
    from storytransformer.runtime.types import GenerationRequest

    engine = load_hf_engine(EngineOptions())
    assert engine.capabilities.constrained == "grammar"
    system = {"role": "system", "content": "Merge duplicate user stories. Answer with JSON only."}
    requests = []
    for n, (a, b) in enumerate(STORIES):
        user = {"role": "user", "content": f"[S1]\n{a}\n\n[S2]\n{b}"}
        requests.append(GenerationRequest((system, user), 256, request_id=f"g{n}", prefill=ANSWER_PREFILL,
                                          stop_at_json_end=True, json_schema=answer_schema(["S1", "S2"])))
    results = engine.generate(requests)
    for r in results:
        assert r.finish_reason == "stop", r.text  # closed by the grammar, not cut
        doc = json.loads(r.text)  # strict JSON, no lenient repairs
        for story in doc["stories"]:
            assert set(story["sources"]) <= {"S1", "S2"}
            assert all(set(c["sources"]) <= {"S1", "S2"} for c in story["acceptance_criteria"])
