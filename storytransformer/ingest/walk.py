"""Find story files under the paths a user gives, and read them, without ever hanging or
reading without end: every file and folder is either returned or reported in one line.

Why each rule:
- Everything is ``lstat``/``stat``-ed before it is opened. A FIFO named ``stories.md`` would
  block ``open()`` forever, and a link to ``/dev/zero`` reads until memory runs out, so
  anything that is not a regular file or a folder (FIFO, socket, character or block device)
  is refused without opening it, and files are opened with ``O_NONBLOCK`` and checked again
  with ``fstat`` (the path may have been swapped between the two calls).
- Symlinks: a link to a file is read (once: the same file reached twice is read once). A
  symlinked *folder* is followed when its target has not been walked yet, so a link to a
  shared folder works and a link back up the tree (a cycle) or a second link to the same
  folder is reported instead of looping. Self-links and link loops (``ELOOP``), dangling
  links and links into ``/dev``, ``/proc`` or ``/sys`` are reported.
- A link found inside a folder whose target (fully resolved) lies outside every folder given
  on the command line is not read (``passwd_link.txt -> /etc/passwd`` put /etc/passwd into
  merged.csv and report.html): the user chose the folders, not what a link in them points to,
  and a backlog folder from a colleague or an archive is not trusted to stay inside itself.
  ``follow_symlinks=True`` (``--follow-symlinks``) reads them. Links that stay inside the
  given folders keep working, and a path given on the command line is read even when it is a
  link (the user named it).
- An unreadable sub-folder is reported (it is not silently skipped).
- A file over ``max_bytes`` is reported with its size and the limit; it is not read.
- Names that are not valid UTF-8 (``os`` hands them over with surrogate escapes) get a
  display name with U+FFFD in place of the bad bytes, so messages, ids and output files can
  always be written; the file itself is still opened by its real name.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_FILE_MB = 512
# Files that commonly sit beside stories and are not stories: skipped without a warning.
QUIET_SKIP = {".gitkeep", ".gitignore", ".ds_store", "thumbs.db", "desktop.ini"}
_SYSTEM_DIRS = ("/dev/", "/proc/", "/sys/")


def max_file_bytes() -> int:
    """The per-file size limit: ``STORYTRANSFORMER_MAX_FILE_MB`` (default 512 MB)."""
    raw = os.environ.get("STORYTRANSFORMER_MAX_FILE_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_FILE_MB
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    return int(mb * 1024 * 1024)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_name(name: str) -> str:
    """A printable, UTF-8-encodable, one-line form of a file name: bytes that are not UTF-8
    become U+FFFD, control characters (a newline in a name) become "?"."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("utf-8", "replace")
    return _CONTROL.sub("?", name)


