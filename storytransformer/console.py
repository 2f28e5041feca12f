"""Where output goes: results on stdout, progress and messages on stderr (so --json stays clean)."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

stdout = Console()
stderr = Console(stderr=True)
# Not a terminal (a log, a pipe, CI): rich would hard-wrap every line at 80 columns, cutting
# paths and words in two. There, a message stays one line, whatever its length; tables keep
# their own column layout. On a terminal rich wraps at word boundaries.
for _console in (stdout, stderr):
    _console.soft_wrap = not _console.is_terminal


def progress(transient: bool = False):
    """A rich progress bar on stderr, shared by every long-running command.

    Disabled when stderr is not a terminal (CI logs, pipes): a redrawn bar is noise there,
    and a stopped one would still leave a stray newline behind."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=transient,
        disable=not stderr.is_terminal,
    )


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, nothing else there."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
