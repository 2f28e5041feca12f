"""Where output goes: results on stdout, progress and messages on stderr (so --json stays clean)."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

stdout = Console()
stderr = Console(stderr=True)


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
