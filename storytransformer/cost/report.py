"""The estimate as rich tables (for people) and as one JSON document (for scripts).

The JSON layout is a contract (documented in the README): fields are only ever added.
"""

from __future__ import annotations

import math
from typing import Any

from storytransformer.cost.estimate import Estimate
from storytransformer.stories import Corpus

SCHEMA = "storytransformer.estimate-cost/1"


def to_json(e: Estimate, corpus: Corpus, paths: list[str]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "corpus": {
            "paths": paths,
            "files": len(corpus.files),
            "stories": e.stories,
            "characters": e.characters,
            "words": e.words,
            "warnings": [str(w) for w in corpus.warnings],
        },
        "tokenizers": [c.to_dict() for c in e.counts],
        "plans": {name: p.to_dict() for name, p in e.plans.items()},
        "cloud": [q.to_dict() for q in e.quotes],
        "skipped_models": [{"model": m, "reason": r} for m, r in e.skipped_models],
        "local": None if e.local is None else {"plan_tokenizer": e.local_plan, **e.local.to_dict()},
        "assumptions": [a.to_dict() for a in e.assumptions],
        "price_database": e.price_database,
        "priced_at": e.priced_at,
    }


def _usd(x) -> str:
    x = float(x)
    if x == 0:
        return "$0"
    if x < 0.01:  # two significant digits, never an exponent
        return f"${x:.{1 - math.floor(math.log10(x))}f}"
    return f"${x:,.2f}"


def _duration(hours: float) -> str:
    seconds = hours * 3600
    if seconds < 120:
        return f"{seconds:.1f} s"
    if hours < 2:
        return f"{seconds / 60:.1f} min"
    return f"{hours:,.1f} h"


def _tokens(n: int) -> str:
    return f"{n / 1e6:.3g}M" if n >= 1_000_000 else f"{n / 1000:.4g}k"


def _rate(label: str) -> str:
    # "3 (6 above 200,000)" -> "3+": the tier detail goes in the tier column's footnote.
    return label.split(" ", 1)[0] + ("*" if "above" in label else "") if label else "-"


def print_report(e: Estimate, corpus: Corpus, console) -> None:
    """The estimate as rich tables: tokens, plan, cloud prices, local cost, assumptions."""
    _print_tokens(e, corpus, console)
    _print_plan(e, console)
    _print_cloud(e, console)
    if e.local is not None:
        _print_local(e, console)
    _print_assumptions(e, console)


def _print_tokens(e: Estimate, corpus: Corpus, console) -> None:
    from rich.table import Table

    t = Table(title=f"Tokens: {e.stories:,} stories, {len(corpus.files):,} files, {e.words:,} words"
                    + (f", {len(corpus.warnings)} ingest warning{'s' if len(corpus.warnings) > 1 else ''}"
                       if corpus.warnings else ""))
    t.add_column("tokenizer")
    t.add_column("stories' text", justify="right")
    t.add_column("as prompted", justify="right")
    t.add_column("used for")
    for c in e.counts:
        if c.available:
            t.add_row(c.name, f"{c.corpus_tokens:,}", f"{c.prompt_story_tokens:,}", c.description.split(" (")[0])
        else:
            t.add_row(c.name, "-", "-", f"[yellow]unavailable: {c.reason}[/yellow]")
    console.print(t)


def _print_plan(e: Estimate, console) -> None:
    from rich.table import Table

    t = Table(title=f"Plan at --ctx {next(iter(e.plans.values())).ctx:,}: an upper bound (every story sent once, "
                    "2 per call, as if each story had one duplicate)" if e.plans else "Plan")
    t.add_column("")
    for name in e.plans:
        t.add_column(name, justify="right")
    rows = (
        ("prompt overhead per call", lambda p: f"{p.prompt_overhead:,}"),
        ("output tokens per story token", lambda p: f"{p.output_ratio:g}"),
        ("story tokens per call (max)", lambda p: f"{p.story_capacity:,}"),
        ("reserved for output", lambda p: f"{p.reserved_output:,}"),
        ("calls (at most)", lambda p: f"{p.calls:,}" + (f" ({p.oversized} oversized)" if p.oversized else "")),
        ("calls if stories filled each call", lambda p: f"{p.min_calls:,}"),
        ("prompt tokens (all calls)", lambda p: f"{p.prompt_tokens:,}"),
        ("expected output tokens", lambda p: f"{p.output_tokens:,}"),
        ("largest prompt", lambda p: f"{p.max_prompt_tokens:,}"),
    )
    for label, fn in rows:
        t.add_row(label, *(fn(p) for p in e.plans.values()))
    console.print(t)
    console.print(f"[dim]prompt overhead: {e.overhead_source}[/dim]")
    console.print("merge calls the model only for the groups of duplicates it finds, so it makes fewer calls: "
                  "`storytransformer merge PATHS --dry-run` plans them (it groups the stories first: slower). "
                  "Calls, tokens, prices and times here are at most what merge spends at this --ctx.",
                  highlight=False, markup=False, soft_wrap=True)


