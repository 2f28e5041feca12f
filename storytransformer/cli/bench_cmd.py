"""`storytransformer bench`: thin Click layer over storytransformer.bench.runner."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storytransformer.cli.options import (
    api_key_env_option,
    attn_option,
    base_url_option,
    concurrency_option,
    ctx_option,
    device_option,
    json_option,
    kv_cache_option,
    model_option,
    out_option,
    quant_option,
    verbose_option,
)

QUANT_HELP = "4bit (NF4), 8bit, none (16-bit on GPU), int4-torchao, int4-gemlite, auto"


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _ints(option: str, value: str) -> list[int]:
    try:
        out = [int(v) for v in _csv(value)]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated integers, got {value!r}", param_hint=option) from None
    if not out or any(v <= 0 for v in out):
        raise click.BadParameter("values must be positive", param_hint=option)
    return out


def _say_model(model: str | None, device: str, kv_cache: str) -> str:
    """The model to measure (a random-weight config when none is given), said on stderr when
    it was not given or with --kv-cache int8/fp8 (the format the run stores K/V in)."""
    from storytransformer.console import stderr
    from storytransformer.runtime.kv_words import kv_words

    kv = kv_words(kv_cache)
    if model is None:
        import torch

        model = "config:llama-3.1-8b" if torch.cuda.is_available() and device != "cpu" else "config:llama-tiny"
        stderr.print(f"model: {model} (random weights; --model to choose)" + (f", {kv}" if kv else ""))
    elif kv:
        stderr.print(f"model: {model}, {kv}")
    return model


@click.command()
@model_option(help="config:NAME (random weights of a real architecture: config:llama-3.1-8b, "
                   "config:qwen2.5-7b, config:mistral-7b, config:llama-tiny), a local model directory, "
                   "or 'bundled' for the packaged SmolLM2. Default: config:llama-3.1-8b on a CUDA GPU, "
                   "config:llama-tiny elsewhere.")
@attn_option("Comma-separated attention kernels (sdpa:X pins SDPA to that backend).", many=True)
@quant_option(f"Comma-separated quantizations: {QUANT_HELP}.", many=True, extra=("int4-torchao",))
@ctx_option("Comma-separated context lengths: 1k,8k,32k (default: 1k; a benchmark needs fixed lengths).",
            many=True)
@click.option("--batch", default="1", show_default=True, help="Comma-separated batch sizes (decode is aggregate).")
@click.option("--engine", default="plain", show_default=True,
              help="Comma-separated decode engines: plain (HF dynamic cache), fast (static cache + CUDA graphs).")
@click.option("--new-tokens", type=click.IntRange(1), default=32, show_default=True, help="Tokens decoded per sequence.")
@click.option("--repeats", type=click.IntRange(1), default=3, show_default=True, help="Timed runs per setting (median kept).")
@kv_cache_option()
@device_option()
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for random weights and inputs.")
@out_option(Path("out/bench"), "Where bench.json and the plots go.", name="out_dir")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots.")
@base_url_option()
@api_key_env_option()
@concurrency_option(many=True)
@click.option("--num-prompts", type=click.IntRange(1), default=32, show_default=True,
              help="With --base-url: requests sent per concurrency level.")
@json_option()
@verbose_option()
def bench(model, attn, quant, ctx, batch, engine, new_tokens, repeats, device, seed, out_dir, no_plots, base_url,
          api_key_env, concurrency, num_prompts, as_json, kv_cache="auto"):
    """Measure prefill and decode speed, time to first token and peak memory for each
    attention kernel x quantization x context x batch, on this machine.

    Out-of-memory settings are recorded as "oom" and the run goes on.

    \b
    Examples:
      storytransformer bench --model config:llama-tiny --ctx 128,256   # tiny random model, CPU-friendly
      storytransformer bench --model config:llama-3.1-8b --attn sdpa,eager --quant 4bit,none --ctx 1k,8k,32k
      storytransformer bench --model config:llama-3.1-8b --engine plain,fast --batch 1,64 --ctx 1k
      storytransformer bench --json --out out/bench-cpu
      storytransformer bench --ctx 128k --quant int4-gemlite --kv-cache int8   # chunked prefill, one-byte KV
      storytransformer bench --base-url http://localhost:8000/v1 --model my-model --ctx 1k --concurrency 1,8,32
    """
    from storytransformer.bench import runner
    from storytransformer.console import print_json, progress, stderr, stdout
    from storytransformer.errors import OptionError

    from storytransformer.runtime.registry import resolve_base_url

    if resolve_base_url(base_url):
        if kv_cache != "auto":
            raise OptionError("--kv-cache", "a model server keeps its own KV cache; drop --base-url to measure ours")
        return _bench_server(resolve_base_url(base_url), model, api_key_env, _ints("--concurrency", concurrency),
                             ctx or [1024], new_tokens, num_prompts, out_dir, as_json)
    _warn_server_only_options(stderr)
    attns = list(attn)
    quants = list(quant)
    engines = _csv(engine)
    if any(e not in ("plain", "fast") for e in engines) or not engines:
        raise OptionError("--engine", f"choose from plain, fast (got {engine!r})")
    batches = _ints("--batch", batch)
    ctx = ctx or [1024]
    model = _say_model(model, device, kv_cache)
    model_name = None if model in ("bundled", "") else model

    total = len(quants) * len(attns) * len(engines) * len(ctx) * len(batches)
    out_dir.mkdir(parents=True, exist_ok=True)
    done: list[dict] = []
    with progress() as bar:
        task = bar.add_task("bench", total=total)

        def on_result(res):
            bar.update(task, advance=1, description=f"{res.setup} ctx={res.ctx}: {res.status}")
            # A GPU run can take many minutes: keep what is measured if it is stopped midway.
            done.append(res.to_dict())
            (out_dir / "bench.json").write_text(
                json.dumps({"partial": True, "results": done}, indent=2, default=str) + "\n", encoding="utf-8")

        report = runner.run_bench(model_name, quants=quants, attns=attns, ctxs=ctx, batches=batches,
                                  engines=engines, new_tokens=new_tokens, repeats=repeats, device=device,
                                  seed=seed, on_result=on_result, kv_cache=kv_cache)
    data = report.to_dict()
    (out_dir / "bench.json").write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    plots = []
    if not no_plots:
        from storytransformer.bench.plots import write_plots

        plots = [str(p) for p in write_plots(report.results, out_dir, title=report.settings["model"],
                                             environment=report.environment)]
    data["files"] = {"json": str(out_dir / "bench.json"), "plots": plots}
    if as_json:
        print_json(data)
        return
    # Piped output (CI logs, files) gets the full table rather than 80 truncated columns.
    if stdout.is_terminal:
        stdout.print(render_table(report))
    else:
        import sys

        from rich.console import Console

        Console(file=sys.stdout, width=170).print(render_table(report))
    stderr.print(f"wrote {out_dir / 'bench.json'}" + (f" and {len(plots)} plots" if plots else ""))


def _bench_server(base_url, model, api_key_env, concurrencies, ctxs, new_tokens, num_prompts, out_dir, as_json):
    """bench --base-url: the server's throughput per (ctx, concurrency); bench/serving.py."""
    from rich.table import Table

    from storytransformer.bench.serving import run_serving_bench
    from storytransformer.console import print_json, progress, stderr, stdout
    from storytransformer.runtime import registry

    engine = registry.load("openai", registry.EngineOptions(model=model, base_url=base_url, api_key_env=api_key_env,
                                                            concurrency=max(concurrencies)))
    stderr.print(f"server: {engine.info.device}, model {engine.info.model}; token counts: {engine.tokens.name}",
                 highlight=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    with progress() as bar:
        task = bar.add_task("bench", total=len(ctxs) * len(concurrencies))
        data = run_serving_bench(engine, ctxs=ctxs, concurrencies=concurrencies, num_prompts=num_prompts,
                                 new_tokens=new_tokens, on_result=lambda r: bar.advance(task))
    path = out_dir / "bench-serving.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    data["files"] = {"json": str(path)}
    if as_json:
        print_json(data)
        return
    table = Table(title=f"bench: {engine.info.model} at {engine.info.device} ({num_prompts} requests per level, "
                        f"{new_tokens} new tokens; prompt lengths {data['settings']['prompt_lengths']})")
    for col in ("ctx", "concurrency", "req/s", "output tok/s", "input tok/s", "latency mean s", "p99 s", "errors"):
        table.add_column(col, justify="right")
    for r in data["results"]:
        table.add_row(str(r["ctx"]), str(r["concurrency"]), f"{r['requests_per_s']:.2f}",
                      f"{r['output_tokens_per_s']:,.1f}", f"{r['input_tokens_per_s']:,.0f}",
                      f"{r['latency_mean_s']:.2f}", f"{r['latency_p99_s']:.2f}", str(r["errors"]))
    stdout.print(table)
    stderr.print(f"wrote {path}")


def _asked(asked: str, used: str) -> str:
    """'auto -> none': what was asked and, where it differs, what the machine ran."""
    used = used.split(" (")[0]
    return asked if not used or used == asked else f"{asked} -> {used}"


def _warn_server_only_options(stderr) -> None:
    """--concurrency and --num-prompts measure a server; without --base-url they were ignored
    without a word."""
    import click
    from click.core import ParameterSource

    ctx = click.get_current_context()
    given = [f"--{name.replace('_', '-')}" for name in ("concurrency", "num_prompts")
             if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)]
    if given:
        stderr.print(f"[yellow]warning:[/] {' and '.join(given)} appl{'y' if len(given) > 1 else 'ies'} only with "
                     "--base-url (a model server); "
                     "ignored for the in-process model", highlight=False)


