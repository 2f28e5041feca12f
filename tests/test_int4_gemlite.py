"""The int4 (HQQ-format) quantizer behind --quant int4-gemlite; the kernels need CUDA and are
measured on the GPU (benchmarks/int4_kernels.py), the quantization math is checked here."""

import pytest

torch = pytest.importorskip("torch")

from storytransformer.errors import UnsupportedError  # noqa: E402
from storytransformer.runtime import int4_gemlite  # noqa: E402


def test_round_trip_error_is_within_half_a_step_per_group():
    torch.manual_seed(0)
    w = torch.randn(48, 256) * 0.02
    w_q, scale, zero = int4_gemlite.quantize_weight(w, group_size=64)
    assert w_q.dtype == torch.uint8 and w_q.shape == w.shape
    assert int(w_q.min()) >= 0 and int(w_q.max()) <= 15
    assert scale.shape == zero.shape == (48, 4)
    back = int4_gemlite.dequantize_weight(w_q, scale, zero, group_size=64)
    step = scale.repeat_interleave(64, dim=1)
    # Round to nearest: each value is off by at most half a quantization step (plus float slack).
    assert bool(((back - w).abs() <= step * 0.5 + 1e-6).all())
    # Both ends of every group are representable: the min exactly, the max within half a step.
    groups = w.reshape(48, 4, 64)
    assert torch.allclose(back.reshape(48, 4, 64).amin(-1), groups.amin(-1), atol=1e-6)


def test_uses_all_sixteen_levels_and_keeps_the_matmul_close():
    torch.manual_seed(1)
    w = torch.randn(128, 512)
    w_q, scale, zero = int4_gemlite.quantize_weight(w, group_size=128)
    assert len(torch.unique(w_q)) == 16
    x = torch.randn(8, 512)
    ref = x @ w.t()
    got = x @ int4_gemlite.dequantize_weight(w_q, scale, zero, group_size=128).t()
    rel = float((got - ref).norm() / ref.norm())
    assert rel < 0.12  # int4 RTN on Gaussian weights: ~8-10 % relative error


def test_constant_group_does_not_divide_by_zero():
    w = torch.zeros(4, 64)
    w_q, scale, zero = int4_gemlite.quantize_weight(w, group_size=64)
    back = int4_gemlite.dequantize_weight(w_q, scale, zero, group_size=64)
    assert torch.isfinite(back).all() and bool((back == 0).all())


def test_group_size_must_divide_the_input_features():
    with pytest.raises(UnsupportedError, match="group size"):
        int4_gemlite.quantize_weight(torch.randn(4, 100), group_size=64)


def test_random_model_refuses_gemlite_without_cuda():
    from storytransformer.runtime import random_model

    with pytest.raises(UnsupportedError, match="CUDA"):
        random_model.build("config:llama-tiny", quant="int4-gemlite", device="cpu")


def test_unpack_reads_gemlite_packing_including_the_sign_bit():
    """GemLite packs 8 int4 values per int32 word along the input dimension (value j at bit
    4*j, as its pack_weights_over_cols does) and stores the words and the scales/zeros
    transposed. A top value >= 8 makes the word negative: the unpack must still mask it right."""
    from types import SimpleNamespace

    torch.manual_seed(2)
    n, k, group = 6, 64, 32
    w_q, scale, zero = int4_gemlite.quantize_weight(torch.randn(n, k), group)
    words = torch.zeros(n, k // 8, dtype=torch.int32)
    for j in range(k):
        words[:, j // 8] |= w_q[:, j].to(torch.int32) << (4 * (j % 8))
    assert bool((words < 0).any())
    layer = SimpleNamespace(out_features=n, in_features=k, elements_per_sample=8, W_nbits=4,
                            W_q=words.t().contiguous(), scales=scale.t().contiguous(),
                            zeros=zero.t().contiguous(), W_group_mode=3)
    want = int4_gemlite.dequantize_weight(w_q, scale, zero, group)
    assert torch.equal(int4_gemlite.unpack_gemlite(layer), want)
    # The fused form (mode 4) keeps zero * -scale; same weight back.
    fused = SimpleNamespace(**{**vars(layer), "W_group_mode": 4,
                               "zeros": (-zero * scale).t().contiguous()})
    assert torch.allclose(int4_gemlite.unpack_gemlite(fused), want, atol=1e-6)


def test_tall_weights_are_quantized_in_slices_with_the_same_result(monkeypatch):
    torch.manual_seed(4)
    w = torch.randn(40, 128)
    whole = int4_gemlite.quantize_weight(w, group_size=64)
    monkeypatch.setattr(int4_gemlite, "_ROWS_PER_CHUNK", 16)
    sliced = int4_gemlite.quantize_weight(w, group_size=64)
    assert all(torch.equal(a, b) for a, b in zip(whole, sliced, strict=True))


def test_a_head_that_is_not_a_direct_child_is_refused_not_skipped():
    class Wrapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = torch.nn.Module()
            self.inner.head = torch.nn.Linear(64, 8)

        def get_output_embeddings(self):
            return self.inner.head

    with pytest.raises(UnsupportedError, match="output head"):
        int4_gemlite.quantize_head(Wrapped())
