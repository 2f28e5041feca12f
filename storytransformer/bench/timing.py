"""Clocks and memory counters that tell the truth on CPU and CUDA.

CUDA work is asynchronous: a host clock around it measures the launch, not the work. On CUDA
we record events on the stream and synchronize before reading them; on CPU a perf_counter
is exact."""

from __future__ import annotations

import gc
import statistics
import time


class DeviceTimer:
    """`with DeviceTimer(device) as t: ...` then `t.seconds`."""

    def __init__(self, device: str):
        self.cuda = str(device).startswith("cuda")
        self.seconds = float("nan")

    def __enter__(self):
        if self.cuda:
            import torch

            self._start = torch.cuda.Event(enable_timing=True)
            self._end = torch.cuda.Event(enable_timing=True)
            self._start.record()
        else:
            self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if self.cuda:
            import torch

            self._end.record()
            torch.cuda.synchronize()
            self.seconds = self._start.elapsed_time(self._end) / 1000.0
        else:
            self.seconds = time.perf_counter() - self._t0
        return False


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def reset_peak(device: str) -> None:
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()


def peak_bytes(device: str) -> tuple[int | None, str]:
    """(peak bytes since the last reset_peak, what the number is)."""
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.synchronize()
        return int(torch.cuda.max_memory_allocated()), "torch.cuda.max_memory_allocated"
    return None, "CPU has no resettable peak counter; see rss_bytes (resident memory after the run)"


def allocated_bytes(device: str) -> int | None:
    if str(device).startswith("cuda"):
        import torch

        return int(torch.cuda.memory_allocated())
    return None


def rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def is_out_of_memory(err: BaseException) -> bool:
    """CUDA's OutOfMemoryError, the CPU allocator's "can't allocate memory": a result of the
    setting, not a bug (the one test: runtime/oom.py)."""
    from storytransformer.runtime.oom import is_out_of_memory as oom

    return oom(err)


def free_memory(device: str) -> None:
    gc.collect()
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.empty_cache()
