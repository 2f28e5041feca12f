"""`storytransformer estimate-cost`: what a merge of this backlog would cost, cloud vs local."""

from __future__ import annotations

import math
from pathlib import Path

import click

from storytransformer.cli.numbers import FiniteFloat
from storytransformer.cli.options import (
    TokenCount,
    ctx_option,
    encoding_option,
    follow_symlinks_option,
    json_option,
    model_option,
    verbose_option,
)
from storytransformer.errors import OptionError


def _positive(option: str, value: float | None, allow_zero: bool = False) -> None:
    if value is None:
        return
    if value < 0 or (value == 0 and not allow_zero):
        raise OptionError(option, f"must be {'>= 0' if allow_zero else 'positive'}, got {value:g}")


def _parse_tps(value: str) -> tuple[float, float]:
    """'PREFILL,DECODE' or 'N' (both)."""
    try:
        parts = [float(v) for v in value.split(",")]
    except ValueError:
        raise OptionError("--tokens-per-second", f"not a number or PREFILL,DECODE pair: {value!r}") from None
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(math.isfinite(p) and p > 0 for p in parts):
        raise OptionError("--tokens-per-second", f"give PREFILL,DECODE (both positive), got {value!r}")
    return parts[0], parts[1]


def _default_ctx(model: str | None) -> tuple[int, str]:
    """What merge would use: the local model's trained context (32k when it cannot be read)."""
    from storytransformer.errors import StoryTransformerError
    from storytransformer.runtime.trained_context import planned_context

    try:
        ctx, how = planned_context(model, allow_hub=False)
        return ctx, f"default: {how}"
    except StoryTransformerError as err:
        return 32768, f"default: 32k (the local model's context is unknown: {err})"


@click.command("estimate-cost")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ctx_option("Context window per model call: 8k, 32k, 128k or 32768 (default: the local model's trained "
            "context, as merge uses).")
@click.option("--output-ratio", type=FiniteFloat(0, 100), default=None,
              help="Expected output tokens per story token sent (default: measured, the stories "
                   "re-emitted as the merge answer's JSON).")
@click.option("--reserve-output", type=TokenCount(), default=None,
              help="Tokens of each call's window kept for the answer (default: from --output-ratio).")
@click.option("--prompt-overhead", type=int, default=None,
              help="Tokens every call pays besides the stories (default: measured from the bundled prompts).")
@click.option("--prompts", "prompts_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with the merge prompt templates to measure the overhead from.")
@click.option("--cloud-model", "cloud_models", multiple=True, metavar="[PROVIDER:]MODEL",
              help="Also price this model (repeatable), e.g. anthropic:claude-3-5-haiku or gpt-4.1.")
@click.option("--provider", "providers", multiple=True,
              help="Provider for the --cloud-model values (one for all, or one per model).")
@click.option("--no-default-models", is_flag=True, help="Price only the --cloud-model models.")
@click.option("--tokens-per-second", "tps", default=None, metavar="PREFILL[,DECODE]",
              help="Local throughput in tokens/s: prefill and decode (one number sets both).")
@click.option("--prefill-tps", type=FiniteFloat(0, min_open=True), default=None, help="Local prefill tokens/s.")
@click.option("--decode-tps", type=FiniteFloat(0, min_open=True), default=None, help="Local decode (generation) tokens/s.")
@click.option("--gpu-watts", type=FiniteFloat(0), default=None, help="GPU power draw in watts.  [default: 700]")
@click.option("--kwh-price", type=FiniteFloat(0), default=None, help="Electricity price, USD per kWh.  [default: 0.30]")
@click.option("--hardware-cost", type=FiniteFloat(0), default=None, help="Hardware price in USD, to amortize.")
@click.option("--amortize-hours", type=FiniteFloat(0, min_open=True), default=None,
              help="Hours of use the hardware cost is spread over.  [default: 26280 = 3 years]")
@click.option("--local-tokenizer/--no-local-tokenizer", default=True, show_default=True,
              help="Count with the local model's tokenizer too.")
