"""`storytransformer doctor`: what will run here, and does the context fit (no weights loaded)."""

from __future__ import annotations

import click

from storytransformer.cli.options import (
    api_key_env_option,
    attn_option,
    base_url_option,
    ctx_option,
    device_option,
    json_option,
    kv_cache_option,
    model_option,
    quant_option,
    verbose_option,
)



def _gib(n: int | None) -> str:
    return "?" if n is None else f"{n / 1024**3:.2f} GiB"


@click.command()
@model_option()
@ctx_option("Context to plan for: 8k, 32k, 128k or 32768 (default: the model's trained context).")
@click.option("--batch", type=click.IntRange(min=1), default=1, show_default=True,
              help="Sequences generated together.")
@quant_option()
@attn_option()
@kv_cache_option()
@device_option()
@base_url_option()
@api_key_env_option()
@json_option()
@verbose_option()
def doctor(model, ctx, batch, quant, attn, kv_cache, device, base_url, api_key_env, as_json):
    """Show the hardware, drivers, torch build, kernel packages, the attention and
    quantization that will be used (and why) and a memory plan: weights + KV cache +
    prefill activations at --ctx, whether it fits, and the largest context that fits.

    Reads only the model's config, never its weights, so it is quick for any size.

    \b
    Examples:
      storytransformer doctor
      storytransformer doctor --ctx 32k
      storytransformer doctor --model config:llama-3.1-8b --ctx 32k --quant 4bit
      storytransformer doctor --model ./my-model --ctx 128k --batch 4 --json
      storytransformer doctor --model config:llama-3.1-8b --ctx 128k --quant int4-gemlite --kv-cache int8
      storytransformer doctor --base-url http://localhost:8000/v1     # what a model server offers
    """
    from storytransformer.console import print_json
    from storytransformer.runtime.registry import resolve_base_url

    if resolve_base_url(base_url):
        return _server(resolve_base_url(base_url), model, ctx, api_key_env, as_json)
    from storytransformer.runtime.doctor import diagnose

    d = diagnose(model, ctx=ctx, batch=batch, quant=quant, attn=attn, device=device, kv_cache=kv_cache)
    if as_json:
        print_json(d.to_dict())
        return
    _print(d)


def _server(base_url, model, ctx, api_key_env, as_json) -> None:
    """doctor --base-url: the served model, its context, token counting and answer constraint."""
    from dataclasses import asdict

    from storytransformer.console import print_json, stdout
    from storytransformer.runtime import registry

    engine = registry.load("openai", registry.EngineOptions(model=model, ctx=ctx, base_url=base_url,
                                                            api_key_env=api_key_env))
    caps = registry.capabilities(engine)
    if as_json:
        print_json({"engine": "openai", "info": asdict(engine.info), "capabilities": asdict(caps)})
        return
    stdout.print(f"[bold]Server[/bold]   {engine.info.device}", highlight=False)
    stdout.print(f"[bold]Model[/bold]    {engine.info.model}; context {caps.max_context or 'unknown (give --ctx)'}",
                 highlight=False)
    stdout.print(f"[bold]Tokens[/bold]   {engine.tokens.name}", highlight=False)
    stdout.print("[bold]Answers[/bold]  response_format json_schema first, json_object or none if the server "
                 "refuses it (decided on the first merge request)", highlight=False)
    for r in engine.info.reasons:
        stdout.print(f"         {r}", highlight=False)


