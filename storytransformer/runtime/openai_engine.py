"""The ``openai`` engine: any OpenAI-compatible chat-completions server (vLLM, llama.cpp's
llama-server, Ollama, TGI, LM Studio, llama-cpp-python) does the generating.

    engine = registry.load("openai", EngineOptions(base_url="http://localhost:8000/v1",
                                                   model="Qwen/Qwen2.5-7B-Instruct", concurrency=8))

- **Concurrency**: ``--concurrency`` requests in flight from a thread pool, so a server that
  batches (vLLM's continuous batching, llama-server ``--parallel``) stays busy; results come
  back to the caller on the calling thread, in completion order through ``on_result`` (the
  journal writes each finished group at once) and in request order as the return value.
- **Retries**: the ``openai`` client retries connection errors, 408/409/429 and 5xx with
  exponential backoff (honouring Retry-After) ``MAX_RETRIES`` times; a request that still
  fails becomes an error result (that group falls back, flagged). A server that is gone
  (connection refused after the retries) stops the run with a one-line error instead, so
  ``--resume`` redoes only the unfinished groups once it is back.
- **Constrained answers**: a request with ``json_schema`` is sent with ``response_format``
  json_schema; a server that refuses that (HTTP 400/422) is asked with json_object, then
  with nothing; the first mode it accepts is remembered for the rest of the run.
- **Token counts**: prompt and output tokens from the server's ``usage``; counting before a
  call through the server's tokenize endpoint where it has one, else approximate and said so
  (runtime.server_probe).
- **The API key** is read from the variable ``--api-key-env`` names (default
  ``OPENAI_API_KEY``); it is passed to the client and nowhere else: not in EngineInfo,
  results, journal or messages. Local servers need none.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any, Callable, Sequence

from storytransformer.errors import EngineUnavailable, OptionError
from storytransformer.runtime import server_probe as probe
from storytransformer.runtime.registry import Capabilities, EngineOptions
from storytransformer.runtime.types import EngineInfo, GenerationRequest, GenerationResult, Message

log = logging.getLogger(__name__)

DEFAULT_KEY_ENV = "OPENAI_API_KEY"
MAX_RETRIES = 4  # with the client's backoff (0.5 s doubling, capped at 8 s): ~15 s of waiting
MESSAGE_OVERHEAD = 4  # approximate template tokens per chat message when the server cannot count
FORMAT_MODES = ("json_schema", "json_object", "none")


class _Refused(Exception):
    """The server would not take this response_format (the API error is in ``error``)."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


class ServerGone(EngineUnavailable):
    """The server stopped answering in the middle of a run (finished groups are journaled)."""


def api_key(env_name: str | None) -> str | None:
    """The key from the named variable. An explicitly named variable that is unset or empty is
    an error (a typo would otherwise send no key); the default one may be unset."""
    name = env_name or DEFAULT_KEY_ENV
    value = os.environ.get(name, "").strip()
    if env_name and not value:
        raise OptionError("--api-key-env", f"the environment variable {env_name} is not set")
    return value or None


def load(options: EngineOptions) -> "OpenAIEngine":
    """The registry entry. Raises OptionError without a URL, ModelError when the server is
    down or does not serve ``options.model`` (listing what it serves)."""
    from storytransformer.runtime.registry import resolve_base_url

    base_url = resolve_base_url(options.base_url)
    if not base_url:
        raise OptionError("--base-url", "the openai engine needs a server URL (--base-url or "
                                        "STORYTRANSFORMER_BASE_URL), e.g. http://localhost:8000/v1")
    return OpenAIEngine(base_url, options.model, key=api_key(options.api_key_env), ctx=options.ctx,
                        concurrency=options.concurrency, timeout=options.timeout)


