"""Random-weight models built from shipped configs: real architectures, seeded, never zeros."""

import json

import pytest
import torch

from storytransformer.errors import OptionError, UnsupportedError
from storytransformer.runtime import random_model
from storytransformer.runtime.fast_decode import GQA_DECODE, FastDecoder, PlainDecoder


@pytest.fixture(scope="module")
def tiny():
    model, tokenizer, config = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=1)
    return model


def test_shipped_configs_and_the_8b_shape():
    names = random_model.available_configs()
    assert {"llama-3.1-8b", "llama-tiny", "qwen2.5-7b", "mistral-7b"} <= set(names)
    c = random_model.load_config("config:llama-3.1-8b")
    assert (c.hidden_size, c.num_hidden_layers, c.num_attention_heads, c.num_key_value_heads) == (4096, 32, 32, 8)
    assert (c.intermediate_size, c.vocab_size, c.max_position_embeddings) == (14336, 128256, 131072)
    theta = c.rope_parameters["rope_theta"] if getattr(c, "rope_parameters", None) else c.rope_theta
    assert theta == 500000.0
    # Meta's published count for Llama-3.1-8B is 8.03B parameters.
    assert random_model.parameter_count(c) == 8_030_261_248
    assert random_model.load_config("llama-tiny").hidden_size == 64  # the prefix is optional


def test_unknown_and_broken_configs_are_option_errors(tmp_path):
    with pytest.raises(OptionError, match="--model.*unknown model config 'nope'.*config:llama-3.1-8b"):
        random_model.load_config("config:nope")
    bad = tmp_path / "bad.json"
    bad.write_text('{"model_type": "llama",\n "hidden_size": }')
    with pytest.raises(OptionError, match="not valid JSON at line 2"):
        random_model.load_config(f"config:{bad}")
    no_type = tmp_path / "notype.json"
    no_type.write_text(json.dumps({"hidden_size": 8}))
    with pytest.raises(OptionError, match="model_type"):
        random_model.load_config(str(no_type))


def test_a_config_file_path_builds(tmp_path):
    path = tmp_path / "mine.json"
    data = json.loads((random_model.resources.files("storytransformer") / "configs" / "llama-tiny.json").read_text())
    data["num_hidden_layers"] = 1
    path.write_text(json.dumps(data))
    model, tok, config = random_model.build(f"config:{path}", quant="none", device="cpu")
    assert tok is None and config.num_hidden_layers == 1 and len(model.model.layers) == 1


def test_weights_are_seeded_random_normal_not_zeros(tiny):
    w = tiny.model.layers[0].mlp.up_proj.weight
    assert w.abs().min() >= 0 and (w != 0).float().mean() > 0.999
    assert abs(w.std().item() - 0.02) < 0.002  # the config's initializer_range
    same, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=1)
    other, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=2)
    for (name, p), q, r in zip(tiny.named_parameters(), same.parameters(), other.parameters(), strict=True):
        assert torch.equal(p, q), name
        if p.ndim == 2:  # norms start at ones in every seed; matrices must differ
            assert not torch.equal(p, r), name


def test_4bit_on_cpu_is_real_nf4_and_close_to_full_precision(tiny):
    import bitsandbytes as bnb

    q, _, config = random_model.build("config:llama-tiny", quant="4bit", device="cpu", seed=1)
    assert isinstance(q.model.layers[0].self_attn.q_proj, bnb.nn.Linear4bit)
    assert isinstance(q.lm_head, torch.nn.Linear) and not isinstance(q.lm_head, bnb.nn.Linear4bit)
    assert config.storytransformer_quant == "4bit"
    ids = torch.randint(1, config.vocab_size, (2, 24), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        ref, out = tiny(ids).logits, q(ids).logits.float()
    assert torch.isfinite(out).all()
    rel = ((out - ref).norm() / ref.norm()).item()
    assert 0 < rel < 0.3  # quantized: different, but the same function


@pytest.mark.parametrize("quant", ["none", "4bit"])
def test_layerwise_build_materializes_everything_seeded(quant):
    # The path CUDA takes for quantized models: meta skeleton, one layer at a time.
    a, _, config = random_model.build("config:llama-tiny", quant=quant, device="cpu", seed=3, layerwise=True)
    b, _, _ = random_model.build("config:llama-tiny", quant=quant, device="cpu", seed=3, layerwise=True)
    assert not [n for n, t in list(a.named_parameters()) + list(a.named_buffers()) if t.is_meta]
    for (name, p), q in zip(a.named_parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q), name
    assert abs(a.model.embed_tokens.weight.std().item() - 0.02) < 0.002
    assert torch.equal(a.model.norm.weight, torch.ones_like(a.model.norm.weight))
    eager, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=3)
    assert torch.equal(a.model.rotary_emb.inv_freq, eager.model.rotary_emb.inv_freq)  # computed, not random
    ids = torch.randint(1, config.vocab_size, (1, 16), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.isfinite(a(ids).logits).all()


def test_bad_choices_are_clear_errors():
    with pytest.raises(OptionError, match="--quant"):
        random_model.build("config:llama-tiny", quant="3bit", device="cpu")
    with pytest.raises(UnsupportedError, match="int4-torchao needs a CUDA GPU"):
        random_model.build("config:llama-tiny", quant="int4-torchao", device="cpu")
    try:
        import flash_attn  # noqa: F401
    except ImportError:
        with pytest.raises(UnsupportedError, match="flash_attention_2"):
            random_model.build("config:llama-tiny", quant="none", attn="flash_attention_2", device="cpu")


def test_fast_decoder_matches_plain_loop_and_generate(tiny):
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(1, 1024, (3, 40), generator=gen)
    forced = torch.randint(1, 1024, (3, 8), generator=gen)
    plain = PlainDecoder(tiny)
    first = plain.prefill(ids)
    tokens = plain.decode(first, 12)
    ref = tiny.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=13, do_sample=False)
    assert torch.equal(ref[:, 40:], torch.cat([first[:, None], tokens], dim=1))
    plain.prefill(ids)
    ref_logits = plain.forced_logits(forced)
    for gqa in (False, True):
        fast = FastDecoder(tiny, max_len=64, gqa_decode=gqa)
        assert fast.compile_mode == "none"  # CPU: static cache without CUDA graphs
        assert tiny.config._attn_implementation == (GQA_DECODE if gqa else "sdpa")
        assert torch.equal(fast.decode(fast.prefill(ids), 12), tokens)
        fast.prefill(ids)  # reused cache, reset between prompts
        logits = fast.forced_logits(forced)
        assert ((logits - ref_logits).norm() / ref_logits.norm()).item() < 1e-5
        fast.release()
        assert tiny.config._attn_implementation == "sdpa"  # restored


def test_fast_decoder_refuses_overflowing_its_cache(tiny):
    fast = FastDecoder(tiny, max_len=32)
    with pytest.raises(ValueError, match="does not fit"):
        fast.prefill(torch.randint(1, 1024, (1, 40)))
    first = fast.prefill(torch.randint(1, 1024, (1, 30)))
    with pytest.raises(ValueError, match="exceed the static cache"):
        fast.decode(first, 5)


def test_8bit_builds_real_int8_layers(tiny):
    import bitsandbytes as bnb

    q, _, config = random_model.build("config:llama-tiny", quant="8bit", device="cpu", seed=1)
    assert isinstance(q.model.layers[1].mlp.down_proj, bnb.nn.Linear8bitLt)
    ids = torch.randint(1, config.vocab_size, (1, 16), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        ref, out = tiny(ids).logits, q(ids).logits.float()
    assert 0 < ((out - ref).norm() / ref.norm()).item() < 0.1
