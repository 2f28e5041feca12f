"""Per-sequence stop rules: the prefill, the end of a JSON answer, degenerate repetition.

The rules are unit-tested on strings and token pieces, then seen working in real generation
with the bundled SmolLM2-135M (loaded once for the module), which on a merge prompt loops
reliably without the guard."""

import json
from pathlib import Path

import pytest

from storytransformer.runtime.stops import JsonEndScanner, RowWatch, is_repetitive, json_end
from storytransformer.runtime.types import GenerationRequest

# -- the JSON end scanner --------------------------------------------------------------------


@pytest.mark.parametrize("text, end", [
    ('{"a": 1}', 8),
    ('{"a": 1} and then some prose', 8),
    ('Sure! ```json\n{"a": [1, 2]}\n```', len('Sure! ```json\n{"a": [1, 2]}')),
    ('[1, [2, 3], {"b": {}}], [4]', len('[1, [2, 3], {"b": {}}]')),
    ('{"a": "a } inside"}', len('{"a": "a } inside"}')),
    ('{"a": "quote \\" then }"} tail', len('{"a": "quote \\" then }"}')),
    ('{"a": "backslash \\\\"} tail', len('{"a": "backslash \\\\"}')),  # \\ ends the escape; the " closes
    ('{"a": "[[[{{{"}x', len('{"a": "[[[{{{"}')),
])
def test_json_end_finds_the_closing_bracket(text, end):
    assert json_end(text) == end
    start = min(i for i in (text.find("{"), text.find("[")) if i >= 0)
    json.loads(text[start:end])  # what it found is one valid JSON value


@pytest.mark.parametrize("text", ['{"a": 1', '{"a": "}"', '{"a": "\\"}"', 'no json here', '{"a": [1, 2}'])
def test_json_end_none_while_open(text):
    assert json_end(text) is None


def test_scanner_fed_in_pieces_matches_whole_text():
    text = 'x {"t": "br{ace\\"s}", "l": [1, {"k": "]"}]} after'
    want = json_end(text)
    for size in (1, 2, 3, 7):
        s = JsonEndScanner()
        for i in range(0, len(text), size):
            if s.feed(text[i:i + size]):
                break
        assert s.end == want


# -- the repetition rule ---------------------------------------------------------------------


def nested_loop_pieces(levels=6):
    """What the bundled model writes for a merge prompt without a prefill (recorded): one
    object nested in itself, only the indentation changing."""
    out = ["{"]
    for lvl in range(levels):
        ind = "\n" + " " * (2 * lvl + 1)
        out += [ind, ' "', "story", "_", "id", '":', ' "', *"1234567890", '",',
                ind, ' "', "story", "_", "title", '":', ' "', "Short", " title", '",',
                ind, ' "', "story", "_", "source", "_", "list", '":', " [", ind + "  ", " {"]
    return out


def counting_loop_pieces(n=30):
    out = ["{"]
    for i in range(1, n):
        out += ["\n ", ' "', "story", "_", "id", "_", *str(i), '":', ' "', *"1234567890", '",']
    return out


def test_repetition_fires_on_loops():
    nested = nested_loop_pieces()
    at = is_repetitive(nested)
    period = len(nested_loop_pieces(2)) - len(nested_loop_pieces(1))
    assert at is not None and at < 5 * period + 1  # within a period of the 4th repeat
    at = is_repetitive(counting_loop_pieces())
    assert at is not None and at < 120
    assert is_repetitive([" the"] * 40) == 31  # 32 identical tokens
    assert is_repetitive(["a", "b"] * 20) == 31
    # labels counting on far past any group (seen on the bundled model, up to S169)
    labels = ['"sources":[', '"']
    for i in range(1, 170):
        labels += ["S", *str(i), '","']
    at = is_repetitive(labels)
    assert at is not None and at < 40 * 4
    keyed = ["{"]
    for i in range(1, 121):
        keyed += ['"', "source", '":"', "S", *str(i), '",']
    at = is_repetitive(keyed)
    assert at is not None and at < 34 * 7


def test_repetition_ignores_distinct_lists_and_labels():
    criteria = ["{", '"acceptance_criteria":', " ["]
    for words in ("the cart keeps items for 30 days", "a saved item shows its price now",
                  "items out of stock are greyed out", "moving an item back keeps the quantity",
                  "the list syncs across devices", "removing an item asks for confirmation",
                  "the badge shows how many items are saved", "guests are asked to sign in first"):
        criteria += ['\n    "'] + [" " + w for w in words.split()] + ['",']
    assert is_repetitive(criteria) is None
    labels = ['"sources":', ' ["']
    for i in range(1, 31):  # a 30-story group: only the numbers change, a short period
        labels += ["S", *str(i), '",', ' "']
    assert is_repetitive(labels) is None
    pretty = ['"sources": [']
    for i in range(1, 31):
        pretty += ["\n      ", ' "', "S", *str(i), '",']
    assert is_repetitive(pretty) is None
    assert is_repetitive([" the"] * 31) is None


