"""A binary file given to `merge` or `estimate-cost` (a screenshot, a zipped backlog, a PDF, random
bytes, all named .md): the one-line error names the file and says what it is, not only "no
stories found" (tester report 20, item 11)."""

from __future__ import annotations

import gzip
import struct
import zipfile
import zlib

import pytest
from click.testing import CliRunner

from storytransformer.cli import main


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("stories.md", "As a user, I want to log in, so that I can work.\n")


KINDS = {
    "screenshot.md": ("a PNG image", lambda p: p.write_bytes(_png())),
    "foto.md": ("a JPEG image", lambda p: p.write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)))),
    "anim.md": ("a GIF image", lambda p: p.write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(64))),
    "backlog.md": ("a ZIP archive", _zip),
    "notes.txt": ("a compressed file", lambda p: p.write_bytes(gzip.compress(b"As a user I want x"))),
    "export.md": ("a PDF", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj\nstream\n" + bytes(range(128, 256)))),
    # random bytes without a NUL (an encrypted file): control bytes no text encoding has
    "secret.md": ("binary", lambda p: p.write_bytes(bytes((i * 7919 + 13) % 251 + 4 for i in range(3000)))),
    "nuls.md": ("binary", lambda p: p.write_bytes(bytes(range(256)) * 8)),
}


@pytest.mark.parametrize("name", sorted(KINDS))
@pytest.mark.parametrize("command", [["merge", "--dry-run"], ["estimate-cost"]])
def test_a_lone_binary_file_is_named_as_binary(tmp_path, name, command):
    kind, make = KINDS[name]
    path = tmp_path / name
    make(path)
    result = CliRunner().invoke(main, [*command, str(path)])
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    error = [ln for ln in lines if ln.startswith("Error")]
    assert len(error) == 1, result.output
    assert name in error[0] and kind in error[0], result.output


def test_folder_of_only_unreadable_files_says_why_for_each(tmp_path):
    for name in ("screenshot.md", "backlog.md", "secret.md"):
        KINDS[name][1](tmp_path / name)
    (tmp_path / "empty.md").write_text("")
    result = CliRunner().invoke(main, ["merge", "--dry-run", str(tmp_path)])
    assert result.exit_code != 0
    error = next(ln for ln in result.output.splitlines() if ln.startswith("Error"))
    for name in ("screenshot.md", "backlog.md", "secret.md", "empty.md"):
        assert name in error
    assert "a PNG image" in error and "a ZIP archive" in error and "empty file" in error
