"""MiniLM on a CPU: whole batches on parallel threads of one core each.

torch splits every operation of a batch across its OpenMP threads, which meet at a barrier
after each operation. Where cores are shared (a CI runner, a laptop in use, the build machine
with six other jobs), one descheduled thread stalls the others at every barrier: on the shared
2-core build machine at load 6-7, 600 story texts took 22-37 s wall and 8-12 s CPU with two
OpenMP threads, 8-9 s wall and ~3 s CPU with one. Whole batches on separate threads, each
with one OpenMP thread (torch releases the GIL inside each operation), use every core with
no barrier between them: 7.5-8 s there, and on an idle machine they add up. A batch runs
start to end on one thread, so its vectors do not depend on how the threads were scheduled.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence

MAX_WORKERS = 8  # beyond this the Python glue between operations (under the GIL) dominates


def cpu_workers() -> int:
    """Threads to embed with: one per core this process may use, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def encode_batches(model, batches: Iterable[Sequence[str]], workers: int) -> Iterator:
    """float32 arrays (len(batch), dim), one per batch, in order; not normalised beyond what
    the model's own modules do. ``model``: a SentenceTransformer on the CPU."""
    import torch

    lock = threading.Lock()
    # sentence-transformers >= 5.2 calls it preprocess; tokenize before (and deprecated since).
    prepare = getattr(model, "preprocess", None) or model.tokenize

    def one(batch: Sequence[str]):
        torch.set_num_threads(1)  # this thread's OpenMP pool: one core, no barrier to wait at
        with lock:  # a fast tokenizer must not be entered from two threads at once
            features = prepare(list(batch))
        with torch.inference_mode():
            out = model(features)["sentence_embedding"]
        return out.float().numpy()

    saved = torch.get_num_threads()
    try:
        if workers <= 1:
            yield from map(one, batches)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers, thread_name_prefix="embed") as pool:
            yield from pool.map(one, batches)
    finally:
        torch.set_num_threads(saved)
