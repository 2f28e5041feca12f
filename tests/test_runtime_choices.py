"""Attention and quantization decisions and the memory planner: pure functions of plain data,
so GPUs this CI machine lacks (Hopper, Ampere, Turing, Blackwell, MI300, Radeon) are covered."""

import json
from pathlib import Path

import pytest

from storytransformer.errors import OptionError, UnsupportedError
from storytransformer.runtime.attention import choose_attention
from storytransformer.runtime.hardware import HardwareInfo
from storytransformer.runtime.memory import (
    ModelShape,
    activation_bytes,
    kv_bytes_per_token,
    plan_memory,
    weight_bytes,
)
from storytransformer.runtime.quant import choose_quant

GIB = 1024**3
CONFIGS = Path(__file__).resolve().parent.parent / "storytransformer" / "configs"


def nvidia(cc, *, fa2=None, fa3=None, fa4=None, broken=(), cudnn=91000, bnb="0.50.2", bf16=True):
    pk = {"bitsandbytes": bnb, "flash-attn": fa2, "flash-attn-3": fa3, "flash-attn-4": fa4}
    return HardwareInfo(backend="cuda", device="cuda:0", name="GPU", device_count=1, compute_capability=cc,
                        total_memory=80 * GIB, free_memory=79 * GIB, cuda_version="13.0", cudnn_version=cudnn,
                        bf16=bf16, packages=pk, package_errors={b: "ImportError: undefined symbol" for b in broken})


def rocm(arch, *, fa2=None):
    return HardwareInfo(backend="rocm", device="cuda:0", name="AMD Instinct", device_count=1,
                        compute_capability=(9, 4), gcn_arch=arch, total_memory=192 * GIB, free_memory=190 * GIB,
                        hip_version="6.4", bf16=True, packages={"bitsandbytes": "0.50.2", "flash-attn": fa2})


CPU = HardwareInfo(backend="cpu", device="cpu", total_memory=24 * GIB, free_memory=20 * GIB,
                   packages={"bitsandbytes": "0.50.2"})

# (hardware, expected implementation, expected first SDPA backend or None, words in the reason)
AUTO_TABLE = [
    (CPU, "sdpa", None, "CPU"),
    (nvidia((9, 0)), "sdpa", "cudnn", "1.9x"),
    (nvidia((9, 0), fa2="2.8.3"), "sdpa", "cudnn", "flash-attn 2 is installed but not used"),
    (nvidia((9, 0), fa3="3.0.0"), "flash_attention_3", None, "Hopper"),
    (nvidia((9, 0), fa3="3.0.0", broken=("flash-attn-3",)), "sdpa", "cudnn", "Hopper"),
    (nvidia((9, 0), cudnn=8902), "sdpa", "flash", "too old"),
    (nvidia((8, 0)), "sdpa", "flash", "Ampere"),
    (nvidia((8, 6), fa2="2.8.3"), "flash_attention_2", None, "varlen"),
    (nvidia((8, 9), fa2="2.8.3", broken=("flash-attn",)), "sdpa", "flash", "does not import"),
    (nvidia((7, 5)), "sdpa", "efficient", "sm_80+"),
    (nvidia((10, 0)), "sdpa", "cudnn", "Blackwell"),
    (nvidia((10, 0), fa4="4.0.0b1"), "flash_attention_4", None, "Blackwell"),
    (rocm("gfx942"), "sdpa", "flash", "AOTriton"),
    (rocm("gfx942", fa2="2.7.4"), "flash_attention_2", None, "ROCm flash-attn"),
    (rocm("gfx90a"), "sdpa", "flash", "AOTriton"),
    (rocm("gfx1100"), "sdpa", "efficient", "experimental"),
    (rocm("gfx906"), "sdpa", None, "no flash kernels"),
]


@pytest.mark.parametrize("hw,impl,first,words", AUTO_TABLE)
def test_auto_attention_decision_table(hw, impl, first, words):
    choice = choose_attention(hw, "auto")
    assert choice.implementation == impl
    assert (choice.sdpa_backends or (None,))[0] == first
    assert any(words in r for r in choice.reasons), choice.reasons
    assert not choice.materializes_scores


@pytest.mark.parametrize("hw,requested,words", [
    (CPU, "flash_attention_2", "GPUs only"),
    (CPU, "sdpa:cudnn", "NVIDIA"),
    (CPU, "sdpa:efficient", "GPU-only"),
    (nvidia((7, 5), fa2="2.8.3"), "flash_attention_2", "sm_80+"),
    (nvidia((8, 0)), "flash_attention_2", "not installed"),
    (nvidia((8, 0), fa2="2.8.3", broken=("flash-attn",)), "flash_attention_2", "does not import"),
    (nvidia((8, 0), fa3="3.0.0"), "flash_attention_3", "Hopper"),
    (nvidia((7, 5)), "sdpa:flash", "sm_80+"),
    (rocm("gfx942"), "sdpa:cudnn", "NVIDIA"),
    (rocm("gfx1100", fa2="2.7.4"), "flash_attention_2", "gfx1100"),
    (nvidia((9, 0)), "kernels-community/flash-attn3", "offline"),
])
def test_explicit_unsupported_attention_is_an_error_naming_the_option(hw, requested, words):
    with pytest.raises(UnsupportedError) as err:
        choose_attention(hw, requested)
    assert str(err.value).startswith(f"--attn {requested}:")
    assert words in str(err.value)


