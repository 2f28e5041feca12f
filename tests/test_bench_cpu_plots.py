"""bench on the CPU (t25 #12): the memory plot draws what was measured (resident memory; the
CPU has no per-setting peak) instead of empty axes titled "OOM"; says why when nothing ran;
status cells are whole; --concurrency without --base-url is warned. Real bench run on a tiny
random-weight architecture through the real CLI, real matplotlib axes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storytransformer.bench.plots import draw_memory
from storytransformer.bench.runner import BenchResult
from storytransformer.cli import main


@pytest.fixture(scope="module")
def cpu_bench(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    r = CliRunner().invoke(main, ["bench", "--model", "config:llama-tiny", "--ctx", "128,256", "--repeats", "1",
                                  "--quant", "none,int4-torchao", "--concurrency", "1,8", "--device", "cpu",
                                  "--out", str(out)], terminal_width=200)
    assert r.exit_code == 0, r.output
    return r, out


def _axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    return fig, ax


def _results(out):
    data = json.loads((out / "bench.json").read_text())
    fields = BenchResult.__dataclass_fields__
    return [BenchResult(**{k: v for k, v in r.items() if k in fields}) for r in data["results"]]


def test_the_cpu_memory_panel_draws_resident_memory_and_no_oom(cpu_bench):
    _, out = cpu_bench
    results = _results(out)
    assert all(r.peak_memory_bytes is None for r in results)  # the CPU has no peak counter
    fig, ax = _axes()
    draw_memory(ax, results, "cpu")
    assert "OOM" not in ax.get_title() and "resident memory" in ax.get_title()
    assert any(len(line.get_xdata()) == 2 for line in ax.get_lines())  # the setting that ran, at 128 and 256
    assert (out / "bench_memory.png").stat().st_size > 0


def test_when_nothing_ran_the_panel_says_why(cpu_bench):
    _, out = cpu_bench
    unsupported = [r for r in _results(out) if r.status != "ok"]
    fig, ax = _axes()
    draw_memory(ax, unsupported, "cpu")
    assert "no setting ran" in " ".join(t.get_text() for t in ax.texts) and "OOM" not in ax.get_title()


def test_status_cells_are_whole_and_concurrency_is_warned(cpu_bench):
    r, _ = cpu_bench
    flat = " ".join(r.output.split())
    assert "--concurrency applies only with --base-url" in flat
    assert "(its int4 kernels are" in flat and "CUDA-only)" in r.output
