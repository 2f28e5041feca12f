"""`storytransformer needle`: does the local model really read a long context?"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import click

from storytransformer.cli.numbers import FiniteFloat
from storytransformer.cli.options import (
    attn_option,
    ctx_option,
    device_option,
    json_option,
    kv_cache_option,
    model_option,
    out_option,
    quant_option,
    server_options,
    verbose_option,
)

MODES = ("single", "multi", "distractor", "story")  # mirrors needle.needles.MODES (kept import-light)
ROPE_KINDS = ("yarn", "dynamic", "linear")


@click.command("needle")
@ctx_option("Longest context to test: 8k, 32k, 128k or 32768 (default: the model's trained context).")
@click.option("--lengths", default=None, metavar="N,N,...",
              help="Context lengths to test, e.g. 1k,2k,4k,8k (default: halving from --ctx, up to 4 lengths "
                   "of at least 512 tokens: 8k -> 1k,2k,4k,8k; 1k -> 512,1k).")
@click.option("--depths", default=None, metavar="P,P,...",
              help="Needle depths in percent: 0,25,50,75,100 (default) or a range 0:100:10.")
@click.option("--haystack", "haystack", default=None, metavar="PATH",
              help="Haystack text: a folder/file of stories or any text file "
                   "(default: stories/ when present, else the bundled filler text).")
@model_option()
@quant_option()
@attn_option()
@kv_cache_option()
@device_option()
@click.option("--trust-remote-code", is_flag=True, help="Allow model code from the model's repository.")
@click.option("--mode", type=click.Choice(MODES), default="single", show_default=True,
              help="single needle; multi: several facts at once; distractor: near-miss needles; "
                   "story: an acceptance criterion planted in one of your stories.")
@click.option("--needles", type=click.IntRange(1, 12), default=3, show_default=True,
              help="Facts to retrieve (multi) or near misses (distractor).")
@click.option("--needle", default=None, help="Custom needle sentence (with --question and --answer).")
@click.option("--question", default=None, help="Custom question about the needle.")
@click.option("--answer", default=None, help="The expected answer (must appear in --needle).")
@click.option("--scoring", type=click.Choice(("lenient", "strict")), default="lenient", show_default=True,
              help="lenient: partial credit by answer-word recall; strict: every value, no distractor.")
@click.option("--rope-scaling", type=click.Choice(ROPE_KINDS), default=None,
              help="Stretch the model's RoPE to test beyond its trained context.")
@click.option("--rope-factor", type=FiniteFloat(1, min_open=True), default=None, help="RoPE scaling factor, e.g. 4 (8k -> 32k).")
@out_option(Path("needle-out"), "Folder for results.json and heatmap.png.")
@click.option("--resume", is_flag=True, help="Skip cells already in OUT/results.json.")
@click.option("--no-share", is_flag=True, help="Prefill every cell from scratch (the naive loop) "
                                              "instead of reusing the shared prefix's KV cache.")
@server_options
@json_option("Print results.json to stdout (nothing else there).")
@verbose_option()
def needle(ctx, lengths, depths, haystack, model, quant, attn, kv_cache, device, trust_remote_code, mode, needles,
           needle, question, answer, scoring, rope_scaling, rope_factor, out, resume, no_share, engine, base_url,
           api_key_env, concurrency, as_json):
    """Needle-in-a-haystack test: hide a fact at several depths of haystacks of exact token
    lengths, ask the model for it, score the answers, and draw the heatmap.

    \b
    Examples:
      storytransformer needle --ctx 8k
      storytransformer needle --ctx 32k --depths 0:100:10
      storytransformer needle --lengths 1k,4k --mode multi --needles 4
      storytransformer needle --haystack stories/ --mode story --ctx 8k
      storytransformer needle --ctx 32k --rope-scaling yarn --rope-factor 4
      storytransformer needle --ctx 8k --resume --out needle-out/
      storytransformer needle --ctx 128k --kv-cache int8        # one-byte KV cache, chunked prefill
      storytransformer needle --lengths 1k,4k --base-url http://localhost:8080/v1 --model my-model
    """
    from storytransformer.console import print_json, progress, stderr
    from storytransformer.errors import OptionError
    from storytransformer.needle import heatmap
    from storytransformer.needle.grid import fmt_tokens
    from storytransformer.needle.model import apply_rope_scaling, load
    from storytransformer.needle.run import NeedleOptions, NeedleRun

    if (rope_scaling is None) != (rope_factor is None):
        raise OptionError("--rope-scaling", "give --rope-scaling and --rope-factor together")
    _check_cheap_options(ctx, lengths, depths, mode, needles, needle, question, answer, haystack)

    server = _server_options(engine, base_url, model, ctx, api_key_env, concurrency)
    if server is not None and rope_scaling:
        raise OptionError("--rope-scaling", "a model server sets its own RoPE scaling; drop --base-url to test ours")
    with stderr.status(f"loading {model or 'the bundled model'}..."):
        loaded = load(model, quant=quant, attn=attn, device=device, trust_remote_code=trust_remote_code,
                      server=server, kv_cache=kv_cache)
    if rope_scaling:
        loaded.rope = apply_rope_scaling(loaded.model, rope_scaling, rope_factor)

    opts = NeedleOptions(ctx=ctx, lengths=lengths, depths=depths, mode=mode, needles=needles, needle=needle,
                         question=question, answer=answer, scoring=scoring, haystack=haystack, out=out,
                         resume=resume, share=not no_share, rope=loaded.rope)
    run = NeedleRun(loaded, opts, warn=lambda m: stderr.print(f"[yellow]warning:[/] {m}", highlight=False))
    prompts = run.plan()
    stderr.print(_model_line(loaded, run, prompts), highlight=False)

    try:
        with progress() as bar:
            task = bar.add_task("needle", total=len(prompts))

            def on_start(p):
                bar.update(task, description=f"{fmt_tokens(p.length):>5} @ {p.depth:>3g}%")

            def on_cell(c):
                bar.advance(task)
                mark = "[green]found[/]" if c.substring else ("[yellow]partial[/]" if c.score > 0 else "[red]missed[/]")
                if c.finish_reason == "oom":
                    mark = "[magenta]out of memory[/]"
                bar.console.print(f"{fmt_tokens(c.length):>6} @ {c.depth:>5g}%  score {c.score:4.2f} {mark}  "
                                  f"{c.seconds:6.2f} s  {c.prompt_tokens} tok  answer: {_clip(c.answer, expected=c.expected)!r}",
                                  highlight=False)

            run.run(prompts, on_cell=on_cell, on_start=on_start)
    finally:
        # Even an interrupted run leaves a consistent results.json (written per cell) and a picture of it.
        if run.results.cells:
            heatmap.draw(run.results, Path(out) / heatmap.HEATMAP_FILE)

    results = run.results
    if as_json:
        data = results.to_dict()
        data["files"] = {"results": str(Path(out) / "results.json"), "heatmap": str(Path(out) / heatmap.HEATMAP_FILE)}
        print_json(data)
        return
    _print_table(results)


def _server_options(engine, base_url, model, ctx, api_key_env, concurrency):
    """registry.EngineOptions when a server (or another engine without a torch model) is asked
    for; None for the in-process model."""
    from storytransformer.runtime import registry

    url = registry.resolve_base_url(base_url)
    if registry.choose(engine, url) == "hf":
        return None
    return registry.EngineOptions(model=model, ctx=ctx, base_url=url, api_key_env=api_key_env,
                                  concurrency=concurrency, extra={"engine": engine})


def _check_cheap_options(ctx, lengths, depths, mode, needles, needle, question, answer, haystack) -> None:
    """Reject bad options before paying for a model load."""
    from storytransformer.errors import OptionError
    from storytransformer.needle.grid import parse_depths, parse_lengths
    from storytransformer.needle.needles import build_spec

    from storytransformer.needle.ctx_limit import check_absurd

    parse_depths(depths)
    if ctx:
        check_absurd(ctx)
    if lengths:
        check_absurd(max(parse_lengths(lengths, ctx or 2**40)), "--lengths")
    build_spec(mode, needles=needles, needle=needle, question=question, answer=answer)
    if haystack:
        from storytransformer.needle.haystack_file import check_regular

        check_regular(haystack)  # a FIFO or /dev/zero: refused before the model loads
    if mode == "story" and not haystack and not Path("stories").is_dir():
        raise OptionError("--mode", "story mode plants the needle in your own stories: "
                                    "give --haystack PATH (a folder or file of stories)")


def _clip(text: str, n: int = 48, expected: Sequence[str] = ()) -> str:
    """At most ``n`` characters of an answer: the part around the expected answer (or the
    first word of it, for a near miss like 'crimson-thistle-7488'), else its end, where a
    model puts the value ("The secret passphrase ... is crimson-thistle-7468.")."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    low = text.lower()
    at = -1
    for e in expected:
        e = " ".join(str(e).split()).lower()
        first = re.split(r"[-\s_]", e)[0]
        at = low.find(e) if e else -1
        if at < 0 and len(first) >= 3:
            at = low.find(first)
        if at >= 0:
            break
    if at < 0:
        return "…" + text[-(n - 1):]
    start = max(0, min(at - 12, len(text) - (n - 2)))
    shown = text[start:start + n - 2]
    return ("…" if start else "") + shown + ("…" if start + len(shown) < len(text) else "")


