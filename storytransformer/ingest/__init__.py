"""Read a folder (or files) of user stories in the formats teams really have.

    corpus = ingest_paths(["stories/"])         # -> Corpus(stories, warnings, files)

Files are found recursively in sorted order (hidden files and folders skipped), decoded
(UTF-8, UTF-8 with BOM, UTF-16 with BOM), their format chosen by extension and content, and
read by one module per format. Problems become IngestWarnings naming file:line and the run
goes on; ``strict=True`` raises InputError at the first one instead.

Reading is bounded and total (walk.py): every file and folder is read or reported in one
line; FIFOs, devices, sockets, symlink loops and links into /dev are refused without being
opened; files over the size limit are reported; a symlinked folder is followed once unless
it leads back into the tree; a link whose target leaves the given folders is reported, not
read (``follow_symlinks=True`` reads it). What leaves here is valid Unicode (sanitize.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from storytransformer.errors import InputError
from storytransformer.ingest.context import FileContext
from storytransformer.ingest.conservation import check_file
from storytransformer.ingest.decode import Unreadable, decode_file
from storytransformer.ingest.formats import BY_EXTENSION, sniff
from storytransformer.ingest.ids import dedupe_ids
from storytransformer.ingest.office_files import office_hint
from storytransformer.ingest.strict_stop import strict_error
from storytransformer.ingest.sanitize import clean_parent, clean_stories, clean_warning
from storytransformer.ingest.walk import QUIET_SKIP, Problem, TooLarge, collect, max_file_bytes, read_bytes
from storytransformer.stories import Corpus, IngestWarning

__all__ = ["ingest_paths", "read_text", "READERS"]


def _readers():
    from storytransformer.ingest.csv_export import read_csv
    from storytransformer.ingest.gherkin import read_gherkin
    from storytransformer.ingest.json_docs import read_json, read_jsonl
    from storytransformer.ingest.markdown import read_markdown

    return {"markdown": read_markdown, "text": read_markdown, "csv": read_csv,
            "json": read_json, "jsonl": read_jsonl, "gherkin": read_gherkin}


READERS = _readers()
_QUIET_SKIP = QUIET_SKIP  # the old name, kept for callers


BIG_FILE_BYTES = 16 * 1024 * 1024  # a file this big takes seconds to read: said in a log before it starts


def _say_if_big(path, display: str) -> None:
    """In a log (no progress bar), one line before a big file is read, so a minute of reading
    is not a minute of silence (t25: estimate-cost on 58 MB said nothing for minutes)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size >= BIG_FILE_BYTES:
        from storytransformer.console import stderr

        stderr.print(f"reading {display} ({size / 1048576:,.1f} MB)...", highlight=False, markup=False,
                     soft_wrap=True)


