"""Merge progress that tells the truth: per group, with the time left estimated from output
tokens done against output tokens planned.

Why tokens and not groups: groups differ tenfold in size, identical copies finish instantly
without the model, and a batch of 64 groups finishes all at once; a groups-per-second rate
then promises "1 s left" for minutes. Here each model group weighs its planned output tokens
(its budget from the plan), copies weigh nothing, and the rate is measured from the first
model work on. The time left is measured, not planned: answers stop far below their budget
(the examples' run wrote 3,333 of a 10,496-token budget), so a rate of budget units from the
tokens of a batch still in flight promised "~9m02s left" 30 s into a run of 3m13s (a tester's
Jira backlog). Instead: the share of their budget that finished groups really wrote, times the
budget left, is the output still to come, and the tokens generated so far per second of model
work is the rate: time left = (share x budget left - tokens in flight) / rate. Until a model
group has finished there is no share, and the display says so instead of guessing.

On a terminal: one rich bar on stderr. Elsewhere (a log file, CI, a pipe): a plain line when a
tenth of the work is done or every ``interval`` seconds, and a "still working" line when
nothing finishes for that long (a big batch in flight), so a log is never silent for minutes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping


# Share of the planned work done before a time left is shown: 30 s into the examples' run
# (loaded 2-core box) the first tokens of a batch, its prefill time in the rate, gave "~2h29m
# left" for a run of 10.6 min in all.
ETA_FROM = 0.02


def fmt_seconds(seconds: float | None) -> str:
    """3725 -> '1h02m', 125 -> '2m05s', 7 -> '7s', None -> '?'."""
    if seconds is None:
        return "?"
    s = int(round(max(seconds, 0)))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


@dataclass
class ProgressState:
    """Counts and the ETA arithmetic, free of any display (unit-tested as plain data)."""

    groups_total: int
    tokens_planned: int  # output tokens planned for the groups that need the model
    weights: Mapping[str, int] = field(default_factory=dict)  # group id -> planned tokens (0: no model)
    clock: Callable[[], float] = time.monotonic
    groups_done: int = 0
    tokens_done: int = 0
    started: float | None = None  # when model work began (the first model group was sent)
    # Output tokens the engine has generated for groups still in flight (engines that report
    # per decode step: the in-process one). A padded batch of 64 groups finishes all at once;
    # without this the bar would sit still, then jump, and the ETA would wait for it.
    in_flight: int = 0
    # Measured, for the time left: output tokens finished model groups really generated, their
    # planned budget, and tokens generated for groups still in flight (engines that report).
    generated_done: int = 0
    budget_measured: int = 0
    generated_in_flight: int = 0

    def start_model_work(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def group_done(self, group_id: str, generated: int | None = None) -> None:
        """``generated``: output tokens the group's answers really had (None: unknown)."""
        weight = int(self.weights.get(group_id, 0))
        self.groups_done += 1
        self.tokens_done += weight
        # The finished group now counts by its planned weight; what it generated leaves the
        # in-flight count, and the tokens of groups still running (a repair, the rest of the
        # batch) stay, so the bar never moves backwards.
        self.in_flight = max(self.in_flight - weight, 0)
        if weight and generated is not None:
            self.generated_done += max(int(generated), 0)
            self.budget_measured += weight
            self.generated_in_flight = max(self.generated_in_flight - max(int(generated), 0), 0)

    def tokens_generated(self, n: int) -> None:
        self.in_flight += max(int(n), 0)
        self.generated_in_flight += max(int(n), 0)

    @property
    def work_done(self) -> float:
        """Planned tokens of finished groups + tokens generated in flight, the latter capped
        below what is left (answers often stop before their budget: the cap keeps the bar
        from reaching the end before the groups do)."""
        left = max(self.tokens_planned - self.tokens_done, 0)
        return self.tokens_done + min(self.in_flight, 0.99 * left)

    @property
    def fraction(self) -> float:
        if self.tokens_planned:
            return min(self.work_done / self.tokens_planned, 1.0)
        return self.groups_done / self.groups_total if self.groups_total else 1.0

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    def seconds_left(self) -> float | None:
        """None until a model group has finished and ``ETA_FROM`` of the work is done; then
        from measured throughput (see the module docstring)."""
        if self.tokens_done >= self.tokens_planned:
            return 0.0
        elapsed = self.elapsed()
        if not self.budget_measured or self.work_done < ETA_FROM * self.tokens_planned or elapsed <= 0:
            return None  # (ETA_FROM) a rate from the first few tokens is mostly prefill
        share = self.generated_done / self.budget_measured  # of its budget a group really writes
        generated = self.generated_done + self.generated_in_flight
        if generated <= 0:
            return None
        to_come = max(share * (self.tokens_planned - self.tokens_done) - self.generated_in_flight, 0.0)
        return to_come * elapsed / generated

    def line(self) -> str:
        left = self.seconds_left()
        eta = "estimating time left after the first answers" if left is None else f"~{fmt_seconds(left)} left"
        if left is not None and left < 1 and self.groups_done < self.groups_total:
            eta = "the last groups are finishing"  # answers ran longer than measured so far: no "~0s left"
        if self.groups_done >= self.groups_total:
            eta = "done"
        # No token counts here: the budget is not what the model writes (answers stop early;
        # the examples' run wrote 3,333 of a 10,496-token budget), and "9,816/10,496 output
        # tokens" read as tokens generated.
        return (f"merging: {self.groups_done}/{self.groups_total} groups, {self.fraction:.0%} done "
                f"(each group weighed by its output-token budget), {fmt_seconds(self.elapsed())} elapsed, {eta}")