def _model_line(loaded, run, prompts) -> str:
    """'model · quantization · attention · device · [KV cache int8 · ]N cell(s) to run …'."""
    from storytransformer.runtime.kv_words import kv_words

    info = loaded.info
    kv = kv_words(getattr(loaded, "kv_cache", "auto"))
    return (f"{info.model} · {info.quantization} · {info.attention} · {info.device} · "
            + (f"{kv} · " if kv else "")
            + f"{len(prompts)} cell(s) to run ({len(run.done)} done) · "
            f"{'shared prefix KV cache' if run.results.settings['sharing'] == 'prefix-kv' else 'naive loop'}")


def _print_table(results) -> None:
    from rich.table import Table

    from storytransformer.console import stdout
    from storytransformer.needle.grid import fmt_tokens

    s = results.settings
    cells = results.by_key()
    lengths = sorted({c.length for c in results.cells})
    depths = sorted({c.depth for c in results.cells})
    table = Table(title=f"needle · {s['model']} · mode {s['mode']} · scoring {s['scoring']}", title_justify="left")
    table.add_column("depth", justify="right")
    trained = s.get("trained_context") or 0
    for n in lengths:
        table.add_column(fmt_tokens(n) + ("*" if trained and n > trained else ""), justify="right")
    for d in depths:
        row = [f"{d:g}%"]
        for n in lengths:
            c = cells.get(f"{n}@{d:g}")
            if c is None:
                row.append("–")
                continue
            if c.finish_reason == "oom":
                row.append("[magenta]OOM[/]")
                continue
            color = "green" if c.score >= 0.999 else "yellow" if c.score > 0 else "red"
            row.append(f"[{color}]{c.score:.2f}[/]")
        table.add_row(*row)
    summary = results.summary()
    table.add_row("mean", *[f"{summary['per_length'].get(str(n), 0):.2f}" for n in lengths], end_section=True)
    stdout.print(table)
    if any(trained and n > trained for n in lengths):
        stdout.print(f"* beyond the model's trained context ({fmt_tokens(trained)})")
    stdout.print(f"mean score {summary['mean_score']:.2f} over {summary['cells']} cells, "
                 f"{summary['seconds']:.1f} s of model time")
    out = Path(s.get("out", "")) if s.get("out") else None
    if out:
        stdout.print(f"results: {out / 'results.json'}  heatmap: {out / 'heatmap.png'}")
