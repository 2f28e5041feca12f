"""The story paths a command was given: a missing one is one line naming it, on every
command (``merge nope_dir`` printed Click's usage block with exit 2 while ``ingest nope_dir``
printed one line with exit 1)."""

from __future__ import annotations

import os

from storytransformer.errors import InputError

DEFAULT_PATH = "stories"  # what merge and estimate-cost read when given no path


def check_inputs_exist(paths) -> None:
    """Raise InputError naming the first path in ``paths`` that does not exist (a dangling
    link counts as missing); when it is the default ``stories`` folder taken because no path
    was given, the message says so."""
    paths = [str(p) for p in paths]
    for p in paths:
        if not os.path.exists(p):
            hint = (" (the default; pass the folder of your stories)"
                    if p == DEFAULT_PATH and len(paths) == 1 else "")
            raise InputError(p, f"no such file or directory{hint}")
