"""Load a script of the repository (benchmarks/, docs/) as a module, for the tests that call
its functions (a helper module, not a test file: `from repo_script import load_script`).
The scripts are no package, so they are loaded from their file."""

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(path: str) -> ModuleType:
    """The script at ``path`` (relative to the repository root, "benchmarks/plot_b2b.py"), run
    as a fresh module named after its file; errors as importing it raises them."""
    file = ROOT / path
    spec = importlib.util.spec_from_file_location(file.stem, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
