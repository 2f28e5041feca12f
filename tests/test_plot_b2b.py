"""benchmarks/plot_b2b.py draws the side-by-side JSON; a figure the JSON lacks is left out, not drawn at 0."""

import json

from repo_script import load_script


def _script():
    return load_script("benchmarks/plot_b2b.py")


def test_missing_figures_are_left_out_and_the_chart_is_written(tmp_path):
    mod = _script()
    data = {"device": "GPU X; two calls", "date": "2026-12-01",
            "llamacpp": {"decode_b1": 270.0, "decode_b64": 3800.0, "prefill_32k": 7800.0},
            "ours": {"quant": "int4-gemlite", "decode_b1": 260.0, "decode_b64": None, "prefill_32k": 23000.0}}
    assert [label for label, _ in mod.bars(data, "decode_b64")] == ["llama.cpp Q4_K_M"]
    assert [v for _, v in mod.bars(data, "decode_b1")] == [270.0, 260.0]
    src = tmp_path / "b2b.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    out = mod.main(["--json", str(src), "--out", str(tmp_path / "chart.png")])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
