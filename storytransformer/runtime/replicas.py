"""Several copies of one engine, one per device, sharing the work: ``--devices cuda:0,cuda:1``.

A model that fits one GPU runs fastest whole on each GPU; N GPUs then run N batches at a time
(data parallelism, as vLLM's ``--data-parallel-size``), with no traffic between them. For a
model too big for one GPU, serve it with vLLM's tensor parallelism and use ``--base-url``.

``ReplicaEngine`` is itself a ``runtime.types.Engine``, so merge does not know it is there:

- **Work sharing.** Each ``generate`` call's requests are dealt round-robin (after sorting by
  prompt size, so every chunk holds a similar mix) into chunks of at most a replica's batch
  size, at least one per live replica, and put on one shared queue. One worker thread per
  replica takes the next chunk as soon as it is free, so a replica with short prompts takes
  more chunks and none waits on another while work is left.
- **Results** reach the caller on the calling thread, as each finishes (``on_result``: the
  journal writes each group at once, as with one engine) and in request order as the return
  value. Progress: each replica reports its decode steps to the same ``on_tokens``.
- **A failing replica** (an exception that is not a user error: a lost GPU, a driver error,
  out of memory outside a batch) is retired for the rest of the run; the requests it had not
  answered go back on the queue for the others, and the failure is logged in one line and
  recorded in ``info.reasons``. Only when every replica has failed does ``generate`` raise.
  A user error (``StoryTransformerError``: a bad request) stops the call, as with one engine.
- **Threads, not processes**: the heavy work (torch kernels, CUDA graphs) runs without the
  GIL. Worker threads live as long as the engine: a CUDA graph captured in one thread is
  replayed by that thread only.
- **Interrupted** (Ctrl-C, an error in the caller's ``on_result``): the call's queued chunks
  are dropped and the running ones stop at their next decode step (each replica's progress
  hook raises ``Cancelled``, which is no ``Exception``, so no fallback mistakes it for a
  failure); ``generate`` returns to its caller only once no replica works on the call any
  more. A process exiting while a worker is inside torch aborts (SIGABRT, seen on the CPU).
- **Measured** on two H200s (docs/benchmarks.md section 12; 8B shape in bf16, static
  batching): 1.60x one GPU's output tokens/s over a whole 512-group merge, 1.75x once the CUDA
  graphs exist. That needed static batching's graph captures made thread-safe
  (runtime/fast_decode.py) and each worker's current device and graph-tree state set here.
- Replicas load one after another (transformers' loading patches torch globally while it
  runs, so two loads at once in one process are not safe): N devices take N load times.

``parse_devices`` (import-light, used when the command line is parsed) and
``resolve_devices`` (looks at torch) turn ``--devices`` into a device list: ``auto`` is every
visible GPU (else the CPU), ``cpu`` one CPU engine, ``cuda:0,cuda:1`` those GPUs. A device
named twice gets two replicas (``cpu,cpu``: two CPU engines, each with half the CPU threads;
useful on many-core CPUs and for tests).
"""

from __future__ import annotations

import logging
import math
import queue
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from storytransformer.errors import OptionError, StoryTransformerError
from storytransformer.runtime.types import GenerationRequest, GenerationResult

log = logging.getLogger(__name__)

OPTION = "--devices"
_ONE = re.compile(r"^(cpu|cuda(:\d+)?)$")
POLL_SECONDS = 0.2  # how often the calling thread wakes while waiting (so Ctrl-C is seen at once)
STOP_WAIT_SECONDS = 120.0  # at most this long for running chunks to stop after an interruption


class Cancelled(BaseException):
    """Raised inside a replica's decode loop (through its progress hook) when the call it works
    for was interrupted. A BaseException, like KeyboardInterrupt: the engines' ``except
    Exception`` fallbacks (static batching, out of memory) must not take it for a failure."""


def parse_devices(value: str | Sequence[str] | None) -> list[str] | None:
    """'auto' -> ['auto']; 'cuda:0, cuda:1' -> ['cuda:0', 'cuda:1']; 'cuda' -> ['cuda:0'];
    None or '' -> None (not given). Raises OptionError naming --devices for anything else."""
    if value is None:
        return None
    items = list(value) if not isinstance(value, str) else [v.strip().lower() for v in value.split(",")]
    items = [v for v in items if v]
    if not items:
        return None
    if items == ["auto"]:
        return ["auto"]
    out = []
    for item in items:
        if item == "auto":  # a known word in the wrong place: say so, not "unknown"
            raise OptionError(OPTION, f"auto stands alone (every visible GPU, else the CPU); "
                                      f"{','.join(items)!r} mixes it with other devices: name them all instead")
        if not _ONE.match(item):
            raise OptionError(OPTION, f"unknown device {item!r} (use auto, cpu, or a list such as cuda:0,cuda:1)")
        out.append("cuda:0" if item == "cuda" else item)
    return out


