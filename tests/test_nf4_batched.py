"""runtime/nf4_batched.py on the CPU: the weight it hands to the GEMM (bitsandbytes' dequantize
ops, the nested absmax decoded as bitsandbytes does) equals bitsandbytes' own dequantization and
the plain-torch reference bit for bit (with and without double quantization, with a partial last
block of absmax codes), and the switched layer computes what bitsandbytes' layer computes."""

import pytest

torch = pytest.importorskip("torch")
bnb = pytest.importorskip("bitsandbytes")

from storytransformer.runtime import nf4_batched  # noqa: E402


def nf4_layer(out_features, in_features, double_quant, seed=0):
    torch.manual_seed(seed)
    lin = torch.nn.Linear(in_features, out_features, bias=True)
    new = bnb.nn.Linear4bit(in_features, out_features, bias=True, compute_dtype=torch.bfloat16,
                            compress_statistics=double_quant, quant_type="nf4", device="meta")
    new.weight = bnb.nn.Params4bit(lin.weight.data.to(torch.bfloat16), requires_grad=False,
                                   compress_statistics=double_quant, quant_type="nf4", module=new)
    new.bias = torch.nn.Parameter(lin.bias.data.to(torch.bfloat16), requires_grad=False)
    return new.to("cpu")  # bitsandbytes quantizes on this move


@pytest.mark.parametrize("double_quant", [True, False])
@pytest.mark.parametrize("shape", [(96, 320), (256, 512)])  # 480 absmax blocks: a partial block of 256
def test_dequantize_equals_bitsandbytes(double_quant, shape):
    import bitsandbytes.functional as bnbf

    layer = nf4_layer(*shape, double_quant)
    assert layer.weight.quant_state.nested is double_quant
    want = bnbf.dequantize_4bit(layer.weight.data, layer.weight.quant_state)
    got = nf4_batched.dequantize(layer.weight)
    assert got.shape == shape and got.dtype == torch.bfloat16
    assert torch.equal(got, want)
    assert torch.equal(nf4_batched.dequantize_nf4(*nf4_batched.state_args(layer.weight)), want)
    # and it is the weight, not noise: close to the 16-bit original
    torch.manual_seed(0)
    original = torch.nn.Linear(shape[1], shape[0]).weight.to(torch.bfloat16).float()
    assert float((got.float() - original).norm() / original.norm()) < 0.15


def test_switched_layer_computes_what_bitsandbytes_computes():
    layer = nf4_layer(64, 128, True, seed=3)
    many, one = torch.randn(2, 7, 128, dtype=torch.bfloat16), torch.randn(1, 1, 128, dtype=torch.bfloat16)
    want_many, want_one = layer(many), layer(one)
    model = torch.nn.Sequential(layer, torch.nn.ReLU())
    assert nf4_batched.install(model) == 1
    assert isinstance(layer, bnb.nn.Linear4bit) and type(layer).__name__ == "BatchedLinear4bit"
    assert torch.equal(layer(many), want_many)
    assert torch.equal(layer(one), want_one)
    assert nf4_batched.install(model) == 0  # already switched
    assert list(dict(layer.named_parameters())) == ["weight", "bias"]
