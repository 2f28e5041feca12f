"""The real `storytransformer merge` CLI through the real `openai` engine, against a scripted
OpenAI-compatible server (tests/scripted_server.py; CliRunner and subprocesses), including a
kill -9 in the middle of a run and --resume."""

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from scripted_server import ScriptedServer
from storytransformer.ingest import ingest_paths

REPO = Path(__file__).resolve().parent.parent
BASE_URL_ENV = "STORYTRANSFORMER_BASE_URL"
TOPICS = [
    ("shopper", "reset my password", "I can log in again"),
    ("admin", "export the user list to CSV", "I can audit accounts"),
    ("guest", "check out without registering", "I can buy quickly"),
    ("editor", "schedule articles for publication", "they go live on time"),
    ("driver", "see my delivery route on a map", "I avoid traffic"),
    ("teacher", "upload homework assignments", "students find them in one place"),
    ("patient", "book an appointment online", "I do not have to phone the clinic"),
    ("analyst", "filter dashboards by region", "I compare regional sales"),
    ("tenant", "report a broken heater", "maintenance fixes it fast"),
    ("musician", "upload tracks in lossless format", "listeners hear full quality"),
]


def write_corpus(folder: Path, topics=TOPICS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Backlog", ""]
    for n, (role, goal, benefit) in enumerate(topics):
        lines += [f"## {goal.capitalize()}", f"As a {role}, I want to {goal}, so that {benefit}.", ""]
        # A near copy (one benefit word more): identical copies are merged without the model,
        # and these tests are about the model path (journal, kill, resume).
        lines += [f"## {goal.capitalize()} (copy {n})", f"As a {role} I want to {goal} so that {benefit} every time.", ""]
    lines += ["## Lonely", "As an astronaut, I want freeze-dried ice cream, so that space feels like home.", ""]
    (folder / "backlog.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "stories")


@pytest.fixture
def scripted(monkeypatch):
    with ScriptedServer(["good", "fabricate", "drop", "invalid"]) as server:
        monkeypatch.setenv(BASE_URL_ENV, server.url)
        yield server


def run_cli(*args):
    return CliRunner().invoke(main, ["merge", *map(str, args)], catch_exceptions=False)


def test_merge_writes_every_output_and_traces_every_story(corpus, tmp_path, scripted):
    out = tmp_path / "out"
    res = run_cli(corpus, "--out", out, "--group-method", "lexical")
    assert res.exit_code == 0, res.output
    for name in ("merged.md", "merged.json", "merged.csv", "traceability.csv", "report.html"):
        assert (out / name).is_file()
    ids = sorted(s.id for s in ingest_paths([corpus]).stories)
    rows = list(csv.DictReader(io.StringIO((out / "traceability.csv").read_text(encoding="utf-8"))))
    assert sorted(r["source_id"] for r in rows) == ids
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["counts"]["stories_in"] == len(ids) == 21
    assert doc["metadata"]["counts"]["singletons"] >= 1
    assert "stories in" in res.stdout and "report.html" in res.stdout


def test_json_flag_prints_only_json(corpus, tmp_path, scripted):
    res = run_cli(corpus, "--out", tmp_path / "o", "--group-method", "lexical", "--json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["counts"]["stories_in"] == 21 and doc["files"]["report.html"].endswith("report.html")


def test_dry_run_plans_without_loading_a_model(corpus, tmp_path):
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from storytransformer.cli import main\n"
        f"r = CliRunner().invoke(main, ['merge', {str(corpus)!r}, '--dry-run', '--json', '--group-method', 'lexical',"
        " '--throughput', '100'])\n"
        "assert r.exit_code == 0, r.output\n"
        "plan = json.loads(r.stdout)\n"
        "print(json.dumps({'plan': plan, 'torch': 'torch' in sys.modules, 'transformers': 'transformers' in sys.modules}))\n"
    )
    env = dict(os.environ, **{BASE_URL_ENV: "http://127.0.0.1:9/v1"})  # loading the engine would fail
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    elapsed = time.perf_counter() - t0
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    plan = doc["plan"]
    assert not doc["torch"] and not doc["transformers"]
    assert plan["stories"] == 21 and plan["model_calls"] == plan["model_groups"] >= 5
    assert plan["singletons"] >= 1 and plan["prompt_tokens"] > plan["model_calls"] * plan["prompt_overhead_tokens"]
    assert plan["estimated_seconds"] == round(plan["estimated_output_tokens"] / 100, 1)
    assert not (tmp_path / "out").exists()
    assert elapsed < 30


def test_resume_with_other_settings_is_refused(corpus, tmp_path, scripted):
    out = tmp_path / "out"
    assert run_cli(corpus, "--out", out, "--group-method", "lexical").exit_code == 0
    res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(out), "--group-method", "lexical",
                                    "--resume", "--max-new-tokens", "300"])
    assert res.exit_code != 0
    assert "--resume" in res.output and "different stories or settings" in res.output
    assert "Traceback" not in res.output