def test_row_watch_prefers_json_end_and_respects_switches():
    w = RowWatch(prefill='{"a": [1', stop_at_json_end=True)
    assert w.push("]") is None and w.push("}") == "stop" and w.fed == 2 and w.finished
    off = RowWatch(stop_on_repetition=False)
    assert not off.active and all(off.push(" the") is None for _ in range(100))


# -- real generation (bundled SmolLM2-135M) ------------------------------------------------


@pytest.fixture(scope="module")
def engine():
    from storytransformer.runtime import load_engine

    return load_engine()


def pieces_of(engine, text):
    return [engine.tokenizer.decode([i]) for i in engine.tokenizer(text, add_special_tokens=False)["input_ids"]]


@pytest.mark.slow
def test_repetition_rule_on_real_tokens(engine):
    """The same rule over the bundled tokenizer's own pieces: a realistic merge answer (three
    stories, distinct criteria, a 14-story sources list, pretty-printed) passes; a counting
    loop is stopped."""
    crit = ["the saved list keeps items for 30 days", "a saved item shows its current price",
            "items out of stock are greyed out", "moving an item back keeps its quantity",
            "the list syncs across the app and the web", "removing an item asks for confirmation"]
    answer = {"stories": [
        {"title": f"Save items for later ({n})", "role": "shopper", "goal": "save basket items for later",
         "benefit": "I can buy them another time", "acceptance_criteria": crit[n:] + crit[:n],
         "sources": [f"S{i}" for i in range(1, 15)]} for n in range(3)]}
    for text in (json.dumps(answer, indent=2), json.dumps(answer)):
        assert is_repetitive(pieces_of(engine, text)) is None
    for loop in ("{\n" + "".join(f' "story_id_{i}": "1234567890",\n' for i in range(1, 40)),
                 '{"sources":[' + ",".join(f'"S{i}"' for i in range(1, 170)),
                 "{" + ",".join(f'"source":"S{i}"' for i in range(1, 121))):  # all three seen looping
        pieces = pieces_of(engine, loop)
        at = is_repetitive(pieces)
        assert at is not None and at < len(pieces) // 2, loop[:40]


@pytest.fixture(scope="module")
def merge_messages():
    from storytransformer.ingest import ingest_paths
    from storytransformer.prompt import build_messages, load_templates

    # Pinned to the version-1 merge prompt, after which the bundled model reliably loops: these
    # tests are about the engine's stop rules, not about how well today's prompt works.
    pinned = Path(__file__).parent / "data" / "prompts_v1"
    by_id = {s.id: s for s in ingest_paths(["examples/stories"]).stories}
    return build_messages(load_templates(pinned), [by_id["FC-112"], by_id["freshcart/checkout.md#1"]])


PREFILL = '{"stories": [{"sources": ["S1", "S2"], "title": "'
# a prompt after which the model goes on writing prose once its JSON has closed
EXAMPLE = ({"role": "user", "content": "Show a JSON example of a user with a name, and explain each field."},)
EXAMPLE_PREFILL = '```json\n{"name": "'


@pytest.fixture(scope="module")
def requests_(merge_messages):
    return [
        GenerationRequest(merge_messages, max_new_tokens=768, request_id="loop"),
        GenerationRequest(merge_messages, max_new_tokens=768, request_id="json", prefill=PREFILL,
                          stop_at_json_end=True),
        GenerationRequest(({"role": "user", "content": "Give a JSON object with a key a."},), max_new_tokens=768,
                          request_id="a1", prefill='{"a": 1', stop_at_json_end=True),
        GenerationRequest(EXAMPLE, max_new_tokens=768, request_id="example", prefill=EXAMPLE_PREFILL,
                          stop_at_json_end=True),
    ]


@pytest.fixture(scope="module")
def singles(engine, requests_):
    return [engine.generate([r])[0] for r in requests_]


@pytest.mark.slow
def test_repetition_guard_stops_the_merge_loop(singles):
    loop = singles[0]
    assert loop.finish_reason == "repetition"
    assert loop.output_tokens < 400  # instead of running to 768
    # A JSON answer that looped (the model may open it with a ```json fence: the stories now
    # sit in <story> blocks, which changed the pinned v1 prompt's wording around them).
    assert loop.text.lstrip().removeprefix("```json").lstrip().startswith("{")


