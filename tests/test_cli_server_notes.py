"""What `merge` says about a model server and its own work, through the real CLI in a
subprocess (stdout and stderr apart): a dry run that cannot reach the server says so in one
note with what the plan assumed instead, nothing claims to load a model that is not loaded
here, and a resumed run's summary says its seconds are this run's only."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from scripted_server import ScriptedServer
from test_merge_cli import TOPICS, write_corpus

DOWN = "http://127.0.0.1:9/v1"  # nothing listens on the discard port


def _merge(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "STORYTRANSFORMER_BASE_URL"}
    return subprocess.run([sys.executable, "-m", "storytransformer", "merge", *args, "--group-method", "lexical"],
                          env=env, capture_output=True, text=True, timeout=300)


def test_dry_run_against_a_down_server_is_one_note_and_no_loading(tmp_path):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:3])
    done = _merge(str(corpus), "--dry-run", "--base-url", DOWN, "--model", "served-name")
    assert done.returncode == 0, done.stderr
    assert "loading" not in done.stderr.lower() and "loading" not in done.stdout.lower()
    notes = [line for line in done.stderr.splitlines() if "model server" in line]
    assert len(notes) == 1, done.stderr
    assert notes[0].startswith("note: cannot reach the model server at http://127.0.0.1:9/v1")
    assert "the plan assumes 8,192 tokens of context" in notes[0] and "--ctx" in notes[0]
    context = next(line for line in done.stdout.splitlines() if line.startswith("context "))
    assert context.startswith("context 8192 tokens: assumed, since the model server could not be reached (--ctx sets it); ")
    assert context.count("(") == 1, context  # no error message nested in the line

    as_json = _merge(str(corpus), "--dry-run", "--json", "--base-url", DOWN)
    plan = json.loads(as_json.stdout)
    assert plan["ctx"] == 8192 and plan["ctx_source"].startswith("assumed, since the model server")
    assert "cannot reach the model server" in plan["server_unreachable"]
    assert "loading" not in as_json.stderr.lower()


def test_a_served_model_is_connected_to_not_loaded(tmp_path):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:2])
    with ScriptedServer(["good"]) as server:
        plan = _merge(str(corpus), "--dry-run", "--base-url", server.url)
        assert plan.returncode == 0, plan.stderr
        assert "loading" not in plan.stderr.lower() and "note:" not in plan.stderr
        assert "scripted's context, as the server says" in plan.stdout
        run = _merge(str(corpus), "--out", str(tmp_path / "out"), "--base-url", server.url)
        assert run.returncode == 0, run.stderr
    assert "loading" not in run.stderr.lower(), run.stderr
    assert f"connecting to the model server at {server.url}" in run.stderr
    assert Path(tmp_path / "out" / "merged.md").is_file()
    calls = next(line for line in run.stdout.splitlines() if " model call" in line)
    assert "this run" not in calls
    # Resumed with the server gone: nothing is asked, and the seconds are said to be this run's
    # only (the calls and tokens on the same line are every run's, from the journal)
    again = _merge(str(corpus), "--out", str(tmp_path / "out"), "--base-url", DOWN, "--resume")
    assert again.returncode == 0, again.stderr
    resumed = next(line for line in again.stdout.splitlines() if " model call" in line)
    total = int(calls.split()[0])
    # none made now: the earlier run's calls are said as such, not as this run's (tester 21)
    assert resumed.startswith(f"0 model calls this run ({total} in total with the earlier run) for "), resumed
    assert resumed.split(", ")[1] == calls.split(", ")[1]  # the same tokens
    assert re.search(r"[\d.]+ s this run \(\d+ groups? done by an earlier run, read from its journal\)$", resumed), resumed


def test_a_judged_dry_run_with_nothing_to_ask_plans_with_the_server_not_a_local_model(tmp_path):
    """--judge with no unsure pair loads no judge: the plan asked for a *local* model named
    like the served one ("foo: not in the local Hugging Face cache") and failed."""
    (tmp_path / "b.md").write_text("As an astronaut, I want freeze-dried ice cream.\n\n"
                                   "As a tenant, I want to report a broken heater.\n", encoding="utf-8")
    done = _merge(str(tmp_path / "b.md"), "--dry-run", "--judge", "--base-url", DOWN, "--model", "served-name")
    assert done.returncode == 0, done.stderr
    assert "Hugging Face" not in done.stderr
    assert any(line.startswith("note: cannot reach the model server") for line in done.stderr.splitlines())
    assert "context 8192 tokens: assumed, since the model server could not be reached" in done.stdout