def resolve_devices(devices: Sequence[str]) -> list[str]:
    """The devices to load a replica on. ``['auto']``: every GPU torch sees (CUDA or ROCm),
    else ``['cpu']``. Raises OptionError naming --devices for a GPU that is not there."""
    import torch

    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if list(devices) == ["auto"]:
        return [f"cuda:{i}" for i in range(gpus)] or ["cpu"]
    for device in devices:
        if device.startswith("cuda") and int(device.split(":")[1]) >= gpus:
            seen = f"only {gpus} GPU(s) are visible" if gpus else "no GPU is visible to PyTorch"
            raise OptionError(OPTION, f"{device}: {seen} (CUDA_VISIBLE_DEVICES decides which); "
                                      "use --devices auto or cpu")
    return list(devices)


def load(options: Any, base: str = "hf") -> Any:
    """The registry path: engine ``base`` loaded once per device of ``options.devices``
    (registry.EngineOptions), wrapped as one ReplicaEngine; a single device gives the plain
    engine. Raises OptionError for devices that are not there, and whatever a load raises."""
    from storytransformer.runtime import registry

    devices = resolve_devices(parse_devices(options.devices) or ["auto"])
    if len(devices) == 1:
        return registry.load(base, replace(options, device=devices[0], devices=None))
    engines = []
    for i, device in enumerate(devices):
        log.info("loading replica %d of %d on %s", i + 1, len(devices), device)
        engines.append(registry.load(base, replace(options, device=device, devices=None,
                                                   progress=options.progress and i == 0)))
    engine = ReplicaEngine(engines, devices)
    note = _share_cpu_threads(devices)
    if note:
        engine.info.reasons.append(note)
    return engine


