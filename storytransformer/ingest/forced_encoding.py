"""A warning when ``--encoding`` reads a file differently from what the file says it is.

``ingest --encoding utf-16`` on UTF-8 files gave stories of CJK mojibake ("‣敒敳⁴...") and
only the hint "no 'As a…' narrative"; ``--encoding latin-1`` on UTF-8 text turns "Größe" into
"GrÃ¶ÃŸe" silently. A forced encoding is still obeyed (the user may know better), but a file
whose bytes carry a byte-order mark of another encoding, or are valid UTF-8 that the forced
codec reads differently, gets one warning naming the first line that differs.
"""

from __future__ import annotations

import codecs

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAME = {"utf-8": ("utf-8", "utf-8-sig"), "utf-16": ("utf-16", "utf-16-le", "utf-16-be"),
         "utf-32": ("utf-32", "utf-32-le", "utf-32-be")}


def _first_difference(forced_text: str, natural_text: str) -> tuple[int, str, str]:
    """(line number, forced reading, natural reading) of the first line that differs."""
    forced, natural = forced_text.split("\n"), natural_text.split("\n")
    for i, (a, b) in enumerate(zip(forced, natural, strict=False), start=1):
        if a != b:
            return i, a, b
    n = min(len(forced), len(natural)) + 1
    return n, (forced[n - 1] if len(forced) >= n else ""), (natural[n - 1] if len(natural) >= n else "")


def _around_difference(a: str, b: str, n: int = 20) -> tuple[str, str]:
    """The two readings from a few characters before their first difference, ``n`` long."""
    k = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, k - 6)
    cut = [("…" if start else "") + s[start:start + n] + ("…" if len(s) > start + n else "") for s in (a, b)]
    return cut[0], cut[1]


def mismatch(data: bytes, forced: str, text: str) -> tuple[int | None, str] | None:
    """(line, message) when ``text`` (``data`` read with the forced codec) is likely mojibake:
    the bytes start with another encoding's BOM, or are valid UTF-8 read differently. None
    when the forced reading agrees with what the bytes say (or they say nothing)."""
    name = codecs.lookup(forced).name
    natural = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if natural is not None and name not in _SAME[natural]:
        return None, (f"starts with a {natural.upper()} byte-order mark but --encoding {forced} was given; "
                      f"its text is likely garbled (drop --encoding to read each file as it says)")
    if natural is not None or name in _SAME["utf-8"]:
        return None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not UTF-8: the forced code page may well be right
    utf8 = utf8.replace("\r\n", "\n").replace("\r", "\n")
    if utf8 == text.replace("\r\n", "\n").replace("\r", "\n"):
        return None  # ASCII, or a codec that agrees with UTF-8 on these bytes
    line, got, meant = _first_difference(text, utf8)
    got, meant = _around_difference(got, meant)
    return line, (f"the file is valid UTF-8 but --encoding {forced} reads it differently "
                  f"({got!r} instead of {meant!r}): likely garbled; drop --encoding "
                  "or give the file's real encoding")
