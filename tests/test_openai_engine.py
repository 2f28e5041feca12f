"""The engine registry and the `openai` engine against a scripted OpenAI-compatible server
(real HTTP, the real `openai` client): concurrency, retries, response_format fallback, the
API key kept secret, one-line errors for a server that is down or a model it does not serve."""

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripted_engine import ScriptedEngine
from scripted_server import ScriptedServer
from storytransformer.answer_schema import answer_schema
from storytransformer.cli import main
from storytransformer.errors import ModelError, OptionError
from storytransformer.runtime import registry
from storytransformer.runtime.openai_engine import OpenAIEngine, ServerGone
from storytransformer.runtime.types import GenerationRequest
from test_merge_cli import write_corpus

STORY = "[S1]\nAs a shopper, I want to reset my password, so that I can log in again.\n\n[S2]\nAs a shopper I want to reset my password.\n"


def request(n: int = 0, schema: bool = True) -> GenerationRequest:
    msgs = ({"role": "system", "content": "merge"}, {"role": "user", "content": f"group {n}\n\n{STORY}"})
    return GenerationRequest(msgs, 64, request_id=f"g{n}", json_schema=answer_schema(["S1", "S2"]) if schema else None)


def test_registry_lists_builtins_and_loads_a_registered_engine():
    assert {"hf", "openai"} <= set(registry.names())
    assert registry.choose(None, None) == "hf" and registry.choose(None, "http://x/v1") == "openai"
    registry.register("scripted-test", lambda opts: ScriptedEngine(("good",), context_length=opts.ctx or 123))
    try:
        engine = registry.load("scripted-test", registry.EngineOptions(ctx=4096))
        assert engine.info.context_length == 4096
        assert registry.capabilities(engine).max_context == 4096  # declared none: the least, from info
    finally:
        registry.unregister("scripted-test")
    with pytest.raises(OptionError, match="--engine.*no engine named 'nope'.*openai"):
        registry.load("nope", registry.EngineOptions())


