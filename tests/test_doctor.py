"""`storytransformer doctor` through the real CLI, on this (CPU) machine."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.runtime.bundled import bundled_gguf_path
from storytransformer.runtime.memory import GIB, ModelShape, weight_bytes

CONFIGS = Path(__file__).resolve().parent.parent / "storytransformer" / "configs"


def run(*args):
    return CliRunner().invoke(main, ["doctor", *args])


def test_doctor_json_on_cpu_for_the_bundled_model():
    res = run("--json", "--ctx", "4k", "--batch", "2")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)  # nothing but JSON on stdout
    assert d["device"]["backend"] == "cpu" and d["device"]["total_memory"] > 0
    assert d["software"]["torch"] and d["software"]["transformers"]
    assert d["model"]["kind"] == "bundled" and d["model"]["context_length"] == 8192
    assert d["quantization"]["mode"] == "none" and d["quantization"]["dtype"] == "float32"
    assert d["attention"]["implementation"] == "sdpa" and d["attention"]["reasons"]
    p = d["plan"]
    # SmolLM2-135M: 30 layers x 3 KV heads x 64 dims x (K, V) x 4 bytes (float32 on CPU)
    assert p["kv_bytes_per_token"] == 30 * 3 * 64 * 2 * 4 == 46080
    assert p["kv_bytes"] == 46080 * 4096 * 2
    assert p["params"] == 134_515_008  # SmolLM2-135M's parameter count (tied embeddings)
    assert p["mask_bytes"] == 2 * 4096 * 4096  # a padded batch of 2 carries a boolean mask
    assert p["fits"] is True and p["max_ctx"] > 4096
    assert d["usable_context"] == min(p["max_ctx"], 8192)  # memory for more, trained on 8k


def test_doctor_caps_what_fits_by_the_trained_context():
    """A tester read '263,617 tokens fit' for a model trained on 8k."""
    res = run("--ctx", "4k")
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if "largest context" in ln)
    assert "fits memory" in line and "trained on 8,192" in line and "8,192 is the context to use" in line


def test_doctor_plans_an_8b_config_without_weights():
    res = run("--model", "config:llama-3.1-8b", "--ctx", "32k", "--quant", "4bit", "--json")
    assert res.exit_code == 0, res.output
    p = json.loads(res.stdout)["plan"]
    cfg = json.loads((CONFIGS / "llama-3.1-8b.json").read_text())
    # On the CPU, bitsandbytes computes in float32, so the KV cache is float32 too.
    assert p["kv_bytes_per_token"] == 32 * 8 * 128 * 2 * 4
    assert p["weights_bytes"] == weight_bytes(ModelShape.from_config(cfg), "4bit", "float32")
    assert p["ctx"] == 32768 and p["quant"] == "4bit"


def test_doctor_human_output_and_default_ctx():
    res = run("--model", "config:llama-3.1-8b")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Memory plan" in out and "KV cache" in out and "largest context that fits" in out
    assert "131,072" in out  # planned at the model's full trained context when --ctx is omitted


def test_doctor_never_reads_weights(tmp_path):
    """A model directory whose weights file is garbage still gets a plan: only config.json is read."""
    d = tmp_path / "m"
    d.mkdir()
    shutil.copy(CONFIGS / "llama-tiny.json", d / "config.json")
    (d / "model.safetensors").write_bytes(b"\x00garbage" * 100)
    res = run("--model", str(d), "--ctx", "1k", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["plan"]["kv_bytes_per_token"] == 2 * 2 * 16 * 2 * 4


@pytest.mark.parametrize("args,words", [
    (["--attn", "flash_attention_2"], "--attn flash_attention_2: FlashAttention runs on NVIDIA/AMD GPUs only"),
    (["--attn", "sdpa:cudnn"], "--attn sdpa:cudnn: cuDNN attention needs an NVIDIA GPU"),
    (["--model", "config:no-such-model"], "--model: config:no-such-model"),
    (["--device", "cuda"], "--device cuda: no GPU is visible"),
])
def test_doctor_errors_are_one_line(args, words):
    res = run(*args)
    assert res.exit_code != 0
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], res.output


def test_doctor_reads_gguf_metadata_without_a_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "empty-cache"))
    res = run("--model", str(bundled_gguf_path()), "--ctx", "2k", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["model"]["kind"] == "gguf" and d["plan"]["kv_bytes_per_token"] == 46080
    assert not (tmp_path / "empty-cache").exists()  # doctor converted nothing
    assert d["plan"]["weights_bytes"] < 1 * GIB
