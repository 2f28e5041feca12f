"""--devices is checked when the command line is parsed, with one exact line per mistake: an
empty value or empty item, auto mixed with other devices (auto stands alone), an unknown
device. A device named twice is documented (two copies: cpu,cpu) and accepted. Real CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from storytransformer.cli import main


def _error(tmp_path, value: str):
    (tmp_path / "s.txt").write_text("As a clerk, I want to search invoices so that I find them.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "s.txt"), "--dry-run", "--devices", value])
    lines = [ln for ln in res.output.splitlines() if ln.startswith("Error")]
    return res.exit_code, lines, res.output


@pytest.mark.parametrize("value,says", [
    ("", "empty device"),
    (" , ", "empty device"),
    ("cpu,,cpu", "empty device"),
    ("auto,cpu", "auto stands alone"),
    ("cuda:0,AUTO", "auto stands alone"),
    ("gpu", "unknown device 'gpu'"),
])
def test_bad_devices_are_one_exact_line(tmp_path, value, says):
    code, lines, output = _error(tmp_path, value)
    assert code == 2 and len(lines) == 1, output
    assert "--devices" in lines[0] and says in lines[0], lines[0]
    assert "Traceback" not in output
    if says != "unknown device 'gpu'":
        assert "unknown device 'auto'" not in lines[0]


def test_a_device_named_twice_is_accepted_and_documented(tmp_path):
    code, lines, output = _error(tmp_path, "cpu,cpu")
    assert code == 0 and not lines, output
    help_text = CliRunner().invoke(main, ["merge", "--help"]).output
    assert "named twice" in " ".join(help_text.split())
