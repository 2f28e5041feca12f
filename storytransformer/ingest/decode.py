"""Bytes to text, or a reason why a file is not text we can read. Each file's encoding is
found on its own, so one folder may mix UTF-8, UTF-8 with a BOM, UTF-16 and legacy files
(issue 10: a public backlog corpus mixes Windows-1252 and UTF-8-with-BOM files).

Order: ``--encoding`` when given; a BOM (UTF-8, UTF-16, UTF-32); UTF-32 or UTF-16 without a
BOM (ASCII with three of four, or every other, byte NUL); UTF-8 with a few stray NUL bytes
(read as U+FFFD, with a warning; more NULs: a binary file); strict UTF-8 (the common case,
and never wrong when it succeeds); then charset-normalizer (the maintained detector that
ships with requests).

Why prefer Windows-1252 among the detector's ties: for short Western text the detector cannot
tell cp1250 from cp1252 (they decode "café", "’" and "–" the same way) and its tie order
picks cp1250, which turns Italian "città" into "cittŕ". cp1252 is what Windows Notepad and
Excel wrote for English, French, Spanish, German and Italian backlogs; when it is among the
encodings that fit equally well, it is chosen.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class Unreadable(Exception):
    """The file is skipped; ``line`` points at the first bad byte when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to "\n", BOM removed
    encoding: str  # codec name as Python spells it: "utf-8", "utf-8-sig", "cp1252", "utf-16"...
    guessed: bool = False  # chosen by the detector (not a BOM, valid UTF-8 or --encoding)
    # UTF-8 text with a few broken byte sequences (a file cut inside a character, one pasted
    # byte): read as UTF-8 with U+FFFD in their place; (line, count) of the first, for a warning.
    replaced: tuple[int, int] | None = None
    # Text with a few stray NUL bytes (a CSV exported with an empty cell written as NUL, a
    # log pasted with one): the NULs are read as U+FFFD; (line, count) of the first, to warn.
    nuls: tuple[int, int] | None = None
    # UTF-8 text with lines in a legacy code page (mixed_lines.py): (line, encoding) of each
    # line read with a single-byte guess, for one warning each.
    legacy_lines: tuple[tuple[int, str], ...] = ()

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf-8", "utf-8-sig")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Encodings the detector may choose from: legacy single-byte code pages of Windows and ISO,
# and the East Asian multi-byte ones. DOS and Mac code pages are left out: they fit almost
# any bytes and win ties with nonsense ("ôsmart quotesö" from cp852).
# cp1258 (Vietnamese) is left out too: it reads Italian "così" as "coś" with a higher score.
_CANDIDATES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256",
               "cp1257", "iso8859_15", "iso8859_2", "koi8_r", "cp874",
               "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr"]
_PREFERRED = "cp1252"
_LATIN = {"cp1252", "cp1250", "cp1254", "cp1257", "iso8859_15", "iso8859_2", "latin_1"}


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a story file to text (see decode_file). Raises Unreadable."""
    return decode_file(data, encoding).text


def decode_file(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a story file and say how. ``encoding`` forces one codec (``--encoding``).

    Raises Unreadable for an empty file, a binary file, or bytes no encoding fits."""
    if encoding:
        try:
            return Decoded(_normalize(data.decode(encoding)), codecs.lookup(encoding).name)
        except (UnicodeDecodeError, LookupError) as err:
            raise Unreadable(f"cannot decode as {encoding}: {err}") from None
    if not data.strip():
        raise Unreadable(_emptiness(data))
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(_normalize(data.decode(name)), name))
            except UnicodeDecodeError as err:
                raise Unreadable(f"broken {name.upper()} text after its BOM: {err.reason}") from None
    if b"\x00" in data:
        if b"\x00" in data[:8192]:
            try:
                return _checked(_utf16_without_bom(data))
            except Unreadable:
                pass
        stray = _stray_nuls(data)
        if stray is None:
            raise Unreadable("binary file (contains NUL bytes), not a story file")
        return _checked(stray)
    try:
        return _checked(Decoded(_normalize(data.decode("utf-8")), "utf-8"))
    except UnicodeDecodeError as err:
        first_bad = err.start
        cut_at_end = err.reason == "unexpected end of data"  # the file ends inside a character
    if not cut_at_end:
        from storytransformer.ingest.mixed_lines import decode_lines, has_utf8_evidence

        if has_utf8_evidence(data):  # UTF-8 with some lines that are not: line by line
            text, legacy = decode_lines(data)
            return _checked(Decoded(_normalize(text), "utf-8", legacy_lines=legacy))
    mostly = _mostly_utf8(data, first_bad, cut_at_end)
    if mostly is None:
        _refuse_control_bytes(data)
    return _checked(mostly if mostly is not None else _detect(data, first_bad))


# C0 control bytes no text file holds (tab, LF, CR, form feed, vertical tab and the DOS
# end-of-file mark 0x1A excepted). A legacy code page never uses them for letters, so bytes
# that are not UTF-8 and hold more than a few are binary (an encrypted or compressed file
# without a NUL): the detector would otherwise "read" them as cp1252 garbage.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1a")
_NO_CONTROL = bytes.maketrans(b"", b"")


