"""Draw docs/benchmarks/h100_engine_steps.png from the engine runs' JSON (docs/benchmarks/).

    python benchmarks/plot_engine.py
"""

from __future__ import annotations

import json
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks"
LLAMA_CPP = {1: 259, 64: 3530}  # ENVIRONMENT.md: same H100, same model shape, Q4_K_M, flash on


def step(file: str, name: str, batch: int) -> float:
    for s in json.loads((DOCS / file).read_text())["steps"]:
        if s.get("step") == name and s.get("batch") == batch:
            # generate: whole call; plain/fast: decode only (prefill timed apart)
            return s.get("decode_tokens_per_s", s.get("tokens_per_s"))
    raise KeyError(f"{file}: {name} b{batch}")


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [
        ("generate NF4 (whole call)", step("h100_engine_run1_nf4.json", "generate", 1), step("h100_engine_run1_nf4.json", "generate", 64)),
        ("plain loop NF4", step("h100_engine_run1_nf4.json", "plain", 1), step("h100_engine_run1_nf4.json", "plain", 64)),
        ("static+CUDA graphs NF4", step("h100_engine_run1_nf4.json", "fast", 1), step("h100_engine_run1_nf4.json", "fast", 64)),
        ("+ GQA decode NF4", step("h100_engine_run3_nf4_gqa.json", "fast", 1),
         step("h100_engine_run4_nf4_gqa_b64.json", "fast", 64)),
        ("static+CUDA graphs int4 (torchao)", step("h100_engine_run2_int4.json", "fast", 1), None),
        ("static+CUDA graphs bf16", step("h100_engine_run2_bf16.json", "fast", 1), step("h100_engine_run2_bf16.json", "fast", 64)),
        ("+ GQA decode bf16", step("h100_engine_run3_bf16_gqa.json", "fast", 1), step("h100_engine_run3_bf16_gqa.json", "fast", 64)),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(14, 5))
    for ax, col, batch in ((axes[0], 1, 1), (axes[1], 2, 64)):
        names = [r[0] for r in rows]
        vals = [r[col] or 0 for r in rows]
        bars = ax.barh(names, vals, color=["#999999", "#999999", "#4c72b0", "#4c72b0", "#dd8452", "#55a868", "#55a868"])
        for bar, r in zip(bars, rows, strict=True):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    f" {r[col]:,.0f}" if r[col] else " not measured", va="center", fontsize=8)
        ax.axvline(LLAMA_CPP[batch], color="red", linestyle="--", label=f"llama.cpp Q4_K_M: {LLAMA_CPP[batch]:,}")
        ax.invert_yaxis()
        ax.set_xlabel("decode tokens/s (aggregate)")
        ax.set_title(f"batch {batch}, prompt 1,024, 64 new tokens")
        ax.legend(fontsize=8, loc="lower right")
    fig.suptitle("Generation engine steps, Llama-3.1-8B shape, H100 80GB")
    fig.tight_layout()
    out = DOCS / "h100_engine_steps.png"
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
