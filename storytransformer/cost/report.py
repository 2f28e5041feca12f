"""The estimate as rich tables (for people) and as one JSON document (for scripts).

The JSON layout is a contract (documented in the README): fields are only ever added.
"""

from __future__ import annotations

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
    }


def _usd(x) -> str:
    x = float(x)
    if x == 0:
        return "$0"
    if x < 0.01:
        return f"${x:.4f}"
    return f"${x:,.2f}"


def _hours(h: float) -> str:
    if h < 1:
        return f"{h * 60:.1f} min"
    return f"{h:,.2f} h"


def print_report(e: Estimate, corpus: Corpus, console) -> None:
    from rich.table import Table

    t = Table(title=f"Corpus: {e.stories:,} stories in {len(corpus.files):,} files "
                    f"({e.words:,} words, {len(corpus.warnings)} ingest warnings)")
    t.add_column("tokenizer")
    t.add_column("corpus tokens", justify="right")
    t.add_column("in prompts", justify="right")
    t.add_column("what it is")
    for c in e.counts:
        if c.available:
            t.add_row(c.name, f"{c.corpus_tokens:,}", f"{c.prompt_story_tokens:,}", c.description)
        else:
            t.add_row(c.name, "-", "-", f"[yellow]unavailable: {c.reason}[/yellow]")
    console.print(t)

    t = Table(title="Plan: every story through the model once (upper bound)")
    for col in ("tokenizer", "ctx", "overhead/call", "stories/call cap", "reserved output", "calls",
                "prompt tokens", "output tokens", "largest prompt"):
        t.add_column(col, justify="left" if col == "tokenizer" else "right")
    for name, p in e.plans.items():
        calls = f"{p.calls:,}" + (f" [red]({p.oversized} oversized)[/red]" if p.oversized else "")
        t.add_row(name, f"{p.ctx:,}", f"{p.prompt_overhead:,}", f"{p.story_capacity:,}", f"{p.reserved_output:,}",
                  calls, f"{p.prompt_tokens:,}", f"{p.output_tokens:,}", f"{p.max_prompt_tokens:,}")
    console.print(t)
    console.print(f"[dim]prompt overhead: {e.overhead_source}[/dim]")

    t = Table(title=f"Cloud prices per request, sorted by total ({e.price_database})")
    for col in ("provider", "model", "tokens", "$/MTok in", "$/MTok out", "calls", "per request",
                "total", "context window", "tier"):
        t.add_column(col, justify="right" if col in ("calls", "per request", "total") else "left")
    for q in e.quotes:
        if q.fits is None:
            window = "unknown"
        elif q.fits:
            window = f"{q.context_window:,} fits"
        else:
            window = f"[red]{q.context_window:,}: {q.requests_over_window} too big[/red]"
        per = _usd(q.per_request_max_usd) if q.per_request_min_usd == q.per_request_max_usd else \
            f"{_usd(q.per_request_min_usd)}-{_usd(q.per_request_max_usd)}"
        tiers = ", ".join(f"{k}: {v}" for k, v in q.tiers.items())
        tok = q.tokenizer + ("" if q.tokenizer_exact else " ~")
        t.add_row(q.provider, q.model, tok, q.input_per_mtok, q.output_per_mtok, f"{q.calls:,}", per,
                  _usd(q.total_usd), window, tiers)
    console.print(t)
    console.print("[dim]~ = approximate count: that provider's tokenizer is not available offline[/dim]")
    for m, reason in e.skipped_models:
        console.print(f"[yellow]skipped default model {m}: {reason}[/yellow]")

    if e.local is not None:
        lc = e.local
        t = Table(title=f"Local cost (plan counted with {e.local_plan})")
        for col in ("prefill", "decode", "total time", "energy", "energy cost", "amortization", "total"):
            t.add_column(col, justify="right")
        t.add_row(_hours(lc.prefill_hours), _hours(lc.decode_hours), _hours(lc.hours), f"{lc.kwh:,.3f} kWh",
                  _usd(lc.energy_usd), "-" if lc.amortization_usd is None else _usd(lc.amortization_usd),
                  _usd(lc.total_usd))
        console.print(t)

    t = Table(title="Assumptions (each can be overridden by an option)")
    t.add_column("assumption")
    t.add_column("value", justify="right")
    t.add_column("source")
    for a in e.assumptions:
        t.add_row(a.name, "-" if a.value is None else str(a.value), a.source)
    console.print(t)