@pytest.mark.slow
def test_prefill_steers_and_json_end_trims(engine, singles, requests_):
    merged, a1 = singles[1], singles[2]
    assert merged.text.startswith(PREFILL) and merged.finish_reason == "stop"
    answer = json.loads(merged.text)  # complete JSON, nothing after the closing brace
    assert answer["stories"][0]["sources"] == ["S1", "S2"] and answer["stories"][0]["title"]
    assert merged.output_tokens < engine.count_tokens(merged.text)  # the prefill is not counted
    assert merged.prompt_tokens == engine.prompt_tokens(requests_[1].messages) + engine.count_tokens(PREFILL)
    assert a1.text.startswith('{"a": 1')
    if json_end(a1.text) is not None:
        assert a1.finish_reason == "stop" and json_end(a1.text) == len(a1.text)
        json.loads(a1.text)


@pytest.mark.slow
def test_json_end_cuts_the_prose_after_the_answer(engine, singles):
    example = singles[3]
    assert example.text.startswith(EXAMPLE_PREFILL) and example.text.endswith("}")
    assert json.loads(example.text[len("```json\n"):])["name"]
    assert example.finish_reason == "stop"
    on = example.output_tokens
    off = engine.generate([GenerationRequest(EXAMPLE, max_new_tokens=on + 20, prefill=EXAMPLE_PREFILL)])[0]
    assert off.text.startswith(example.text) and len(off.text) > len(example.text) + 20  # it kept writing
    assert off.output_tokens == on + 20 and off.finish_reason == "length"


@pytest.mark.slow
def test_batched_equals_one_by_one_with_stop_rules(engine, singles, requests_):
    """Also with the live check looking only every 3rd step (as on a GPU, every 8th): the
    replay still cuts each row at the exact token."""
    engine.watch_every = 3
    steps = []
    hook = engine.model.lm_head.register_forward_hook(lambda *a: steps.append(1))
    try:
        batched = engine.generate(requests_)
    finally:
        engine.watch_every = None
        hook.remove()
    # the batch really ended once its last row stopped (one forward per token, prefill
    # included), not at max_new_tokens=768: the looping row was stopped live
    assert len(steps) <= max(r.output_tokens for r in batched) + 3
    got = [(r.request_id, r.text, r.output_tokens, r.finish_reason) for r in batched]
    assert got == [(r.request_id, r.text, r.output_tokens, r.finish_reason) for r in singles]


@pytest.mark.slow
def test_static_batching_applies_the_same_rules_live(engine, singles, requests_):
    """batching="static" (static cache + masked decode steps, the default on CUDA): the same
    results as one by one, the rules read live every 3rd step end the batch early."""
    engine.batching, engine.watch_every = "static", 3
    steps = []
    hook = engine.model.lm_head.register_forward_hook(lambda *a: steps.append(1))
    try:
        batched = engine.generate(requests_)
    finally:
        engine.batching, engine.watch_every = "padded", None
        hook.remove()
    assert not any("static batching failed" in r for r in engine.info.reasons)
    assert any("static batching: static KV cache" in r for r in engine.info.reasons)
    assert len(steps) <= max(r.output_tokens for r in batched) + 3  # not 768: the looping row was stopped live
    got = [(r.request_id, r.text, r.output_tokens, r.finish_reason) for r in batched]
    assert got == [(r.request_id, r.text, r.output_tokens, r.finish_reason) for r in singles]


@pytest.mark.slow
def test_guard_off_runs_to_the_limit(engine, merge_messages):
    r = engine.generate([GenerationRequest(merge_messages, max_new_tokens=120, stop_on_repetition=False)])[0]
    assert r.finish_reason == "length" and r.output_tokens == 120


@pytest.mark.slow
def test_continuous_batching_applies_the_same_rules(engine, singles):
    """transformers' continuous batching takes no stopping criteria: the rules are applied to
    its finished tokens (the replay), with the same cut as the padded path."""
    req = GenerationRequest(EXAMPLE, max_new_tokens=30, request_id="example", prefill=EXAMPLE_PREFILL,
                            stop_at_json_end=True)
    engine.batching = "continuous"
    try:
        cb = engine.generate([req])[0]
    finally:
        engine.batching = "padded"
    assert not any("continuous batching failed" in r for r in engine.info.reasons)
    padded = singles[3]  # the same request with a larger max_new_tokens: it stopped before 30
    assert padded.output_tokens < 30
    assert (cb.text, cb.output_tokens, cb.finish_reason) == (padded.text, padded.output_tokens, "stop")