def _print_cloud(e: Estimate, console) -> None:
    from rich.table import Table

    t = Table(title="Cloud: every planned request priced, cheapest first")
    t.add_column("model", no_wrap=True)
    t.add_column("$/M in", justify="right", no_wrap=True)
    t.add_column("$/M out", justify="right", no_wrap=True)
    t.add_column("per call", justify="right", no_wrap=True)
    t.add_column("total (at most)", justify="right", no_wrap=True)
    t.add_column("window", justify="right", no_wrap=True)
    tiered: list[str] = []
    for q in e.quotes:
        if q.fits is None:
            window = "?"
        elif q.fits:
            window = _tokens(q.context_window)
        else:
            window = f"[red]{_tokens(q.context_window)}: {q.requests_over_window} over[/red]"
        per = _usd(q.per_request_max_usd)
        shown = q.model if q.provider in ("anthropic", "openai", "google") else f"{q.provider}/{q.model}"
        name = ("" if q.tokenizer_exact else "~") + shown
        if "above" in q.input_per_mtok:
            used = ", ".join(f"{k} x{v}" for k, v in q.tiers.items())
            tiered.append(f"{q.model}: input {q.input_per_mtok}, output {q.output_per_mtok}; calls at: {used}")
        t.add_row(name, _rate(q.input_per_mtok), _rate(q.output_per_mtok), per, _usd(q.total_usd), window)
    console.print(t)
    console.print("[dim]~ counted with o200k_base: that provider's tokenizer is not available offline. "
                  "per call: the dearest planned call. window: the model's context window "
                  "(a call must fit prompt + output). * long-context tiers, applied per call "
                  "by its input tokens:[/dim]")
    for line in tiered:
        console.print(f"[dim]  {line}[/dim]")
    console.print(f"[dim]prices: {e.price_database}, as of {e.priced_at[:10]}[/dim]")
    for m, reason in e.skipped_models:
        console.print(f"[yellow]skipped default model {m}: {reason}[/yellow]")


def _print_local(e: Estimate, console) -> None:
    from rich.table import Table

    lc = e.local
    t = Table(title=f"Local, one GPU ({e.local_plan} tokens; at most, as the plan)", show_header=False)
    t.add_column("")
    t.add_column("", justify="right")
    kwh = f"{lc.kwh:,.2f}" if lc.kwh >= 0.01 else (f"{lc.kwh:.2g}" if lc.kwh else "0")
    for label, value in (
        (f"prefill ({lc.prompt_tokens:,} tokens)", _duration(lc.prefill_hours)),
        (f"decode ({lc.output_tokens:,} tokens)", _duration(lc.decode_hours)),
        ("total time", _duration(lc.hours)),
        ("energy", f"{kwh} kWh"),
        ("energy cost", _usd(lc.energy_usd)),
        ("hardware amortization", "-" if lc.amortization_usd is None else _usd(lc.amortization_usd)),
        ("total", _usd(lc.total_usd)),
    ):
        t.add_row(label, value)
    console.print(t)


def _print_assumptions(e: Estimate, console) -> None:
    from rich.table import Table

    t = Table(title="Assumptions (each has an option; see --help)")
    t.add_column("assumption")
    t.add_column("value", justify="right")
    t.add_column("source")
    for a in e.assumptions:
        t.add_row(a.name, "-" if a.value is None else str(a.value), a.source)
    console.print(t)
