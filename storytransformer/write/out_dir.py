"""The output folder: ours to write, writable, with room, checked before any model loads.

A folder holds a manifest (``.storytransformer.json``) once this tool has written there; it
lists the files written with their SHA-256. So:

- a non-empty folder without our manifest is the user's: refused unless --force;
- an output file the user changed after we wrote it (or put there under our name) is refused
  unless --force, so an edited merged.md survives a rerun;
- a journal (saved progress) is never deleted without --force: a rerun without --resume
  stops with one line naming both ways on;
- writability (create + fsync + delete a probe file) and free space are checked here, so a
  read-only, unwritable or full target is one line before the model is loaded.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Sequence

from storytransformer.errors import OutputError

MANIFEST = ".storytransformer.json"
# Output bytes per input byte, with room: the outputs and journal of examples/stories (108 KiB)
# took 5.9x (639 KiB; `merge examples/stories` with tests/scripted_engine.py, modes good,separate,
# 2026-11-30, build machine). 16x leaves room for bigger merges and a second journal.
OUTPUT_PER_INPUT = 16
MIN_FREE_BYTES = 16 * 1024 * 1024


def describe_os_error(err: OSError) -> str:
    """The reason of an OSError in a few words (no errno numbers)."""
    names = {errno.ENOSPC: "no space left on the device", errno.EROFS: "read-only file system",
             errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
             errno.EDQUOT: "disk quota exceeded", errno.ENOTDIR: "not a folder",
             errno.EEXIST: "exists and is not a folder"}
    return names.get(err.errno, err.strerror or str(err) or type(err).__name__)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict | None:
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "storytransformer" else None


def write_manifest(out_dir: Path, files: Iterable[str]) -> None:
    """Record what this tool wrote into ``out_dir`` (name -> sha256)."""
    from storytransformer import __version__

    out_dir = Path(out_dir)
    old = (read_manifest(out_dir) or {}).get("files", {})
    entries = dict(old)
    for name in files:
        path = out_dir / name
        if path.is_file():
            entries[name] = sha256_file(path)
    data = {"tool": "storytransformer", "version": __version__, "files": entries}
    tmp = out_dir / (MANIFEST + ".tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, out_dir / MANIFEST)
    except OSError as err:
        raise OutputError(str(out_dir / MANIFEST), f"cannot write: {describe_os_error(err)}") from None


def prepare_out_dir(out_dir: str | Path, *, outputs: Sequence[str], journal: str, resume: bool, force: bool,
                    need_bytes: int = 0) -> None:
    """Check (and create) ``out_dir`` for a merge. Raises OutputError (one line naming the path
    and the way on); with ``force`` and no ``resume`` an old journal is deleted here."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(str(out_dir), "exists and is not a folder; choose another --out")
    _check_ownership(out_dir, outputs, journal, resume, force)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(str(err.filename or out_dir), f"cannot create the output folder: "
                                                       f"{describe_os_error(err)}") from None
    _probe_writable(out_dir)
    _check_space(out_dir, need_bytes)
    manifest = read_manifest(out_dir)
    if manifest is None:
        write_manifest(out_dir, [])
    if force and not resume and (out_dir / journal).exists():
        (out_dir / journal).unlink()


def _check_ownership(out_dir: Path, outputs: Sequence[str], journal: str, resume: bool, force: bool) -> None:
    if force or not out_dir.is_dir():
        return
    try:
        entries = sorted(p.name for p in out_dir.iterdir())
    except OSError as err:
        raise OutputError(str(out_dir), f"cannot list the output folder: {describe_os_error(err)}") from None
    # Our journal and our own hidden files are no sign of a user's folder (a run killed before
    # the manifest existed leaves just the journal).
    foreign = [e for e in entries if e != journal and not e.startswith(".storytransformer")
               and not any(e.startswith(f".{o}.") for o in outputs)]  # atomic_write's temp files
    manifest = read_manifest(out_dir)
    if manifest is None and foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        if _older_run(out_dir):
            raise OutputError(str(out_dir), f"holds a run of an older storytransformer without a manifest ({shown}), "
                                            "so edits to its files cannot be told apart; add --force to write there, "
                                            "or choose a new --out")
        raise OutputError(str(out_dir), f"holds files this tool did not write ({shown}); choose an empty or "
                                        "new --out, or add --force to write there anyway")
    ours = (manifest or {}).get("files") or {}
    for name in outputs:
        path = out_dir / name
        if path.is_file() and (name not in ours or ours[name] != sha256_file(path)):
            raise OutputError(str(path), "was changed or put there after this tool wrote the folder; move it, "
                                         "choose another --out, or add --force to overwrite it")
    if (out_dir / journal).exists() and not resume:
        if "merged.json" in ours and (out_dir / "merged.json").is_file():  # outputs are written last: it finished
            raise OutputError(str(out_dir), "holds a finished run (merged.md, merged.json, ... and its saved "
                                            "progress): choose a new --out to merge again, or add --force to start "
                                            "over here (its outputs are overwritten, its saved progress deleted)")
        raise OutputError(str(out_dir / journal), "holds the saved progress of an earlier run: add --resume to "
                                                  "continue it, or --force to start over (deletes it)")


def _older_run(out_dir: Path) -> bool:
    try:
        meta = json.loads((out_dir / "merged.json").read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(meta, dict) and str(meta.get("tool", "")).startswith("storytransformer")


def _probe_writable(out_dir: Path) -> None:
    probe = out_dir / f".storytransformer-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:
        raise OutputError(str(out_dir), f"cannot write here: {describe_os_error(err)}") from None
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def _check_space(out_dir: Path, need_bytes: int) -> None:
    need = max(int(need_bytes), MIN_FREE_BYTES)
    try:
        free = shutil.disk_usage(out_dir).free
    except OSError:
        return  # cannot tell: the write itself will say
    if free < need:
        raise OutputError(str(out_dir), f"only {free / 2**20:.1f} MiB free, the outputs need about "
                                        f"{need / 2**20:.1f} MiB; free some space or choose another --out")


def check_jsonl_target(path: Path, force: bool) -> None:
    """`ingest --out FILE`: an existing file is replaced only when it is one this tool wrote
    (JSON Lines of stories: each line an object with id, source and text) or with --force."""
    path = Path(path)
    if force or not path.exists():
        return
    if not path.is_file():
        raise OutputError(str(path), "exists and is not a file; choose another --out")
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline(1 << 20)
        ours = path.stat().st_size == 0 or {"id", "source", "text"} <= set(json.loads(first))
    except (OSError, ValueError, TypeError):
        ours = False
    if not ours:
        raise OutputError(str(path), "exists and was not written by `storytransformer ingest`; choose another "
                                     "--out or add --force to replace it")


def input_bytes(paths: Iterable[str | Path]) -> int:
    """Total size of the story files under ``paths`` (for the space check; links not followed)."""
    total = 0
    for p in paths:
        p = Path(p)
        try:
            if p.is_file():
                total += p.stat().st_size
            elif p.is_dir():
                for root, _dirs, files in os.walk(p):
                    for f in files:
                        try:
                            total += os.lstat(os.path.join(root, f)).st_size
                        except OSError:
                            pass
        except OSError:
            pass
    return total