def _odd_name(name: str) -> str | None:
    """Why a file name is shown differently from what is on disk (None: it is not)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; shown with U+FFFD for the bad bytes"
    if _CONTROL.search(name):
        return "file name contains control characters (e.g. a line break); shown with '?'"
    return None


@dataclass
class Found:
    """A candidate file: its real path (to open), display path (messages, Story.source) and
    id path (relative to the root it was found under)."""

    path: Path
    display: str
    rel: str


@dataclass
class Problem:
    """A file or folder that is not read, and why (one line); ``skipped=False``: a note on a
    file that is read (an odd name)."""

    display: str
    message: str
    skipped: bool = True


@dataclass
class Walk:
    files: list[Found] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_files: set[tuple[int, int]] = field(default_factory=set)
    seen_dirs: set[tuple[int, int]] = field(default_factory=set)
    out_dirs: frozenset[str] = frozenset()  # real paths of this run's --out (own_output.py)
    own_output: list[str] = field(default_factory=list)  # folders of our output, not walked
    roots: tuple[str, ...] = ()  # real paths of the folders given: links may not leave them
    follow_symlinks: bool = False  # --follow-symlinks: read links whose target leaves the roots


def _why_not(path: Path) -> tuple[os.stat_result | None, str | None]:
    """stat() a path (following links) or say in words why it cannot be used."""
    try:
        st = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return None, "symlink loop (following the link leads back to it); not read"
        if err.errno == errno.ENOENT and os.path.islink(path):
            return None, f"broken symlink (target {safe_name(os.readlink(path))} does not exist); not read"
        return None, f"cannot read: {err.strerror or err}"
    if os.path.islink(path):
        target = os.path.realpath(path)
        if target.startswith(_SYSTEM_DIRS) or target in ("/dev", "/proc", "/sys"):
            return None, f"symlink to {safe_name(target)} (a system file, not a story file); not read"
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return st, None
    return None, f"{file_kind(st.st_mode)}, not a regular file; not read"


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, for one-line 'not read' messages (``st_mode`` in)."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def collect(paths, out_dirs=(), follow_symlinks: bool = False) -> Walk:
    """Every candidate file under ``paths`` in a deterministic order, and every problem.
    Sub-folders of this tool's output (our manifest in them, or one of ``out_dirs``) are not
    walked; they are listed in ``Walk.own_output``. A symlink met inside a given folder whose
    target leaves every given folder is a problem ("skipped: symlink leaves the input
    folder -> TARGET"), unless ``follow_symlinks``.

    Raises FileNotFoundError for a given path that does not exist (the caller's one-line
    error); everything below a given path is reported, never raised."""
    from storytransformer.ingest.own_output import real_paths

    paths = list(paths)
    walk = Walk(out_dirs=real_paths(out_dirs), follow_symlinks=follow_symlinks,
                roots=tuple(os.path.realpath(p) for p in paths if os.path.isdir(p)))
    for given in paths:
        p = Path(given)
        if not os.path.lexists(p):
            raise FileNotFoundError(str(given))
        st, why = _why_not(p)
        if why:
            walk.problems.append(Problem(safe_name(str(p)), why))
        elif stat.S_ISDIR(st.st_mode):
            walk.seen_dirs.add((st.st_dev, st.st_ino))
            _walk_dir(walk, p, "")
        else:
            _add_file(walk, p, safe_name(p.name), st)
    # Sorted by id path so ids and duplicate suffixes do not depend on argument order.
    walk.files.sort(key=lambda f: (f.rel, f.display))
    return walk


def _add_file(walk: Walk, path: Path, rel: str, st: os.stat_result) -> None:
    key = (st.st_dev, st.st_ino)
    if key in walk.seen_files:
        return  # the same file named twice (a folder and a file inside it, or a link to it)
    walk.seen_files.add(key)
    walk.files.append(Found(path, safe_name(str(path)), rel))
    odd = _odd_name(path.name)
    if odd:
        walk.problems.append(Problem(safe_name(str(path)), odd + "; read", skipped=False))


def _walk_dir(walk: Walk, root: Path, prefix: str) -> None:
    """Depth-first over one folder tree, iteratively (a deep tree cannot exhaust the stack).
    Real folders are walked first and symlinked folders after them, so a link to a folder
    that is also in the tree is the one reported, never the real folder."""
    stack = [(root, prefix)]
    links: list[tuple[Path, str, tuple[int, int]]] = []
    while stack or links:
        if not stack:
            path, rel, key = links.pop(0)
            if key in walk.seen_dirs:
                walk.problems.append(Problem(safe_name(str(path)), (
                    f"symlinked folder points to {safe_name(os.path.realpath(path))}, which is "
                    "already read (a cycle or a second link); not read again")))
                continue
            walk.seen_dirs.add(key)
            stack.append((path, rel))
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            walk.problems.append(Problem(safe_name(str(folder)),
                                         f"cannot list folder: {err.strerror or err}; not read"))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name.lower() in QUIET_SKIP:
                continue
            path = Path(entry.path)
            child_rel = f"{rel}{safe_name(entry.name)}"
            st, why = _why_not(path)
            if why is None and entry.is_symlink():
                why = _leaves_roots(walk, path)
            if why:
                walk.problems.append(Problem(safe_name(str(path)), why))
            elif not stat.S_ISDIR(st.st_mode):
                _add_file(walk, path, child_rel, st)
            elif _own_output(walk, path):
                continue
            elif entry.is_symlink():
                links.append((path, child_rel + "/", (st.st_dev, st.st_ino)))
            elif (st.st_dev, st.st_ino) not in walk.seen_dirs:  # (a bind mount seen twice)
                walk.seen_dirs.add((st.st_dev, st.st_ino))
                subdirs.append((path, child_rel + "/"))
        stack.extend(reversed(subdirs))


def _leaves_roots(walk: Walk, link: Path) -> str | None:
    """Why a symlink inside a given folder is not followed: its fully resolved target is
    outside every folder given on the command line (None: it stays inside, or
    --follow-symlinks)."""
    if walk.follow_symlinks:
        return None
    target = os.path.realpath(link)
    for root in walk.roots:
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            return None
    return (f"skipped: symlink leaves the input folder -> {safe_name(target)}; "
            "--follow-symlinks to read it")


def _own_output(walk: Walk, folder: Path) -> bool:
    from storytransformer.ingest.own_output import is_own_output

    if is_own_output(folder, walk.out_dirs):
        walk.own_output.append(safe_name(str(folder)))
        return True
    return False


class TooLarge(Exception):
    pass


def read_bytes(path: Path, limit: int) -> bytearray:
    """The file's bytes; refuses what is not a regular file (checked on the open descriptor)
    and anything over ``limit`` bytes. Raises OSError or TooLarge (message = the reason).

    Read into one buffer of the file's size, so the bytes are held once (chunks joined at
    the end would be held twice)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, f"{file_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise TooLarge(_too_large(st.st_size, limit))
        buf = bytearray(st.st_size + 1)  # one byte more: tells a file that grew meanwhile
        total = 0
        with memoryview(buf) as view:
            while total < len(buf):
                n = os.readv(fd, [view[total:]])
                if not n:
                    break
                total += n
        del buf[total:]
        if total > st.st_size:  # it grew while we read: the rest, up to the limit
            while len(buf) <= limit:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                buf += chunk
        if len(buf) > limit:
            raise TooLarge(_too_large(len(buf), limit))
        return buf
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return (f"file is {size / 1048576:,.1f} MB, over the {limit / 1048576:,.0f} MB limit per file; "
            "not read (split it, or raise STORYTRANSFORMER_MAX_FILE_MB)")
