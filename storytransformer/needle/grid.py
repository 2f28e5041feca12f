"""The test grid: context lengths x needle depths."""

from __future__ import annotations

import re

from storytransformer.parsing import parse_token_count
from storytransformer.errors import OptionError

DEFAULT_DEPTHS = (0.0, 25.0, 50.0, 75.0, 100.0)
DEFAULT_STEPS = 4  # lengths in the default ladder


def default_lengths(ctx: int, steps: int = DEFAULT_STEPS, minimum: int = 512) -> list[int]:
    """A doubling ladder ending at ``ctx``: 8k -> 1k,2k,4k,8k; 32k -> 4k,8k,16k,32k."""
    lengths = {ctx}
    n = ctx
    for _ in range(steps - 1):
        n //= 2
        if n < minimum:
            break
        lengths.add(n)
    return sorted(lengths)


def parse_lengths(value: str | None, ctx: int) -> list[int]:
    if not value:
        return default_lengths(ctx)
    try:
        lengths = sorted({parse_token_count(v) for v in str(value).split(",") if v.strip()})
    except ValueError as err:
        raise OptionError("--lengths", str(err)) from None
    if not lengths:
        raise OptionError("--lengths", "give at least one length, e.g. 1k,4k,8k")
    if lengths[0] <= 0:
        raise OptionError("--lengths", "lengths must be positive")
    if lengths[-1] > ctx:
        raise OptionError("--lengths", f"{fmt_tokens(lengths[-1])} is more than --ctx {fmt_tokens(ctx)}")
    return lengths


_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$")


def parse_depths(value: str | None) -> list[float]:
    """'0,25,50,75,100' or a range 'start:stop:step' ('0:100:10'), in percent of the haystack."""
    if not value:
        return list(DEFAULT_DEPTHS)
    m = _RANGE.match(value)
    try:
        if m:
            start, stop, step = (float(g) for g in m.groups())
            if step <= 0:
                raise OptionError("--depths", "the step of start:stop:step must be positive")
            depths, d = [], start
            while d <= stop + 1e-9:
                depths.append(round(d, 6))
                d += step
        else:
            depths = [float(v.strip().rstrip("%")) for v in value.split(",") if v.strip()]
    except ValueError:
        raise OptionError("--depths", f"not a list of percentages: {value!r} (use e.g. 0,25,50,75,100 "
                                      "or 0:100:10)") from None
    if not depths:
        raise OptionError("--depths", "give at least one depth")
    bad = [d for d in depths if not 0 <= d <= 100]
    if bad:
        raise OptionError("--depths", f"{bad[0]:g} is outside 0..100 (percent of the haystack)")
    return sorted(set(depths))


def fmt_tokens(n: int) -> str:
    """8192 -> '8k', 1536 -> '1.5k', 300 -> '300'."""
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024}k"
    if n >= 1024 and (n * 2) % 1024 == 0:
        return f"{n / 1024:g}k"
    return str(n)


def cell_key(length: int, depth: float) -> str:
    return f"{length}@{depth:g}"
