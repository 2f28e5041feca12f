"""When the model server dies in the middle of a run, merge says it stopped or crashed after it
had answered (t24 #11: llama_cpp.server killed by a general protection fault left only
"stopped answering ... run again with --resume"). A real server process that answers the
model list and dies (os._exit, as a crash) on its first completion; the real CLI."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from storytransformer.runtime.server_gone import gone_message, why

SERVER = textwrap.dedent('''
    import json, os, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = json.dumps({"object": "list", "data": [{"id": "m", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            os._exit(139)  # dies mid-request, as the server did on its first completion

    HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
''')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_that_crashes_on_its_first_completion_is_named_as_crashed(tmp_path):
    stories = tmp_path / "s.md"
    stories.write_text("# A\n\nAs a user I want to export invoices as PDF so that I can file them.\n\n"
                       "# B\n\nAs a user I want to export my invoices as PDF so that I can file them.\n")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        r = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(stories), "--base-url",
                            f"http://127.0.0.1:{port}/v1", "--model", "m", "--ctx", "8k", "--out",
                            str(tmp_path / "out")], capture_output=True, text=True, timeout=180,
                           cwd=Path(__file__).resolve().parent.parent)
    finally:
        server.kill()
        server.wait()
    assert server.returncode is not None
    assert r.returncode != 0
    error = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(error) == 1, r.stderr
    assert "stopped or crashed after answering the model list" in error[0]
    assert "--resume" in error[0] and "Traceback" not in r.stderr


def test_the_reasons_read_from_real_connection_errors():
    port = _free_port()  # nothing listens: a real ConnectionRefusedError
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1)
    except OSError as err:
        refused = err
    assert why(refused) == "connection refused"
    assert "stopped or crashed after answering 3 request(s) (connection refused)" in \
        gone_message(refused, "http://x/v1", 3)
    assert why(TimeoutError("timed out")).startswith("timed out")
