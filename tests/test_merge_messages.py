"""Where merge's messages go (real CLI, subprocess so stdout and stderr are apart): a dry
run's plan on stdout, the input's warnings on stderr, in text mode as with --json."""

from __future__ import annotations

import subprocess
import sys


def test_dry_run_warnings_go_to_stderr_in_text_mode(tmp_path):
    (tmp_path / "a.md").write_text("## Export\n\nAs a user, I want to export my data, so that I keep it.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"## Export\n\nAs a user, I want to export my data, so that I keep it.\n"
                                    + b"\x00\x01\x02" * 400)  # binary: skipped with a warning
    res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(tmp_path), "--dry-run",
                          "--group-method", "lexical", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "b.md" in res.stderr and "warning" in res.stderr
    assert "warning" not in res.stdout and "plan:" in res.stdout
