"""The bundled model's direct load (runtime.bundled.load_converted_llama) against the plain
`from_pretrained` of the same converted cache: the same model, tensor for tensor, and the same
logits and greedy tokens. Real bundled model, no mocks of torch or transformers."""

import shutil

import pytest

from storytransformer.runtime import load_engine
from storytransformer.runtime.bundled import bundled_model_dir, load_converted_llama
from storytransformer.runtime.types import GenerationRequest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both():
    import torch
    from transformers import AutoModelForCausalLM

    d = bundled_model_dir()
    direct = load_converted_llama(d, dtype=torch.float32, attn_implementation="sdpa")
    plain = AutoModelForCausalLM.from_pretrained(str(d), dtype=torch.float32, attn_implementation="sdpa",
                                                 local_files_only=True, use_safetensors=True)
    return direct, plain


def test_direct_load_gives_the_same_tensors_and_configs(both):
    import torch

    direct, plain = both
    assert direct is not None and type(direct) is type(plain)
    a, b = direct.state_dict(), plain.state_dict()
    assert a.keys() == b.keys()
    for k in b:
        assert a[k].dtype == b[k].dtype and a[k].device == b[k].device and torch.equal(a[k], b[k]), k
    buffers_a, buffers_b = dict(direct.named_buffers()), dict(plain.named_buffers())  # RoPE frequencies
    assert buffers_a.keys() == buffers_b.keys()
    assert all(torch.equal(buffers_a[k], buffers_b[k]) and buffers_a[k].dtype == buffers_b[k].dtype for k in buffers_b)
    assert direct.lm_head.weight is direct.model.embed_tokens.weight  # tied, as in the plain load
    assert plain.lm_head.weight is plain.model.embed_tokens.weight
    assert direct.config.to_dict() == plain.config.to_dict()
    assert direct.config._attn_implementation == plain.config._attn_implementation == "sdpa"
    assert direct.generation_config.to_dict() == plain.generation_config.to_dict()
    assert not direct.training and not plain.training


def test_direct_load_gives_the_same_logits_and_greedy_tokens(both):
    import torch

    direct, plain = both
    engine = load_engine()  # for the tokenizer and the chat template
    ids = torch.tensor([engine.encode([{"role": "user", "content": "Write one user story about a password reset."}])])
    with torch.inference_mode():
        assert torch.equal(direct(ids).logits, plain(ids).logits)
        out_a = direct.generate(ids, max_new_tokens=24, do_sample=False)
        out_b = plain.generate(ids, max_new_tokens=24, do_sample=False)
    assert torch.equal(out_a, out_b) and out_a.shape[1] > ids.shape[1]


def test_load_engine_reads_the_bundled_cache_directly_on_cpu_only_when_it_can(monkeypatch):
    e = load_engine()
    assert any(r.endswith("(converted cache read directly)") for r in e.info.reasons)
    assert e.info.quantization.startswith("none") and e.info.attention == "sdpa"  # reasons unchanged
    # Another dtype than the cache's float32: the plain from_pretrained path, same answer text.
    bf16 = load_engine(dtype="bfloat16")
    assert not any("read directly" in r for r in bf16.info.reasons) and str(bf16.model.dtype) == "torch.bfloat16"
    # If the direct load breaks (say, a transformers release builds Llama differently), the
    # plain load takes over and the answer is the same.
    import storytransformer.runtime.bundled as bundled

    def broken(*a, **k):
        raise AttributeError("simulated")

    monkeypatch.setattr(bundled, "load_converted_llama", broken)
    fallback = load_engine()
    assert not any("read directly" in r for r in fallback.info.reasons)
    req = GenerationRequest(({"role": "user", "content": "What is the capital of France?"},), max_new_tokens=12)
    assert fallback.generate([req])[0].text == e.generate([req])[0].text


def test_direct_load_refuses_a_directory_it_does_not_match(tmp_path):
    import json

    import torch

    src = bundled_model_dir()
    d = tmp_path / "changed"
    d.mkdir()
    for f in src.iterdir():
        (d / f.name).symlink_to(f) if f.name == "model.safetensors" else shutil.copy(f, d / f.name)
    cfg = json.loads((src / "config.json").read_text())
    assert load_converted_llama(d, dtype=torch.bfloat16, attn_implementation="sdpa") is None  # not the cache's dtype
    (d / "config.json").write_text(json.dumps({**cfg, "num_hidden_layers": 29}))  # layer 29's tensors left over
    assert load_converted_llama(d, dtype=torch.float32, attn_implementation="sdpa") is None
    (d / "config.json").write_text(json.dumps({**cfg, "architectures": ["MistralForCausalLM"]}))
    assert load_converted_llama(d, dtype=torch.float32, attn_implementation="sdpa") is None


def test_first_load_imports_with_the_collector_paused_then_frozen():
    """A fresh process: the collector is back on after the imports, the import-time objects are
    frozen, a second call is a no-op, and a collector the caller paused stays paused."""
    import subprocess
    import sys

    code = """if True:
        import gc, sys
        from storytransformer.runtime import import_torch_and_transformers
        paused = sys.argv[1] == "paused"
        if paused:
            gc.disable()
        import_torch_and_transformers()
        frozen = gc.get_freeze_count()
        assert gc.isenabled() != paused and (frozen == 0) == paused, (gc.isenabled(), frozen)
        assert ("transformers.modeling_utils" in sys.modules) != paused  # paused: load_engine imports later
        import_torch_and_transformers()
        assert gc.get_freeze_count() <= frozen  # nothing more frozen (frozen objects can still be freed)
        print(frozen)
    """
    for mode in ("running", "paused"):
        out = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        assert (int(out.stdout.split()[-1]) > 100_000) == (mode == "running")
