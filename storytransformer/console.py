"""Where output goes: results on stdout, progress and messages on stderr (so --json stays clean)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any

from rich.console import Console

stdout = Console()
stderr = Console(stderr=True)
# Not a terminal (a log, a pipe, CI): rich would hard-wrap every line at 80 columns, cutting
# paths and words in two. There, a message stays one line, whatever its length; tables keep
# their own column layout. On a terminal rich wraps at word boundaries.
for _console in (stdout, stderr):
    _console.soft_wrap = not _console.is_terminal


@contextmanager
def task_bars(enabled: bool):
    """Yields task(description, total) -> advance(n) (or None when not ``enabled``): one
    transient bar per stage on stderr, for library stages that count steps (grouping, relate)."""
    if not enabled:
        yield lambda description, total: None
        return
    with progress(transient=True) as bar:
        def task(description: str, total: int):
            task_id = bar.add_task(description, total=total)
            return lambda n=1: bar.advance(task_id, n)

        yield task


def progress(transient: bool = False):
    """A rich progress bar on stderr, shared by every long-running command.

    When stderr is not a terminal (CI logs, pipes) a redrawn bar is noise: a LogProgress with
    the same calls writes a plain line instead, only for slow tasks (every 30 s while one
    runs, and once at the end of one that took 5 s or more), so a log is never silent for
    minutes and never flooded."""
    if not stderr.is_terminal:
        return LogProgress(stderr)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=transient,
        disable=not stderr.is_terminal,
    )


class LogProgress:
    """The calls of rich.progress.Progress that the commands use, as plain log lines."""

    def __init__(self, console: Console, interval: float = 30.0, report_after: float = 5.0):
        self.console = console
        self.interval, self.report_after = interval, report_after
        self._tasks: dict[int, dict[str, Any]] = {}

    def __enter__(self) -> "LogProgress":
        return self

    def __exit__(self, *exc) -> None:
        self.stop(interrupted=exc[0] is not None)

    def start(self) -> None:
        pass

    def stop(self, interrupted: bool = False) -> None:
        import time

        for t in self._tasks.values():
            if not t["reported_end"] and time.monotonic() - t["start"] >= self.report_after:
                t["reported_end"] = True
                self._say(t, "stopped at " if interrupted else "done ")  # Ctrl-C at 82% is not "done"

    def add_task(self, description: str, total: float | None = None, **_: Any) -> int:
        import time

        now = time.monotonic()
        task_id = len(self._tasks)
        self._tasks[task_id] = {"description": description, "total": total, "completed": 0.0, "start": now,
                                "last": now, "reported_end": False}
        return task_id

    def advance(self, task_id: int, advance: float = 1) -> None:
        self.update(task_id, advance=advance)

    def update(self, task_id: int, *, advance: float | None = None, completed: float | None = None,
               description: str | None = None, total: float | None = None, **_: Any) -> None:
        import time

        t = self._tasks[task_id]
        if description is not None:
            t["description"] = description
        if total is not None:
            t["total"] = total
        if completed is not None:
            t["completed"] = completed
        if advance:
            t["completed"] += advance
        now = time.monotonic()
        if t["total"] and t["completed"] >= t["total"] and not t["reported_end"]:
            t["reported_end"] = True  # finished: one line if it was slow, none if it was quick
            if now - t["start"] >= self.report_after:
                self._say(t, "done ")
        elif now - t["last"] >= self.interval:
            t["last"] = now
            self._say(t, "")

    def _say(self, t: dict[str, Any], prefix: str) -> None:
        import time

        done, total = t["completed"], t["total"]
        count = f"{done:,.0f}/{total:,.0f}" if total else f"{done:,.0f}"
        elapsed = time.monotonic() - t["start"]
        self.console.print(f"{t['description']}: {prefix}{count}, {elapsed:.0f} s", highlight=False, markup=False,
                           soft_wrap=True)


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, nothing else there."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
