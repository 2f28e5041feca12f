"""SIGTERM (kill, timeout, docker stop) ends merge like Ctrl-C, through the real CLI process:
exit 130, no traceback, the resume command printed, and the resume finishes the run."""

import json
import os
import signal
import subprocess
import sys
import time

from scripted_server import ScriptedServer
from test_merge_cli import REPO, group_lines, write_corpus


def test_sigterm_prints_the_resume_command_and_keeps_finished_groups(tmp_path):
    corpus = write_corpus(tmp_path / "stories")
    out = tmp_path / "out"
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
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        assert err.strip().splitlines()[-1].strip().endswith("--resume"), err
        resumed = subprocess.run([sys.executable, "-m", "storytransformer",
                                  *[fast.url if a == slow.url else a for a in argv], "--resume", "--json"],
                                 env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["timing"]["resumed_groups"] >= 2
