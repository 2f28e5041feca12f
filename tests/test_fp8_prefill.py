"""FP8 prefill math (runtime/fp8_prefill.py) on the CPU: the scales, the rounding error's size,
and that an int4 GemLite weight unpacks to the FP8 form of the same weight. The FP8 GEMM itself
(torch._scaled_mm) needs an sm_89+ GPU and is measured there (docs/benchmarks.md section 16)."""

import pytest

torch = pytest.importorskip("torch")
if not hasattr(torch, "float8_e4m3fn"):
    pytest.skip("this torch has no float8 dtypes", allow_module_level=True)

from storytransformer.runtime import fp8_prefill, int4_gemlite  # noqa: E402


def test_rows_are_scaled_to_the_e4m3_range_and_round_trip_within_its_precision():
    torch.manual_seed(0)
    # rows of very different magnitude: one scale per row keeps each row's relative error
    x = torch.randn(5, 256) * torch.tensor([[1e-3], [1.0], [30.0], [1e3], [0.2]])
    x8, scale = fp8_prefill.quantize_rows(x)
    assert x8.dtype == torch.float8_e4m3fn and scale.shape == (5, 1)
    assert torch.allclose(x8.float().abs().amax(dim=1), torch.full((5,), 448.0))
    back = x8.float() * scale
    rel = (back - x).norm(dim=1) / x.norm(dim=1)
    assert bool((rel < 0.04).all()), rel  # e4m3: 3 mantissa bits, ~2-3% RMS per value
    assert bool((rel > 1e-4).all())  # it does round: not a silent float copy


def test_a_zero_row_stays_zero_without_dividing_by_zero():
    x = torch.zeros(2, 32)
    x[1, 3] = 5.0
    x8, scale = fp8_prefill.quantize_rows(x)
    assert torch.equal(x8[0].float(), torch.zeros(32)) and float(scale[0]) == 1.0
    assert float(x8[1, 3].float() * scale[1]) == 5.0


def test_weight_scales_are_per_output_channel():
    w = torch.randn(12, 64)
    w[7] *= 100
    w8, scale = fp8_prefill.weight_rows(w)
    assert scale.shape == (1, 12)
    assert float(scale[0, 7]) > 50 * float(scale[0, 0])


def test_linear_reference_is_close_to_the_16_bit_product_and_handles_bias_and_batch_dims():
    torch.manual_seed(1)
    x = torch.randn(2, 9, 128, dtype=torch.bfloat16)
    w = torch.randn(48, 128) * 0.05
    bias = torch.randn(48)
    w8, ws = fp8_prefill.weight_rows(w)
    y = fp8_prefill.linear_reference(x, w8, ws, bias)
    assert y.shape == (2, 9, 48) and y.dtype == torch.bfloat16
    want = x.float() @ w.t() + bias
    rel = float((y.float() - want).norm() / want.norm())
    assert 1e-4 < rel < 0.05, rel


def test_cpu_is_not_an_fp8_device():
    assert fp8_prefill.supported("cpu") is False
    assert fp8_prefill.supported(torch.device("cpu")) is False


def test_an_int4_gemlite_weight_unpacks_to_the_fp8_form_of_its_16_bit_unpack():
    from types import SimpleNamespace

    torch.manual_seed(3)
    n, k, group = 8, 128, 64
    w_q, scale, zero = int4_gemlite.quantize_weight(torch.randn(n, k), group)
    words = torch.zeros(n, k // 8, dtype=torch.int32)
    for j in range(k):
        words[:, j // 8] |= w_q[:, j].to(torch.int32) << (4 * (j % 8))
    layer = SimpleNamespace(elements_per_sample=8, W_nbits=4, W_q=words.t().contiguous(),
                            scales=scale.t().contiguous(), zeros=zero.t().contiguous(), W_group_mode=3)
    w8, ws = int4_gemlite.unpack_gemlite_fp8(layer)
    want8, want_scale = fp8_prefill.weight_rows(int4_gemlite.unpack_gemlite(layer, mode="eager"))
    assert torch.equal(w8.float(), want8.float()) and torch.equal(ws, want_scale)
    dense = int4_gemlite.dequantize_weight(w_q, scale, zero, group)
    rel = float((w8.float() * ws.reshape(-1, 1) - dense).norm() / dense.norm())
    assert rel < 0.04, rel
