"""Merge progress: per group, time left from planned output tokens, plain lines in logs, and
no library chatter (through the real CLI where the user meets it)."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time

from rich.console import Console

from scripted_server import ScriptedServer
from storytransformer.merge_progress import MergeProgress, ProgressState, fmt_seconds
from test_merge_cli import REPO, group_lines, write_corpus


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_time_left_comes_from_tokens_not_groups():
    clock = Clock()
    # Two copies (no model, weight 0) and two model groups of very different budgets.
    s = ProgressState(4, 1100, {"g1": 1000, "g2": 100}, clock=clock)
    s.group_done("copies-a")
    s.group_done("copies-b")
    s.start_model_work()
    assert s.groups_done == 2 and s.seconds_left() is None  # instant copies promise nothing
    clock.now += 10
    s.group_done("g2", 100)  # 100 of 1100 planned tokens in 10 s, all of its budget written
    assert s.fraction == 100 / 1100
    assert abs(s.seconds_left() - 100.0) < 1e-9  # 1000 tokens left at 10 tok/s
    assert "2m" not in s.line() and "~1m40s left" in s.line() and "3/4 groups" in s.line()
    clock.now += 100
    s.group_done("g1")
    assert s.seconds_left() == 0.0 and s.fraction == 1.0


def test_a_log_gets_plain_lines_and_a_heartbeat_while_a_batch_is_in_flight():
    buf = io.StringIO()
    console = Console(file=buf, width=80, force_terminal=False, soft_wrap=True)
    state = ProgressState(3, 300, {"a": 100, "b": 100, "c": 100})
    with MergeProgress(state, console, interval=0.2, terminal=False) as meter:
        meter.model_started()
        time.sleep(0.7)  # nothing finishes: the log must still hear from us
        for g in ("a", "b", "c"):
            meter.group_done(g)
    text = buf.getvalue()
    assert "a batch is in flight" in text
    assert "3/3 groups, 100% done" in text and text.count("100% done") == 1
    assert all(len(line) > 80 for line in text.splitlines() if "in flight" in line)  # never hard-wrapped
    assert "\x1b[" not in text  # no terminal codes in a log


def test_fmt_seconds():
    assert [fmt_seconds(v) for v in (None, 7, 125, 3725)] == ["?", "7s", "2m05s", "1h02m"]


def test_merge_in_a_log_prints_progress_lines_and_no_library_noise(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("HF_HUB_DISABLE_PROGRESS_BARS", None)
    with ScriptedServer(["good", "separate"]) as server:
        res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(corpus), "--out",
                              str(tmp_path / "out"), "--group-method", "lexical", "--model", "scripted",
                              "--base-url", server.url, "--batch-size", "2", "--json"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    json.loads(res.stdout)  # stdout stays JSON only
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("merging: ")]
    assert lines, res.stderr
    assert re.search(r"merging: (\d+)/\1 groups, 100% done", lines[-1]), lines[-1]
    assert "FutureWarning" not in res.stderr and "Traceback" not in res.stderr
    assert "\x1b[" not in res.stderr and "it/s]" not in res.stderr  # no bars (ours or tqdm's) in a log


def test_bars_become_plain_lines_for_slow_tasks_in_a_log():
    from storytransformer.console import LogProgress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=False, soft_wrap=True)
    with LogProgress(console, interval=0.2, report_after=0.3) as bar:
        quick = bar.add_task("Counting tokens", total=3)
        bar.advance(quick, 3)
        slow = bar.add_task("Embedding stories", total=220)
        for _ in range(4):
            time.sleep(0.12)
            bar.advance(slow, 55)
    lines = buf.getvalue().splitlines()
    assert any(ln.startswith("Embedding stories: 1") for ln in lines)  # a line while it ran
    assert lines[-1].startswith("Embedding stories: done 220/220")
    assert not any("Counting" in ln for ln in lines)  # quick: no noise


def test_tokens_in_flight_are_shown_but_not_counted_as_done():
    clock = Clock()
    s = ProgressState(2, 1000, {"g1": 500, "g2": 500}, clock=clock)
    s.start_model_work()
    assert s.seconds_left() is None and s.fraction == 0
    clock.now += 10
    s.tokens_generated(100)  # one padded batch, still running: no group has finished
    assert s.groups_done == 0 and s.fraction == 0 and "0% done" in s.line()
    assert "100 tokens generated for groups in flight" in s.line()  # the run is seen to move
    assert s.seconds_left() is None  # nothing finished: nothing to measure
    s.tokens_generated(10_000)
    assert s.fraction == 0
    s.group_done("g1", 5_000)  # finished groups count by their planned weight
    assert s.tokens_done == 500 and s.fraction == 0.5 and "5,100 tokens generated" in s.line()
    s.group_done("g2", 5_100)
    assert s.fraction == 1.0 and s.seconds_left() == 0.0 and "in flight" not in s.line()


def test_100_percent_only_when_every_group_is_done():
    """A tester's resumed run printed "100% done" at 2m30s with 3 of 12 groups still open (tokens
    in flight counted as done, then rounded)."""
    clock = Clock()
    weights = {f"g{i}": 1000 for i in range(9)} | {"small": 4}
    s = ProgressState(12, sum(weights.values()), weights, clock=clock)  # 2 copies weigh nothing
    s.start_model_work()
    for g in list(weights)[:9]:
        clock.now += 10
        s.group_done(g, 300)
    s.tokens_generated(50_000)  # a rambling batch in flight
    assert s.tokens_done / s.tokens_planned > 0.995 and s.percent == 99 and "100%" not in s.line()
    s.group_done("small", 4)
    assert s.groups_done == 10 and s.fraction < 1.0 and "100%" not in s.line()  # two copies left
    s.group_done("copies-a")
    s.group_done("copies-b")
    assert s.percent == 100 and s.line().endswith("done")


def test_a_resumed_run_says_how_many_groups_an_earlier_run_did():
    s = ProgressState(4, 400, {g: 100 for g in "abcd"}, clock=Clock(), resumed=6)
    line = s.line()  # every figure counts this run; the earlier run's groups said apart (t25 #13)
    assert "0/4 groups of this run, 0% of this run's work done" in line
    assert "an earlier run finished 6 more (6/10 groups in all)" in line
    for g in "ab":
        s.group_done(g)
    assert "2/4 groups of this run, 50% of this run's work done" in s.line() and "(8/10 groups in all)" in s.line()


def test_the_bar_never_moves_backwards_when_part_of_a_batch_finishes():
    s = ProgressState(3, 300, {"a": 100, "b": 100, "c": 100}, clock=Clock())
    s.start_model_work()
    seen = [s.fraction]
    for step in (("tok", 150), ("done", "a"), ("tok", 30), ("done", "b"), ("tok", 500), ("done", "c")):
        s.tokens_generated(step[1]) if step[0] == "tok" else s.group_done(step[1])
        seen.append(s.fraction)
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_the_in_process_engine_reports_tokens_per_decode_step():
    # The tiny random Llama of the static-batching tests: padded and static both report.
    import torch  # noqa: F401  (the engine's import)
    from test_runtime_static import tiny_model

    from storytransformer.runtime import engine_from_model
    from storytransformer.runtime.bundled import bundled_gguf_path, convert_gguf
    from storytransformer.runtime.types import GenerationRequest
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(convert_gguf(bundled_gguf_path())))
    requests = [GenerationRequest(({"role": "user", "content": f"story {i}"},), max_new_tokens=12,
                                  request_id=str(i), stop_on_repetition=False) for i in range(3)]
    for batching in ("padded", "static"):
        engine = engine_from_model(tiny_model(tok), tok, name="tiny", batching=batching)
        reported: list[int] = []
        engine.on_tokens = reported.append
        results = engine.generate(requests)
        generated = sum(r.output_tokens for r in results)
        assert len(reported) > 1, batching  # more than once per batch: the bar moves in flight
        assert generated <= sum(reported) <= 3 * 12, batching


def test_no_time_left_from_the_first_few_tokens():
    """30 s into a real run, 30 tokens of a batch (its prefill time in the rate) gave "~2h29m left"."""
    clock = Clock()
    s = ProgressState(3, 10_000, {"a": 5000, "b": 5000}, clock=clock)
    s.start_model_work()
    clock.now += 30
    s.tokens_generated(30)
    assert s.seconds_left() is None and "estimating time left" in s.line()
    s.tokens_generated(400)  # 4% in flight: still no group done, so no time left
    assert s.seconds_left() is None
    s.group_done("a", 430)
    assert s.seconds_left() is not None and "left" in s.line()


def test_time_left_is_measured_answers_that_stop_early_do_not_inflate_it():
    """The tester's Jira run: "~9m02s left" 30 s in, for a run of 3m13s. Answers wrote ~30% of
    their budget; a rate of budget units from in-flight tokens tripled the time left."""
    clock = Clock()
    weights = {f"g{i}": 500 for i in range(20)}
    s = ProgressState(20, 10_000, weights, clock=clock)
    s.start_model_work()
    clock.now += 30
    s.tokens_generated(300)  # a batch of 8 in flight at 10 tok/s
    assert s.seconds_left() is None
    clock.now += 90
    s.tokens_generated(900)
    for i in range(8):
        s.group_done(f"g{i}", 150)  # 150 of 500 written, 1,200 tokens in 120 s
    left = s.seconds_left()
    assert abs(left - 180.0) < 1e-6, left  # 12 groups x 150 tokens at 10 tok/s: what will happen
    clock.now += 30
    s.tokens_generated(300)  # next batch under way: those tokens are no longer to come
    assert abs(s.seconds_left() - (1800 - 300) * 150 / 1500) < 1e-6


def test_no_falsely_small_time_left_when_the_rest_takes_longer():
    """The examples' run said "~0s left" with 5 of 31 groups still running, and a tester saw
    "~17s left" two minutes before the end: once the finished groups' pace is used up, no
    number is given."""
    clock = Clock()
    s = ProgressState(3, 300, {"a": 100, "b": 100, "c": 100}, clock=clock)
    s.start_model_work()
    clock.now += 10
    s.tokens_generated(100)
    s.group_done("a", 30)  # 10 s for 100 planned tokens: 200 left, ~20 s by that pace
    assert abs(s.seconds_left() - 20.0) < 1e-9 and "~20s left" in s.line()
    clock.now += 15
    assert abs(s.seconds_left() - 5.0) < 1e-9
    clock.now += 10  # b and c are slower than a was (a padded batch, a repair call)
    assert s.seconds_left() is None
    assert "the rest is taking longer than the finished groups did" in s.line()
    assert not re.search(r"~\d+s left", s.line())
    clock.now += 5
    s.group_done("b", 100)  # a new pace from what has finished: 40 s for 200 tokens
    assert abs(s.seconds_left() - 20.0) < 1e-9


def test_kill_9_then_resume_says_how_many_groups_came_from_the_earlier_run(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "storytransformer", "merge", str(corpus), "--out", str(out), "--group-method",
            "lexical", "--batch-size", "1", "--concurrency", "1", "--model", "scripted"]
    with ScriptedServer(["good"], delay=0.4) as slow, ScriptedServer(["good"]) as fast:
        proc = subprocess.Popen(args + ["--base-url", slow.url], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        journal = out / ".merge-journal.jsonl"
        deadline = time.time() + 120
        while time.time() < deadline and not (journal.exists() and len(group_lines(journal)) >= 2):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        before = len(group_lines(journal))
        with open(journal, "ab") as fh:
            fh.write(b'{"group_id": "g-torn", "story_')  # a torn last line, as a kill mid-write leaves
        res = subprocess.run(args + ["--base-url", fast.url, "--resume"], env=env, capture_output=True, text=True,
                             timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"{before} groups done by an earlier run, read from its journal" in res.stdout, res.stdout
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("merging: ")]
    assert lines and f"an earlier run finished {before} more" in lines[-1], res.stderr
    html = (out / "report.html").read_text()  # times of one scope side by side, each named
    assert "wall time, this run" in html and "model time, this run" in html and "model time, all runs" in html
    timing = json.loads((out / "merged.json").read_text())["metadata"]["timing"]
    assert timing["model_seconds_this_run"] < timing["model_seconds"]


def test_a_resume_after_a_kill_before_any_group_finished_says_so(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "storytransformer", "merge", str(corpus), "--out", str(out), "--group-method",
            "lexical", "--batch-size", "1", "--concurrency", "1", "--model", "scripted"]
    with ScriptedServer(["good"], delay=5) as slow, ScriptedServer(["good"]) as fast:
        proc = subprocess.Popen(args + ["--base-url", slow.url], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        journal = out / ".merge-journal.jsonl"
        deadline = time.time() + 120
        while time.time() < deadline and not slow.requests:  # the first prompt is with the model
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert not journal.exists() or not group_lines(journal)
        res = subprocess.run(args + ["--base-url", fast.url, "--resume"], env=env, capture_output=True, text=True,
                             timeout=300)
    assert res.returncode == 0, res.stderr
    assert "(--resume: the earlier run had finished no group, all were done now)" in res.stdout, res.stdout
