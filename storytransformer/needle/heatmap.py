"""heatmap.png: the standard needle-in-a-haystack picture (depth down, context length across,
red = missed, green = found), with the run's settings in the title."""

from __future__ import annotations

from pathlib import Path

from storytransformer.needle.grid import fmt_tokens
from storytransformer.needle.results import Results

HEATMAP_FILE = "heatmap.png"
_COLORS = ["#d7301f", "#f0a830", "#f2e35b", "#7fc97f", "#1a9850"]  # missed -> found


def draw(results: Results, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # files only: never needs a display
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    s = results.settings
    cells = results.by_key()
    lengths = sorted({c.length for c in results.cells} | set(s.get("lengths") or []))
    depths = sorted({c.depth for c in results.cells} | set(s.get("depths") or []))
    grid = np.full((len(depths), len(lengths)), np.nan)
    oom = set()  # cells that ran out of memory: a marked gap, not a red "missed"
    for c in cells.values():
        if getattr(c, "finish_reason", "") == "oom":
            oom.add((depths.index(c.depth), lengths.index(c.length)))
            continue
        grid[depths.index(c.depth), lengths.index(c.length)] = c.score

    cmap = LinearSegmentedColormap.from_list("needle", _COLORS).with_extremes(bad="#d9d9d9")  # grey: not run
    # Wide enough for the three-line title (about 0.075 in per character at this font size).
    longest = max(len(line) for line in _title(results).splitlines())
    width = max(6.0, 1.1 * len(lengths) + 3.0, 0.075 * longest + 1.2)
    height = max(4.0, 0.45 * len(depths) + 2.6)
    fig, ax = plt.subplots(figsize=(width, height), dpi=130)
    im = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto",
                   interpolation="nearest")
    ax.set_xticks(range(len(lengths)), [fmt_tokens(n) for n in lengths])
    ax.set_yticks(range(len(depths)), [f"{d:g}%" for d in depths])
    ax.set_xlabel("context length (tokens, prompt + answer)")
    ax.set_ylabel("needle depth (% of the haystack)")
    ax.set_xticks(np.arange(-0.5, len(lengths)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(depths)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for i, j in oom:
        ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#f2f2f2", edgecolor="#7f7f7f",
                                   hatch="///", linewidth=0))
        ax.text(j, i, "OOM", ha="center", va="center", fontsize=8, fontweight="bold", color="#333333")
    if len(lengths) * len(depths) <= 160:
        for (i, j), value in np.ndenumerate(grid):
            if (i, j) in oom:
                continue
            label = "–" if np.isnan(value) else f"{value:.2f}".rstrip("0").rstrip(".") if value not in (0, 1) \
                else f"{int(value)}"
            ax.text(j, i, label, ha="center", va="center", fontsize=9,
                    color="#333333" if np.isnan(value) or 0.25 < value < 0.9 else "white")
    trained = s.get("trained_context") or 0
    beyond = [j for j, n in enumerate(lengths) if trained and n > trained]
    if beyond and len(beyond) < len(lengths):
        x = beyond[0] - 0.5
        ax.axvline(x, color="black", linestyle="--", linewidth=1.2)
        ax.text(x + 0.05, -0.62, f"beyond trained {fmt_tokens(trained)} →", fontsize=8, va="bottom", ha="left",
                clip_on=False)
    cbar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("score (1 = answer found)" + ("; OOM: out of memory, not run" if oom else ""))
    ax.set_title(_title(results), fontsize=9.5, loc="left", pad=16 if beyond else 8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def _title(results: Results) -> str:
    s = results.settings
    summary = results.summary()
    rope = s.get("rope_scaling")
    rope_text = f"RoPE {rope['type']} x{rope['factor']:g}" if rope else "no RoPE scaling"
    mode = s.get("mode", "single")
    needles = len((s.get("needle") or {}).get("needles") or [])
    if mode == "multi":
        mode = f"multi ({needles} needles)"
    elif mode == "distractor":
        mode = f"distractor ({len((s.get('needle') or {}).get('distractors') or [])} near misses)"
    line1 = f"Needle in a haystack · {s.get('model')}"
    line2 = (f"{s.get('quantization')} · {s.get('attention')} attention · {s.get('device')} · "
             f"trained context {fmt_tokens(s.get('trained_context') or 0)} · {rope_text}")
    line3 = (f"mode {mode} · scoring {s.get('scoring')} · haystack {s.get('haystack')} · "
             f"mean score {summary.get('mean_score', 0):.2f} over {summary.get('cells', 0) - summary.get('oom_cells', 0)} cells"
             + (f" ({summary['oom_cells']} out of memory)" if summary.get("oom_cells") else ""))
    return "\n".join([line1, line2, line3])
