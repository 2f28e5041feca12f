"""KV-cache formats (runtime/kv_quant.py): the round trip's error bounds on random data with
outliers, the memory they take, and a cache that runs them inside a real (tiny) model."""

import pytest
import torch

from storytransformer.runtime.kv_quant import KV_FORMATS, kv_bytes_per_token, quantize, round_trip, round_trip_cache


def kv_like(seed=0):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(2, 4, 37, 64, generator=gen)
    x[0, 1, 5] *= 40  # one outlier token: its own scale must not flatten the others
    return x


def test_int8_error_is_half_a_step_of_each_vectors_own_scale():
    x = kv_like()
    q, scale = quantize(x, "int8")
    assert q.dtype == torch.int8 and scale.shape == (2, 4, 37, 1)
    err = (round_trip(x, "int8") - x).abs()
    assert (err <= scale / 2 + 1e-6).all()
    others = torch.ones(2, 4, 37, dtype=torch.bool)
    others[0, 1, 5] = False
    rel = err.norm(dim=-1) / x.norm(dim=-1)
    assert rel[others].max() < 0.01 and rel[0, 1, 5] < 0.01  # the outlier row too, at its own scale


def test_fp8_keeps_e4m3_relative_precision_and_bf16_is_plain_rounding():
    x = kv_like(1)
    q, _ = quantize(x, "fp8")
    assert q.dtype == torch.float8_e4m3fn
    rel = (round_trip(x, "fp8") - x).norm() / x.norm()
    assert 0.005 < rel < 0.05  # 3 mantissa bits: ~2-3% on normal data, never exact
    assert torch.equal(round_trip(x, "bf16"), x.to(torch.bfloat16).float())
    with pytest.raises(ValueError, match="bf16, int8, fp8"):
        quantize(x, "int4")


def test_bytes_per_token_for_the_8b_shape():
    # 32 layers x 8 KV heads x 128 dims x K and V: 128 KiB per token in 16 bits, 16 GiB at 128k
    assert kv_bytes_per_token(32, 8, 128, "bf16") * 131072 == 16 * 2**30
    assert kv_bytes_per_token(32, 8, 128, "int8") == kv_bytes_per_token(32, 8, 128, "fp8") == 65536 + 1024
    assert set(KV_FORMATS) == {"bf16", "int8", "fp8"}


def test_round_trip_cache_runs_in_a_model_and_drifts_in_order():
    from storytransformer.runtime import random_model

    model, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu", seed=2)
    ids = torch.randint(3, 1000, (1, 48), generator=torch.Generator().manual_seed(0))

    def logits(fmt):
        from transformers import DynamicCache

        cache = DynamicCache(config=model.config) if fmt is None else round_trip_cache(model.config, fmt)
        with torch.no_grad():  # in chunks: later tokens read earlier ones back from the cache
            return torch.cat([model(input_ids=ids[:, i:i + 16], past_key_values=cache).logits
                              for i in range(0, 48, 16)], dim=1)

    ref = logits(None)
    drift = {f: float((logits(f) - ref).norm() / ref.norm()) for f in KV_FORMATS}
    assert 0 < drift["bf16"] < drift["fp8"] and 0 < drift["int8"] < drift["fp8"] < 0.05
