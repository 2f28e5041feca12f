"""`storytransformer bench` on CPU with the tiny random Llama: real model, real timings,
real files; out-of-memory made real by asking for an impossible context."""

import json
import statistics

import pytest
from click.testing import CliRunner

from storytransformer.bench import runner
from storytransformer.bench.plots import write_plots
from storytransformer.cli import main

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def cpu_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    result = CliRunner().invoke(main, [
        "bench", "--model", "config:llama-tiny", "--ctx", "32,64", "--attn", "sdpa,eager", "--quant", "none",
        "--engine", "plain,fast", "--batch", "1,2", "--repeats", "2", "--new-tokens", "4", "--device", "cpu",
        "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


def test_json_has_one_sane_row_per_combination(cpu_run):
    data, out = cpu_run
    rows = data["results"]
    assert len(rows) == 2 * 2 * 2 * 2  # attn x engine x ctx x batch
    combos = {(r["attn"], r["engine"], r["ctx"], r["batch"]) for r in rows}
    assert len(combos) == 16
    for r in rows:
        assert r["status"] == "ok", r
        assert r["prefill_tokens_per_s"] > 0 and r["decode_tokens_per_s"] > 0 and r["ttft_seconds"] > 0
        assert len(r["prefill_samples"]) == 2 and r["repeats"] == 2
        assert r["prefill_seconds"] == statistics.median(r["prefill_samples"])
        assert r["prefill_tokens_per_s"] == pytest.approx(r["batch"] * r["ctx"] / r["prefill_seconds"])
        assert r["decode_tokens_per_s"] == pytest.approx(r["batch"] * 4 / r["decode_seconds"])
        assert r["peak_memory_bytes"] is None and "CPU" in r["peak_memory_note"]  # said, not invented
        assert r["rss_bytes"] > 0 and r["load_seconds"] > 0
        assert r["planned_bytes"] > 0
    env = data["environment"]
    assert env["torch"] and env["transformers"] and env["device"] == "cpu"
    assert json.loads((out / "bench.json").read_text())["results"] == rows


def test_plots_are_written(cpu_run):
    data, out = cpu_run
    for name in ("bench_throughput.png", "bench_memory.png"):
        blob = (out / name).read_bytes()
        assert blob.startswith(PNG) and len(blob) > 10_000
    assert sorted(data["files"]["plots"]) == sorted(str(out / n) for n in ("bench_memory.png", "bench_throughput.png"))


def test_impossible_context_is_recorded_as_oom_and_the_run_goes_on(tmp_path):
    # Eager attention at 256k tokens needs a 64 GiB mask: more than this machine's RAM, so
    # the allocator refuses it at once (a real out-of-memory, not a mock). The sdpa row
    # after it still runs.
    import os

    mode = open("/proc/sys/vm/overcommit_memory").read().strip() if os.path.exists("/proc/sys/vm/overcommit_memory") else "?"
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if mode == "1" or ram >= 48 * 2**30:
        pytest.skip("this kernel would grant the 64 GiB allocation lazily; refusing it is what the test needs")
    report = runner.run_bench("config:llama-tiny", quants=["none"], attns=["eager"], ctxs=[256 * 1024, 16],
                              batches=[1], new_tokens=2, repeats=1, device="cpu")
    oom, ok = report.results
    assert oom.status == "oom" and "allocate" in oom.reason and oom.prefill_tokens_per_s is None
    assert ok.status == "ok" and ok.ctx == 16
    assert write_plots(report.results, tmp_path)  # an OOM row plots as a marker, not a crash


def test_unsupported_choices_are_rows_not_crashes():
    report = runner.run_bench("config:llama-tiny", quants=["int4-torchao", "none"], attns=["flash_attention_2", "sdpa"],
                              ctxs=[16], batches=[1], new_tokens=2, repeats=1, device="cpu")
    rows = {(r.quant, r.attn): r for r in report.results}
    assert len(rows) == 4
    assert all(rows["int4-torchao", a].status == "unsupported" and "CUDA" in rows["int4-torchao", a].reason
               for a in ("flash_attention_2", "sdpa"))
    try:
        import flash_attn  # noqa: F401
    except ImportError:
        assert rows["none", "flash_attention_2"].status == "unsupported"
    assert rows["none", "sdpa"].status == "ok"  # an unsupported kernel costs its row only


def test_table_output_and_option_errors(tmp_path):
    runner_ = CliRunner()
    ok = runner_.invoke(main, ["bench", "--ctx", "16", "--repeats", "1", "--new-tokens", "2", "--device", "cpu",
                               "--no-plots", "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert "prefill tok/s" in ok.stdout and "llama-tiny" in ok.stdout
    bad = runner_.invoke(main, ["bench", "--attn", "turbo", "--out", str(tmp_path)])
    assert bad.exit_code != 0 and "--attn" in bad.output and "turbo" in bad.output
    bad = runner_.invoke(main, ["bench", "--batch", "1,x", "--out", str(tmp_path)])
    assert bad.exit_code != 0 and "--batch" in bad.output
    bad = runner_.invoke(main, ["bench", "--model", "config:nope", "--out", str(tmp_path)])
    assert bad.exit_code != 0 and "config:nope" in bad.output and "llama-tiny" in bad.output


def test_results_round_trip_through_json(cpu_run):
    data, _ = cpu_run
    rows = [runner.BenchResult.from_dict(r) for r in data["results"]]
    assert [r.to_dict() for r in rows] == data["results"]


def test_bench_keeps_each_result_as_it_comes(tmp_path, monkeypatch):
    """A long run stopped midway keeps what it measured: bench.json is rewritten per result."""
    from click.testing import CliRunner

    from storytransformer.bench import runner
    from storytransformer.cli import main

    seen = []
    real = runner.run_bench

    def spy(*args, on_result=None, **kwargs):
        def hook(res):
            on_result(res)
            seen.append(json.loads((tmp_path / "bench.json").read_text()))
        return real(*args, on_result=hook, **kwargs)

    monkeypatch.setattr(runner, "run_bench", spy)
    result = CliRunner().invoke(main, ["bench", "--model", "config:llama-tiny", "--ctx", "32", "--batch", "1,2",
                                       "--new-tokens", "2", "--repeats", "1", "--device", "cpu", "--no-plots",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [len(s["results"]) for s in seen] == [1, 2] and all(s["partial"] for s in seen)
    final = json.loads((tmp_path / "bench.json").read_text())
    assert "partial" not in final and len(final["results"]) == 2


def test_a_single_context_is_drawn_as_bars_with_failures_marked(tmp_path):
    """One context length has no curve: each setup gets a bar with its value, a failed one
    a red bar labelled with its status."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from storytransformer.bench import plots

    ok = runner.BenchResult("config:llama-tiny", "none", "sdpa", "fast", 1024, 1, 8, device="cpu")
    ok.status, ok.prefill_tokens_per_s, ok.decode_tokens_per_s, ok.ttft_seconds = "ok", 1500.0, 250.0, 0.1
    bad = runner.BenchResult("config:llama-tiny", "int4-gemlite", "sdpa", "fast", 1024, 1, 8, device="cpu")
    bad.status = "unsupported: needs a CUDA GPU"
    fig, ax = plt.subplots()
    plots._bars(ax, [ok, bad], "decode_tokens_per_s", "decode", "tokens/s")
    widths = [p.get_width() for p in ax.patches]
    texts = [t.get_text() for t in ax.texts]
    plt.close(fig)
    assert widths == [250.0, 0.0] or widths == [0.0, 250.0]
    assert "250" in texts and "UNSUPPORTED" in texts
    written = write_plots([ok, bad], tmp_path, title="t")
    assert all(p.read_bytes().startswith(PNG) for p in written)


def test_oom_is_a_marked_gap_and_labels_name_what_differs():
    import math

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from storytransformer.bench import plots

    rows = []
    for attn in ("sdpa", "eager"):
        for ctx in (1024, 2048, 4096):
            r = runner.BenchResult("config:llama-tiny", "4bit", attn, "plain", ctx, 1, 8, device="cuda:0")
            if attn == "eager" and ctx == 4096:
                r.status = "oom"
            else:
                r.status, r.prefill_tokens_per_s = "ok", 1000.0 * ctx / 1024
            rows.append(r)
    labels, shared = plots.describe_setups(rows)
    assert set(labels.values()) == {"attn sdpa", "attn eager"}  # only what differs
    assert shared == "4bit · engine plain · batch 1"
    assert plots.device_name({"gpu": "NVIDIA H200", "device": "cuda:0"}) == "NVIDIA H200"
    fig, ax = plt.subplots()
    plots._panel(ax, rows, "prefill_tokens_per_s", "prefill", "tokens/s")
    eager = next(line for line in ax.get_lines() if line.get_label().startswith("attn eager"))
    ys = list(eager.get_ydata())
    assert math.isnan(ys[-1]) and 0.0 not in ys  # a gap where it ran out of memory, never a 0
    assert "OOM at 4,096" in eager.get_label()
    assert "OOM" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_auto_says_what_was_chosen(tmp_path):
    """A tester saw quant and attn "auto" in every row and could not tell what had run."""
    res = CliRunner().invoke(main, ["bench", "--model", "config:llama-tiny", "--ctx", "16", "--repeats", "1",
                                    "--new-tokens", "2", "--device", "cpu", "--no-plots", "--json",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)["results"]
    assert row["quant"] == "auto" and row["quant_used"] == "none"  # CPU: full precision
    assert row["attn"] == "auto" and row["attn_used"].startswith("sdpa")
    from storytransformer.cli.bench_cmd import render_table

    data = json.loads((tmp_path / "bench.json").read_text())
    report = runner.BenchReport(data["environment"], data["settings"],
                                [runner.BenchResult.from_dict(r) for r in data["results"]])
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(render_table(report))
    text = console.export_text()
    assert "auto -> none" in text and "auto -> sdpa" in text
