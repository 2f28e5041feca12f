"""Throughput and peak memory vs context length, one line per setup (matplotlib, Agg).

A run at a single context length has no curve to draw: there each panel is a bar per setup
with its value written on it, so a comparison of kernels or weight formats reads at a glance."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


def _series(results, key):
    lines = defaultdict(list)
    ooms = defaultdict(list)
    for r in results:
        if r.status == "ok" and getattr(r, key) is not None:
            lines[r.setup].append((r.ctx, getattr(r, key)))
        elif r.status == "oom":
            ooms[r.setup].append(r.ctx)
    return lines, ooms


_STYLES = {"4bit": "--", "8bit": "-.", "int4-torchao": ":", "int4-gemlite": ":"}  # full precision: solid


def _panel(ax, results, key, title, ylabel, scale=1.0):
    lines, ooms = _series(results, key)
    for setup in sorted(set(lines) | set(ooms)):
        pts = sorted(lines.get(setup, []))
        color = None
        if pts:
            style = _STYLES.get(setup.split("/")[0], "-")
            (line,) = ax.plot([p[0] for p in pts], [p[1] / scale for p in pts], marker="o", linestyle=style,
                              label=setup)
            color = line.get_color()
        if ooms.get(setup):
            ax.scatter(ooms[setup], [0] * len(ooms[setup]), marker="x", s=80, color=color or "red",
                       label=f"{setup} (OOM)", zorder=5, clip_on=False)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("context length (tokens)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7)


def _bars(ax, results, key, title, xlabel, scale=1.0):
    setups = sorted({r.setup for r in results})
    values, labels = [], []
    for setup in setups:
        rows = [r for r in results if r.setup == setup]
        ok = [getattr(r, key) for r in rows if r.status == "ok" and getattr(r, key) is not None]
        values.append(ok[0] / scale if ok else 0.0)
        labels.append("" if ok else (rows[0].status.split(":")[0] if rows else ""))
    ypos = range(len(setups))
    quants = sorted({s.split("/")[0] for s in setups})
    palette = ["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:olive"]
    colors = ["tab:red" if lab else palette[quants.index(s.split("/")[0]) % len(palette)]
              for s, lab in zip(setups, labels)]
    ax.barh(list(ypos), values, color=colors)
    ax.set_yticks(list(ypos), setups, fontsize=8)
    ax.invert_yaxis()
    top = max(values, default=0) or 1.0
    for y, (v, lab) in enumerate(zip(values, labels)):
        text = lab.upper() if lab else (f"{v:,.0f}" if v >= 100 else f"{v:,.3g}")
        ax.text(v + top * 0.01, y, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)


def write_plots(results, out_dir, *, title: str = "") -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    ctxs = sorted({r.ctx for r in results})
    single = len(ctxs) == 1
    draw = _bars if single else _panel
    height = max(5.0, 0.45 * len({r.setup for r in results}) + 1.5) if single else 5.0
    fig, axes = plt.subplots(1, 3, figsize=(18, height))
    draw(axes[0], results, "prefill_tokens_per_s", "prefill", "tokens/s")
    draw(axes[1], results, "decode_tokens_per_s", "decode (aggregate over batch)", "tokens/s")
    draw(axes[2], results, "ttft_seconds", "time to first token", "seconds")
    where = f"at {ctxs[0]:,} tokens of context" if single else "vs context"
    fig.suptitle(f"throughput {where} {title}".strip())
    fig.tight_layout()
    path = out_dir / "bench_throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    fig, ax = plt.subplots(figsize=(8, height))
    if single:
        _bars(ax, results, "peak_memory_bytes", "peak memory", "GiB", scale=2**30)
    else:
        _panel(ax, results, "peak_memory_bytes", "peak memory (x = out of memory)", "GiB", scale=2**30)
    fig.suptitle(title)
    fig.tight_layout()
    path = out_dir / "bench_memory.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written
