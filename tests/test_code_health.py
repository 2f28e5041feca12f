"""Gates on the code itself, so a newcomer's change keeps the tree easy to change: CI runs the
README's test command (lint included), library packages never import the CLI, and no function
in the package grows past one screen."""

import ast
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


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts), path.name == "__init__.py"


def _imported(tree: ast.AST, module: str, is_package: bool):
    """Every module an import statement names (at any depth: lazy imports in functions count),
    relative imports resolved, with the line it is on."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            yield base, node.lineno
            for alias in node.names:  # `from storytransformer import cli`
                yield f"{base}.{alias.name}", node.lineno


def test_no_library_package_imports_the_cli():
    """The CLI sits on top: library packages (needle, runtime, ingest, ...) never import it,
    so they can be used without Click and a change to a command cannot break the library.
    Only the CLI itself and `python -m storytransformer` (__main__) may."""
    offenders = []
    for path, module, is_package in _modules():
        if module.startswith("storytransformer.cli") or module == "storytransformer.__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line in _imported(tree, module, is_package):
            if name == "storytransformer.cli" or name.startswith("storytransformer.cli."):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_the_import_walk_sees_relative_and_lazy_imports():
    """The check above must be able to fail: it finds a relative, function-level import."""
    tree = ast.parse("def f():\n    from ..cli import options\n")
    names = {n for n, _ in _imported(tree, "storytransformer.needle.run", is_package=False)}
    assert "storytransformer.cli.options" in names


MAX_FUNCTION_LINES = 80
# Being split into named steps (issue 16) while other work on these files lands; each entry
# goes when its function is split. Nothing may be added here: split the function instead.
TOO_LONG_FOR_NOW: set[str] = set()


def _function_lengths(node: ast.AST, prefix: str = ""):
    """(qualified name, lines from def to last line, docstring included) of every function in
    `node`, nested ones and methods too."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = prefix + child.name
            if not isinstance(child, ast.ClassDef):
                yield name, child.end_lineno - child.lineno + 1
            yield from _function_lengths(child, name + ".")
        else:
            yield from _function_lengths(child, prefix)


def _long_functions(limit: int) -> dict[str, int]:
    """'path::Class.function' -> lines, for every function in the package over `limit` lines."""
    found = {}
    for path, _, _ in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(ROOT).as_posix()
        found.update({f"{rel}::{name}": n for name, n in _function_lengths(tree) if n > limit})
    return found


def test_no_function_in_the_package_is_longer_than_one_screen():
    too_long = {k: n for k, n in _long_functions(MAX_FUNCTION_LINES).items() if k not in TOO_LONG_FOR_NOW}
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps): {too_long}"


def test_the_allowance_for_long_functions_only_shrinks():
    """An entry of TOO_LONG_FOR_NOW that is short now (split, or gone) must be removed, so the
    allowance cannot hide a function that grows back."""
    long_now = _long_functions(MAX_FUNCTION_LINES)
    stale = sorted(k for k in TOO_LONG_FOR_NOW if k not in long_now)
    assert not stale, f"remove from TOO_LONG_FOR_NOW: {stale}"
