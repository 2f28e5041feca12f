"""Every float option of every command takes only finite numbers in its range (t25 #6, #9):
nan/inf were a traceback (--output-ratio), '$nan' with exit 0 (--kwh-price), or a check
silently off (--grounding nan). Runs the real command group, so a new float option that
forgets FiniteFloat fails here."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.cli.numbers import FiniteFloat


def _float_options():
    for name in main.list_commands(None):
        command = main.get_command(None, name)
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, (FiniteFloat, click.types.FloatParamType)):
                yield name, param


FLOAT_OPTIONS = [(name, p.opts[0], p.type) for name, p in _float_options()]


def test_the_float_options_are_found_and_all_use_finite_float():
    names = {f"{c} {o}" for c, o, _ in FLOAT_OPTIONS}
    assert {"estimate-cost --kwh-price", "merge --grounding", "merge --throughput", "needle --rope-factor"} <= names
    plain = [f"{c} {o}" for c, o, t in FLOAT_OPTIONS if not isinstance(t, FiniteFloat)]
    assert plain == []


@pytest.mark.parametrize("command,option,kind", FLOAT_OPTIONS)
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e999", "-1", "abc"])
def test_nan_inf_and_negative_values_are_one_line_errors_naming_the_option(tmp_path, command, option, kind, value):
    if value == "-1" and kind.min is None:
        pytest.skip("no lower bound")
    r = CliRunner().invoke(main, [command, option, value, "--out" if command != "estimate-cost" else "--json",
                                  *([str(tmp_path / "o")] if command != "estimate-cost" else [])])
    assert r.exit_code == 2, r.output
    error = [line for line in r.output.splitlines() if line.startswith("Error")]
    assert len(error) == 1 and option in error[0], r.output
    assert "Traceback" not in r.output


def test_a_good_value_still_works_and_the_range_ends_are_what_help_says():
    t = FiniteFloat(0, 1, min_open=True)
    assert t.convert("0.5", None, None) == 0.5 and t.convert("1", None, None) == 1.0
    for bad in ("0", "1.0001", "nan"):
        with pytest.raises(click.BadParameter):
            t.convert(bad, None, None)
    r = CliRunner().invoke(main, ["estimate-cost", str(Path(__file__).resolve().parent.parent / "examples" / "stories"), "--tokens-per-second", "nan,5"])
    assert r.exit_code != 0 and "--tokens-per-second" in r.output