def ingest_paths(paths: Iterable[str | os.PathLike], *, strict: bool = False,
                 progress: bool = False, encoding: str | None = None,
                 out_dirs: Iterable[str | os.PathLike | None] = (),
                 follow_symlinks: bool = False) -> Corpus:
    """Read every story file under ``paths`` (files or folders) into a Corpus. Sub-folders
    holding this tool's output (its manifest, or one of ``out_dirs``: the run's --out) are
    not read; one note names them (ingest/own_output.py).

    Ids: the tracker key where the source has one, else ``<path relative to the root>#<n>``
    (n = 1-based ordinal of the story in its file). Duplicate ids get ``~2``, ``~3``... in
    deterministic file order, with a warning. ``encoding`` forces one encoding for every file.
    ``follow_symlinks``: also read links inside the given folders whose target leaves them
    (by default they are reported as not read; walk.py says why).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not an iterable of characters
    files, problems = _collect(paths, out_dirs, follow_symlinks)
    corpus = Corpus()
    for problem in problems:
        if strict and problem.skipped:
            raise strict_error(problem.display, problem.message)
        corpus.warnings.append(IngestWarning(problem.display, None, problem.message, problem.skipped))
    stories = []
    limit = max_file_bytes()

    bar = None
    wanted = bool(progress)  # progress asked for (a bar on a terminal, else lines for big files)
    if progress and files:
        from storytransformer.console import progress as make_progress
        from storytransformer.console import stderr

        progress = stderr.is_terminal  # a bar in a log file or a pipe is only noise
    if progress and files:
        bar = make_progress(transient=True)
        bar.start()
        task = bar.add_task("Reading story files", total=len(files))
    say_big = wanted and bar is None  # a log: no bar, a line per big file
    try:
        for path, display, rel in files:
            if say_big:
                _say_if_big(path, display)
            ctx = _read_one(path, display, rel, strict, encoding, limit)
            clean, fixed = clean_stories(ctx.stories)
            if fixed and strict:
                raise strict_error(fixed[0].path, fixed[0].message, fixed[0].line)
            corpus.warnings.extend(clean_warning(w) for w in ctx.warnings)
            corpus.warnings.extend(fixed)
            corpus.parents.extend(clean_parent(p) for p in ctx.parents)
            if ctx.ledger is not None:
                corpus.ledgers.append(ctx.ledger)
            stories.extend(clean)
            if not any(w.skipped for w in ctx.warnings):
                corpus.files.append(display)
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()

    corpus.stories, dup_warnings = dedupe_ids(stories)
    if dup_warnings and strict:
        w = dup_warnings[0]
        raise strict_error(w.path, w.message, w.line)
    corpus.warnings.extend(dup_warnings)
    return corpus


def read_text(text: str, *, format: str, name: str = "<text>", strict: bool = False) -> Corpus:
    """Read stories from a string (tests, stdin, other tools)."""
    from storytransformer.ingest.decode import _normalize

    ctx = FileContext(display=name, rel=name, format=format, strict=strict)
    text = _normalize(text)
    READERS[format](text, ctx)
    ledger = check_file(ctx, text)
    clean, fixed = clean_stories(ctx.stories)  # valid Unicode out, as from files
    stories, dup = dedupe_ids(clean)
    return Corpus(stories=stories, warnings=[clean_warning(w) for w in ctx.warnings] + fixed + dup,
                  files=[name],
                  parents=ctx.parents, ledgers=[ledger])


def _collect(paths, out_dirs=(), follow_symlinks: bool = False):
    """(path, display path, id path) for every candidate file in a deterministic order, and
    the problems met on the way (walk.Problem: not read, one line each; our own output
    folders in one note, not an error even with --strict)."""
    try:
        walk = collect(paths, out_dirs, follow_symlinks)
    except FileNotFoundError as err:
        raise InputError(str(err), "no such file or directory") from None
    problems = walk.problems
    if walk.own_output:
        from storytransformer.ingest.own_output import skipped_note

        problems = [Problem(walk.own_output[0], skipped_note(walk.own_output), skipped=False),
                    *problems]
    return [(f.path, f.display, f.rel) for f in walk.files], problems


def _read_one(path: Path, display: str, rel: str, strict: bool, encoding: str | None,
              limit: int | None = None):
    fmt_guess = BY_EXTENSION.get(path.suffix.lower(), "text")
    ctx = FileContext(display=display, rel=rel, format=fmt_guess, strict=strict)
    try:
        data = read_bytes(path, max_file_bytes() if limit is None else limit)
    except OSError as err:
        ctx.warn(None, f"cannot read: {err.strerror or err}; not read", skipped=True)
        return ctx
    except TooLarge as err:
        ctx.warn(None, str(err), skipped=True)
        return ctx
    hint = office_hint(path.suffix, data)  # an .xlsx or .docx: say how to export it
    if hint is not None:
        ctx.warn(None, hint, skipped=True)
        return ctx
    try:
        decoded = decode_file(data, encoding)
    except Unreadable as err:
        ctx.warn(err.line, str(err), skipped=True)
        return ctx
    text, ctx.encoding, ctx.encoding_guessed = decoded.text, decoded.encoding, decoded.guessed
    if encoding:  # a forced encoding that garbles this file: say so (ingest/forced_encoding.py)
        from storytransformer.ingest.forced_encoding import mismatch

        found = mismatch(data, encoding, text)
        if found:
            ctx.warn(*found)
    if decoded.replaced:
        line, count = decoded.replaced
        ctx.warn(line, f"{count} byte sequence(s) that are not valid UTF-8 (first here) read as U+FFFD; "
                       "the rest of the file is UTF-8")
    if decoded.legacy_lines:
        from storytransformer.ingest.mixed_lines import warn_legacy_lines

        warn_legacy_lines(ctx, decoded.legacy_lines)
    if decoded.nuls:
        line, count = decoded.nuls
        ctx.warn(line, f"{count} NUL byte(s) (first here) read as U+FFFD; the rest of the file "
                       "is text")
    del data  # the bytes are not needed once decoded: peak memory is one copy less
    fmt = sniff(path.suffix, text)
    if fmt is None:
        ctx.warn(None, f"not a story file (unknown type {path.suffix or 'without extension'} "
                       "and no 'As a … I want …' inside); skipped", skipped=True)
        return ctx
    ctx.format = fmt
    READERS[fmt](text, ctx)
    ctx.ledger = check_file(ctx, text)  # every line in one story or reported (issue 10)
    if not ctx.stories and not ctx.warnings:
        ctx.warn(None, "no stories found in this file")
    return ctx
