"""runtime/prefill_fusions.py on the CPU: the swapped modules compute what transformers' own do
(the fused path forced on with ON_CPU and a low row threshold; on CUDA it is compiled), keep the
state_dict, and leave a model alone off CUDA by default."""

import sys

import pytest

torch = pytest.importorskip("torch")

from storytransformer.runtime import prefill_fusions, random_model  # noqa: E402


@pytest.fixture
def tiny(monkeypatch):
    model, _, config = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=3)
    attn_module = sys.modules[type(model.model.layers[0].self_attn).__module__]
    monkeypatch.setattr(attn_module, "apply_rotary_pos_emb", attn_module.apply_rotary_pos_emb)  # restored after
    return model.eval(), config


def logits(model, ids):
    with torch.no_grad():
        return model(input_ids=ids).logits


def test_off_cuda_nothing_is_swapped_by_default(tiny):
    model, _ = tiny
    assert prefill_fusions.install(model, "cpu") == {"rms_norm": 0, "mlp": 0, "rotary": 0}
    assert type(model.model.norm).__name__ == "LlamaRMSNorm"


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_fused_modules_compute_what_transformers_computes(tiny, monkeypatch, dtype):
    model, config = tiny
    model = model.to(dtype)
    ids = torch.randint(1, config.vocab_size, (2, 40), generator=torch.Generator().manual_seed(0))
    want, want_short = logits(model, ids), logits(model, ids[:, :4])
    keys = list(model.state_dict())
    monkeypatch.setattr(prefill_fusions, "ON_CPU", True)
    monkeypatch.setattr(prefill_fusions, "PREFILL_ROWS", 16)  # 80 rows here: the fused path
    done = prefill_fusions.install(model, "cpu")
    layers = config.num_hidden_layers
    assert done == {"rms_norm": 2 * layers + 1, "mlp": layers, "rotary": 1}
    assert list(model.state_dict()) == keys
    got = logits(model, ids)
    assert torch.equal(got, want)  # the same ops in the same order, uncompiled on the CPU
    # short inputs (decode-sized) take transformers' code: same result too
    assert torch.equal(logits(model, ids[:, :4]), want_short)
    # installing twice swaps nothing more
    assert prefill_fusions.install(model, "cpu") == {"rms_norm": 0, "mlp": 0, "rotary": 1}


def test_rotary_dispatcher_falls_back_for_calls_it_does_not_know(tiny, monkeypatch):
    model, _ = tiny
    monkeypatch.setattr(prefill_fusions, "ON_CPU", True)
    monkeypatch.setattr(prefill_fusions, "PREFILL_ROWS", 1)
    prefill_fusions.install(model, "cpu")
    mod = sys.modules[type(model.model.layers[0].self_attn).__module__]
    q, k = torch.randn(1, 4, 8, 16), torch.randn(1, 2, 8, 16)
    cos, sin = torch.randn(1, 8, 16), torch.randn(1, 8, 16)
    original = mod.apply_rotary_pos_emb.__wrapped__
    for kwargs in ({}, {"unsqueeze_dim": 1}):
        a = mod.apply_rotary_pos_emb(q, k, cos, sin, **kwargs)
        b = original(q, k, cos, sin, **kwargs)
        assert all(torch.allclose(x, y) for x, y in zip(a, b, strict=True))
    # positional extra argument: passed through to the original
    qt, kt = q.transpose(1, 2), k.transpose(1, 2)
    a = mod.apply_rotary_pos_emb(qt, kt, cos, sin, 2)
    assert all(torch.equal(x, y) for x, y in zip(a, original(qt, kt, cos, sin, 2), strict=True))
