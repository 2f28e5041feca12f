"""Typed errors. The CLI turns every StoryTransformerError into one line and a non-zero exit;
anything else is a bug and keeps its traceback (shown with -v)."""

from __future__ import annotations


class StoryTransformerError(Exception):
    """A problem the user can fix; ``str(err)`` is the one-line message shown to them."""


class InputError(StoryTransformerError):
    """A story file that cannot be read. Names the file and, when known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class OptionError(StoryTransformerError):
    """A bad command-line option or configuration value; names the option."""

    def __init__(self, option: str, message: str):
        self.option = option
        super().__init__(f"{option}: {message}")


class OutputError(StoryTransformerError):
    """An output file or folder that cannot or must not be written (not ours, read-only, full).
    Names the path."""

    def __init__(self, path: str, message: str):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class ModelError(StoryTransformerError):
    """The model cannot be found, loaded or run (offline hub, missing weights, bad format)."""


class EngineUnavailable(ModelError):
    """The engine stopped working mid-run (a model server that went away): the run stops
    instead of falling back group after group; finished groups are journaled for --resume."""


class UnsupportedError(StoryTransformerError):
    """An explicit choice (attention kernel, quantization) the hardware or install cannot do."""