@model_option("Local model whose tokenizer counts and whose context is the default --ctx: a directory, "
              "a .gguf file or a cached Hugging Face id (default: the configured model, else the bundled "
              "SmolLM2).", check=False)
@click.option("--strict", is_flag=True, help="Stop at the first unreadable story file.")
@encoding_option()
@follow_symlinks_option()
@json_option()
@verbose_option()
def estimate_cost(paths, ctx, encoding, output_ratio, reserve_output, prompt_overhead, prompts_dir, cloud_models,
                  providers, no_default_models, tps, prefill_tps, decode_tps, gpu_watts, kwh_price,
                  hardware_cost, amortize_hours, local_tokenizer, model, strict, as_json, follow_symlinks=False):
    """Count a backlog's tokens and price merging it: cloud APIs against your own GPU.

    Counts tokens with OpenAI's tokenizers (cl100k_base, o200k_base, offline) and the local
    model's, plans the model calls at --ctx (every story once, two per call: an upper bound,
    since merge sends one call per group of two or more related stories), prices every planned request on cloud models from
    the genai-prices database (context-window fit, long-context tiers) and estimates local
    hours, energy and amortization. Every assumption is printed and has an option.

    \b
    Examples:
      storytransformer estimate-cost examples/stories
      storytransformer estimate-cost stories/ --ctx 128k --output-ratio 0.5
      storytransformer estimate-cost backlog.csv --cloud-model anthropic:claude-3-5-haiku \\
          --cloud-model gpt-4.1 --no-default-models
      storytransformer estimate-cost stories/ --tokens-per-second 9000,250 --gpu-watts 450 \\
          --kwh-price 0.12 --hardware-cost 30000 --amortize-hours 20000
      storytransformer estimate-cost stories/ --json | jq '.cloud[0]'
    """
    from storytransformer.console import print_json, stderr, stdout
    from storytransformer.cost.estimate import Settings
    from storytransformer.cost.local import LocalAssumptions
    from storytransformer.cost.prices import parse_model_args
    from storytransformer.cost.report import print_report, to_json
    from storytransformer.ingest import ingest_paths

    paths = list(paths) or [Path("stories")]
    _check_options(paths, output_ratio=output_ratio, prompt_overhead=prompt_overhead, prefill_tps=prefill_tps,
                   decode_tps=decode_tps, gpu_watts=gpu_watts, kwh_price=kwh_price, hardware_cost=hardware_cost,
                   amortize_hours=amortize_hours, no_default_models=no_default_models,
                   cloud_models=cloud_models, providers=providers)
    if model is not None:  # named explicitly: a wrong one is an error, not a missing row
        _check_model(model, local_tokenizer)
    la, sources = _local_assumptions(tps, prefill_tps=prefill_tps, decode_tps=decode_tps, gpu_watts=gpu_watts,
                                     kwh_price=kwh_price, hardware_cost=hardware_cost,
                                     amortize_hours=amortize_hours)
    if ctx is None:
        ctx, sources["ctx"] = _default_ctx(model)
    settings = Settings(
        ctx=ctx,
        output_ratio=output_ratio,
        reserve_output=reserve_output,
        prompt_overhead=prompt_overhead,
        prompts_dir=str(prompts_dir) if prompts_dir else None,
        cloud_models=parse_model_args(tuple(cloud_models), tuple(providers)),
        default_models=not no_default_models,
        local_tokenizer=local_tokenizer,
        local_model=model,
        local=LocalAssumptions(**la),
        local_sources=sources,
    )
    corpus = ingest_paths(paths, strict=strict, progress=not as_json, encoding=encoding,
                          follow_symlinks=follow_symlinks)
    if not corpus.stories:
        from storytransformer.ingest.empty_reason import no_stories_reason

        raise OptionError("PATH", no_stories_reason(corpus, paths))
    names = ["o200k_base", "cl100k_base", *(["local"] if local_tokenizer else [])]
    result = _count_and_price(corpus.stories, settings, names)
    if as_json:
        print_json(to_json(result, corpus, [str(p) for p in paths]))
        return
    from storytransformer.ingest.warning_digest import digest, verbosity

    warnings, folded = digest(corpus.warnings, verbosity())  # no-narrative stories: one line
    if folded:
        stderr.print(folded, highlight=False, markup=False, soft_wrap=True)
    for w in warnings[:10]:
        stderr.print(f"[yellow]warning:[/yellow] {w}")
    if len(warnings) > 10:
        stderr.print(f"[yellow]... {len(warnings) - 10} more warnings (see `storytransformer ingest`)[/yellow]")
    print_report(result, corpus, stdout)