def _share_cpu_threads(devices: Sequence[str]) -> str | None:
    """Several CPU replicas split the CPU threads torch would use for one (each thread of work
    running its own OpenMP team with all of them would oversubscribe the cores)."""
    cpus = sum(1 for d in devices if d == "cpu")
    if cpus < 2:
        return None
    import torch

    total = torch.get_num_threads()
    each = max(1, total // cpus)
    torch.set_num_threads(each)
    return f"CPU threads: {each} for each of {cpus} CPU replicas (one engine alone would use {total})"


@dataclass
class _Chunk:
    """Requests of one call for one replica: (index in the call, request) pairs."""

    call: "_Call"
    items: list[tuple[int, GenerationRequest]]


@dataclass
class _Call:
    """One generate call in flight: where its workers post what happens."""

    events: "queue.Queue[tuple]" = field(default_factory=queue.Queue)
    cancelled: threading.Event = field(default_factory=threading.Event)


class ReplicaEngine:
    """``runtime.types.Engine`` over ``replicas`` (engines of one model, one per device).

    Token counts and the chat template come from the first replica (all load the same model).
    ``info.device`` lists the devices ("cuda:0,cuda:1"), ``info.replicas`` counts them."""

    def __init__(self, replicas: Sequence[Any], devices: Sequence[str] | None = None):
        from storytransformer.runtime.registry import capabilities

        if not replicas:
            raise ValueError("ReplicaEngine needs at least one engine")
        self.replicas = list(replicas)
        self.devices = list(devices or [str(getattr(r.info, "device", "?")) for r in self.replicas])
        first = self.replicas[0]
        self.kv_cache = getattr(first, "kv_cache", "auto")  # every replica loads with the same --kv-cache
        self.info = replace(first.info, device=",".join(self.devices), replicas=len(self.replicas),
                            reasons=[f"replicas: {len(self.replicas)} copies of the model ({', '.join(self.devices)}), "
                                     "requests shared through one work queue (runtime/replicas.py)",
                                     *first.info.reasons])
        caps = capabilities(first)
        self.capabilities = replace(caps, concurrency=caps.concurrency * len(self.replicas), raw_model=False)
        self.alive = [True] * len(self.replicas)
        self.failures: list[str] = []  # one line per retired replica
        self.served = [0] * len(self.replicas)  # requests each replica answered (how the work was shared)
        self._reasons_seen = [len(r.info.reasons) for r in self.replicas]
        self._work: "queue.Queue[_Chunk | None]" = queue.Queue()
        self._workers: list[threading.Thread] = []
        self._on_tokens: Callable[[int], None] | None = None
        self._running: list[_Chunk | None] = [None] * len(self.replicas)  # each worker's chunk
        for k, r in enumerate(self.replicas):
            if hasattr(r, "on_tokens"):  # engines that report decode steps can also be stopped there
                r.on_tokens = self._progress_hook(k)

    # -- what the Engine protocol asks ------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return self.replicas[0].count_tokens(text)

    def prompt_tokens(self, messages) -> int:
        return self.replicas[0].prompt_tokens(messages)

    @property
    def on_tokens(self) -> Callable[[int], None] | None:
        return self._on_tokens

    @on_tokens.setter
    def on_tokens(self, callback: Callable[[int], None] | None) -> None:
        """merge's progress meter: every replica reports its decode steps to the same callback
        (it takes a lock; replicas call it from their own threads)."""
        self._on_tokens = callback

    def _progress_hook(self, k: int) -> Callable[[int], None]:
        """Replica k's on_tokens: stop if its call was interrupted, else report the tokens."""

        def on_tokens(n: int) -> None:
            chunk = self._running[k]
            if chunk is not None and chunk.call.cancelled.is_set():
                raise Cancelled()
            callback = self._on_tokens
            if callback is not None:
                callback(n)

        return on_tokens

    def expect_output_tokens(self, tokens: int) -> None:
        """The whole job's output budget (HFEngine's static-batching threshold): each replica
        does about its share of it."""
        share = math.ceil(int(tokens) / len(self.replicas))
        for r in self.replicas:
            if hasattr(r, "expect_output_tokens"):
                r.expect_output_tokens(share)

    def generate(self, requests: Sequence[GenerationRequest],
                 on_result: Callable[[GenerationResult], None] | None = None) -> list[GenerationResult]:
        """Every request on some live replica; results in request order, ``on_result`` on this
        thread as each finishes. Raises the last replica's error when every replica failed, or
        a replica's StoryTransformerError (a bad request)."""
        if not requests:
            return []
        if not any(self.alive):
            raise RuntimeError(f"every replica has failed: {self.failures[-1] if self.failures else ''}")
        self._start_workers()
        call = _Call()
        for chunk in self._chunks(call, requests):
            self._work.put(chunk)
        results: dict[int, GenerationResult] = {}
        try:
            while len(results) < len(requests):
                self._handle(call, results, on_result)
        finally:
            call.cancelled.set()  # chunks still queued (an error, Ctrl-C) are skipped
            self._wait_stopped(call)
            self._note_new_reasons()
        return [results[i] for i in range(len(requests))]

    def _wait_stopped(self, call: _Call) -> None:
        """Until no worker runs a chunk of ``call`` (they stop at their next decode step; see
        Cancelled), at most STOP_WAIT_SECONDS. A second Ctrl-C ends the wait."""
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while time.monotonic() < deadline and any(c is not None and c.call is call for c in self._running):
            time.sleep(0.02)

    # -- the calling thread ------------------------------------------------------------------

    def _chunks(self, call: _Call, requests: Sequence[GenerationRequest]) -> list[_Chunk]:
        live = sum(self.alive) or 1
        cap = min(int(getattr(r, "max_batch_size", 64) or 64) for r in self.replicas)
        size = max(1, min(cap, math.ceil(len(requests) / live)))
        n = math.ceil(len(requests) / size)
        order = sorted(range(len(requests)), key=lambda i: (requests[i].max_new_tokens, requests[i].stop,
                                                            _prompt_chars(requests[i])))
        dealt: list[list[tuple[int, GenerationRequest]]] = [[] for _ in range(n)]
        for k, i in enumerate(order):
            # One chunk per replica: dealt round-robin, so each holds the same mix and they end
            # together. More chunks than replicas: runs of similar length (less padding in each
            # batch); the shared queue evens out the time.
            dealt[k % n if n <= live else k // size].append((i, requests[i]))
        return [_Chunk(call, sorted(items, key=lambda p: p[0])) for items in dealt if items]

    def _handle(self, call: _Call, results: dict[int, GenerationResult],
                on_result: Callable[[GenerationResult], None] | None) -> None:
        """Wait for the next event of this call and act on it."""
        try:
            event = call.events.get(timeout=POLL_SECONDS)
        except queue.Empty:
            return
        kind = event[0]
        if kind == "result":
            _, index, result = event
            if index not in results:
                results[index] = result
                if on_result is not None:
                    on_result(result)
        elif kind == "user-error":
            raise event[1]
        elif kind == "failed":
            _, replica, err = event
            if not any(self.alive):
                raise RuntimeError(f"every replica failed; the last, on {self.devices[replica]}: "
                                   f"{type(err).__name__}: {_first_line(err)}") from err

    def _note_new_reasons(self) -> None:
        """What replicas learned while running (a static-batching fallback...), once, by device."""
        for k, r in enumerate(self.replicas):
            new = r.info.reasons[self._reasons_seen[k]:]
            self._reasons_seen[k] = len(r.info.reasons)
            for reason in new:
                if reason not in self.info.reasons:
                    self.info.reasons.append(reason if k == 0 else f"{self.devices[k]}: {reason}")

    # -- the workers -------------------------------------------------------------------------

    def _start_workers(self) -> None:
        if self._workers:
            return
        for k in range(len(self.replicas)):
            worker = threading.Thread(target=self._serve, args=(k,), name=f"replica-{self.devices[k]}",
                                      daemon=True)
            worker.start()
            self._workers.append(worker)

    def _serve(self, k: int) -> None:
        """Replica k's thread: take chunks off the shared queue until the replica fails."""
        _use_device(self.devices[k])
        while True:
            chunk = self._work.get()
            if chunk is None:
                return
            if chunk.call.cancelled.is_set():
                continue
            self._running[k] = chunk
            try:
                if not self._run_chunk(k, chunk):
                    return
            finally:
                self._running[k] = None

    def _run_chunk(self, k: int, chunk: _Chunk) -> bool:
        """Run one chunk on replica k, posting each result. False when the replica failed (its
        unanswered requests are back on the queue)."""
        delivered: set[int] = set()
        waiting: dict[str, list[int]] = {}
        for index, request in chunk.items:
            waiting.setdefault(request.request_id, []).append(index)

        def post(result: GenerationResult) -> None:
            indices = [i for i in waiting.get(result.request_id, []) if i not in delivered]
            if indices:
                delivered.add(indices[0])
                chunk.call.events.put(("result", indices[0], result))

        try:
            results = self.replicas[k].generate([r for _, r in chunk.items], on_result=post)
            for (index, _), result in zip(chunk.items, results, strict=True):  # engines that do not call back
                if index not in delivered:
                    delivered.add(index)
                    chunk.call.events.put(("result", index, result))
            self.served[k] += len(chunk.items)
            return True
        except Cancelled:
            return True  # the call was interrupted: its caller no longer waits for these
        except StoryTransformerError as err:
            chunk.call.events.put(("user-error", err))
            return True
        except BaseException as err:  # noqa: BLE001 - a replica's failure: the others take over
            self._retire(k, chunk, delivered, err)
            return False

    def _retire(self, k: int, chunk: _Chunk, delivered: set[int], err: Exception) -> None:
        self.alive[k] = False
        others = sum(self.alive)
        line = (f"replica on {self.devices[k]} failed ({type(err).__name__}: {_first_line(err)}); "
                + (f"its work goes to the other {others}" if others else "no replica left"))
        log.warning("%s", line)
        self.failures.append(line)
        self.info.reasons.append(line)
        rest = [(i, r) for i, r in chunk.items if i not in delivered]
        if rest and others:
            self._work.put(_Chunk(chunk.call, rest))
        chunk.call.events.put(("failed", k, err))

    def close(self) -> None:
        """Stop the worker threads (they are daemons: a process may also just exit)."""
        for _ in self._workers:
            self._work.put(None)
        self._workers = []


def _use_device(device: str) -> None:
    """Make ``device`` this thread's current CUDA device. The current device is per thread and
    starts as cuda:0: code that takes it implicitly (``torch.cuda.Event().record()`` on the
    current stream, as static batching's token reads do) would otherwise sync with the wrong GPU."""
    if not device.startswith("cuda"):
        return
    import torch

    torch.cuda.set_device(torch.device(device))
    _seed_cudagraph_state()


def _seed_cudagraph_state() -> None:
    """Give this thread its own bookkeeping for torch's CUDA-graph trees (what static batching's
    ``torch.compile(mode="reduce-overhead")`` replays). torch keeps it in a ``threading.local``
    filled only on the thread that imported the module; on another plain thread the first graph
    fails with a bare AssertionError (torch 2.10/2.11, ``cudagraph_trees.get_obj``), which the
    engine would take as "static batching failed" and fall back to padded batches. One device
    per worker, so a fresh, unshared state is what each wants. Guarded: a torch without that
    private attribute is left alone."""
    try:
        from torch._inductor import cudagraph_trees as trees
    except Exception:  # noqa: BLE001 - no inductor: no graphs to replay
        return
    local = getattr(trees, "local", None)
    if isinstance(local, threading.local) and not hasattr(local, "tree_manager_containers"):
        local.tree_manager_containers = {}
        local.tree_manager_locks = defaultdict(threading.Lock)


def _prompt_chars(request: GenerationRequest) -> int:
    return sum(len(m.get("content", "")) for m in request.messages) + len(request.prefill)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else ""
