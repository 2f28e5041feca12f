"""End to end against a real OpenAI-compatible server: llama-cpp-python's ``llama_cpp.server``
on the bundled SmolLM2-135M GGUF, started by the fixture, driven through the real CLI and
the real ``openai`` engine (no mocked HTTP). merge (0 unparseable answers, every story
traced, resumable after kill -9), needle and bench."""

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_merge_cli import TOPICS, group_lines, write_corpus

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = Path(__file__).resolve().parent / "llama_server_main.py"
SERVER_CTX = 4096
MODEL = "smollm2"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """The base URL of a running llama-cpp-python server on the bundled GGUF."""
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError as err:
        pytest.skip(f"llama-cpp-python[server] is not importable ({err}): pip install 'llama-cpp-python[server]'")
    from storytransformer.runtime.bundled import bundled_gguf_path

    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, str(LAUNCHER), "--model", str(bundled_gguf_path()), "--host", "127.0.0.1",
                             "--port", str(port), "--model_alias", MODEL, "--n_ctx", str(SERVER_CTX)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.time() + 240
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited ({proc.returncode}): {log_path.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).read()
                break
            except OSError:
                if time.time() > deadline:
                    pytest.fail(f"llama_cpp.server did not start in 240 s: {log_path.read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "STORYTRANSFORMER_BASE_URL"}
    env["PYTHONPATH"] = str(REPO)
    return env


def _merge_args(corpus, out, url, *extra):
    return [sys.executable, "-m", "storytransformer", "merge", str(corpus), "--out", str(out), "--group-method",
            "lexical", "--base-url", url, "--model", MODEL, "--ctx", str(SERVER_CTX), "--max-new-tokens", "384",
            *extra]


def _check_traced_and_parseable(corpus, out):
    from storytransformer.ingest import ingest_paths

    ids = sorted(s.id for s in ingest_paths([corpus]).stories)
    rows = list(csv.DictReader(io.StringIO((out / "traceability.csv").read_text(encoding="utf-8"))))
    assert sorted(r["source_id"] for r in rows) == ids  # every story traced, once
    answers = [raw for rec in group_lines(out / ".merge-journal.jsonl") for raw in rec.get("raw", [])]
    assert answers
    for raw in answers:  # constrained by the server: every answer is JSON as it came back
        assert json.loads(raw)["stories"], raw
    return ids


def test_merge_against_llama_cpp_server_parses_every_answer_and_resumes_after_kill(llama_server, tmp_path):
    corpus = write_corpus(tmp_path / "stories", TOPICS[:4])  # 4 near-duplicate pairs + 1 singleton
    out = tmp_path / "out"
    proc = subprocess.Popen(_merge_args(corpus, out, llama_server, "--batch-size", "1", "--concurrency", "1"),
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    journal = out / ".merge-journal.jsonl"
    try:
        deadline = time.time() + 600
        while time.time() < deadline and proc.poll() is None:
            if journal.exists() and len(group_lines(journal)) >= 1:
                break
            time.sleep(0.2)
        assert proc.poll() is None, f"finished or failed before the kill: {proc.stderr.read()[-2000:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = len(group_lines(journal))
    assert before >= 1 and not (out / "merged.json").exists()

    done = subprocess.run(_merge_args(corpus, out, llama_server, "--resume", "--json", "--concurrency", "8"),
                          env=_env(), capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["timing"]["resumed_groups"] == before
    group_ids = [r["group_id"] for r in group_lines(journal)]
    assert len(group_ids) == len(set(group_ids)) == summary["counts"]["model_groups"]  # none done twice
    ids = _check_traced_and_parseable(corpus, out)
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["counts"]["stories_in"] == len(ids) == 9
    engine = doc["metadata"]["engine"]
    assert engine["model"] == MODEL and engine["device"] == f"server {llama_server}"
    assert any("llama-cpp-python /extras/tokenize (exact)" in r for r in engine["reasons"])
    assert any("refused response_format json_schema; json_object used" in r for r in engine["reasons"])
    assert doc["metadata"]["counts"]["output_tokens"] > 0  # the server's usage


def test_needle_and_bench_against_llama_cpp_server(llama_server, tmp_path):
    needle = subprocess.run([sys.executable, "-m", "storytransformer", "needle", "--base-url", llama_server,
                             "--model", MODEL, "--lengths", "512,1024", "--depths", "0,100",
                             "--out", str(tmp_path / "needle"), "--json"],
                            env=_env(), capture_output=True, text=True, timeout=900)
    assert needle.returncode == 0, needle.stderr[-3000:]
    doc = json.loads(needle.stdout)
    assert len(doc["cells"]) == 4 and doc["settings"]["sharing"] == "server"
    assert not any("approximate" in w for w in doc["settings"]["warnings"])  # the server's own tokenizer
    for c in doc["cells"]:
        assert c["prompt_tokens"] <= c["length"] and c["exact_length"]
        # What the server read: our count plus its chat template's few tokens.
        assert 0 <= c["prefill_tokens"] - c["prompt_tokens"] <= 64, c
    assert (tmp_path / "needle" / "heatmap.png").stat().st_size > 0

    bench = subprocess.run([sys.executable, "-m", "storytransformer", "bench", "--base-url", llama_server,
                            "--model", MODEL, "--ctx", "256", "--concurrency", "1,2", "--num-prompts", "3",
                            "--new-tokens", "16", "--out", str(tmp_path / "bench"), "--json"],
                           env=_env(), capture_output=True, text=True, timeout=900)
    assert bench.returncode == 0, bench.stderr[-3000:]
    doc = json.loads(bench.stdout)
    assert doc["settings"]["prompt_lengths"] == "exact (server tokenizer)"
    assert [r["concurrency"] for r in doc["results"]] == [1, 2]
    for r in doc["results"]:
        assert r["errors"] == 0 and r["output_tokens"] > 0 and r["output_tokens_per_s"] > 0
        assert 256 <= r["input_tokens"] / r["requests"] <= 256 + 64  # prompt + the template's tokens
    assert (tmp_path / "bench" / "bench-serving.json").is_file()


def test_dry_run_against_server_plans_with_the_servers_context(llama_server, tmp_path):
    """Without --ctx, a dry run against a server plans with the context the server reports
    (vLLM's max_model_len, llama-server's /props) or says the server does not: no weights
    loaded, no error about a served model name that is not a local model."""
    corpus = write_corpus(tmp_path / "stories", TOPICS[:2])
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(corpus), "--dry-run", "--json",
                           "--group-method", "lexical", "--base-url", llama_server, "--model", MODEL],
                          env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    plan = json.loads(done.stdout)
    # llama-cpp-python's server reports no context (no /props, no max_model_len): the plan
    # says so instead of planning with a local model that happens to share the name
    assert "server" in plan["ctx_source"] and MODEL in plan["ctx_source"], plan["ctx_source"]
    assert plan["ctx"] in (SERVER_CTX, 8192)
