"""Continuous refill (runtime/refill.py over fast_decode's slot API) on real models on the CPU,
in float32: a finished row's slot takes the next request at once, and every request's answer
is token for token what the request alone gets. The bundled SmolLM2-135M-Instruct (real
weights: real end-of-sequence, real stop strings, real JSON) and random_model's llama-tiny with
sharpened attention (a wrong slot, position or mask changes its greedy tokens). No mocks."""

import random

import pytest
import torch

from storytransformer.runtime import engine_from_model, load_engine
from storytransformer.runtime.fast_decode import GQA_DECODE, FastDecoder
from storytransformer.runtime.batching import refill, static
from storytransformer.runtime.batching.common import Prepared
from storytransformer.runtime.batching.refill import RefillLoop, slot_shape
from storytransformer.runtime.types import GenerationRequest

TEXTS = ["hi", "Write one user story about resetting a password.", "Name three colours.", "ok then",
         "As a shopper I want to export invoices as PDF. Rewrite this story.", "Say yes or no.",
         "What is 2+2?", "List two fruits.", "Translate 'good morning' to French."]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)  # a shared 2-core machine: a second thread only waits
    yield
    torch.set_num_threads(before)


# -- the slot API: rows start and end at different steps ---------------------------------------

@pytest.fixture(scope="module")
def llama_tiny():
    from storytransformer.runtime import random_model

    model, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=1)
    with torch.no_grad():  # sharpen attention: a visible pad or a wrong slot changes the tokens
        for layer in model.model.layers:
            layer.self_attn.q_proj.weight.mul_(12)
            layer.self_attn.k_proj.weight.mul_(12)
    return model