class MergeProgress:
    """``with MergeProgress(state, console) as p: p.model_started(); p.group_done(id)``."""

    def __init__(self, state: ProgressState, console=None, *, interval: float = 30.0,
                 terminal: bool | None = None):
        from storytransformer.console import stderr

        self.state = state
        self.console = console or stderr
        self.terminal = self.console.is_terminal if terminal is None else terminal
        self.interval = interval
        self._bar = None
        self._task = None
        self._last_line = 0.0
        self._last_text = ""
        self._last_tenth = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "MergeProgress":
        if self.terminal:
            self._bar = _rich_bar(self.console)
            self._task = self._bar.add_task("merging groups", total=1.0, state=self.state)
            self._bar.start()
        else:
            self._last_line = time.monotonic()
            self._thread = threading.Thread(target=self._heartbeat, name="merge-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.state.fraction)
            self._bar.stop()
        elif exc[0] is None and self.state.groups_done and self.state.line() != self._last_text:
            self._say(self.state.line())

    def model_started(self) -> None:
        self.state.start_model_work()

    def group_done(self, group_id: str, generated: int | None = None) -> None:
        with self._lock:
            self.state.group_done(group_id, generated)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.state.fraction)
            return
        tenth = int(self.state.fraction * 10)
        if tenth > self._last_tenth or time.monotonic() - self._last_line >= self.interval:
            self._last_tenth = tenth
            self._say(self.state.line())

    def tokens_generated(self, n: int) -> None:
        """Called by the engine per decode step(s), from its own thread of work."""
        with self._lock:
            self.state.tokens_generated(n)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.state.fraction)

    def _say(self, text: str) -> None:
        self._last_line, self._last_text = time.monotonic(), text
        self.console.print(text, highlight=False, markup=False, soft_wrap=True)

    def _heartbeat(self) -> None:
        while not self._stop.wait(min(self.interval, 5.0)):
            if time.monotonic() - self._last_line >= self.interval:
                with self._lock:
                    text = self.state.line()
                self._say(text.replace("merging:", "merging (a batch is in flight):", 1))


class SilentProgress:
    """The same calls as MergeProgress, counting only (no progress wanted: library use, tests)."""

    def __init__(self, state: ProgressState):
        self.state = state

    def __enter__(self) -> "SilentProgress":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def model_started(self) -> None:
        self.state.start_model_work()

    def group_done(self, group_id: str, generated: int | None = None) -> None:
        self.state.group_done(group_id, generated)

    def tokens_generated(self, n: int) -> None:
        self.state.tokens_generated(n)


def _rich_bar(console):
    from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn
    from rich.text import Text

    class Counts(ProgressColumn):
        def render(self, task) -> Text:
            s: ProgressState = task.fields["state"]
            return Text(f"{s.groups_done}/{s.groups_total} groups")

    class Times(ProgressColumn):
        def render(self, task) -> Text:
            s: ProgressState = task.fields["state"]
            left = s.seconds_left()
            return Text(f"{fmt_seconds(s.elapsed())} elapsed, "
                        + ("time left: after the first answers" if left is None else f"~{fmt_seconds(left)} left"))

    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                    Counts(), Times(), console=console, transient=False, refresh_per_second=2)
