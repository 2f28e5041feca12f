"""Ctrl-C (SIGINT) and SIGTERM (kill, timeout, docker stop) end merge the same way, through the
real CLI process: exit 130, no traceback, the exact resume command printed (quoted: the output
folder has a space), and that command finishes the run without redoing finished groups."""

import json
import os
import shlex
import signal
import subprocess
import sys
import time

import pytest

from scripted_server import ScriptedServer
from test_merge_cli import REPO, group_lines, write_corpus


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_merge_prints_the_exact_resume_command_and_keeps_finished_groups(tmp_path, sig):
    corpus = write_corpus(tmp_path / "stories")
    out = tmp_path / "my out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with ScriptedServer(["good"], delay=0.4) as slow, ScriptedServer(["good"]) as fast:
        argv = ["merge", str(corpus), "--out", str(out), "--group-method", "lexical", "--batch-size", "1",
                "--model", "scripted", "--base-url", slow.url, "--concurrency", "1"]
        proc = subprocess.Popen([sys.executable, "-m", "storytransformer", *argv], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        journal = out / ".merge-journal.jsonl"
        deadline = time.time() + 120
        while time.time() < deadline and not (journal.exists() and len(group_lines(journal)) >= 2):
            time.sleep(0.05)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        command = err.strip().splitlines()[-1].strip()
        assert command.startswith("storytransformer merge ") and command.endswith("--resume")
        args = shlex.split(command)[1:]
        assert args == argv + ["--resume"]
        args[args.index(slow.url)] = fast.url
        resumed = subprocess.run([sys.executable, "-m", "storytransformer", *args, "--json"], env=env,
                                 capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    data = json.loads(resumed.stdout)
    assert data["timing"]["resumed_groups"] >= 2
    # one call a group ("good" answers): the earlier run's calls are told apart from this run's
    counts = data["counts"]
    assert counts["model_calls_earlier"] >= 2
    assert counts["model_calls"] - counts["model_calls_earlier"] == counts["model_groups"] - data["timing"]["resumed_groups"]
