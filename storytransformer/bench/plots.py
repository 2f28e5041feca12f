"""Throughput and peak memory vs context length, one line per setup (matplotlib, Agg)."""

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


def write_plots(results, out_dir, *, title: str = "") -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    fig, axes = plt.subplots(1, 3, figsize=(18, 5))
    _panel(axes[0], results, "prefill_tokens_per_s", "prefill", "tokens/s")
    _panel(axes[1], results, "decode_tokens_per_s", "decode (aggregate over batch)", "tokens/s")
    _panel(axes[2], results, "ttft_seconds", "time to first token", "seconds")
    fig.suptitle(f"throughput vs context {title}".strip())
    fig.tight_layout()
    path = out_dir / "bench_throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    fig, ax = plt.subplots(figsize=(8, 5))
    _panel(ax, results, "peak_memory_bytes", "peak memory (x = out of memory)", "GiB", scale=2**30)
    fig.suptitle(title)
    fig.tight_layout()
    path = out_dir / "bench_memory.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written
