"""q/k/v and gate/up fused into one matmul each give the same model (runtime/fused_projections)."""

import copy

import pytest

torch = pytest.importorskip("torch")

from storytransformer.runtime import fast_decode, fused_projections, random_model  # noqa: E402


@pytest.fixture(scope="module")
def tiny():
    model, _, config = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=3)
    return model, config


def _fused_copy(model):
    fused = copy.deepcopy(model)
    for layer in fused.model.layers:
        assert fused_projections.fuse_layer(layer) == 2
    return fused


def test_fused_model_gives_the_same_logits(tiny):
    model, config = tiny
    fused = _fused_copy(model)
    attn = fused.model.layers[0].self_attn
    assert isinstance(attn.q_proj, torch.nn.Module) and not isinstance(attn.q_proj, torch.nn.Linear)
    ids = torch.randint(1, config.vocab_size, (2, 17), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        want = model(input_ids=ids).logits
        got = fused(input_ids=ids).logits
    assert torch.allclose(got, want, atol=1e-5, rtol=1e-4)
    # Same parameter count: each fused weight is registered once, the originals are gone.
    assert sum(p.numel() for p in fused.parameters()) == sum(p.numel() for p in model.parameters())
    # Nothing stashed outlives a forward.
    assert all(layer.self_attn.q_proj.fused.pending is None for layer in fused.model.layers)


def test_fused_model_decodes_the_same_tokens_with_the_static_cache(tiny):
    model, config = tiny
    fused = _fused_copy(model)
    ids = torch.randint(1, config.vocab_size, (1, 12), generator=torch.Generator().manual_seed(1))
    outs = []
    for m in (model, fused):
        dec = fast_decode.FastDecoder(m, max_len=40, compile=False)
        first = dec.prefill(ids)
        outs.append(torch.cat([first[:, None], dec.decode(first, 10)], dim=1))
        dec.release()
    assert torch.equal(outs[0], outs[1])


def test_projections_called_out_of_order_still_compute_the_right_columns(tiny):
    model, config = tiny
    attn = copy.deepcopy(model.model.layers[0].self_attn)
    q, k, v = attn.q_proj, attn.k_proj, attn.v_proj
    parts = fused_projections.fuse_linears([q, k, v])
    x = torch.randn(3, q.in_features)
    with torch.no_grad():
        # v before q: no stash yet, so it computes the fused product itself.
        assert torch.allclose(parts[2](x), v(x), atol=1e-6)
        assert torch.allclose(parts[1](x), k(x), atol=1e-6)
        assert torch.allclose(parts[0](x), q(x), atol=1e-6)
        # A stash left by q for one input is not used for an input of another shape.
        y = torch.randn(5, q.in_features)
        assert torch.allclose(parts[1](y), k(y), atol=1e-6)


def test_layers_without_the_known_projections_are_left_alone():
    layer = torch.nn.Module()
    layer.mlp = torch.nn.Module()
    layer.mlp.fc = torch.nn.Linear(4, 4)
    assert fused_projections.fuse_layer(layer) == 0
    assert isinstance(layer.mlp.fc, torch.nn.Linear)


def test_16bit_models_are_fused_on_a_gpu_only_and_keep_their_logits(tiny):
    """--quant none: a checkpoint loaded onto CUDA gets q/k/v and gate/up fused (quant_modes.
    Unquantized.after_load); on the CPU it is left as loaded."""
    from storytransformer.runtime.quant_modes import fuse_16bit, quant_mode

    model, config = tiny
    on_cpu = copy.deepcopy(model)
    quant_mode("none").after_load(on_cpu, "cpu")
    assert isinstance(on_cpu.model.layers[0].self_attn.q_proj, torch.nn.Linear)
    fused = copy.deepcopy(model)
    assert fuse_16bit(fused) == 2 * config.num_hidden_layers
    assert fuse_16bit(fused) == 0  # already fused: nothing left to fuse, nothing broken
    ids = torch.randint(1, config.vocab_size, (1, 9), generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        assert torch.allclose(fused(input_ids=ids).logits, model(input_ids=ids).logits, atol=1e-5, rtol=1e-4)
