"""`--devices`: one copy of the model per device, sharing the work (runtime/replicas.py).

Real engines of the bundled SmolLM2-135M on the CPU (two replicas in one process, as two GPUs
would be), the real CLI for the options and a whole merge: the same answers as one engine,
every story traced, a replica that fails handing its work to the other, kill -9 and --resume.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.errors import OptionError
from storytransformer.runtime.replicas import ReplicaEngine, parse_devices
from storytransformer.runtime.types import GenerationRequest
from test_merge_cli import TOPICS, write_corpus

REPO = Path(__file__).resolve().parent.parent


def test_parse_devices_spellings_and_errors():
    assert parse_devices("auto") == ["auto"]
    assert parse_devices(" CUDA:0, cuda:1 ") == ["cuda:0", "cuda:1"]
    assert parse_devices("cuda") == ["cuda:0"]
    assert parse_devices("cpu,cpu") == ["cpu", "cpu"]
    assert parse_devices(None) is None and parse_devices(" , ") is None
    for bad in ("tpu", "cuda:x", "auto,cuda:0", "gpu0", "cuda:-1"):
        with pytest.raises(OptionError, match="--devices"):
            parse_devices(bad)


@pytest.mark.parametrize("args, says", [
    (["--devices", "cuda;1"], "unknown device 'cuda;1'"),
    (["--devices", "cpu,cpu", "--device", "cpu"], "give --device cpu or --devices, not both"),
    (["--devices", "cpu,cpu", "--base-url", "http://127.0.0.1:9/v1"], "a server places its own"),
])
def test_cli_names_devices_in_one_line(tmp_path, args, says):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:2])
    res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), *args])
    assert res.exit_code != 0
    text = " ".join(res.output.split())
    assert "--devices" in text and says in text, res.output
    assert "Traceback" not in res.output


def test_cli_gpu_that_is_not_there(tmp_path):
    import torch

    corpus = write_corpus(tmp_path / "stories", TOPICS[:2])
    missing = f"cuda:{torch.cuda.device_count() if torch.cuda.is_available() else 0}"
    res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "out"), "--devices",
                                    f"cpu,{missing}"])
    assert res.exit_code != 0
    line = " ".join(res.output.split())
    assert f"--devices: {missing}:" in line and "visible" in line and "Traceback" not in res.output, res.output
    assert not (tmp_path / "out" / "merged.json").exists()


# ---------------------------------------------------------------------------- real engines


def test_devices_auto_is_every_gpu_else_one_plain_cpu_engine():
    import torch

    from storytransformer.runtime import registry
    from storytransformer.runtime.replicas import resolve_devices

    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    assert resolve_devices(["auto"]) == ([f"cuda:{i}" for i in range(gpus)] or ["cpu"])
    if gpus < 2:  # one device: the plain engine, no wrapper around it
        engine = registry.load("hf", registry.EngineOptions(devices=("auto",)))
        assert not isinstance(engine, ReplicaEngine) and engine.info.replicas == 1
        assert engine.info.device == ("cuda:0" if gpus else "cpu")


@pytest.fixture(scope="module")
def two_cpu():
    """Two replicas of the bundled model on the CPU, loaded through the registry as --devices does."""
    from storytransformer.runtime import registry

    engine = registry.load("hf", registry.EngineOptions(devices=("cpu", "cpu")))
    yield engine
    engine.close()


def _requests(n: int) -> list[GenerationRequest]:
    topics = ["a login page", "a CSV export", "dark mode", "a password reset", "search filters", "an invoice",
              "push notifications"]
    return [GenerationRequest(({"role": "user", "content": f"Write one user story about {topics[i % 7]}."},),
                              max_new_tokens=4 + (i % 3) * 2, request_id=f"q{i}") for i in range(n)]


def test_two_replicas_answer_as_one_engine_and_share_the_work(two_cpu):
    assert isinstance(two_cpu, ReplicaEngine)
    assert two_cpu.info.device == "cpu,cpu" and two_cpu.info.replicas == 2
    assert two_cpu.capabilities.concurrency == 2 * two_cpu.replicas[0].capabilities.concurrency
    assert not two_cpu.capabilities.raw_model
    requests = _requests(7)
    seen = []
    before = list(two_cpu.served)
    out = two_cpu.generate(requests, on_result=lambda r: seen.append(r.request_id))
    assert [r.request_id for r in out] == [r.request_id for r in requests]  # request order
    assert sorted(seen) == sorted(r.request_id for r in requests)  # each once, as it finished
    shared = [a - b for a, b in zip(two_cpu.served, before, strict=True)]
    assert sum(shared) == 7 and min(shared) >= 1, shared  # both replicas worked
    alone = two_cpu.replicas[0].generate(requests)
    assert [(r.text, r.output_tokens, r.finish_reason) for r in out] == \
           [(r.text, r.output_tokens, r.finish_reason) for r in alone]
    assert two_cpu.count_tokens("As a user") == two_cpu.replicas[1].count_tokens("As a user")


def test_merge_sends_a_batch_for_each_replica(two_cpu):
    from storytransformer.merge import MergeSettings, groups_per_call

    assert groups_per_call(MergeSettings(), two_cpu) == 16  # 8 per CPU copy
    assert groups_per_call(MergeSettings(), two_cpu.replicas[0]) == 8
    assert groups_per_call(MergeSettings(batch_size=3), two_cpu) == 3  # --batch-size wins


def test_progress_hears_every_replica(two_cpu):
    import threading

    counted, lock = [0], threading.Lock()

    def on_tokens(n):
        with lock:
            counted[0] += n

    two_cpu.on_tokens = on_tokens
    try:
        out = two_cpu.generate(_requests(4))
    finally:
        two_cpu.on_tokens = None
    # padded batches count every row per decode step: at least the tokens the answers kept
    assert counted[0] >= sum(r.output_tokens for r in out) > 0
    before = counted[0]
    two_cpu.generate(_requests(2))
    assert counted[0] == before  # unhooked


def test_an_interrupted_call_stops_every_replica_and_the_engine_goes_on(two_cpu):
    """Ctrl-C while two replicas work: generate returns only once neither works on the call
    any more (a process exiting with a worker inside torch aborts), the long request is stopped
    at its next decode step, not finished, and the engine answers the next call as before."""
    short = GenerationRequest(({"role": "user", "content": "Say hi."},), max_new_tokens=2, request_id="short")
    long = GenerationRequest(({"role": "user", "content": "Write a very long story about a dragon who loves "
                                                          "user stories."},),
                             max_new_tokens=160, stop_on_repetition=False, request_id="long")  # 160 tokens: 44 s here

    def interrupt(result):
        raise KeyboardInterrupt

    served = sum(two_cpu.served)
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        two_cpu.generate([short, long], on_result=interrupt)
    assert time.monotonic() - t0 < 30
    assert two_cpu._running == [None, None]  # nobody works on the interrupted call
    assert sum(two_cpu.served) == served + 1  # the short one; the long one was stopped, not finished
    assert all(two_cpu.alive) and not two_cpu.failures  # an interruption is no replica failure
    requests = _requests(3)
    assert [r.text for r in two_cpu.generate(requests)] == [r.text for r in two_cpu.replicas[0].generate(requests)]


def test_a_failing_replica_hands_its_work_to_the_other(two_cpu, caplog):
    """A replica whose device is gone (its weights moved to the meta device: every kernel fails,
    as on a GPU that fell off the bus) is retired; the other answers everything."""
    from storytransformer.runtime import registry

    good, lost = two_cpu.replicas[0], registry.load("hf", registry.EngineOptions(device="cpu"))
    lost.model.to("meta")
    engine = ReplicaEngine([lost, good], ["cpu-lost", "cpu"])
    requests = _requests(5)
    with caplog.at_level("WARNING", logger="storytransformer.runtime.replicas"):
        out = engine.generate(requests)
    assert [r.request_id for r in out] == [r.request_id for r in requests]
    assert [r.text for r in out] == [r.text for r in good.generate(requests)]
    assert engine.alive == [False, True] and engine.served[1] == 5
    assert len(engine.failures) == 1 and engine.failures[0].startswith("replica on cpu-lost failed (")
    assert "its work goes to the other 1" in engine.failures[0] and "\n" not in engine.failures[0]
    assert engine.failures[0] in engine.info.reasons
    assert [r.getMessage() for r in caplog.records] == engine.failures  # said once, in one line
    engine.close()

    only_lost = ReplicaEngine([lost], ["cpu-lost"])
    with pytest.raises(RuntimeError, match="every replica failed; the last, on cpu-lost"):
        only_lost.generate(requests[:2])
    with pytest.raises(RuntimeError, match="every replica has failed: replica on cpu-lost failed"):
        only_lost.generate(requests[:1])  # a later call says so at once (no worker would take it)
    only_lost.close()


# ---------------------------------------------------------------------------- the real CLI


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "STORYTRANSFORMER_BASE_URL"}
    env["PYTHONPATH"] = str(REPO)
    env.setdefault("OMP_NUM_THREADS", "1")  # see test_merge_e2e: bounded time on a shared CPU
    return env


def _merge(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "storytransformer", "merge", str(corpus), "--out", str(out),
            "--group-method", "lexical", "--max-new-tokens", "256", *extra]


def _stories(out: Path) -> list[dict]:
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    return sorted(({k: v for k, v in s.items() if k not in ("seconds",)} for s in doc["stories"]),
                  key=lambda s: s["id"])


def _journal_groups(out: Path) -> list[str]:
    journal = out / ".merge-journal.jsonl"
    if not journal.exists():
        return []
    ids = []
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue  # a line torn by the kill
        if rec.get("group_id") and "outputs" in rec:
            ids.append(rec["group_id"])
    return ids


def _run_until_journaled(argv: list[str], out: Path, more_than: int) -> subprocess.Popen:
    """Start a merge; return once its journal holds more than ``more_than`` groups (or it ended)."""
    proc = subprocess.Popen(argv, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 900
    while time.time() < deadline and proc.poll() is None and len(_journal_groups(out)) <= more_than:
        time.sleep(0.05)
    return proc


@pytest.mark.slow
def test_merge_on_two_replicas_matches_one_after_ctrl_c_and_kill(tmp_path):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:4])  # 4 near-duplicate pairs + 1 singleton
    one, two = tmp_path / "one", tmp_path / "two"
    solo = subprocess.run(_merge(corpus, one, "--json"), env=_env(), capture_output=True, text=True, timeout=1200)
    assert solo.returncode == 0, solo.stderr[-3000:]

    # Two CPU replicas, 2 groups per call (one for each). Ctrl-C after the first journaled group:
    # both replicas stop, exit 130 with the resume command, no traceback, no abort.
    argv = _merge(corpus, two, "--devices", "cpu,cpu", "--batch-size", "2")
    proc = _run_until_journaled(argv, two, 0)
    assert proc.poll() is None, f"finished or failed before Ctrl-C: {proc.stderr.read()[-2000:]}"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert "Traceback" not in err and err.strip().splitlines()[-1].strip().endswith("--batch-size 2 --resume")
    after_ctrl_c = len(_journal_groups(two))
    assert after_ctrl_c >= 1 and not (two / "merged.json").exists()

    # Resumed, then killed with kill -9 after one more group (if it has not finished by then).
    proc = _run_until_journaled(argv + ["--resume"], two, after_ctrl_c)
    try:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = len(_journal_groups(two))
    assert before > after_ctrl_c

    done = subprocess.run(_merge(corpus, two, "--devices", "cpu,cpu", "--resume", "--json"), env=_env(),
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["timing"]["resumed_groups"] == before
    groups = _journal_groups(two)
    assert len(groups) == len(set(groups)) == summary["counts"]["model_groups"] == 4  # none done twice
    assert _stories(two) == _stories(one)  # the same merged backlog as one engine
    doc = json.loads((two / "merged.json").read_text(encoding="utf-8"))
    sources = sorted(s for o in doc["stories"] for s in o["sources"])
    assert len(sources) == len(set(sources)) == doc["metadata"]["counts"]["stories_in"] == 9  # every story once
    engine = doc["metadata"]["engine"]
    assert engine["device"] == "cpu,cpu" and engine["replicas"] == 2
    assert any(r.startswith("replicas: 2 copies of the model (cpu, cpu)") for r in engine["reasons"])
    solo_engine = json.loads((one / "merged.json").read_text(encoding="utf-8"))["metadata"]["engine"]
    assert solo_engine["device"] == "cpu" and solo_engine["replicas"] == 1
