"""One Click type for every float option: a finite number in a range.

Why: ``--output-ratio nan`` ended in a traceback, and ``--kwh-price nan``, ``--gpu-watts inf``,
``--grounding nan`` or ``--throughput -3`` were accepted and printed ``$nan`` or switched a
check off without a word: every ``value < 0`` test is False for NaN, and click's FloatRange
lets NaN through. Each float option uses ``FiniteFloat`` so the error names the option.
"""

from __future__ import annotations

import math

import click


class FiniteFloat(click.ParamType):
    """A finite float (no nan/inf) within [min, max]; ``min_open``/``max_open`` exclude the
    bound itself (a rate of 0 tokens/s means nothing)."""

    name = "number"

    def __init__(self, min: float | None = None, max: float | None = None, *, min_open: bool = False,
                 max_open: bool = False):
        self.min, self.max, self.min_open, self.max_open = min, max, min_open, max_open

    def convert(self, value, param, ctx):
        try:
            x = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(x):
            self.fail(f"{value} is not a finite number", param, ctx)
        if self.min is not None and (x < self.min or (self.min_open and x == self.min)):
            self.fail(f"must be {'>' if self.min_open else '>='} {self.min:g}, got {x:g}", param, ctx)
        if self.max is not None and (x > self.max or (self.max_open and x == self.max)):
            self.fail(f"must be {'<' if self.max_open else '<='} {self.max:g}, got {x:g}", param, ctx)
        return x

    def get_metavar(self, param, *args, **kwargs) -> str:  # click 8.1 (param) and 8.2 (param, ctx)
        lo = "" if self.min is None else f"{self.min:g}{'<' if self.min_open else '<='}"
        hi = "" if self.max is None else f"{'<' if self.max_open else '<='}{self.max:g}"
        return f"[{lo}x{hi}]" if lo or hi else "FLOAT"
