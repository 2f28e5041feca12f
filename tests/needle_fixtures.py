"""Shared fixtures of the needle tests: the bundled model's real tokenizer and a tiny
random-weight Llama that uses it (fast, deterministic, same code path as a real model)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def smol_tokenizer():
    from transformers import AutoTokenizer

    from storytransformer.runtime.bundled import bundled_model_dir

    return AutoTokenizer.from_pretrained(str(bundled_model_dir()))


def make_tiny_model(tokenizer, *, max_positions: int = 4096, seed: int = 0):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=max_positions,
                         eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id)
    model = LlamaForCausalLM(config).eval()
    # Random weights of this scale give near-uniform logits; sharpen them so greedy decoding
    # is not decided by float noise (the shared-vs-naive test must compare real decisions).
    with torch.no_grad():
        model.lm_head.weight.mul_(40.0)
    return model


@pytest.fixture(scope="session")
def tiny_loaded(smol_tokenizer):
    from storytransformer.needle.model import LoadedModel
    from storytransformer.runtime.types import EngineInfo

    model = make_tiny_model(smol_tokenizer)
    info = EngineInfo(model="tiny-random-llama", device="cpu", dtype="float32", quantization="none",
                      attention="sdpa", context_length=4096)
    return LoadedModel(model, smol_tokenizer, info)
