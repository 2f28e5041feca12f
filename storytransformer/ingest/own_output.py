"""Folders of this tool's own output found inside the input are not read again.

`merge evin --out evin/out` puts merged.md, merged.json, merged.csv and traceability.csv
inside the input folder; the next `merge evin --out evin/out2` read them as stories: 2,915
stories in for 41 real (tester report 21). A folder we wrote holds our manifest
(write/out_dir.py's ``.storytransformer.json``); it and the run's own --out folder are skipped
while walking the input, and one note line names them. A folder the user names as an input
path is still read: that is asked for."""

from __future__ import annotations

import os
from pathlib import Path

from storytransformer.write.out_dir import MANIFEST

_SHOWN = 3  # folders named in the note; the rest counted


def is_own_output(folder: Path, out_dirs: frozenset[str]) -> bool:
    """Does ``folder`` hold our manifest, or is it (by real path) one of ``out_dirs``?"""
    return os.path.isfile(folder / MANIFEST) or os.path.realpath(folder) in out_dirs


def real_paths(paths) -> frozenset[str]:
    """The real paths of the given folders (None and missing ones left out)."""
    return frozenset(os.path.realpath(p) for p in paths if p is not None)


def skipped_note(folders: list[str]) -> str:
    """One line naming the skipped folders (the first few, then a count)."""
    shown = ", ".join(folders[:_SHOWN])
    more = f" and {len(folders) - _SHOWN} more" if len(folders) > _SHOWN else ""
    return (f"{len(folders)} folder(s) of this tool's output not read as input ({shown}{more}): "
            f"they hold {MANIFEST} or are this run's --out; earlier results are not stories")