def test_openai_engine_reads_the_server_and_keeps_requests_in_flight():
    with ScriptedServer(["good"], delay=0.3, context=16384) as server:
        engine = OpenAIEngine(server.url, None, concurrency=4)  # one served model: taken without --model
        assert engine.model == "scripted" and engine.info.context_length == 16384
        assert engine.capabilities.tokenize == "exact" and engine.count_tokens("a b, c") == 4
        seen = []
        t0 = time.perf_counter()
        results = engine.generate([request(i) for i in range(8)], on_result=lambda r: seen.append(r.request_id))
        elapsed = time.perf_counter() - t0
    assert [r.request_id for r in results] == [f"g{i}" for i in range(8)]  # request order
    assert sorted(seen) == sorted(r.request_id for r in results)  # each reported once, as it finished
    assert server.max_in_flight == 4
    assert elapsed < 8 * 0.3 * 0.75  # at least some overlap (sequential would be 2.4 s)
    assert all(json.loads(r.text)["stories"][0]["sources"] == ["S1", "S2"] for r in results)
    assert all(r.prompt_tokens > 0 and r.output_tokens > 0 for r in results)  # from the server's usage
    sent = server.requests[0]["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["schema"]["properties"]["stories"]


def test_retries_on_503_then_succeeds():
    with ScriptedServer(["good"], fail_first=2) as server:
        engine = OpenAIEngine(server.url, "scripted", concurrency=1)
        [result] = engine.generate([request()])
    assert result.finish_reason == "stop" and json.loads(result.text)["stories"]
    assert len(server.requests) == 3


@pytest.mark.parametrize("status", [400, 500])  # 500: llama-cpp-python's answer to an unknown type
def test_refused_response_format_steps_down_once_and_is_remembered(status):
    with ScriptedServer(["good"], refuse=("json_schema",), refuse_status=status) as server:
        engine = OpenAIEngine(server.url, "scripted", concurrency=1)
        engine.generate([request(i) for i in range(3)])
        kinds = [(b.get("response_format") or {}).get("type") for b in server.requests]
    assert kinds == ["json_schema", "json_object", "json_object", "json_object"]  # no retries of the refusal
    assert engine.capabilities.constrained == "json_object"
    assert any("refused response_format json_schema" in r for r in engine.info.reasons)
    with ScriptedServer(["good"], refuse=("json_schema", "json_object")) as server:
        engine = OpenAIEngine(server.url, "scripted", concurrency=2)
        results = engine.generate([request(i) for i in range(3)] + [request(9, schema=False)])
    assert all(r.finish_reason == "stop" for r in results) and engine.capabilities.constrained == "none"


def test_server_down_or_model_unknown_are_one_line_errors():
    with pytest.raises(ModelError, match=r"cannot reach the model server at http://127.0.0.1:9/v1"):
        OpenAIEngine("http://127.0.0.1:9/v1", "m")
    with ScriptedServer(["good"]) as server:
        with pytest.raises(ModelError, match=r"--model gpt-9: not served by .*; it serves: scripted"):
            OpenAIEngine(server.url, "gpt-9")


def test_server_gone_mid_run_stops_instead_of_falling_back():
    server = ScriptedServer(["good"])
    with server:
        engine = OpenAIEngine(server.url, "scripted", concurrency=1, max_retries=0)
    with pytest.raises(ServerGone, match="--resume"):
        engine.generate([request()])


def test_cli_merge_through_a_server_keeps_the_key_secret(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "stories")
    secret = "sk-test-5f1d8c0e-never-written"
    monkeypatch.setenv("MY_SERVER_KEY", secret)
    out = tmp_path / "out"
    with ScriptedServer(["good"]) as server:
        res = CliRunner().invoke(main, ["merge", str(corpus), "--out", str(out), "--group-method", "lexical",
                                        "--base-url", server.url, "--model", "scripted",
                                        "--api-key-env", "MY_SERVER_KEY", "--concurrency", "3", "--json"])
    assert res.exit_code == 0, res.output
    assert all(h.get("authorization") == f"Bearer {secret}" for h in server.headers)
    assert secret not in res.output
    for f in Path(out).iterdir():
        assert secret not in f.read_text(encoding="utf-8", errors="replace"), f.name
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["engine"]["device"] == f"server {server.url}"
    assert doc["metadata"]["counts"]["merged"] >= 10


def test_cli_errors_are_one_line(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "stories")
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    runner = CliRunner()
    base = ["merge", str(corpus), "--out", str(tmp_path / "o"), "--group-method", "lexical"]
    res = runner.invoke(main, base + ["--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
    assert res.exit_code != 0 and "cannot reach the model server" in res.output and "Traceback" not in res.output
    with ScriptedServer(["good"]) as server:
        res = runner.invoke(main, base + ["--base-url", server.url, "--model", "llama3"])
        assert res.exit_code != 0 and "it serves: scripted" in res.output
        res = runner.invoke(main, base + ["--base-url", server.url, "--api-key-env", "NO_SUCH_KEY_VAR"])
        assert res.exit_code != 0 and "--api-key-env" in res.output and "NO_SUCH_KEY_VAR is not set" in res.output
    res = runner.invoke(main, base + ["--engine", "nope"])
    assert res.exit_code != 0 and "no engine named 'nope'" in res.output


def test_bench_and_needle_through_a_server_write_their_usual_outputs(tmp_path):
    with ScriptedServer(["good"], delay=0.05) as server:
        res = CliRunner().invoke(main, ["bench", "--base-url", server.url, "--ctx", "64", "--concurrency", "1,4",
                                        "--num-prompts", "8", "--new-tokens", "8", "--out", str(tmp_path / "b"),
                                        "--json"])
        assert res.exit_code == 0, res.output
        doc = json.loads(res.stdout)
        assert doc["schema"] == "storytransformer.bench-serving/1"
        assert [r["concurrency"] for r in doc["results"]] == [1, 4]
        assert all(r["requests"] == 8 and r["errors"] == 0 and r["output_tokens"] > 0 for r in doc["results"])
        assert doc["settings"]["prompt_lengths"].startswith("approximate")  # the scripted server cannot detokenize
        assert server.max_in_flight == 4
        res = CliRunner().invoke(main, ["needle", "--base-url", server.url, "--lengths", "400,800",
                                        "--depths", "0,100", "--out", str(tmp_path / "n"), "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["settings"]["sharing"] == "server" and len(doc["cells"]) == 4
    assert any("approximate" in w for w in doc["settings"]["warnings"])
    assert all(c["prefill_tokens"] > 0 and c["score"] == 0 for c in doc["cells"])  # "does not say": missed
    assert (tmp_path / "n" / "heatmap.png").stat().st_size > 0


def test_doctor_describes_a_server():
    with ScriptedServer(["good"], context=32768) as server:
        res = CliRunner().invoke(main, ["doctor", "--base-url", server.url, "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["info"]["model"] == "scripted" and doc["capabilities"]["max_context"] == 32768
    assert doc["capabilities"]["tokenize"] == "exact" and doc["capabilities"]["concurrency"] == 8
