"""Static batching (HFEngine batching="static", fast_decode's ragged loop) on real models on the
CPU: a random-weight tiny Llama with the bundled tokenizer (float32: no numerical excuse) and
random_model's llama-tiny. No compile on the CPU, except dynamo with its eager backend to count
graphs; the static cache, the mask and the positions are what is tested. No mocks."""

import pytest
import torch

from storytransformer.errors import OptionError
from storytransformer.runtime import EngineInfo, engine_from_model
from storytransformer.runtime.batching import choose_batching
from storytransformer.runtime.fast_decode import GQA_DECODE, FastDecoder, static_shape
from storytransformer.runtime.hf_engine import HFEngine
from storytransformer.runtime.types import GenerationRequest

PROMPTS = ["hi", "Write one user story about resetting a password, with three acceptance criteria.",
           "Name three colours and say which one you like best.", "ok then"]


def ask(text, max_new_tokens=12, stop=(), rid=""):
    return GenerationRequest(({"role": "user", "content": text},), max_new_tokens=max_new_tokens,
                             stop=tuple(stop), request_id=rid or text[:12])


def outcome(results):
    return [(r.request_id, r.text, r.prompt_tokens, r.output_tokens, r.finish_reason) for r in results]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    # Tiny models on a shared 2-core machine: torch's second thread only waits for a busy core
    # (seconds per call here; runtime.set_cpu_threads does the same for load_engine).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from storytransformer.runtime.bundled import bundled_gguf_path, convert_gguf

    return AutoTokenizer.from_pretrained(str(convert_gguf(bundled_gguf_path())))


def tiny_model(tokenizer, arch="llama", **extra):
    import transformers

    torch.manual_seed(0)
    config_cls, model_cls = {"llama": (transformers.LlamaConfig, transformers.LlamaForCausalLM),
                             "mistral": (transformers.MistralConfig, transformers.MistralForCausalLM)}[arch]
    cfg = config_cls(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
                     eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id,
                     pad_token_id=tokenizer.pad_token_id, attn_implementation="sdpa", **extra)
    return model_cls(cfg).eval()


@pytest.fixture(scope="module")
def engine(tokenizer):
    return engine_from_model(tiny_model(tokenizer), tokenizer, name="tiny", batching="static")


def run(engine, batching, requests):
    before = engine.batching
    engine.batching = batching
    try:
        return engine.generate(requests)
    finally:
        engine.batching = before


# -- shapes ----------------------------------------------------------------------------------

def test_static_shape_buckets_lengths_and_rows():
    assert static_shape(3, 700) == (4, 1024)
    assert static_shape(64, 1500, max_rows=64) == (64, 1536)
    assert static_shape(33, 1500) == (64, 1536)
    assert static_shape(5, 10, len_step=64, pad_rows=False) == (5, 64)
    assert static_shape(48, 100, max_rows=48) == (48, 512)  # the engine's batch size is a bucket too
    assert static_shape(40, 100, max_rows=48) == (48, 512)
    # padding the rows must not blow the KV budget: 33 rows x 1536 fit 60k tokens, 64 rows do not
    assert static_shape(33, 1500, max_tokens=60_000) == (33, 1536)
    # a merge-like run: 64-row batches of growing prompts, repairs of a few rows, ragged tails
    shapes = {static_shape(rows, width + 1024)
              for rows in (64, 64, 64, 37, 5, 3, 1, 12) for width in range(300, 3000, 97)}
    assert len(shapes) <= 6 * 5  # row buckets {64, 8, 4, 1, 16} x length buckets 1536..4096
    assert {rows for rows, _ in shapes} == {64, 8, 4, 1, 16}
    assert {length for _, length in shapes} == {1536, 2048, 2560, 3072, 3584, 4096}


