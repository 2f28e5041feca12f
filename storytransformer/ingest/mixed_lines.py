"""UTF-8 files with some lines in a legacy single-byte code page: a line pasted from an old
Windows tool, a CSV row appended by Excel. Read line by line: the UTF-8 parts as UTF-8, the
bytes that are not UTF-8 with the best single-byte guess for their line (tester report 20,
item 5: "Geb\\ufffdhren" became U+FFFD and the story was left unparsed).

The guess: the code page whose reading of the line's bad bytes gives letters the rest of the
file already uses in UTF-8 (a Polish file's "ł", "ę" pick cp1250, a Russian file's Cyrillic
cp1251); when the file's own letters do not decide, cp1252 for one to three bad bytes (a
Word quote, a "€", an umlaut: too little for a detector), else charset-normalizer on that
line, with cp1252 preferred among its ties (as decode.py does for whole files)."""

from __future__ import annotations

import codecs

# Single-byte code pages only: a line's few bad bytes are never a multi-byte legacy encoding
# in a file that is otherwise UTF-8. cp1252 first: it wins every tie.
SINGLE_BYTE = ("cp1252", "cp1250", "cp1251", "cp1257", "cp1254", "cp1253", "iso8859_15",
               "iso8859_2", "koi8_r", "cp1255", "cp1256", "cp874")
_LATIN = {"cp1252", "cp1250", "cp1254", "cp1257", "iso8859_15", "iso8859_2"}


def has_utf8_evidence(data: bytes) -> bool:
    """Is ``data`` UTF-8 with some lines that are not? A whole line of valid UTF-8 holding
    non-ASCII letters, and valid multi-byte characters at least a quarter as many as the
    broken sequences. A legacy code page never forms whole lines of valid multi-byte UTF-8 by
    chance in real text (a Shift-JIS or cp1252 file fails both tests: it goes to the
    whole-file detector)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    if non_ascii * 4 < bad:
        return False
    for raw in data.split(b"\n"):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def decode_lines(data: bytes) -> tuple[str, tuple[tuple[int, str], ...]]:
    """(text, ((line, encoding), ...)) for every line that is not valid UTF-8 (1-based)."""
    lines = data.split(b"\n")
    alphabet = _alphabet(data)
    out: list[str] = []
    legacy: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        try:
            out.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        parts, bad = _split(raw)
        enc = _guess(b"".join(bad), raw, alphabet)
        out.append("".join(p.decode("utf-8") if ok else p.decode(enc, errors="replace")
                           for ok, p in parts))
        legacy.append((n, enc))
    return "\n".join(out), tuple(legacy)


def _split(raw: bytes) -> tuple[list[tuple[bool, bytes]], list[bytes]]:
    """The line cut into (is UTF-8, bytes) runs, and its bad runs."""
    parts: list[tuple[bool, bytes]] = []
    bad: list[bytes] = []
    pos = 0
    while pos < len(raw):
        try:
            raw[pos:].decode("utf-8")
            parts.append((True, raw[pos:]))
            break
        except UnicodeDecodeError as err:
            if err.start:
                parts.append((True, raw[pos:pos + err.start]))
            chunk = raw[pos + err.start:pos + err.end]
            if parts and not parts[-1][0]:
                parts[-1] = (False, parts[-1][1] + chunk)
            else:
                parts.append((False, chunk))
            bad.append(chunk)
            pos += err.end
    return parts, bad


def _alphabet(data: bytes) -> set[str]:
    """The non-ASCII characters the file's valid UTF-8 holds (its own letters)."""
    text = data.decode("utf-8", errors="ignore")
    return {ch for ch in set(text) if ord(ch) > 127 and ch.isalpha()}


def _guess(bad: bytes, line: bytes, alphabet: set[str]) -> str:
    best, best_hits = None, 0
    for enc in SINGLE_BYTE:
        try:
            chars = bad.decode(enc)
        except UnicodeDecodeError:
            continue
        hits = sum(ch in alphabet for ch in chars)
        if hits > best_hits:
            best, best_hits = enc, hits
    if best:
        return best
    if len(bad) <= 3:  # a pasted quote, "€" or umlaut: too little for the detector to judge
        try:
            bad.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return _detector_guess(line)


def _detector_guess(line: bytes) -> str:
    from charset_normalizer import from_bytes  # only files with a bad line need it

    best = from_bytes(line, cp_isolation=list(SINGLE_BYTE)).best()
    if best is None:
        return "cp1252"
    name = codecs.lookup(best.encoding).name
    if name in _LATIN and "cp1252" in best.could_be_from_charset:
        return "cp1252"
    return name


_NAMED = {"cp1252": "Windows Western European", "cp1250": "Windows Central European",
          "cp1251": "Windows Cyrillic", "cp1257": "Windows Baltic", "cp1254": "Windows Turkish",
          "cp1253": "Windows Greek", "iso8859_15": "Latin-9", "iso8859_2": "Latin-2",
          "koi8_r": "KOI8-R Cyrillic", "cp1255": "Windows Hebrew", "cp1256": "Windows Arabic",
          "cp874": "Thai"}
_SHOWN = 5  # lines warned one by one; the rest in one summary line


def warn_legacy_lines(ctx, legacy: tuple[tuple[int, str], ...]) -> None:
    """One warning per line read with a guess (file:line and the encoding), the first few;
    then one line counting the rest."""
    for line, enc in legacy[:_SHOWN]:
        ctx.warn(line, f"not UTF-8 like the rest of the file; this line read as {enc} "
                       f"({_NAMED.get(enc, enc)}): check its accented letters")
    rest = legacy[_SHOWN:]
    if rest:
        encs = ", ".join(sorted({enc for _, enc in rest}))
        ctx.warn(rest[0][0], f"{len(rest)} more lines not UTF-8 (first here), read as {encs}; "
                             f"{len(legacy)} such lines in all")
