"""Option parsing shared by several commands."""

from __future__ import annotations

import re

import click

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


def parse_token_count(value: str | int) -> int:
    """'32k' -> 32768, '128K' -> 131072, '1m' -> 1048576, '32768' -> 32768.

    k means 1024 because context windows are powers of two (a "32k" model holds 32768)."""
    if isinstance(value, int):
        return value
    m = _SIZE.match(str(value))
    if not m:
        raise ValueError(f"not a token count: {value!r} (use e.g. 8192, 8k, 128k)")
    number, unit = float(m.group(1)), m.group(2).lower()
    scale = {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    return int(number * scale)


class TokenCount(click.ParamType):
    """Click type for --ctx style options."""

    name = "tokens"

    def convert(self, value, param, ctx):
        try:
            n = parse_token_count(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)
        if n <= 0:
            self.fail("must be positive", param, ctx)
        return n


class TokenCountList(click.ParamType):
    """Comma-separated token counts: '1k,8k,32k'."""

    name = "tokens,..."

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        try:
            return [parse_token_count(v) for v in str(value).split(",") if v.strip()]
        except ValueError as err:
            self.fail(str(err), param, ctx)