def test_auto_picks_static_on_cuda_and_padded_on_cpu(tokenizer):
    cuda = choose_batching("auto", "cuda")
    assert cuda.mode == "static" and cuda.static_min_tokens == 32768 and cuda.reason.startswith("batching: static")
    assert choose_batching("auto", "cpu").mode == "padded" and choose_batching("auto", "cpu").reason is None
    assert choose_batching("auto", "rocm").mode == "padded"
    forced = choose_batching("static", "cpu")
    assert forced.mode == "static" and forced.static_min_tokens == 0 and "static asked for on CPU" in forced.reason
    assert choose_batching("static", "cuda") == choose_batching("static", "cuda").__class__("static")
    # the engine decides through the same function: auto on a CUDA backend, even for a CPU model
    info = EngineInfo(model="x")
    on_cuda = HFEngine(tiny_model(tokenizer), tokenizer, info, backend="cuda")
    assert on_cuda.batching == "static" and on_cuda.static_min_tokens == 32768
    assert info.reasons == [cuda.reason]
    model = tiny_model(tokenizer)
    assert HFEngine(model, tokenizer, EngineInfo(model="x")).batching == "padded"  # auto, on a CPU model
    with pytest.raises(OptionError, match="auto, static, padded, continuous"):
        HFEngine(model, tokenizer, EngineInfo(model="x"), batching="graphs")


# -- the ragged decode loop ------------------------------------------------------------------

def ragged(lengths, seed=0, vocab=1024):
    gen = torch.Generator().manual_seed(seed)
    width = max(lengths)
    ids = torch.zeros(len(lengths), width, dtype=torch.long)
    mask = torch.zeros(len(lengths), width, dtype=torch.long)
    prompts = [torch.randint(3, vocab, (n,), generator=gen) for n in lengths]
    for row, p in enumerate(prompts):
        ids[row, width - len(p):], mask[row, width - len(p):] = p, 1
    return ids, mask, prompts


def decode(decoder, ids, mask, cache_len, steps):
    with decoder.using_attention():
        token = decoder.prefill_padded(ids, mask, cache_len)
        out = [token]
        for _ in range(steps - 1):
            token = decoder.decode_step(token)
            out.append(token)
    return torch.stack(out, dim=1)


@pytest.fixture(scope="module")
def llama_tiny():
    from storytransformer.runtime import random_model

    model, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=1)
    # Sharpen attention (std-0.02 weights attend almost uniformly): then a wrong position, a
    # visible pad or a misplaced slot changes the greedy tokens, not just the 6th decimal.
    with torch.no_grad():
        for layer in model.model.layers:
            layer.self_attn.q_proj.weight.mul_(12)
            layer.self_attn.k_proj.weight.mul_(12)
    return model


@pytest.mark.parametrize("attention", [GQA_DECODE, "sdpa", "eager"])
def test_ragged_decode_equals_generate_and_each_prompt_alone(llama_tiny, attention):
    ids, mask, prompts = ragged([5, 23, 11, 1])
    steps = 16
    ref = llama_tiny.generate(ids, attention_mask=mask, max_new_tokens=steps, do_sample=False, pad_token_id=0,
                              eos_token_id=None)[:, ids.shape[1]:]
    for row, p in enumerate(prompts):
        alone = llama_tiny.generate(p[None], attention_mask=torch.ones(1, len(p), dtype=torch.long),
                                    max_new_tokens=steps, do_sample=False, pad_token_id=0, eos_token_id=None)
        assert torch.equal(alone[0, len(p):], ref[row])
    decoder = FastDecoder(llama_tiny, attention=attention, hold_attention=False)
    assert decoder.compile_mode == "none"
    for cache_len in (64, 512, 64):  # masked slots past the prompt change nothing; a cache is reused
        assert torch.equal(decode(decoder, ids, mask, cache_len, steps), ref), cache_len
    assert llama_tiny.config._attn_implementation == "sdpa"  # restored after each batch
    with pytest.raises(ValueError, match="does not fit"):
        decoder.prefill_padded(ids, mask, ids.shape[1])


def test_cache_pool_keeps_each_shape_at_one_address(llama_tiny):
    decoder = FastDecoder(llama_tiny, hold_attention=False)
    ids, mask, _ = ragged([7, 3, 12, 9])
    decode(decoder, ids, mask, 256, 3)  # the largest shape first: the storage fits the others
    big = decoder.cache.layers[0].keys.data_ptr()
    small_ids, small_mask, _ = ragged([4, 9], seed=1)
    ref = decode(decoder, small_ids, small_mask, 64, 5)
    small = decoder.cache.layers[0].keys
    assert small.shape == (2, 2, 64, 16) and small.data_ptr() == big  # views of one storage
    decode(decoder, ids, mask, 256, 3)
    again = decode(decoder, small_ids, small_mask, 64, 5)
    assert decoder.cache.layers[0].keys is small and torch.equal(again, ref)  # same tensors, same answer
    assert sorted(decoder._pool) == [(2, 64), (4, 256)]
    decode(decoder, *ragged([3] * 8)[:2], 256, 2)  # needs more than the storage holds: it grows
    assert sorted(decoder._pool) == [(8, 256)]