def left_pad(prompts):
    width = max(len(p) for p in prompts)
    ids = torch.zeros(len(prompts), width, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, p in enumerate(prompts):
        ids[row, width - len(p):], mask[row, width - len(p):] = p, 1
    return ids, mask


@pytest.mark.parametrize("attention", [GQA_DECODE, "sdpa", "eager"])
def test_slots_refilled_mid_run_equal_each_prompt_alone(llama_tiny, attention):
    gen = torch.Generator().manual_seed(0)
    prompts = [torch.randint(3, 1024, (n,), generator=gen) for n in (5, 23, 11, 1, 17, 8)]
    steps = 10
    alone = [llama_tiny.generate(p[None], attention_mask=torch.ones(1, len(p), dtype=torch.long),
                                 max_new_tokens=steps, do_sample=False, pad_token_id=0,
                                 eos_token_id=None)[0, len(p):].tolist() for p in prompts]
    decoder = FastDecoder(llama_tiny, attention=attention, hold_attention=False)
    out, row_of, queue = {}, {}, list(range(len(prompts)))
    tokens = torch.zeros(3, dtype=torch.long)

    def fill(rows):
        take = [queue.pop(0) for _ in rows]
        first = decoder.fill_slots(rows, *left_pad([prompts[i] for i in take]))
        for row, i, t in zip(rows, take, first.tolist(), strict=True):
            row_of[row], out[i], tokens[row] = i, [t], t

    with decoder.using_attention():
        decoder.open_slots(3, 64)
        fill([0, 1])  # row 2 stays empty (it steps on slot 0, ignored) until step 3
        step = 0
        while row_of or queue:
            if step == 3:
                fill([2])
            tokens = decoder.step_slots(tokens).clone()
            for row, i in list(row_of.items()):
                out[i].append(tokens[row].item())
                if len(out[i]) == steps:  # done: the next prompt takes this row at once
                    del row_of[row]
                    if queue:
                        fill([row])
            step += 1
    assert [out[i] for i in range(len(prompts))] == alone
    assert decoder._slots.write.max().item() < 64  # each row wrote from its own prompt's end


# -- the refill loop on the real bundled model -------------------------------------------------

@pytest.fixture(scope="module")
def engine():
    bundled = load_engine()
    assert bundled.model.dtype == torch.float32
    eng = engine_from_model(bundled.model, bundled.tokenizer, name="smollm2", batching="static")
    eng.max_batch_size = 3  # 3 slots for 9+ requests: rows must be refilled
    return eng


def requests(texts, seed=0, **kw):
    rng = random.Random(seed)
    return [GenerationRequest(({"role": "user", "content": t},), max_new_tokens=rng.randint(2, 24),
                              request_id=f"r{i}", **kw) for i, t in enumerate(texts)]


def alone(engine, reqs):
    before = engine.batching
    engine.batching = "padded"
    try:
        return [engine.generate([r])[0] for r in reqs]
    finally:
        engine.batching = before


def outcome(results):
    return [(r.request_id, r.text, r.prompt_tokens, r.output_tokens, r.finish_reason) for r in results]


@pytest.mark.slow
def test_refill_equals_each_request_alone_and_reuses_slots(engine):
    reqs = requests(TEXTS)
    prepared = [Prepared(i, r, engine.encode(r.messages)) for i, r in enumerate(reqs)]
    decoder = static.decoder(engine)
    rows, cache_len = slot_shape(engine, decoder, prepared)
    assert rows == 3 and cache_len % 64 == 0
    seen = []
    got = [None] * len(reqs)
    loop = RefillLoop(engine, decoder, prepared, got, rows=rows, cache_len=cache_len, on_result=seen.append)
    with decoder.using_attention():
        loop.run()
    assert outcome(got) == outcome(alone(engine, reqs))
    # every request filled a slot and left it (epoch +2 each): 9 requests went through 3 rows
    assert sum(loop.epochs) == 2 * len(reqs) and not loop.slots and not loop.queue
    assert sorted(r.request_id for r in seen) == sorted(r.request_id for r in reqs)  # streamed, once each
    finishes = {r.finish_reason for r in got}
    assert finishes == {"stop", "length"}  # real eos and per-request max_new_tokens both met
    assert all(r.output_tokens <= q.max_new_tokens for r, q in zip(got, reqs, strict=True))


@pytest.mark.slow
def test_refill_stop_strings_and_json_end_like_alone(engine):
    # A stop string the model really writes mid-answer: take it from an answer alone.
    base = requests(TEXTS[:6], seed=1)
    text = alone(engine, [base[1]])[0].text
    stop = text[len(text) // 2:len(text) // 2 + 2]
    stopped = requests(TEXTS[:6], seed=1, stop=(stop,))
    json_reqs = [GenerationRequest(({"role": "user", "content": f"Give {t} as JSON with one key."},),
                                   max_new_tokens=30, request_id=f"j{i}", prefill='{"', stop_at_json_end=True)
                 for i, t in enumerate(["a colour", "a fruit", "a city", "a number"])]
    mixed = stopped + json_reqs  # two stop-string sets: two loops, one decoder shape
    prepared = [Prepared(i, r, engine.encode(r.messages, r.prefill)) for i, r in enumerate(mixed)]
    got = [None] * len(mixed)
    refill.run(engine, prepared, got)
    assert outcome(got) == outcome(alone(engine, mixed))
    assert got[1].finish_reason == "stop" and stop not in got[1].text
    assert any(r.finish_reason == "stop" and r.text.endswith("}") for r in got[len(stopped):])  # JSON closed


def test_compiled_slot_step_is_one_graph_for_the_whole_run(llama_tiny):
    """dynamo (its eager backend: no inductor here) traces the slot step (per-row writes, the
    4-D slot mask) as one full graph, once: rows refilled mid-run change no shape."""
    from torch._dynamo.utils import counters

    torch._dynamo.reset()
    counters.clear()
    decoder = FastDecoder(llama_tiny, hold_attention=False, compile=True, backend="eager")
    try:
        gen = torch.Generator().manual_seed(3)
        prompts = [torch.randint(3, 1024, (n,), generator=gen) for n in (4, 9, 2, 6, 12)]
        alone = [llama_tiny.generate(p[None], attention_mask=torch.ones(1, len(p), dtype=torch.long), max_new_tokens=5,
                                     do_sample=False, pad_token_id=0, eos_token_id=None)[0, len(p):].tolist()
                 for p in prompts]
        with decoder.using_attention():
            decoder.open_slots(2, 64)
            got = []
            for pair in (prompts[0:2], prompts[2:4], prompts[4:5]):  # each pair refills the same slots
                rows = list(range(len(pair)))
                tokens = torch.zeros(2, dtype=torch.long)
                tokens[rows] = decoder.fill_slots(rows, *left_pad(pair))
                out = [[t] for t in tokens[rows].tolist()]
                for _ in range(4):
                    tokens = decoder.step_slots(tokens).clone()
                    for row in rows:
                        out[row].append(tokens[row].item())
                got += out
        assert got == alone
        assert decoder.compile_mode == "eager, fullgraph" and not decoder.fallback_reasons
        assert counters["stats"]["unique_graphs"] == 1
        assert list(decoder.first_call_seconds) == [str(((2, 1), (2, 1, 1, 64)))]
    finally:
        decoder.release()


def test_merge_hands_a_static_engine_a_queue_of_eight_times_its_slots(engine):
    from storytransformer.merge import MergeSettings, groups_per_call

    assert engine.preferred_call_size == 8 * engine.max_batch_size == 24
    assert groups_per_call(MergeSettings(model="x"), engine) == 24
    assert groups_per_call(MergeSettings(model="x", batch_size=5), engine) == 5  # --batch-size wins
    engine.batching = "padded"
    try:
        assert engine.preferred_call_size is None and groups_per_call(MergeSettings(model="x"), engine) == 8  # CPU
    finally:
        engine.batching = "static"