def test_bad_options_give_one_line_errors(corpus, tmp_path, scripted):
    res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(tmp_path / "o"), "--ctx", "300",
                                    "--group-method", "lexical"])
    assert res.exit_code != 0 and "--ctx" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "missing")])
    # one line naming the path, exit 1, as ingest and estimate-cost say it (no usage block)
    assert res.exit_code == 1 and res.output.strip() == f"Error: {tmp_path / 'missing'}: no such file or directory"
    empty = tmp_path / "empty"
    empty.mkdir()
    res = CliRunner().invoke(main, ["merge", str(empty), "--out", str(tmp_path / "o")])
    assert res.exit_code != 0 and "no stories" in res.output


def _normalise(name: str, text: str) -> str:
    if name == "merged.json":
        doc = json.loads(text)
        doc["metadata"].pop("timing")
        # run history, not the result: how many of the calls an earlier (killed) run made
        doc["metadata"]["counts"].pop("model_calls_earlier", None)
        return json.dumps(doc, sort_keys=True)
    if name == "report.html":
        text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "T", text)
        # the time tiles are run history, not the result: after --resume they are this run's
        # and all runs' (report.time_tiles, fa0223a), an uninterrupted run has one of each
        return re.sub(r'<div class="stat"><b>[\d.]+ s</b><span>(wall|model) time[^<]*</span></div>', "", text)
    return text


def group_lines(journal: Path) -> list[dict]:
    """Finished-group records of a journal (not the header, not first answers awaiting repair)."""
    out = []
    for line in journal.read_text(encoding="utf-8").splitlines()[1:]:
        try:
            obj = json.loads(line)
        except ValueError:
            continue  # a line being written right now
        if "outputs" in obj:
            out.append(obj)
    return out


def test_kill_minus_nine_then_resume_matches_an_uninterrupted_run(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    modes = ["good", "fabricate", "drop", "truncated"]
    with ScriptedServer(modes) as fast, ScriptedServer(modes, delay=0.4) as slow:
        _kill_and_resume(tmp_path, corpus, fast.url, slow.url)


def _kill_and_resume(tmp_path, corpus, fast_url, slow_url):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "storytransformer", "merge", str(corpus), "--group-method", "lexical",
            "--batch-size", "1", "--model", "scripted"]

    full = tmp_path / "full"
    done = subprocess.run(args + ["--out", str(full), "--base-url", fast_url], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    killed = tmp_path / "killed"
    journal = killed / ".merge-journal.jsonl"
    proc = subprocess.Popen(args + ["--out", str(killed), "--base-url", slow_url], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if journal.exists() and len(group_lines(journal)) >= 3:
                break
            if proc.poll() is not None:
                pytest.fail("the run finished before it could be killed")
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert not (killed / "merged.json").exists()  # outputs are written only at the end
    finished_before = len(group_lines(journal))
    assert finished_before >= 3

    resumed = subprocess.run(args + ["--out", str(killed), "--resume", "--json", "--base-url", fast_url], env=env,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["timing"]["resumed_groups"] == finished_before
    ids = [r["group_id"] for r in group_lines(journal)]
    assert len(ids) == len(set(ids)) == summary["counts"]["model_groups"]  # no group done twice

    for name in ("merged.md", "merged.json", "merged.csv", "traceability.csv", "report.html"):
        a = (full / name).read_text(encoding="utf-8")
        b = (killed / name).read_text(encoding="utf-8")
        assert _normalise(name, a) == _normalise(name, b), name


def test_rerun_without_resume_keeps_the_journal_and_says_how_to_go_on(corpus, tmp_path, scripted):
    out = tmp_path / "out"
    out.mkdir()
    journal = out / ".merge-journal.jsonl"
    journal.write_text('{"journal": 1, "fingerprint": "x"}\n', encoding="utf-8")
    res = run_cli(corpus, "--out", out, "--group-method", "lexical")
    assert res.exit_code == 1
    assert "--resume" in res.output and "--force" in res.output and len(res.output.strip().splitlines()) == 1
    assert journal.read_text(encoding="utf-8") == '{"journal": 1, "fingerprint": "x"}\n'
    res = run_cli(corpus, "--out", out, "--group-method", "lexical", "--force")
    assert res.exit_code == 0, res.output
    assert '"fingerprint": "x"' not in journal.read_text(encoding="utf-8")
