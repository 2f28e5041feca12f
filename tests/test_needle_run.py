"""The needle run on a tiny random-weight Llama (real forward passes, real tokenizer):
KV-prefix sharing gives the naive loop's answers, resume skips finished cells, the warning
beyond the trained context, RoPE scaling, the heatmap, and CLI option errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from needle_fixtures import make_tiny_model, smol_tokenizer, tiny_loaded  # noqa: F401

from storytransformer.cli import main
from storytransformer.errors import OptionError
from storytransformer.needle import filler, heatmap
from storytransformer.needle.decode import GreedyDecoder, truncate_cache
from storytransformer.needle.haystack import UnitSource, pieces_from_text
from storytransformer.needle.model import LoadedModel, apply_rope_scaling
from storytransformer.needle.needles import build_spec
from storytransformer.needle.prompt import Planner
from storytransformer.needle.run import NeedleOptions, NeedleRun
from storytransformer.runtime.types import EngineInfo


def _prompts(tokenizer, mode="single", lengths=(400, 700), depths=(0, 30, 60, 100)):
    source = UnitSource(pieces_from_text(filler.load()), tokenizer, "filler")
    planner = Planner(tokenizer, source, build_spec(mode))
    return [planner.cell(n, d) for n in lengths for d in depths]


@pytest.mark.parametrize("mode", ["single", "multi", "distractor"])
def test_shared_prefix_gives_the_naive_answers(tiny_loaded, mode):  # noqa: F811
    prompts = _prompts(tiny_loaded.tokenizer, mode)
    for p in prompts:
        p.spec = p.spec.__class__(**{**p.spec.__dict__, "max_new_tokens": 6})
    decoder = GreedyDecoder(tiny_loaded.model, tiny_loaded.tokenizer)
    naive = decoder.answer(prompts, share=False)
    shared = decoder.answer(prompts, share=True)
    assert [a.output_ids for a in shared] == [a.output_ids for a in naive]
    assert len({tuple(a.output_ids) for a in naive}) > 1  # the answers really depend on the prompt
    # ...while computing less: every cell after the first at a length skips its shared prefix.
    assert sum(a.prefill_tokens for a in shared) < 0.8 * sum(a.prefill_tokens for a in naive)


def test_shared_first_token_logits_match_naive(tiny_loaded):  # noqa: F811
    import torch
    from transformers import DynamicCache

    p = _prompts(tiny_loaded.tokenizer, lengths=(600,), depths=(50,))[0]
    model = tiny_loaded.model
    with torch.inference_mode():
        full = model(torch.tensor([p.ids])).logits[0, -1]
        cache = DynamicCache()
        model(torch.tensor([p.ids[:p.shared_prefix + 40]]), past_key_values=cache)  # overshoot, then cut back
        truncate_cache(cache, p.shared_prefix)
        assert cache.get_seq_length() == p.shared_prefix
        reused = model(torch.tensor([p.ids[p.shared_prefix:]]), past_key_values=cache).logits[0, -1]
    assert torch.allclose(full, reused, atol=1e-4)


def _run(loaded, out, **kw):
    opts = NeedleOptions(out=out, **kw)
    warnings: list[str] = []
    run = NeedleRun(loaded, opts, warn=warnings.append)
    prompts = run.plan()
    for p in prompts:  # keep the tiny model quick: a few answer tokens are enough here
        p.spec = p.spec.__class__(**{**p.spec.__dict__, "max_new_tokens": 4})
    run.run(prompts)
    return run, prompts, warnings


def test_results_json_and_resume_skips_finished_cells(tiny_loaded, tmp_path):  # noqa: F811
    out = tmp_path / "needle"
    run, prompts, _ = _run(tiny_loaded, out, lengths="400,600", depths="0,100")
    assert len(prompts) == 4
    data = json.loads((out / "results.json").read_text())
    assert data["settings"]["model"] == "tiny-random-llama"
    assert data["settings"]["sharing"] == "prefix-kv"
    assert {(c["length"], c["depth"]) for c in data["cells"]} == {(400, 0), (400, 100), (600, 0), (600, 100)}
    for c in data["cells"]:
        assert c["prompt_tokens"] + 32 == c["length"]  # planned with the default answer budget
        assert {"score", "answer", "seconds", "expected", "needle_offsets"} <= set(c)
    first_answers = {(c["length"], c["depth"]): c["answer"] for c in data["cells"]}

    run2, prompts2, _ = _run(tiny_loaded, out, lengths="400,600", depths="0,50,100", resume=True)
    assert {(p.length, p.depth) for p in prompts2} == {(400, 50), (600, 50)}  # only the new cells
    data2 = json.loads((out / "results.json").read_text())
    assert len(data2["cells"]) == 6
    for c in data2["cells"]:
        if (c["length"], c["depth"]) in first_answers:
            assert c["answer"] == first_answers[(c["length"], c["depth"])]  # kept, not redone

    # Everything done: nothing to run. A different needle cannot be mixed into the same file.
    _, prompts3, _ = _run(tiny_loaded, out, lengths="400,600", depths="0,50,100", resume=True)
    assert prompts3 == []
    with pytest.raises(OptionError, match="different mode"):
        _run(tiny_loaded, out, lengths="400", depths="0", mode="multi", resume=True)

    png = heatmap.draw(run2.results, out / "heatmap.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_starting_over_keeps_the_old_results(tiny_loaded, tmp_path):  # noqa: F811
    _run(tiny_loaded, tmp_path, lengths="400", depths="0")
    _, _, warnings = _run(tiny_loaded, tmp_path, lengths="400", depths="100")
    assert (tmp_path / "results.prev.json").exists()
    assert any("starting over" in w for w in warnings)


def test_warns_beyond_trained_context_and_still_runs(smol_tokenizer, tmp_path):  # noqa: F811
    model = make_tiny_model(smol_tokenizer, max_positions=512)
    loaded = LoadedModel(model, smol_tokenizer, EngineInfo(model="tiny-512", context_length=512))
    run, prompts, warnings = _run(loaded, tmp_path, ctx=1024, depths="50")
    assert run.lengths == [512, 1024]
    assert any("1k is beyond the model's trained context (512)" in w and "--rope-scaling yarn --rope-factor 2" in w
               for w in warnings)
    assert len(run.results.cells) == 2  # ran anyway


@pytest.mark.parametrize("kind", ["yarn", "dynamic", "linear"])
def test_rope_scaling_changes_the_model_and_is_recorded(smol_tokenizer, tmp_path, kind):  # noqa: F811
    import torch

    model = make_tiny_model(smol_tokenizer, max_positions=256)
    ids = torch.tensor([list(range(10, 700))])
    with torch.inference_mode():
        before = model(ids).logits[0, -1].clone()
    rope = apply_rope_scaling(model, kind, 4.0)
    assert rope["type"] == kind and rope["trained_context"] == 256
    assert model.config.rope_parameters["rope_type"] == kind
    with torch.inference_mode():
        after = model(ids).logits[0, -1]
    assert not torch.allclose(before, after)  # the rotary embedding really changed
    loaded = LoadedModel(model, smol_tokenizer, EngineInfo(model="tiny-256", context_length=256), rope=rope)
    run, _, warnings = _run(loaded, tmp_path, lengths="512", depths="0")
    assert run.trained == 256  # the trained context, not the stretched one
    assert any(f"running with {kind} RoPE scaling x4" in w for w in warnings)
    assert json.loads((tmp_path / "results.json").read_text())["settings"]["rope_scaling"]["type"] == kind


def test_rope_scaling_options_are_checked(smol_tokenizer):  # noqa: F811
    model = make_tiny_model(smol_tokenizer)
    with pytest.raises(OptionError, match="--rope-factor"):
        apply_rope_scaling(model, "yarn", 1.0)


@pytest.mark.parametrize("args, message", [
    (["--depths", "0,120"], "--depths: 120 is outside 0..100"),
    (["--lengths", "16k", "--ctx", "8k"], "--lengths: 16k is more than --ctx 8k"),
    (["--ctx", "lots"], "not a token count"),
    (["--rope-scaling", "yarn"], "--rope-scaling: give --rope-scaling and --rope-factor together"),
    (["--haystack", "no/such/dir"], "--haystack: no/such/dir: no such file or directory"),
    (["--needle", "The code is 1."], "--needle: give --needle, --question and --answer together"),
    (["--mode", "story"], "story mode plants the needle in your own stories"),
])
def test_cli_option_errors_are_one_line_and_load_no_model(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stories/ here
    result = CliRunner().invoke(main, ["needle", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_lower_right_attention_is_swapped_in_and_matches_stock_sdpa(tiny_loaded):  # noqa: F811
    import torch
    from transformers import DynamicCache

    from storytransformer.needle.decode import lower_right_attention

    model = tiny_loaded.model
    p = _prompts(tiny_loaded.tokenizer, lengths=(500,), depths=(40,))[0]

    def suffix_logits():
        cache = DynamicCache()
        model(torch.tensor([p.ids[:p.shared_prefix]]), past_key_values=cache)
        return model(torch.tensor([p.ids[p.shared_prefix:]]), past_key_values=cache).logits[0, -5:]

    with torch.inference_mode():
        stock = suffix_logits()  # transformers' SDPA with an explicit [q, kv] mask
        with lower_right_attention(model) as impl:
            assert model.config._attn_implementation == impl == "storytransformer_sdpa_lower_right"
            lower_right = suffix_logits()
    assert model.config._attn_implementation == "sdpa"  # restored
    assert torch.allclose(stock, lower_right, atol=1e-4)
