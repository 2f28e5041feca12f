"""Throughput and peak memory vs context length, one line per setup (matplotlib, Agg).

A run at a single context length has no curve to draw: there each panel is a bar per setup
with its value written on it, so a comparison of kernels or weight formats reads at a glance.

Readable by someone who did not run it: the device is named in the title; a legend entry
names only what differs between the lines (what all share goes in the title once); a setting
that ran out of memory is a gap in its line with a marked "OOM" at the top of the panel, never
a point at 0 that reads as "measured zero"."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


_PARTS = ("quant", "attn", "engine", "batch")


def describe_setups(results) -> tuple[dict[str, str], str]:
    """({setup: label naming only what differs}, 'what every setup shares')."""
    values = {p: sorted({str(getattr(r, p)) for r in results}) for p in _PARTS}
    differs = [p for p in _PARTS if len(values[p]) > 1]
    names = {"quant": "", "attn": "attn ", "engine": "engine ", "batch": "batch "}
    labels = {}
    for r in results:
        parts = [f"{names[p]}{getattr(r, p)}" for p in differs]
        labels[r.setup] = " · ".join(parts) or str(r.quant)
    shared = " · ".join(f"{names[p]}{values[p][0]}".strip() for p in _PARTS if len(values[p]) == 1 and values[p])
    return labels, shared


def device_name(environment: dict | None) -> str:
    env = environment or {}
    name = env.get("gpu") or env.get("cpu") or env.get("device") or ""
    return str(name)


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
    from matplotlib.transforms import blended_transform_factory

    lines, ooms = _series(results, key)
    labels, _ = describe_setups(results)
    top = blended_transform_factory(ax.transData, ax.transAxes)  # x in data, y in axes fraction
    oom_row = 0
    for setup in sorted(set(lines) | set(ooms)):
        # An out-of-memory context is a NaN: the line breaks there (a gap), nothing is drawn at 0.
        pts = sorted(lines.get(setup, []) + [(c, float("nan")) for c in ooms.get(setup, [])])
        style = _STYLES.get(setup.split("/")[0], "-")
        label = labels.get(setup, setup) + (" (OOM at " + ", ".join(f"{c:,}" for c in sorted(ooms[setup])) + ")"
                                            if ooms.get(setup) else "")
        (line,) = ax.plot([p[0] for p in pts], [p[1] / scale for p in pts], marker="o", linestyle=style, label=label)
        if ooms.get(setup):  # one row of marks per setup, so two setups' OOMs never hide each other
            y = 0.97 - 0.08 * oom_row
            oom_row += 1
            for c in ooms[setup]:
                ax.scatter([c], [y], transform=top, marker="x", s=60, color=line.get_color(), zorder=5,
                           clip_on=False)
                ax.text(c * 1.06, y, "OOM", transform=top, ha="left", va="center", fontsize=7,
                        color=line.get_color())
    ctxs = sorted({r.ctx for r in results})
    if ctxs:  # set explicitly: a panel of OOM gaps only has no finite point to scale from
        ax.set_xlim(ctxs[0] / 1.4, ctxs[-1] * 1.4)
    ax.set_xscale("log", base=2)
    if ctxs:
        ax.set_xticks(ctxs, [f"{c // 1024}k" if c % 1024 == 0 else f"{c:,}" for c in ctxs])
        ax.minorticks_off()
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
              for s, lab in zip(setups, labels, strict=True)]
    ax.barh(list(ypos), values, color=colors)
    names, _ = describe_setups(results)
    ax.set_yticks(list(ypos), [names.get(s, s) for s in setups], fontsize=8)
    ax.invert_yaxis()
    top = max(values, default=0) or 1.0
    for y, (v, lab) in enumerate(zip(values, labels, strict=True)):
        text = lab.upper() if lab else (f"{v:,.0f}" if v >= 100 else f"{v:,.3g}")
        ax.text(v + top * 0.01, y, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)


def draw_memory(ax, results, device: str = "") -> None:
    """The peak-memory panel: bars (one context), lines (several), or, when no setting has a
    figure (the CPU), the reason in words; "OOM" is in the title only when a setting ran out."""
    def has(key):
        return any(r.status == "ok" and getattr(r, key, None) is not None for r in results)

    any_oom = any(r.status == "oom" for r in results)
    key, title = "peak_memory_bytes", "peak memory"
    if not has(key) and has("rss_bytes"):  # the CPU has no per-setting peak: resident memory is what exists
        key, title = "rss_bytes", "resident memory (RSS) after each setting; the CPU has no per-setting peak"
    if not has(key) and not any_oom:  # nothing measured: say why, no empty "OOM" axes
        _nothing_drawn(ax, results, device)
    elif len({r.ctx for r in results}) == 1:
        _bars(ax, results, key, title, "GiB", scale=2**30)
    else:
        _panel(ax, results, key, title + (" (OOM: ran out of memory, no value)" if any_oom else ""), "GiB",
               scale=2**30)


def _nothing_drawn(ax, results, device: str) -> None:
    """The memory panel when no setting has a peak-memory figure: why, in words."""
    ran = sum(r.status == "ok" for r in results)
    why = (f"{ran} setting(s) ran{' on ' + device if device else ''}, but none has a memory figure:\n"
           "nothing to draw" if ran else "no setting ran (see the status column of the table): nothing to draw")
    ax.axis("off")
    ax.set_title("peak memory")
    ax.text(0.5, 0.5, why, ha="center", va="center", fontsize=10, wrap=True, transform=ax.transAxes)


def write_plots(results, out_dir, *, title: str = "", environment: dict | None = None) -> list[Path]:
    """bench_throughput.png and bench_memory.png; ``title`` names the model, ``environment``
    (BenchReport.environment) the device."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    _, shared = describe_setups(results)
    device = device_name(environment)
    if title.startswith("config:"):  # the architecture with random weights, said in words
        title = f"{title.split(':', 1)[1]} architecture (random weights)"
    title = " · ".join(t for t in (title, f"on {device}" if device else "", shared) if t)

    ctxs = sorted({r.ctx for r in results})
    single = len(ctxs) == 1
    draw = _bars if single else _panel
    height = max(5.0, 0.45 * len({r.setup for r in results}) + 1.5) if single else 5.0
    fig, axes = plt.subplots(1, 3, figsize=(18, height))
    draw(axes[0], results, "prefill_tokens_per_s", "prefill", "tokens/s")
    draw(axes[1], results, "decode_tokens_per_s", "decode (aggregate over batch)", "tokens/s")
    draw(axes[2], results, "ttft_seconds", "time to first token", "seconds")
    where = f"at {ctxs[0]:,} tokens of context" if single else "vs context"
    fig.suptitle(f"throughput {where}: {title}".strip(" :"))
    fig.tight_layout()
    path = out_dir / "bench_throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    fig, ax = plt.subplots(figsize=(8, height))
    draw_memory(ax, results, device)
    fig.suptitle(title)
    fig.tight_layout()
    path = out_dir / "bench_memory.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written
