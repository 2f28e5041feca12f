"""Merge progress that tells the truth: per group, the share done counted from finished groups
only, and the time left estimated from finished model groups only.

Why planned output tokens and not groups: groups differ tenfold in size, identical copies
finish instantly without the model, and a batch of 64 groups finishes all at once. Each model
group weighs its planned output tokens (its budget from the plan), copies weigh nothing.

The percent counts finished groups' weight, never tokens of groups still in flight: counting
those (capped at 99% of what was left) printed "100% done" with 3 of 12 groups still running
(a tester's resumed run, 2m30s of 3m). Tokens generated in flight are shown beside it, as
such, so a long batch is still seen to move. The percent is rounded down and reaches 100% only
when every group is done.

The time left comes from finished model groups: the seconds of model work up to the last
finished group per unit of their planned budget, times the budget left, less the time since
that group finished. Answers stop far below their budget, but finished and unfinished groups
are measured in the same budget units, so that cancels. Until a model group has finished
there is nothing to measure, and the display says so. When the remaining groups take longer
than that estimate (a padded batch waits for its longest answer; a repair call doubles a
group), the display says the rest is taking longer than measured instead of counting down to
a falsely small number: a tester saw "~17s left" two minutes before the end from a rate of
tokens in flight.

On a terminal: one rich bar on stderr. Elsewhere (a log file, CI, a pipe): a plain line when a
tenth of the work is done or every ``interval`` seconds, and a "still working" line when
nothing finishes for that long (a big batch in flight), so a log is never silent for minutes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping


# Share of the planned work in finished groups before a time left is shown: the pace of one
# tiny first group (its prefill most of it) says little about the rest; 30 s into the examples'
# run (loaded 2-core box) such a rate gave "~2h29m left" for a run of 10.6 min in all.
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
    tokens_done: int = 0  # planned tokens of finished groups
    started: float | None = None  # when model work began (the first model group was sent)
    # Output tokens the engine has generated for groups still in flight (engines that report
    # per decode step: the in-process one): shown as such, never counted as work done.
    in_flight: int = 0
    resumed: int = 0  # groups an earlier run finished (read from its journal), not in groups_total
    last_done: float | None = None  # when the last model group finished (the clock's time)
    model_done_at: float = 0.0  # seconds of model work up to the last finished model group

    def start_model_work(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def group_done(self, group_id: str, generated: int | None = None) -> None:
        """``generated``: output tokens the group's answers really had (None: unknown); they
        leave the in-flight count."""
        weight = int(self.weights.get(group_id, 0))
        self.groups_done += 1
        self.tokens_done += weight
        if generated is not None:
            self.in_flight = max(self.in_flight - max(int(generated), 0), 0)
        if weight and self.started is not None:
            self.last_done = self.clock()
            self.model_done_at = self.last_done - self.started
        if self.groups_done >= self.groups_total:
            self.in_flight = 0

    def tokens_generated(self, n: int) -> None:
        self.in_flight += max(int(n), 0)

    @property
    def fraction(self) -> float:
        """Share of the planned work in finished groups; below 1.0 while a group is left."""
        if self.groups_done >= self.groups_total:
            return 1.0
        done = self.tokens_done / self.tokens_planned if self.tokens_planned else \
            self.groups_done / max(self.groups_total, 1)
        return min(done, 0.99)

    @property
    def percent(self) -> int:
        """The fraction in whole percent, rounded down (99.6% is not "100% done")."""
        return int(self.fraction * 100 + 1e-9)

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    def _estimate(self) -> float | None:
        """Seconds left by the finished model groups' pace, from the last one's finish (may be
        <= 0: the rest is taking longer); None before a model group finished or before
        ``ETA_FROM`` of the work."""
        if self.last_done is None or self.model_done_at <= 0 or not self.tokens_done:
            return None
        if self.tokens_done < ETA_FROM * self.tokens_planned:
            return None  # one tiny group's pace says little about the rest
        pace = self.model_done_at / self.tokens_done  # seconds per planned token, finished groups
        return pace * (self.tokens_planned - self.tokens_done) - (self.clock() - self.last_done)

    def seconds_left(self) -> float | None:
        """0.0 when every group is done; None while there is no honest estimate (no model group
        finished yet, or the rest is already taking longer than the finished groups' pace)."""
        if self.groups_done >= self.groups_total or self.tokens_done >= self.tokens_planned:
            return 0.0
        left = self._estimate()
        return left if left is not None and left >= 1 else None

    def eta_text(self) -> str:
        """"~1m40s left", "done", or why no time is given."""
        if self.groups_done >= self.groups_total:
            return "done"
        left = self.seconds_left()
        if left is not None and left > 0:
            return f"~{fmt_seconds(left)} left"
        if self._estimate() is not None:
            # the finished groups' pace is used up: "~0s left" for minutes is what not to say
            return "the rest is taking longer than the finished groups did"
        if self.tokens_done >= self.tokens_planned and self.tokens_planned:
            return "the last groups are finishing"
        return "estimating time left after the first answers"

    def line(self) -> str:
        # No token budget here: it is not what the model writes (answers stop early; the
        # examples' run wrote 3,333 of a 10,496-token budget), and "9,816/10,496 output tokens"
        # read as tokens generated. Tokens generated in flight are real: said as such.
        flight = f", {self.in_flight:,} tokens generated for groups in flight" if self.in_flight else ""
        if self.resumed:  # every figure of the line counts this run; the earlier run's said apart
            return (f"merging: {self.groups_done}/{self.groups_total} groups of this run, {self.percent}% of this "
                    f"run's work done (finished groups, each weighed by its output-token budget){flight}, "
                    f"{fmt_seconds(self.elapsed())} elapsed, {self.eta_text()}; an earlier run finished "
                    f"{self.resumed} more ({self.groups_done + self.resumed}/{self.groups_total + self.resumed} "
                    "groups in all)")
        return (f"merging: {self.groups_done}/{self.groups_total} groups, {self.percent}% done "
                f"(finished groups, each weighed by its output-token budget){flight}, "
                f"{fmt_seconds(self.elapsed())} elapsed, {self.eta_text()}")


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
            flight = f", {s.in_flight:,} tokens in flight" if s.in_flight else ""
            return Text(f"{s.groups_done}/{s.groups_total} groups, {s.percent}%{flight}")

    class Times(ProgressColumn):
        def render(self, task) -> Text:
            s: ProgressState = task.fields["state"]
            return Text(f"{fmt_seconds(s.elapsed())} elapsed, {s.eta_text()}")

    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                    Counts(), Times(), console=console, transient=False, refresh_per_second=2)
