"""Draw docs/benchmarks/h200-vs-llamacpp.json (issue 15's side-by-side figures) as one readable chart.

    python benchmarks/plot_b2b.py [--json docs/benchmarks/h200-vs-llamacpp.json] [--out docs/benchmarks/h200_vs_llamacpp.png]

Three panels (decode batch 1, decode batch 64 aggregate, 32k prefill), tok/s on each bar, the
goal as a dashed line, and the device and date in the title. A figure the JSON lacks is left out,
never drawn at 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

PANELS = (("decode_b1", "decode, batch 1", 1.5, "x llama.cpp"),
          ("decode_b64", "decode, batch 64 (aggregate)", 2.0, "x llama.cpp"),
          ("prefill_32k", "prefill, 32k tokens", 28000, "tok/s"))


def bars(data: dict, key: str) -> list[tuple[str, float]]:
    """(label, tok/s) for llama.cpp and ours on one measure; missing figures left out."""
    ours = data["ours"]
    out = [("llama.cpp Q4_K_M", data["llamacpp"].get(key)), (f"ours {ours.get('quant', '')}", ours.get(key))]
    if key == "decode_b64":
        out.append(("ours bf16, fused*", ours.get("decode_b64_bf16_weights_fused")))
    return [(label, v) for label, v in out if v]


def main(argv=None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", default="docs/benchmarks/h200-vs-llamacpp.json")
    ap.add_argument("--out", default="docs/benchmarks/h200_vs_llamacpp.png")
    args = ap.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.loads(Path(args.json).read_text(encoding="utf-8"))
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    colours = ("#888888", "#1f77b4", "#2ca02c")
    for ax, (key, title, goal, unit) in zip(axes, PANELS, strict=True):
        rows = bars(data, key)
        ax.bar([r[0] for r in rows], [r[1] for r in rows], color=colours[:len(rows)])
        for i, (_, v) in enumerate(rows):
            ax.text(i, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=9)
        base = data["llamacpp"].get(key)
        line = goal * base if unit.startswith("x") and base else goal
        label = f"goal: {goal:g}x llama.cpp ({line:,.0f})" if unit.startswith("x") else f"goal: {goal:,.0f} tok/s"
        ax.axhline(line, linestyle="--", color="#d62728", linewidth=1, label=label)
        ax.set_ylim(0, max([line] + [v for _, v in rows]) * 1.18)  # room for the labels and the legend
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.set_title(title)
        ax.set_ylabel("tokens/s")
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle(f"Llama-3.1-8B shape, random weights: {data['device'].split(';')[0]}, {data['date']}", fontsize=10)
    fig.text(0.5, 0.01, "* bf16 with q/k/v and gate/up fused: a later lease the same day, not back to back "
             "(docs/benchmarks.md section 15)", ha="center", fontsize=8)
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    out = Path(args.out)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(main())
