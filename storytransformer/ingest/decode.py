"""Bytes to text, or a reason why a file is not text we can read."""

from __future__ import annotations

import codecs


class Unreadable(Exception):
    """The file is skipped; ``line`` points at the first bad byte when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a story file. Tries UTF-8 (with or without BOM), then UTF-16 when it has a BOM.

    Anything else is refused rather than guessed: a wrong guess (latin-1 vs cp1252 vs Mac
    Roman) silently corrupts text that later gets merged; the user can re-save as UTF-8 or
    name the encoding explicitly."""
    if encoding:
        try:
            return _normalize(data.decode(encoding))
        except (UnicodeDecodeError, LookupError) as err:
            raise Unreadable(f"cannot decode as {encoding}: {err}") from None
    if not data.strip():
        raise Unreadable("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalize(data.decode("utf-16"))
        except UnicodeDecodeError as err:
            raise Unreadable(f"broken UTF-16 text: {err.reason}") from None
    if b"\x00" in data[:8192]:
        head = data[:8192]
        for name, nuls in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if nuls.count(0) > 0.9 * len(nuls):  # ASCII text stored as UTF-16, BOM missing
                raise Unreadable(f"looks like {name.upper()} text without a BOM; file skipped "
                                 f"— pass --encoding {name}")
        raise Unreadable("binary file (contains NUL bytes), not a story file")
    try:
        text = data.decode("utf-8-sig")  # also plain UTF-8; strips a BOM (Excel CSV exports)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise Unreadable(
            f"not UTF-8 (byte 0x{data[err.start]:02x}); file skipped — save it as UTF-8 "
            "or pass --encoding (e.g. cp1252)", line) from None
    if not text.strip():
        raise Unreadable("empty file")
    return _normalize(text)


def _normalize(text: str) -> str:
    # One newline convention so line numbers match what editors show.
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