def test_explicit_attention_choices_that_work():
    assert choose_attention(CPU, "eager").materializes_scores
    assert choose_attention(CPU, "sdpa:math").materializes_scores
    assert choose_attention(CPU, "sdpa:flash").sdpa_backends == ("flash", "math")
    hop = choose_attention(nvidia((9, 0)), "sdpa_cudnn")  # the bench's spelling is accepted too
    assert hop.implementation == "sdpa" and hop.sdpa_backends[0] == "cudnn"
    assert choose_attention(nvidia((9, 0), fa3="3.0"), "flash_attention_3").implementation == "flash_attention_3"
    # flash kernels need 16-bit compute
    with pytest.raises(UnsupportedError, match="float16/bfloat16"):
        choose_attention(nvidia((8, 0), fa2="2.8"), "flash_attention_2", compute_dtype="float32")
    with pytest.raises(OptionError, match="--attn"):
        choose_attention(CPU, "flashy")
    # a kernel the installed transformers does not offer
    with pytest.raises(UnsupportedError, match="does not offer"):
        choose_attention(nvidia((9, 0), fa4="4.0"), "flash_attention_4", offered=frozenset({"sdpa"}))


def test_quantization_choices():
    gpu = choose_quant(nvidia((9, 0)))
    assert (gpu.mode, gpu.dtype, gpu.quant_type, gpu.double_quant) == ("4bit", "bfloat16", "nf4", True)
    assert "NF4" in gpu.reasons[0]
    turing = choose_quant(nvidia((7, 5), bf16=False))
    assert turing.dtype == "float16"
    no_bnb = choose_quant(nvidia((9, 0), bnb=None))
    assert no_bnb.mode == "none" and "not installed" in no_bnb.reasons[0]
    cpu = choose_quant(CPU)
    assert (cpu.mode, cpu.dtype) == ("none", "float32")
    assert "CPU" in cpu.reasons[0] and "float32" in cpu.reasons[0]
    assert choose_quant(CPU, "4bit").mode == "4bit"
    assert choose_quant(rocm("gfx942"), "8bit").mode == "8bit"
    no_bnb_cpu = HardwareInfo(backend="cpu", packages={"bitsandbytes": None})
    with pytest.raises(UnsupportedError, match="--quant 4bit: needs bitsandbytes"):
        choose_quant(no_bnb_cpu, "4bit")
    with pytest.raises(OptionError, match="--quant"):
        choose_quant(CPU, "3bit")


# -- planner ---------------------------------------------------------------------------------

LLAMA8B = json.loads((CONFIGS / "llama-3.1-8b.json").read_text())


def test_planner_parameter_count_matches_llama_3_1_8b():
    shape = ModelShape.from_config(LLAMA8B)
    # Per layer: q 4096x4096, k and v 4096x1024, o 4096x4096, gate/up/down 4096x14336.
    per_layer = 4096 * 4096 * 2 + 4096 * 1024 * 2 + 3 * 4096 * 14336
    assert shape.linear_params_per_layer() == per_layer == 218_103_808
    # + 2 norms per layer, untied embeddings and lm_head, final norm: Meta's 8.03B.
    assert shape.total_params() == 32 * (per_layer + 2 * 4096) + 2 * 128256 * 4096 + 4096 == 8_030_261_248


def test_planner_kv_cache_and_weights_by_hand():
    shape = ModelShape.from_config(LLAMA8B)
    assert kv_bytes_per_token(LLAMA8B, 2) == 32 * 8 * 128 * 2 * 2 == 131072  # 128 KiB/token in bf16
    linear = 32 * 218_103_808
    rest = 32 * 2 * 4096 + 2 * 128256 * 4096 + 4096
    nf4_dq = 0.5 + 1 / 64 + 4 / (64 * 256)  # packed nibbles + 8-bit absmax + fp32 second-level absmax
    assert weight_bytes(shape, "4bit", "bfloat16") == int(linear * nf4_dq + rest * 2)
    assert weight_bytes(shape, "4bit", "bfloat16", double_quant=False) == int(linear * (0.5 + 4 / 64) + rest * 2)
    assert weight_bytes(shape, "none", "bfloat16") == 8_030_261_248 * 2
    # Measured on the H100 (ENVIRONMENT.md): 5.35 GiB for the NF4 8B model; the plan is within 1%.
    assert abs(weight_bytes(shape, "4bit", "bfloat16") / GIB - 5.35) / 5.35 < 0.01


def test_planner_activations_and_eager_scores():
    shape = ModelShape.from_config(LLAMA8B)
    act = activation_bytes(shape, 32768, 1, "bfloat16", materializes_scores=False)
    assert act["mlp"] == 32768 * 2 * (3 * 4096 + 3 * 14336)
    assert act["scores"] == 0 and act["mask"] == 0
    eager = activation_bytes(shape, 32768, 1, "bfloat16", materializes_scores=True)
    assert eager["scores"] == 32 * 32768 * 32768 * (3 * 2 + 4)
    batched = activation_bytes(shape, 1024, 4, "bfloat16", materializes_scores=False)
    assert batched["mask"] == 4 * 1024 * 1024


