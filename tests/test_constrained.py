"""In-process schema-constrained decoding (runtime/constrained.py, xgrammar) on the real
bundled model: its merge answers parse by construction, and cite only the group's labels."""

import dataclasses
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


# -- every batching strategy constrains (issue 13 item 3) -------------------------------------

GROUPS = [*STORIES, (
    "As an admin, I want to export the audit log as CSV, so that I can give it to the auditors.",
    "As an administrator I want the audit log exported (CSV or Excel) so auditors get it without my help.",
    "As an admin, I don't want to export the audit log by hand every month.")]


def _valid(value, schema) -> bool:
    """``value`` against the subset of JSON Schema answer_schema uses (type, properties,
    required, additionalProperties, items, minItems/maxItems, maxLength, enum)."""
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return (isinstance(value, dict) and all(k in value for k in schema.get("required", []))
                and (schema.get("additionalProperties", True) or set(value) <= set(props))
                and all(_valid(v, props[k]) for k, v in value.items() if k in props))
    if kind == "array":
        return (isinstance(value, list) and schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", 1 << 30)
                and all(_valid(v, schema["items"]) for v in value))
    if kind == "string":
        return (isinstance(value, str) and len(value) <= schema.get("maxLength", 1 << 30)
                and value in schema.get("enum", [value]))
    return True


def test_the_validator_used_below_can_fail():
    schema = answer_schema(["S1", "S2"])
    good = {"stories": [{"title": "t", "role": "r", "goal": "g", "benefit": "", "sources": ["S1"],
                         "acceptance_criteria": [{"text": "x", "sources": ["S2"]}]}]}
    assert _valid(good, schema)
    for broken in ({"stories": []}, {"stories": [{**good["stories"][0], "sources": ["S3"]}]},
                   {"stories": [{**good["stories"][0], "extra": 1}]},
                   {"stories": [{k: v for k, v in good["stories"][0].items() if k != "goal"}]}):
        assert not _valid(broken, schema), broken


def merge_requests(max_new_tokens=200):
    from storytransformer.runtime.types import GenerationRequest

    system = {"role": "system", "content": "Merge duplicate user stories. Answer with JSON only."}
    out = []
    for n, group in enumerate(GROUPS):
        labels = [f"S{i + 1}" for i in range(len(group))]
        user = {"role": "user", "content": "\n\n".join(f"[{lab}]\n{text}" for lab, text in zip(labels, group, strict=True))}
        out.append(GenerationRequest((system, user), max_new_tokens, request_id=f"g{n}", prefill=ANSWER_PREFILL,
                                     stop_at_json_end=True, json_schema=answer_schema(labels)))
    return out


@pytest.fixture(scope="module")
def bundled():
    from storytransformer.runtime import load_hf_engine
    from storytransformer.runtime.registry import EngineOptions

    return load_hf_engine(EngineOptions())


def _as(engine, batching, requests):
    before = engine.batching
    engine.batching = batching
    try:
        return engine.generate(requests)
    finally:
        engine.batching = before


def outcome(results):
    return [(r.request_id, r.text, r.output_tokens, r.finish_reason) for r in results]


@pytest.mark.slow
def test_static_and_continuous_batches_are_constrained_like_padded(bundled):
    """Static batching masks the logits in its own decode loop (refilled slots take their new
    request's grammar); continuous hands batches with a schema to padded. Each: every answer strict JSON valid against its group's schema, and the
    very tokens padded batching gives (float32 on the CPU: same scores, same greedy picks)."""
    requests = merge_requests(256)
    padded = _as(bundled, "padded", requests)
    static = _as(bundled, "static", requests)
    assert not any("static batching failed" in r for r in bundled.info.reasons)
    assert outcome(static) == outcome(padded)
    from storytransformer.runtime.batching import static as static_batching

    static_batching.release(bundled)  # a fresh decoder: no 3-row slot shape to reuse
    bundled.max_batch_size = 2  # 3 requests through 2 slots: a finished slot is refilled with its own grammar
    try:
        assert outcome(_as(bundled, "static", requests)) == outcome(padded)
        assert [rows for rows, _ in bundled._static._slot_states] == [2]  # the third request waited for a slot
    finally:
        bundled.max_batch_size = 64
    cont = _as(bundled, "continuous", requests[:1])
    assert any("batches with a JSON schema run as padded" in r for r in bundled.info.reasons)
    assert outcome(cont) == outcome(padded[:1])
    for req, r in zip(requests, static, strict=True):
        if r.finish_reason == "length":  # the 135M model may fill a long list up to the limit: cut, not wrong
            assert req.request_id == "g2", r.text
            continue
        assert r.finish_reason == "stop", r.text  # closed by the grammar
        assert _valid(json.loads(r.text), req.json_schema), r.text


@pytest.mark.slow
def test_static_without_a_schema_is_unchanged_by_the_grammar_path(bundled):
    """Unconstrained rows of a static batch: token-identical to padded, also beside a
    constrained row of the same batch (the mask touches only its own row)."""
    free = [dataclasses.replace(r, json_schema=None, request_id=r.request_id + "-free", max_new_tokens=40)
            for r in merge_requests()]
    mixed = [*free, dataclasses.replace(merge_requests(40)[0], request_id="c")]
    padded, static = _as(bundled, "padded", mixed), _as(bundled, "static", mixed)
    assert outcome(static) == outcome(padded)
    alone = _as(bundled, "static", free)
    assert outcome(alone) == outcome(static[:len(free)])


def test_special_tokens_that_xgrammar_reads_as_text_are_never_picked():
    """A word-level tokenizer's '<pad>' is five characters of text to xgrammar (VocabType.RAW),
    so its mask allows it inside a JSON string; the decode loop takes pad for a row's end and
    cut the answer there (seen on the H200). The rows' mask bans the special ids, stop ids aside."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from storytransformer.runtime.constrained import SchemaConstraint

    vocab = {t: i for i, t in enumerate(["[UNK]", "<s>", "</s>", "<pad>", " ", *map(chr, range(33, 127)), "word"])}
    raw = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    raw.pre_tokenizer, raw.decoder = pre_tokenizers.Whitespace(), decoders.Fuse()
    tok = PreTrainedTokenizerFast(tokenizer_object=raw, unk_token="[UNK]", bos_token="<s>", eos_token="</s>",
                                  pad_token="<pad>")
    c = SchemaConstraint(tok, len(vocab), [tok.eos_token_id], [tok.pad_token_id])
    assert set(c.banned) == {0, 1, 3}  # unk, bos, pad; eos is the stop token
    from storytransformer.runtime.types import GenerationRequest

    req = GenerationRequest((), 10, prefill=ANSWER_PREFILL, json_schema=answer_schema(["S1", "S2"]))
    grammars = c.grammars([req], total_rows=2)
    for special in (3, 0, 1):  # each special in turn scores highest; the row inside its title string
        scores = torch.zeros(2, len(vocab))
        scores[:, special] = 10.0
        scores[:, vocab["word"]] = 1.0
        picked = grammars.greedy()(scores).tolist()
        assert picked[0] == vocab["word"]  # the constrained row: a text token, never the special
        assert picked[1] == special  # a free row (no schema) is left alone
