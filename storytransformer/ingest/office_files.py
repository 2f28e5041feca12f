"""What to tell a user whose backlog is a spreadsheet, a word-processor document, a PDF or an
archive: those are binary containers ingest does not open, and "binary file (contains NUL
bytes)" did not say what to do. The hint names the export that ingest reads."""

from __future__ import annotations

_HINTS = {
    ".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook", ".xls": "an Excel workbook",
    ".ods": "a spreadsheet", ".numbers": "a Numbers spreadsheet",
    ".docx": "a Word document", ".doc": "a Word document", ".odt": "a text document",
    ".pages": "a Pages document", ".rtf": "a rich-text document", ".pdf": "a PDF",
    ".zip": "a ZIP archive", ".gz": "a compressed file", ".7z": "an archive", ".rar": "an archive",
}
_WHAT_TO_DO = {
    "spreadsheet": "save it as CSV (UTF-8) and ingest the .csv",
    "document": "save it as plain text (.txt) or Markdown and ingest that",
    "archive": "unpack it and ingest the folder",
}


def office_hint(suffix: str, data: bytes) -> str | None:
    """One line saying what the file is and how to make it readable, or None when ``suffix``
    is not a container we know (or the bytes are plain text after all: an .rtf or a CSV
    saved as .xls by some tools)."""
    kind = _HINTS.get(suffix.lower())
    image = _image(data) if kind is None else None
    if image is not None:  # "binary file" (what a user searches for), and which kind
        named = "" if suffix.lower() in _IMAGE_SUFFIXES else f", {suffix or 'no extension'} by its name"
        return f"binary file ({image}{named}), not a story file"
    if kind is None:
        kind = _by_content(data)  # an .xlsx renamed .csv, a ZIP named .json
        if kind is None:
            return None
        suffix = f"{suffix or 'no extension'} by its name"
    elif not _binary(data):
        return None
    if "workbook" in kind or "spreadsheet" in kind or "Office" in kind:
        todo = _WHAT_TO_DO["spreadsheet"]
    elif "archive" in kind or "compressed" in kind:
        todo = _WHAT_TO_DO["archive"]
    else:
        todo = _WHAT_TO_DO["document"]
    return f"{kind} ({suffix}), not read: {todo}"


def _binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"))


def _by_content(data: bytes) -> str | None:
    """What a container is by its first bytes, whatever its name says."""
    if data.startswith(b"PK\x03\x04"):
        head = data[:65536]
        if b"xl/" in head:
            return "an Excel workbook"
        if b"word/" in head:
            return "a Word document"
        return "a ZIP archive"
    if data.startswith(b"%PDF"):
        return "a PDF"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Office document (Excel or Word)"
    if data.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        return "a compressed file"
    return None


# An image renamed (or saved by a chat tool) as .md or .txt: say so rather than "binary".
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
           (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"),
           (b"MM\x00*", "a TIFF image"), (b"\x00\x00\x01\x00", "an icon image"))


_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".ico", ".webp", ".heic", ".avif"}


def _image(data: bytes) -> str | None:
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "a HEIC/AVIF image"
    return None