def render_table(report):
    from rich.table import Table

    env = report.environment
    where = env.get("gpu") or env.get("cpu") or env.get("device")
    table = Table(title=f"bench: {report.settings['model']} on {where} (medians of {report.settings['repeats']})")
    for col in ("quant", "attn", "engine", "ctx", "batch", "load s", "prefill tok/s", "TTFT s",
                "decode tok/s", "peak GiB", "status"):
        table.add_column(col, justify="right" if col not in ("quant", "attn", "engine", "status") else "left",
                         overflow="fold", min_width=24 if col == "status" else None)

    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    for r in report.results:
        peak = None if r.peak_memory_bytes is None else r.peak_memory_bytes / 2**30
        status = r.status if r.status == "ok" else f"{r.status}: {r.reason}"  # whole: the table wraps it
        engine = r.engine if r.kv_cache == "auto" else f"chunked, kv {r.kv_cache}"
        table.add_row(_asked(r.quant, r.quant_used), _asked(r.attn, r.attn_used), engine, str(r.ctx), str(r.batch), num(r.load_seconds, ".1f"),
                      num(r.prefill_tokens_per_s, ",.0f"), num(r.ttft_seconds, ".3f"),
                      num(r.decode_tokens_per_s, ",.1f"), num(peak, ".2f"), status)
    return table