def test_compiled_masked_step_is_one_graph_per_shape(llama_tiny):
    """dynamo (its eager backend: no inductor on the CPU) traces the masked decode step as one
    graph, compiles once per shape and reuses it when a shape comes back, also after the cache
    storage was regrown (guards on shapes, not on the cache objects)."""
    from torch._dynamo.utils import counters

    torch._dynamo.reset()
    counters.clear()
    decoder = FastDecoder(llama_tiny, hold_attention=False, compile=True, backend="eager")
    try:
        assert decoder.compile_mode == "eager, fullgraph"
        a, b = ragged([5, 9, 2]), ragged([6, 1, 8, 4], seed=1)
        runs = [(a, 64), (b, 128), (a, 64), (b, 128), (a, 64)]
        for (ids, mask, _), cache_len in runs:
            ref = llama_tiny.generate(ids, attention_mask=mask, max_new_tokens=4, do_sample=False, pad_token_id=0,
                                      eos_token_id=None)[:, ids.shape[1]:]
            assert torch.equal(decode(decoder, ids, mask, cache_len, 4), ref)
        assert decoder.compile_mode == "eager, fullgraph" and not decoder.fallback_reasons
        assert counters["stats"]["unique_graphs"] == 2
    finally:
        decoder.release()


# -- HFEngine(batching="static") -------------------------------------------------------------

def test_static_equals_padded_and_alone_on_ragged_prompts(engine):
    reqs = [ask(t, rid=str(i)) for i, t in enumerate(PROMPTS)]
    padded = run(engine, "padded", reqs)
    alone = [run(engine, "padded", [r])[0] for r in reqs]
    assert outcome(padded) == outcome(alone)
    assert len({r.prompt_tokens for r in padded}) == len(PROMPTS)  # really ragged
    static = run(engine, "static", reqs)
    assert outcome(static) == outcome(padded)
    assert all(r.finish_reason == "length" and r.output_tokens == 12 for r in static)  # random weights: no eos
    assert all(r.seconds > 0 and 0 < r.time_to_first_token <= r.seconds * len(reqs) for r in static)
    assert any("static batching: static KV cache" in r for r in engine.info.reasons)
    assert not any("static batching failed" in r for r in engine.info.reasons)


def test_dummy_rows_and_cache_buckets_change_nothing(engine):
    reqs = [ask(t, rid=str(i)) for i, t in enumerate(PROMPTS[:3])]
    want = outcome(run(engine, "padded", reqs))
    engine.static_pad_rows, engine.static_len_step = True, 512
    try:
        got = outcome(run(engine, "static", reqs))
        assert (4, 512) in engine._static._slot_states  # 3 rows ran as 4 slots, one never filled
        engine.static_len_step = 16
        got_tight = outcome(run(engine, "static", reqs))
    finally:
        engine.static_pad_rows, engine.static_len_step = None, 64
    assert got == got_tight == want