def _print(d) -> None:
    from rich.table import Table

    from storytransformer.console import stdout
    from storytransformer.runtime.hardware import describe_device

    hw, p = d.hardware, d.plan
    stdout.print(f"[bold]Device[/bold]   {describe_device(hw)}")
    if hw.is_gpu:
        stdout.print(f"         {hw.device_count} GPU(s); driver {hw.driver or '?'}; cuDNN {hw.cudnn_version or '-'}")
    build = "ROCm " + hw.hip_version if hw.hip_version else ("CUDA " + hw.cuda_version if hw.cuda_version else "CPU-only")
    stdout.print(f"[bold]Torch[/bold]    {hw.torch_version} ({build} build)")
    pk = []
    for dist in ("bitsandbytes", "flash-attn", "flash-attn-3", "flash-attn-4", "gguf", "kernels"):
        v = d.software.get(dist)
        state = f"{v}" if v else "not installed"
        if dist in hw.package_errors:
            state += " [red](does not import)[/red]"
        pk.append(f"{dist} {state}")
    stdout.print(f"[bold]Packages[/bold] transformers {d.software.get('transformers')}; " + "; ".join(pk))
    stdout.print(f"[bold]Model[/bold]    {d.model} ({d.model_kind}; trained context {d.context_length or '?'}, "
                 f"{p.params / 1e9:.2f}B parameters)")
    stdout.print(f"[bold]Quant[/bold]    {d.quant.label}")
    for r in d.quant.reasons:
        stdout.print(f"         [dim]{r}[/dim]")
    stdout.print(f"[bold]Attention[/bold] {d.attention.label}")
    for r in d.attention.reasons:
        stdout.print(f"         [dim]{r}[/dim]")
    t = Table(title=f"Memory plan: ctx {p.ctx:,} x batch {p.batch}", show_header=True)
    t.add_column("part")
    t.add_column("size", justify="right")
    t.add_column("how")
    t.add_row("weights", _gib(p.weights_bytes), f"{d.quant.label}")
    kv_how = "" if p.kv_cache == "auto" else f" ({p.kv_cache}: one byte per value + a scale per token and head)"
    t.add_row("KV cache", _gib(p.kv_bytes), f"{p.kv_bytes_per_token:,} B/token x {p.ctx:,} x {p.batch}{kv_how}")
    chunk = f", in {p.prefill_chunk:,}-token chunks" if p.prefill_chunk else ""
    t.add_row("activations", _gib(p.activation_bytes),
              "prefill peak" + (" incl. materialized scores" if p.materializes_scores else ", no score matrix") + chunk)
    t.add_row("overhead", _gib(p.overhead_bytes), "allocator + workspaces")
    t.add_row("[bold]total[/bold]", f"[bold]{_gib(p.total_bytes)}[/bold]", f"free: {_gib(p.free_bytes)}")
    stdout.print(t)
    if p.fits is not None:
        verdict = "[green]fits[/green]" if p.fits else "[red]does NOT fit[/red]"
        stdout.print(f"ctx {p.ctx:,}: {verdict}; {_largest(p.max_ctx, p.batch, d.context_length)}")
    if d.what_fits:
        stdout.print(_fits_table(d.what_fits, p.free_bytes))
    for n in d.notes + p.notes:
        stdout.print(f"[yellow]note[/yellow] {n}")


def _largest(max_ctx: int | None, batch: int, trained: int | None) -> str:
    """The largest context memory holds, capped by what the model was trained on: 263,617
    tokens 'fit' a model trained on 8k, whose answers degrade past 8k."""
    line = f"largest context that fits memory at batch {batch}: {max_ctx:,} tokens" if max_ctx else \
        f"largest context that fits memory at batch {batch}: unknown"
    if trained and (max_ctx or 0) > trained:
        line += (f"; the model was trained on {trained:,}, so {trained:,} is the context to use "
                 "(past it answers degrade unless the model is extended, e.g. RoPE scaling)")
    elif trained:
        line += f" (the model was trained on {trained:,})"
    return line


def _fits_table(rows: list[dict], free: int | None):
    """What fits: total memory per context (rows) and KV format (columns), with KV bytes per token."""
    from rich.table import Table

    formats = list(dict.fromkeys(r["kv_cache"] for r in rows))
    per_token = {r["kv_cache"]: r["kv_bytes_per_token"] for r in rows}
    t = Table(title=f"What fits ({_gib(free)} free): total per context and --kv-cache "
                    "(int8/fp8 prefill in chunks)", show_header=True)
    t.add_column("ctx", justify="right")
    for fmt in formats:
        t.add_column(f"{fmt} ({per_token[fmt]:,} B/token)", justify="right")
    for ctx in dict.fromkeys(r["ctx"] for r in rows):
        cells = []
        for fmt in formats:
            r = next(x for x in rows if x["ctx"] == ctx and x["kv_cache"] == fmt)
            mark = "" if r["fits"] is None else (" [green]fits[/green]" if r["fits"] else " [red]no[/red]")
            cells.append(f"{r['total_gib']:.2f} GiB (KV {r['kv_gib']:.2f}){mark}")
        t.add_row(f"{ctx:,}", *cells)
    return t
