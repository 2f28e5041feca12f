"""Wall and CPU seconds per named step of a stage, for benchmarks and ``-vv`` diagnostics.

    times = StepTimes()
    with times.step("tfidf"):
        ...
    times.as_dict()   # {"tfidf": {"wall_s": 1.2, "cpu_s": 1.1}, ...} in first-seen order

CPU is this process's time (all threads: torch's, BLAS's), so on a shared machine
``cpu_s`` says what the work costs and ``wall_s`` what the user waited.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class StepTimes:
    """Seconds per step; a step entered twice adds up."""

    def __init__(self) -> None:
        self.steps: dict[str, list[float]] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - wall, time.process_time() - cpu)

    def add(self, name: str, wall_s: float, cpu_s: float) -> None:
        total = self.steps.setdefault(name, [0.0, 0.0])
        total[0] += wall_s
        total[1] += cpu_s

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {name: {"wall_s": round(w, 3), "cpu_s": round(c, 3)} for name, (w, c) in self.steps.items()}


@contextmanager
def maybe_step(times: StepTimes | None, name: str) -> Iterator[None]:
    """``times.step(name)``, or nothing when no recorder was passed."""
    if times is None:
        yield
    else:
        with times.step(name):
            yield