def _check_options(paths, *, output_ratio, prompt_overhead, prefill_tps, decode_tps, gpu_watts, kwh_price,
                   hardware_cost, amortize_hours, no_default_models, cloud_models, providers) -> None:
    """Raise InputError/OptionError for a missing path or an option out of range, before any work."""
    from storytransformer.ingest.input_paths import check_inputs_exist

    check_inputs_exist(paths)
    if output_ratio is not None and output_ratio < 0:
        raise OptionError("--output-ratio", f"must be >= 0, got {output_ratio:g}")
    if prompt_overhead is not None and prompt_overhead < 0:
        raise OptionError("--prompt-overhead", f"must be >= 0, got {prompt_overhead}")
    for opt, val, zero_ok in (("--prefill-tps", prefill_tps, False), ("--decode-tps", decode_tps, False),
                              ("--gpu-watts", gpu_watts, True), ("--kwh-price", kwh_price, True),
                              ("--hardware-cost", hardware_cost, True), ("--amortize-hours", amortize_hours, False)):
        _positive(opt, val, zero_ok)
    if no_default_models and not cloud_models:
        raise OptionError("--no-default-models", "needs at least one --cloud-model")
    if providers and not cloud_models:
        raise OptionError("--provider", "needs --cloud-model")


def _check_model(model: str, local_tokenizer: bool) -> None:
    """An explicitly named --model must resolve locally (no download) and needs the local tokenizer."""
    from storytransformer.errors import StoryTransformerError
    from storytransformer.runtime.resolve import resolve_model

    try:
        resolve_model(model, allow_hub=False)
    except StoryTransformerError as err:
        raise OptionError("--model", str(err)) from None
    if not local_tokenizer:
        raise OptionError("--model", "cannot be combined with --no-local-tokenizer")


def _local_assumptions(tps, **values) -> tuple[dict, dict[str, str]]:
    """-> (LocalAssumptions keyword arguments given on the command line, where each assumption
    came from: {"prefill_tps": "option --prefill-tps", ...}); `values` are the options by key."""
    from click.core import ParameterSource

    sources: dict[str, str] = {}
    la: dict = {}
    if tps is not None:
        la["prefill_tps"], la["decode_tps"] = _parse_tps(tps)
        sources["prefill_tps"] = sources["decode_tps"] = "option --tokens-per-second"
    for key, val in values.items():
        if val is not None:
            la[key] = val
            sources[key] = "option --" + key.replace("_", "-")
    click_ctx = click.get_current_context()
    for key, opt in (("ctx", "--ctx"), ("output_ratio", "--output-ratio"), ("reserve_output", "--reserve-output")):
        if click_ctx.get_parameter_source(key) == ParameterSource.COMMANDLINE:
            sources[key] = f"option {opt}"
    return la, sources


def _count_and_price(stories, settings, names):
    """estimate(), with progress on stderr: a bar on a terminal, a plain line every 30 s in a
    log (console.progress); counted in characters read by the tokenizers."""
    from storytransformer.console import progress
    from storytransformer.cost.estimate import estimate

    with progress(transient=True) as bar:
        task = bar.add_task(f"Counting tokens ({len(names)} tokenizer(s))", total=None)
        return estimate(stories, settings, tokenizer_names=names, on_chars=lambda n: bar.advance(task, n),
                        on_total=lambda n: bar.update(task, total=n))
