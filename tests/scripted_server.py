"""A scripted OpenAI-compatible HTTP server: the answers of scripted_engine.py, served over the
real chat-completions API, so tests drive the real CLI through the real ``openai`` engine
(subprocesses included) with no switch in production code.

    with ScriptedServer(modes=["good", "drop"]) as server:
        storytransformer merge ... --base-url {server.url} --model scripted

It speaks: GET /v1/models; POST /v1/chat/completions (response_format recorded; modes picked
by a hash of the first user message, as ScriptedEngine does, so a resumed run sees the same
answers); POST /extras/tokenize (llama-cpp-python's spelling, word-ish tokens). Knobs:
``delay`` (seconds per completion), ``fail_first`` (answer that many completions with HTTP
503 first: the client must retry), ``refuse`` (response_format types answered with HTTP
``refuse_status``, as servers without json_schema support do), ``context`` (max_model_len, as vLLM reports).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from scripted_engine import answer, stories_in
from storytransformer.runtime.types import GenerationRequest


class ScriptedServer:
    def __init__(self, modes=("good",), *, model: str = "scripted", delay: float = 0.0, fail_first: int = 0,
                 refuse: tuple[str, ...] = (), refuse_status: int = 400, context: int | None = 8192,
                 repair_mode: str | None = None):
        self.modes, self.model, self.delay = list(modes), model, delay
        self.fail_first, self.refuse, self.context = fail_first, tuple(refuse), context
        self.repair_mode, self.refuse_status = repair_mode, refuse_status
        self.requests: list[dict[str, Any]] = []  # every chat completion body received
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def mode_for(self, messages: list[dict]) -> str:
        if self.repair_mode and len(messages) > 2:
            return self.repair_mode
        user = next(m["content"] for m in messages if m["role"] == "user")
        key = hashlib.sha1(f"0|{user}".encode()).digest()
        return self.modes[int.from_bytes(key[:4], "big") % len(self.modes)]

    def complete(self, body: dict) -> tuple[int, dict]:
        with self._lock:
            self.requests.append(body)
            if self.fail_first > 0:
                self.fail_first -= 1
                return 503, {"error": {"message": "scripted overload", "type": "server_error"}}
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            fmt = (body.get("response_format") or {}).get("type")
            if fmt in self.refuse:
                # 400 as vLLM/OpenAI answer; llama-cpp-python answers 500 with a validation message.
                return self.refuse_status, {"error": {"message": f"response_format {fmt} is not supported",
                                                      "type": "invalid_request"}}
            if body.get("model") != self.model:
                return 404, {"error": {"message": f"model {body.get('model')} not found"}}
            if self.delay:
                time.sleep(self.delay)
            messages = body["messages"]
            mode = self.mode_for(messages)
            if mode == "raise":
                return 500, {"error": {"message": "scripted crash"}}
            blocks = stories_in(GenerationRequest(tuple(messages)))
            # Not a merge prompt (needle, bench): a fixed short answer.
            text = answer(mode, blocks) if blocks else "The document does not say."
            prompt = sum(count(m["content"]) for m in messages)
            return 200, {
                "id": "cmpl-1", "object": "chat.completion", "created": int(time.time()), "model": self.model,
                "choices": [{"index": 0, "finish_reason": "length" if mode == "truncated" else "stop",
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": prompt, "completion_tokens": count(text),
                          "total_tokens": prompt + count(text)},
            }
        finally:
            with self._lock:
                self.in_flight -= 1 if self.in_flight else 0


def count(text: str) -> int:
    return len(re.findall(r"\w+|[^\w\s]", text))


def _handler(server: ScriptedServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet test output
            pass

        def _send(self, status: int, doc: dict) -> None:
            data = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path.rstrip("/") == "/v1/models":
                entry: dict[str, Any] = {"id": server.model, "object": "model", "owned_by": "tests"}
                if server.context:
                    entry["max_model_len"] = server.context
                return self._send(200, {"object": "list", "data": [entry]})
            self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if self.path == "/v1/chat/completions":
                return self._send(*server.complete(body))
            if self.path == "/extras/tokenize":
                return self._send(200, {"tokens": list(range(count(body.get("input", ""))))})
            self._send(404, {"error": {"message": "not found"}})

    return Handler
