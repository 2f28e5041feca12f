"""Read a haystack file the way ingest reads story files, but only as much as a haystack needs.

Why: ``needle --haystack /dev/zero`` used ``Path.read_text()`` and read until the kernel's
OOM killer stopped the machine (23 GB in under a minute); a FIFO blocked ``open()`` forever;
and a 50 MB one-line file was split and tokenized whole (4.9 GB, minutes) for a 512-token
haystack. So:

- only a regular file is read: a FIFO, socket or device is refused in one line naming the
  path, before it is opened (and again on the open descriptor, opened non-blocking);
- a file is read up to ``budget_chars(ctx)`` bytes: enough text for the longest haystack
  (a shorter source repeats, with a warning, as before);
- one "sentence" longer than ``MAX_PIECE_CHARS`` (a 50 MB line with no full stop) is cut at
  spaces into pieces of that size, so the tokenizer never gets one huge string.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from storytransformer.errors import InputError, OptionError
from storytransformer.ingest.walk import file_kind

# Characters read per haystack token: English runs about 4 characters per token; 16 leaves
# room for long words, URLs and whitespace runs, and 256 KiB covers the spare sentences
# build_body draws after the greedy fill.
CHARS_PER_TOKEN = 16
SPARE_CHARS = 256 * 1024
MAX_PIECE_CHARS = 300  # a long sentence is 150-300 characters; a haystack of 512 tokens holds many


def budget_chars(ctx: int) -> int:
    """How many characters of source text a haystack of ``ctx`` tokens can use, at most."""
    return max(int(ctx), 1) * CHARS_PER_TOKEN + SPARE_CHARS


def check_regular(path: str | os.PathLike, *, dirs: bool = True) -> os.stat_result:
    """stat() ``path``; a FIFO, socket or device (or a folder when ``dirs`` is False) raises
    OptionError('--haystack') in one line, without opening it."""
    try:
        st = os.stat(path)
    except OSError as err:
        why = "no such file or directory" if err.errno == errno.ENOENT else (err.strerror or str(err))
        raise OptionError("--haystack", f"{path}: {why}") from None
    if stat.S_ISREG(st.st_mode) or (dirs and stat.S_ISDIR(st.st_mode)):
        return st
    raise OptionError("--haystack", f"{path}: {file_kind(st.st_mode)}, not a regular file; not read")


def read_head(path: str | os.PathLike, max_chars: int) -> tuple[str, bool]:
    """The first ``max_chars`` bytes of a regular file as UTF-8 text -> (text, cut).

    ``cut``: the file had more. A character split by the cut is dropped; any other byte that is
    not UTF-8 raises InputError naming the file and the byte offset."""
    check_regular(path, dirs=False)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)  # the path may have been swapped since the stat above
        if not stat.S_ISREG(st.st_mode):
            raise OptionError("--haystack", f"{path}: {file_kind(st.st_mode)}, not a regular file; not read")
        chunks, total = [], 0
        while total <= max_chars:
            chunk = os.read(fd, min(1 << 20, max_chars + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    cut = len(data) > max_chars
    data = data[:max_chars]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if not (cut and err.start >= len(data) - 3 and err.reason == "unexpected end of data"):
            raise InputError(str(path), f"not UTF-8 text ({err.reason} at byte {err.start})") from None
        text = data[:err.start].decode("utf-8")
    return text, cut


def split_long(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the last space before the
    limit where there is one (the separator stays at the start of the next piece)."""
    if len(text) <= limit:
        return [text]
    out, start = [], 0
    while len(text) - start > limit:
        at = text.rfind(" ", start + 1, start + limit)
        end = at if at > start else start + limit
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def is_large(path: Path, max_chars: int) -> bool:
    """A regular file bigger than what a haystack reads (read it as plain text, bounded)."""
    try:
        return path.is_file() and path.stat().st_size > max_chars
    except OSError:
        return False