def test_eos_stop_strings_and_length_cut_alike(engine):
    reqs = [ask(t, max_new_tokens=16, rid=str(i)) for i, t in enumerate(PROMPTS)]
    # an eos the random model really writes: row 1's 6th token (the row stops there or earlier)
    ids = torch.tensor([engine.encode(reqs[1].messages)])
    row1 = engine.model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=6, do_sample=False,
                                 pad_token_id=engine.pad_id)[0, ids.shape[1]:].tolist()
    eos_before = set(engine.eos_ids)
    engine.eos_ids = eos_before | {row1[-1]}
    try:
        padded, static = run(engine, "padded", reqs), run(engine, "static", reqs)
    finally:
        engine.eos_ids = eos_before
    assert outcome(static) == outcome(padded)
    assert static[1].finish_reason == "stop" and static[1].output_tokens <= 6
    # a stop string taken from the middle of an answer
    text = run(engine, "padded", [reqs[2]])[0].text
    stop = text[len(text) // 2:len(text) // 2 + 2]
    stopped = [ask(r.messages[0]["content"], max_new_tokens=16, stop=(stop,), rid=r.request_id) for r in reqs]
    padded, static = run(engine, "padded", stopped), run(engine, "static", stopped)
    assert outcome(static) == outcome(padded)
    assert static[2].finish_reason == "stop" and stop not in static[2].text and len(static[2].text) < len(text)
    # each request its own max_new_tokens, in one refill loop: each cut at its own limit
    mixed = [ask(t, max_new_tokens=n, rid=str(i)) for i, (t, n) in enumerate(zip(PROMPTS, (3, 9, 3, 1), strict=True))]
    static = run(engine, "static", mixed)
    assert outcome(static) == outcome(run(engine, "padded", mixed))
    assert [r.output_tokens for r in static] == [3, 9, 3, 1]


def test_unsupported_cache_falls_back_to_padded(tokenizer):
    """A sliding-window model gets sliding static cache layers, which the ragged loop refuses:
    the engine says why and answers through padded batches, the same answers."""
    model = tiny_model(tokenizer, arch="mistral", sliding_window=4096)
    e = engine_from_model(model, tokenizer, batching="static")
    reqs = [ask(t, max_new_tokens=5, rid=str(i)) for i, t in enumerate(PROMPTS[:2])]
    got = e.generate(reqs)
    assert any("static batching failed (NotImplementedError" in r for r in e.info.reasons)
    assert e._static is None and model.config._attn_implementation == "sdpa"
    assert outcome(got) == outcome(run(e, "padded", reqs))
    assert outcome(e.generate(reqs)) == outcome(got)  # later batches go padded directly
    assert sum("static batching failed" in r for r in e.info.reasons) == 1


def test_small_calls_skip_static_until_its_graphs_exist(tokenizer):
    """`--batching auto` on CUDA: a call too small to pay for graph compiles runs padded (and
    says so once); a big enough call builds the static decoder, after which small calls use it."""
    eng = engine_from_model(tiny_model(tokenizer), tokenizer, name="tiny", batching="static")
    eng.static_min_tokens = 40
    small = [ask(t, rid=str(i)) for i, t in enumerate(PROMPTS[:2])]  # 2 x 12 = 24 output tokens at most
    want = outcome(run(eng, "padded", small))
    assert outcome(eng.generate(small)) == want
    assert eng._static is None
    notes = [r for r in eng.info.reasons if "ran as padded batches" in r]
    assert len(notes) == 1 and "24 output tokens" in notes[0]
    big = [ask(t, rid=str(i)) for i, t in enumerate(PROMPTS)]  # >= 40 output tokens in all
    assert sum(r.max_new_tokens for r in big) >= 40
    assert outcome(eng.generate(big)) == outcome(run(eng, "padded", big))
    assert eng._static is not None  # built by the big call
    assert outcome(eng.generate(small)) == want  # now through the static decoder, same results
    assert len([r for r in eng.info.reasons if "ran as padded batches" in r]) == 1
    # A job announced as big enough (merge does this) uses static from its first small call.
    job = engine_from_model(tiny_model(tokenizer), tokenizer, name="tiny", batching="static")
    job.static_min_tokens = 40
    job.expect_output_tokens(100)
    assert outcome(job.generate(small)) == want and job._static is not None
    # An explicit static engine (engine_from_model, `--batching static`) never skips.
    forced = engine_from_model(tiny_model(tokenizer), tokenizer, name="tiny", batching="static")
    assert forced.static_min_tokens == 0 and not forced._too_small_for_static(small)


def test_run_jobs_announces_the_whole_jobs_budget(tokenizer):
    """merge hands the engine 64 groups per call; the engine hears the whole job's output
    budget first, so `auto` picks static batching by the size of the job, not of one call."""
    from storytransformer.generate import GroupJob, run_jobs
    from storytransformer.prompt import load_templates

    eng = engine_from_model(tiny_model(tokenizer), tokenizer, name="tiny", batching="padded")
    jobs = [GroupJob(f"g{i}", (f"S-{i}a", f"S-{i}b"), ({"role": "user", "content": PROMPTS[i % 4]},),
                     max_new_tokens=8 + i) for i in range(5)]
    answers = []
    run_jobs(eng, jobs, load_templates(), max_new_tokens=64, on_answer=answers.append, batch_size=2, repair=False)
    assert sorted(a.group_id for a in answers) == [f"g{i}" for i in range(5)]
    assert eng._expected_tokens == sum(8 + i for i in range(5))