def _refuse_control_bytes(data: bytes) -> None:
    sample = data[:65536]
    count = len(sample) - len(sample.translate(_NO_CONTROL, _CONTROL))
    if count > max(4, len(sample) // 200):
        raise Unreadable(f"binary file ({count} control bytes in its first "
                         f"{len(sample):,} bytes), not a story file")


def _mostly_utf8(data: bytes, first_bad: int, cut_at_end: bool = False) -> Decoded | None:
    """UTF-8 with a few broken sequences, or None. A legacy code page never forms valid
    multi-byte UTF-8 sequences by chance in real text, so a file that holds several of them
    and only a handful of bad bytes is UTF-8 that was damaged (cut mid-character when a
    tracker truncated it, one stray byte): reading it as cp1252 would turn every correct
    "é" into "Ã©". The broken bytes become U+FFFD and the caller warns."""
    text = data.decode("utf-8", errors="replace")
    # U+FFFD the file itself holds is encoded EF BF BD; every other one is a broken sequence.
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    # A file that is valid UTF-8 up to a character cut at its very end is UTF-8 whatever else
    # it holds (a tracker or a copy cut it); otherwise the UTF-8 characters must outnumber
    # the broken sequences. Counted at C speed: this runs for every legacy-encoded file.
    if not cut_at_end:
        if bad > 8:
            return None
        non_ascii = len(text) - len(text.encode("ascii", "ignore"))
        if non_ascii - text.count("\ufffd") < 2 * bad:
            return None
    line = data.count(b"\n", 0, first_bad) + 1
    return Decoded(_normalize(text), "utf-8", replaced=(line, bad))


_MAX_STRAY_NULS = 16


def _stray_nuls(data: bytes) -> Decoded | None:
    """UTF-8 text holding a few NUL bytes (at most 16, or 1% of the file), read with U+FFFD
    for each; None when the rest is not UTF-8 or NULs are common (a binary file)."""
    count = data.count(b"\x00")
    if count > max(_MAX_STRAY_NULS, len(data) // 100):
        return None
    try:
        text = data.replace(b"\x00", "\ufffd".encode()).decode("utf-8")
    except UnicodeDecodeError:
        return None
    line = data.count(b"\n", 0, data.index(b"\x00")) + 1
    return Decoded(_normalize(text), "utf-8", nuls=(line, count))


def _utf16_without_bom(data: bytes) -> Decoded:
    head = data[:8192]
    quads = [head[k::4] for k in range(4)]
    # UTF-32 without a BOM first: three of every four bytes NUL (UTF-16's test passes it too)
    for name, zero in (("utf-32-le", (1, 2, 3)), ("utf-32-be", (0, 1, 2))):
        if len(head) >= 8 and all(quads[k].count(0) > 0.9 * len(quads[k]) for k in zero):
            try:
                return Decoded(_normalize(data.decode(name)), name, guessed=True)
            except UnicodeDecodeError:
                break
    for name, nuls in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if nuls.count(0) > 0.9 * len(nuls):  # ASCII text stored as UTF-16, BOM missing
            try:
                return Decoded(_normalize(data.decode(name)), name, guessed=True)
            except UnicodeDecodeError:
                break
    raise Unreadable("binary file (contains NUL bytes), not a story file")


def _detect(data: bytes, first_bad: int) -> Decoded:
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    results = from_bytes(data, cp_isolation=_CANDIDATES)
    best = results.best()
    if best is None:
        line = data.count(b"\n", 0, first_bad) + 1
        raise Unreadable(
            f"not UTF-8 (byte 0x{data[first_bad]:02x}) and no known encoding fits; file "
            "skipped — save it as UTF-8 or pass --encoding", line)
    name = best.encoding
    ties = [r for r in results
            if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.1]
    # Only a Latin-script guess is swapped for cp1252: a tie with Shift-JIS or cp1251 text
    # is the detector being unsure between scripts, and there its best guess is better.
    if name in _LATIN and any(_PREFERRED in r.could_be_from_charset for r in ties):
        name = _PREFERRED
    try:
        text = data.decode(name)
    except UnicodeDecodeError:  # the detector reads with replacement in places; we do not
        name, text = best.encoding, str(best)
    return Decoded(_normalize(text), codecs.lookup(name).name, guessed=True)


def _checked(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise Unreadable(_emptiness(decoded.text))
    return decoded


def _emptiness(content) -> str:
    """'empty file' for no bytes at all; a file of blanks says what it holds instead (a 5 MB
    file of blank lines is not "empty" to the person who sees its size)."""
    if not content:
        return "empty file"
    return "only blank lines" if content.count("\n" if isinstance(content, str) else b"\n") else "only whitespace"


# Line breaks other than CR/LF that Python's splitlines() and many editors honour: vertical tab,
# form feed, file/group/record separators, NEL, LINE and PARAGRAPH SEPARATOR. Left in, two
# stories separated by one of them would read as one line, hence one story.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _normalize(text: str) -> str:
    # One newline convention so line numbers match what editors show.
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _OTHER_BREAKS.sub("\n", text) if _OTHER_BREAKS.search(text) else text
