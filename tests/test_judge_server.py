"""merge --judge against a real OpenAI-compatible server: llama-cpp-python's ``llama_cpp.server``
on the bundled SmolLM2-135M GGUF (test_server_e2e's fixture), through the real CLI in a
subprocess and the real ``openai`` engine (its answers constrained by the server: json_object
with the judge schema). The 135M model is a poor judge; what is tested is the stage around it:
only unsure pairs asked, each answer shown with its reason (and not used when the model fails
the control pairs), hard evidence untouched, the hostile story never sent, and a resumed run
that asks nothing (its server URL points nowhere).
"""

import json
import socket
import subprocess
import sys

import pytest

from test_judge import CORPUS, EVIDENCE, _relations
from test_server_e2e import MODEL, SERVER_CTX, _env, llama_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.slow
UNSURE = {("backlog.md#10", "backlog.md#9"), ("backlog.md#11", "backlog.md#2"), ("backlog.md#12", "backlog.md#13"),
          ("backlog.md#14", "backlog.md#15")}


def _run(url, *args, cache):
    env = {**_env(), "STORYTRANSFORMER_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(CORPUS), "--group-method", "lexical",
                           "--base-url", url, "--model", MODEL, "--ctx", str(SERVER_CTX), "--json", *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout), done.stderr


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1"  # closed again when the block ends


def test_merge_judge_against_llama_cpp_server(llama_server, tmp_path):  # noqa: F811
    cache, out = tmp_path / "cache", tmp_path / "out"
    before, _ = _run(llama_server, "--dry-run", "--out", tmp_path / "plan", cache=cache)
    _run(llama_server, "--out", out, "--judge", "--merger", "extractive", cache=cache)
    judge = json.loads((out / "merged.json").read_text(encoding="utf-8"))["metadata"]["judge"]
    pairs = {(p["source"], p["target"]): p for p in judge["pairs"]}
    assert set(pairs) == UNSURE and judge["asked"] == 3 and judge["cached"] == 0
    assert pairs[("backlog.md#11", "backlog.md#2")]["status"] == "not sent"
    for key in UNSURE - {("backlog.md#11", "backlog.md#2")}:
        p = pairs[key]
        assert p["before"] in ("duplicate", "related")
        if p["status"] == "judged":  # the server constrains the answer: a relation and a reason
            assert p["reason"].startswith(f"judged by {MODEL}: ") and f"(without the model: {p['before']}" in p["reason"]
        elif p["status"] == "distrusted":  # the 135M model fails the control pairs: answer shown, not used
            assert p["relation"] == p["before"] and p["answer"] and "control pairs right" in p["reason"]
        else:  # an unusable answer keeps the no-model decision, saying so
            assert p["relation"] == p["before"] and "kept the decision made without the model" in p["reason"]
    assert judge["judged"] + judge["distrusted"] >= 1 and judge["controls"]["of"] == 5
    assert (judge["distrusted"] > 0) == (not judge["controls"]["trusted"])

    # Resumed with the server gone: every judgment comes from the cache, nothing is asked.
    _, err = _run(_closed_port_url(), "--out", out, "--judge", "--merger", "extractive", "--resume", cache=cache)
    again = json.loads((out / "merged.json").read_text(encoding="utf-8"))["metadata"]["judge"]
    assert (again["asked"], again["cached"]) == (0, 3) and "loading" not in err and "connecting" not in err
    assert [(p["relation"], p["reason"]) for p in again["pairs"]] == [(p["relation"], p["reason"]) for p in judge["pairs"]]

    # The plan with the judge (from the cache): judged pairs decided as judged, the rest as without it.
    plan, _ = _run(_closed_port_url(), "--dry-run", "--judge", "--out", tmp_path / "plan", cache=cache)
    got, was = _relations(plan), _relations(before)
    for pair, relation in EVIDENCE.items():
        assert got[pair] == was[pair] == relation, pair
    assert {p: r for p, r in got.items() if p not in UNSURE} == {p: r for p, r in was.items() if p not in UNSURE}
    for key, p in pairs.items():
        assert got.get(key, "unrelated") == p["relation"] or p["relation"] == "duplicate", (key, p)