def test_plan_fits_and_largest_context_is_the_boundary():
    free = 80 * GIB
    plan = plan_memory(LLAMA8B, ctx=32768, quant="4bit", free_bytes=free)
    assert plan.kv_bytes == 131072 * 32768 == 4 * GIB
    assert plan.total_bytes == plan.weights_bytes + plan.kv_bytes + plan.activation_bytes + plan.overhead_bytes
    assert plan.fits is True
    budget = free * 0.95
    at_max = plan_memory(LLAMA8B, ctx=plan.max_ctx, quant="4bit")
    beyond = plan_memory(LLAMA8B, ctx=plan.max_ctx + 1, quant="4bit")
    assert at_max.total_bytes <= budget < beyond.total_bytes
    # eager at 32k needs a 32 x 32k x 32k score matrix: does not fit 80 GiB (it OOMed on the H100)
    eager = plan_memory(LLAMA8B, ctx=32768, quant="4bit", materializes_scores=True, free_bytes=free)
    assert eager.fits is False and eager.max_ctx < 32768
    assert any("eager" in n for n in eager.notes)
    # a 16-bit 8B model does not fit an 8 GiB card at all
    small = plan_memory(LLAMA8B, ctx=1024, quant="none", free_bytes=8 * GIB)
    assert small.fits is False and small.max_ctx == 0
    assert any("weights alone" in n for n in small.notes)


def test_int4_gemlite_choice_needs_an_nvidia_gpu_and_the_package():
    with_gemlite = nvidia((9, 0))
    with_gemlite.packages["gemlite"] = "0.6.0"
    qc = choose_quant(with_gemlite, "int4-gemlite")
    assert (qc.mode, qc.dtype) == ("int4-gemlite", "bfloat16")
    assert "GemLite 0.6.0" in qc.reasons[0] and "NF4 stays the default" in qc.reasons[0]
    assert "int4 GemLite" in qc.label and "16-bit head" in qc.label
    # auto never picks it: NF4 stays the default on the same GPU.
    assert choose_quant(with_gemlite).mode == "4bit"
    with pytest.raises(UnsupportedError, match="needs the gemlite package"):
        choose_quant(nvidia((9, 0)), "int4-gemlite")
    with pytest.raises(UnsupportedError, match="needs an NVIDIA GPU"):
        choose_quant(CPU, "int4-gemlite")
    with pytest.raises(OptionError, match="--dtype"):
        choose_quant(with_gemlite, "int4-gemlite", dtype="float32")


def test_planner_counts_int4_gemlite_weights_with_a_16bit_head():
    from storytransformer.runtime.memory import ModelShape, weight_bytes

    cfg = json.loads((CONFIGS / "llama-3.1-8b.json").read_text())
    shape = ModelShape.from_config(cfg)
    int4 = weight_bytes(shape, "int4-gemlite", "bfloat16")
    nf4 = weight_bytes(shape, "4bit", "bfloat16")
    # Measured on the H100 (docs/benchmarks.md section 4, run 5: bf16 head): 5.66 GiB resident.
    assert abs(int4 / GIB - 5.66) / 5.66 < 0.05
    # A scale and a zero per 64 weights cost a little more than NF4's double-quantized absmax.
    assert nf4 < int4 < nf4 * 1.1


def test_every_quantization_is_one_mode_object_in_one_registry():
    from storytransformer.runtime import random_model
    from storytransformer.runtime.quant import QUANT_CHOICES
    from storytransformer.runtime.quant_modes import MODES, quant_mode

    assert set(QUANT_CHOICES) - {"auto"} <= set(MODES) == set(random_model.QUANTS) - {"auto"}
    assert all(m.name == name for name, m in MODES.items())
    assert [n for n, m in MODES.items() if m.bench_only] == ["int4-torchao"]
    with pytest.raises(OptionError, match="--quant"):
        quant_mode("3bit")
    qc = choose_quant(nvidia((9, 0)), "8bit")
    assert qc.quant_mode is MODES["8bit"] and qc.label == "8bit (LLM.int8)"
    shape = ModelShape.from_config(LLAMA8B)
    sizes = [weight_bytes(shape, n, "bfloat16") for n in ("none", "8bit", "int4-gemlite", "4bit")]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4  # each mode plans its own bytes


def test_only_a_mode_that_can_quantizes_the_output_head():
    from storytransformer.runtime import random_model
    from storytransformer.runtime.quant_modes import MODES

    assert [n for n, m in MODES.items() if m.quantizes_head] == ["int4-gemlite"]
    with pytest.raises(UnsupportedError, match="output head is quantized only with int4-gemlite"):
        random_model.build("config:llama-tiny", quant="none", device="cpu", quantize_head=True)
    model, _, _ = random_model.build("config:llama-tiny", quant="none", device="cpu")  # default: head untouched
    assert type(model.lm_head).__name__ == "Linear"