class OpenAIEngine:
    """runtime.types.Engine over an OpenAI-compatible server (see the module docstring)."""

    def __init__(self, base_url: str, model: str | None, *, key: str | None = None, ctx: int | None = None,
                 concurrency: int = 8, timeout: float = 600.0, max_retries: int = MAX_RETRIES):
        import openai

        if concurrency < 1:
            raise OptionError("--concurrency", "must be at least 1")
        http = probe.Http(base_url, key)
        served = probe.pick_model(model, probe.served_models(http), base_url)
        self.model = served.id
        self.concurrency = concurrency
        self.client = openai.OpenAI(base_url=base_url, api_key=key or "not-needed", timeout=timeout,
                                    max_retries=max_retries)
        self._format_mode = "json_schema"
        self._accepted: set[str] = set()  # response_format modes the server has answered
        self._format_lock = threading.Lock()
        reasons = [f"server: {probe.redact(base_url)}, model {self.model} (OpenAI-compatible API)",
                   f"concurrency: {concurrency} requests in flight"]
        context, how = _context_length(served, http, ctx)
        reasons.append(f"context: {context or 'unknown'} tokens ({how})")
        self.tokens = probe.find_tokenizer(http, self.model) or probe.approximate_tokenizer()
        reasons.append(f"token counts: {self.tokens.name}")
        self.info = EngineInfo(model=self.model, device=f"server {probe.redact(base_url)}", dtype="server",
                               quantization="as served", attention="as served", context_length=context,
                               reasons=reasons)
        self.capabilities = Capabilities(tokenize="exact" if self.tokens.exact else "approximate",
                                         constrained="json_schema", max_context=context,
                                         concurrency=concurrency, prefill=False, raw_model=False)

    # -- counting -----------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return self.tokens.count(text)

    def prompt_tokens(self, messages: Sequence[Message]) -> int:
        """Content tokens plus ``MESSAGE_OVERHEAD`` per message for the chat template (the
        servers' tokenize endpoints take plain text); a few tokens off either way."""
        return sum(self.count_tokens(m.get("content", "")) + MESSAGE_OVERHEAD for m in messages) + 2

    # -- generating -----------------------------------------------------------------------

    def generate(self, requests: Sequence[GenerationRequest],
                 on_result: Callable[[GenerationResult], None] | None = None) -> list[GenerationResult]:
        """Every request with ``concurrency`` in flight; ``on_result`` runs on this thread as
        each finishes. Raises ServerGone when the server cannot be reached any more."""
        results: dict[int, GenerationResult] = {}
        if not requests:
            return []
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests)),
                                thread_name_prefix="openai-engine") as pool:
            pending = {pool.submit(self._one, r): i for i, r in enumerate(requests)}
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        i = pending.pop(fut)
                        results[i] = fut.result()  # ServerGone propagates from here
                        if on_result:
                            on_result(results[i])
            except BaseException:
                for fut in pending:
                    fut.cancel()
                raise
        return [results[i] for i in range(len(requests))]

    def _one(self, request: GenerationRequest) -> GenerationResult:
        import openai

        t0 = time.perf_counter()
        try:
            completion = self._create(request)
        except openai.APIConnectionError as err:  # after the client's retries
            from storytransformer.runtime.server_gone import gone_message

            raise ServerGone(gone_message(err, self.info.device.removeprefix("server "),
                                          getattr(self, "_answered", 0))) from None
        except openai.APIStatusError as err:
            return GenerationResult(request.request_id, "", 0, 0, time.perf_counter() - t0, "error",
                                    error=f"HTTP {err.status_code}: {_short(err)}")
        self._answered = getattr(self, "_answered", 0) + 1  # for the message if the server dies later
        return _result(request, completion, time.perf_counter() - t0)

    def _create(self, request: GenerationRequest) -> Any:
        """One chat completion. A server that refuses the response_format is asked again with
        the next mode down; the mode is remembered only once a lower one is accepted, so an
        error about something else (a prompt too long) changes nothing."""
        start = self._format_mode if request.json_schema else "none"
        refused: Exception | None = None
        for mode in FORMAT_MODES[FORMAT_MODES.index(start):]:
            try:
                completion = self._attempt(self._params(request, mode), probing=mode != "none" and
                                           mode not in self._accepted)
            except _Refused as err:
                refused = refused or err.error
                continue
            if mode != "none":
                self._accepted.add(mode)
            if mode != start:
                self._remember(mode, start, refused)
            return completion
        assert refused is not None
        raise refused

    def _attempt(self, params: dict[str, Any], probing: bool) -> Any:
        """Send once. While a response_format mode is unproven (``probing``), a refusal comes
        back at once as _Refused: HTTP 400/422, or a 5xx that names the response_format
        (llama-cpp-python answers an unknown type with HTTP 500 and a validation message), without
        the client's retries; any other error is retried the usual way."""
        import openai

        if not probing:
            return self._send(self.client, params)
        try:
            return self._send(self.client.with_options(max_retries=0), params)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as err:
            raise _Refused(err) from None
        except openai.APIStatusError as err:
            if err.status_code >= 500 and re.search(r"response_format|json_schema|json_object", str(err)):
                raise _Refused(err) from None
        return self._send(self.client, params)

    @staticmethod
    def _send(client, params: dict[str, Any]) -> Any:
        import openai

        try:
            return client.chat.completions.create(**params)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as err:
            if "response_format" in params:
                raise _Refused(err) from None
            raise

    def _remember(self, accepted: str, refused: str, err: Exception | None) -> None:
        with self._format_lock:
            if FORMAT_MODES.index(accepted) <= FORMAT_MODES.index(self._format_mode):
                return  # another request got there first
            log.warning("the server refused response_format %s (%s); using %s from now on",
                        refused, _short(err) if err else "", accepted)
            self.info.reasons.append(f"constrained answers: the server refused response_format {refused}; "
                                     f"{accepted} used")
            self._format_mode = accepted
            self.capabilities = _replace(self.capabilities, constrained=accepted)

    def _params(self, request: GenerationRequest, mode: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(model=self.model, messages=list(request.messages),
                                      max_tokens=request.max_new_tokens, temperature=0.0)
        if request.stop:
            params["stop"] = list(request.stop)
        if mode == "json_schema":
            from storytransformer.answer_schema import SCHEMA_NAME

            params["response_format"] = {"type": "json_schema", "json_schema": {
                "name": SCHEMA_NAME, "schema": request.json_schema, "strict": True}}
        elif mode == "json_object":
            # llama.cpp's servers read a "schema" beside json_object; the others ignore it.
            params["response_format"] = {"type": "json_object", "schema": request.json_schema}
        return params


def _context_length(served: probe.ServedModel, http: probe.Http, ctx: int | None) -> tuple[int, str]:
    if served.max_context:
        return served.max_context, "the server's /v1/models"
    props = probe.context_from_props(http)
    if props:
        return props, "the server's /props"
    if ctx:
        return ctx, "--ctx; the server does not say"
    return 0, "the server does not say: give --ctx"


def _result(request: GenerationRequest, completion: Any, seconds: float) -> GenerationResult:
    choice = completion.choices[0] if completion.choices else None
    text = (choice.message.content or "") if choice is not None and choice.message is not None else ""
    usage = getattr(completion, "usage", None)
    reason = {"length": "length"}.get(getattr(choice, "finish_reason", None) or "stop", "stop")
    return GenerationResult(request.request_id, text,
                            int(getattr(usage, "prompt_tokens", 0) or 0),
                            int(getattr(usage, "completion_tokens", 0) or 0),
                            seconds, reason)


def _short(err: Exception) -> str:
    text = " ".join(str(getattr(err, "message", None) or err).split())
    return text[:200]


def _replace(caps: Capabilities, **changes: Any) -> Capabilities:
    from dataclasses import replace

    return replace(caps, **changes)
