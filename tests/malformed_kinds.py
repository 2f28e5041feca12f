"""Builds a corpus of malformed kinds, each in its own folder beside a good story file.

``build(root)`` writes ``root/<kind>/good.md`` (one good story, id ``<kind>/good.md#1``) and
the bad item(s) of that kind, and returns the kinds with the path each one's warning must
name. Used by test_hostile_cli.py (the real CLI) and the fuzz suite."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass
class Kind:
    name: str
    bad: Path  # the file or folder a warning must name
    needs: str = ""  # "" | "unprivileged": root can read anything unless capabilities are dropped

    @property
    def legacy_encoding(self) -> bool:
        """Text in another encoding: read with a detected encoding (named in the summary's
        files_not_utf8) or reported; either is fine."""
        return self.name in LEGACY_ENCODING


def _deep(n: int, open_: str = "[", close: str = "]") -> str:
    return open_ * n + close * n


def _deep_object(n: int) -> str:
    return '{"a": ' * n + "1" + "}" * n


DIGITS = "9" * 5000
STORY = '{"title": "Story %d", "description": "As a user, I want feature %d, so that it works."}'


def _w(text: str) -> Callable[[Path], None]:
    return lambda p: p.write_text(text, encoding="utf-8")


def _b(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda p: p.symlink_to(target)


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _socket(p: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(p))
    finally:
        s.close()  # the socket file stays


def _self_link(p: Path) -> None:
    p.symlink_to(p.name)


def _loop(p: Path) -> None:
    other = p.with_name("other-" + p.name)
    p.symlink_to(other.name)
    other.symlink_to(p.name)


def _locked_dir(p: Path) -> None:
    p.mkdir()
    (p / "hidden.md").write_text("As a user, I want to be hidden, so that nobody reads me.\n")
    p.chmod(0)


def _locked_file(p: Path) -> None:
    p.write_text("As a user, I want to be private, so that nobody reads me.\n")
    p.chmod(0)


def _link_up(p: Path) -> None:
    p.symlink_to("..")


def _link_dot(p: Path) -> None:
    p.symlink_to(".")


def _zip_bomb(p: Path) -> None:
    import zipfile

    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:  # 50 MB of zeros in ~50 KB
        z.writestr("bomb.txt", b"0" * 50_000_000)


def _xlsx(p: Path) -> None:
    import zipfile

    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<sheetData><row><c t='inlineStr'><is><t>As a user, "
                                               "I want a sheet</t></is></c></row></sheetData>")


def _big(p: Path) -> None:
    with p.open("w") as fh:  # over the 1 MB limit the tests set
        for i in range(30000):
            fh.write(f"As a user, I want big feature {i}, so that it is big.\n\n")


# name -> (file name of the bad item, writer, needs)
KINDS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "deep-json-array": ("deep.json", _w(_deep(1000)), ""),
    "deep-json-object": ("deep.json", _w(_deep_object(1000)), ""),
    "deep-json-in-item": ("deep.json", _w('[{"title": "x", "d": ' + _deep(5000) + "}]"), ""),
    "deep-jsonl-line": ("deep.jsonl", _w('{"title": "x"}\n' + _deep(2000) + "\n"), ""),
    "deep-jsonl-object": ("deep.jsonl", _w(_deep_object(3000) + "\n"), ""),
    "deep-json-truncated": ("deep.json", _w('[{"title": "x"}, ' + "[" * 3000), ""),
    "deep-adf-description": ("adf.json", _w('[{"key": "ADF-1", "fields": {"summary": "s", "description": '
                                            + '{"type": "doc", "content": [' * 400 + "]}" * 400 + "}}]"), ""),
    "huge-int-json": ("int.json", _w('[{"title": "n", "estimate": ' + DIGITS + "}]"), ""),
    "huge-int-jsonl": ("int.jsonl", _w('{"title": "n", "points": ' + DIGITS + "}\n"), ""),
    "huge-negative-int": ("int.json", _w('[{"title": "n", "x": -' + DIGITS + "}]"), ""),
    "huge-int-key": ("int.json", _w('[{"key": ' + DIGITS + ', "title": "n"}]'), ""),
    "lone-high-surrogate": ("s.json", _w('[{"title": "cut \\ud83d", "description": "As a user, I want x."}]'), ""),
    "lone-low-surrogate": ("s.jsonl", _w('{"title": "cut \\ude00 here"}\n'), ""),
    "surrogate-in-key": ("s.jsonl", _w('{"title\\ud800": "x", "summary": "y \\udfff"}\n'), ""),
    "duplicate-keys-json": ("dup.json", _w('[{"title": "a",\n "title": "b"}]'), ""),
    "duplicate-keys-jsonl": ("dup.jsonl", _w('{"summary": "a", "summary": "b"}\n'), ""),
    "truncated-json": ("t.json", _w("[" + STORY % (1, 1) + ", " + (STORY % (2, 2))[:30]), ""),
    "trailing-garbage-json": ("g.json", _w("[" + STORY % (1, 1) + "] garbage }{"), ""),
    "json-scalar": ("n.json", _w("42"), ""),
    "json-null": ("n.json", _w("null"), ""),
    "json-empty-list": ("e.json", _w("[]"), ""),
    "json-list-of-numbers": ("n.json", _w("[1, 2, 3]"), ""),
    "jsonl-bad-line": ("b.jsonl", _w(STORY % (1, 1) + "\n{not json\n"), ""),
    "jsonl-array-line": ("b.jsonl", _w("[1, 2]\n"), ""),
    "json-bom-deep": ("bom.json", _b(codecs.BOM_UTF8 + _deep(1500).encode()), ""),
    "empty-file": ("empty.md", _w(""), ""),
    "whitespace-only": ("blank.md", _w(" \n\t\n  \n"), ""),
    "bom-only": ("bom.md", _b(codecs.BOM_UTF8), ""),
    "binary-nul": ("bin.md", _b(b"\x00\x01\x02garbage\x00" * 100), ""),
    "png-as-md": ("logo.md", _b(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), ""),
    "zip-as-docx": ("spec.docx", _b(b"PK\x03\x04\x14\x00\x00\x00" + bytes(300)), ""),
    "latin1-md": ("l1.md", _b("As a café owner, I want crème brûlée, so that I sell.\n".encode("latin-1")), ""),
    "utf16-no-bom": ("u16.md", _b("As a user, I want x, so that y.\n".encode("utf-16-le")), ""),
    "utf16-broken": ("u16.md", _b(codecs.BOM_UTF16_LE + "As a user, I want x".encode("utf-16-le") + b"\x00\xd8"), ""),
    "utf8-cut-mid-char": ("cut.md", _b("As a user, I want to pay in €".encode()[:-1]), ""),
    "unknown-extension-text": ("notes.log", _w("server started\nserver stopped\n"), ""),
    "markdown-no-story": ("h.md", _w("# Heading\n\nSome notes without any story shape.\n"), ""),
    "csv-bad-quoting": ("q.csv", _w('Summary,Description\n"ok","As a user, I want x."\n"broken,"As a\n'), ""),
    "csv-header-only": ("h.csv", _w("Summary,Description,Labels\n"), ""),
    "csv-ragged": ("r.csv", _w("Summary,Description\nA\nB,As a user, I want b.,extra,cells\n"), ""),
    "csv-huge-field": ("f.csv", _w('Summary,Description\n"big","' + "x" * 200_000 + '"\n'), ""),
    "csv-nul": ("n.csv", _b(b"Summary,Description\nA,\x00\x00\x00\n"), ""),
    "gherkin-broken": ("b.feature", _w("Feature: F\n  Scenario: S\n    Given x\n  Examples:\n    | a |\n  |b\n"), ""),
    "gherkin-no-scenario": ("n.feature", _w("Feature: Nothing here\n"), ""),
    "fifo": ("pipe.md", _fifo, ""),
    "socket": ("sock.md", _socket, ""),
    "self-link": ("self.md", _self_link, ""),
    "symlink-loop": ("loop.md", _loop, ""),
    "link-dev-zero": ("zero.md", _symlink("/dev/zero"), ""),
    "link-dev-null": ("null.md", _symlink("/dev/null"), ""),
    "link-dev-urandom": ("rand.md", _symlink("/dev/urandom"), ""),
    "link-proc": ("status.md", _symlink("/proc/self/status"), ""),
    "dangling-link": ("gone.md", _symlink("does-not-exist.md"), ""),
    "folder-link-cycle": ("up", _link_up, ""),
    "folder-link-self": ("here", _link_dot, ""),
    "too-large": ("big.md", _big, ""),
    # issue 17, second pass
    "csv-nul-in-cell": ("n.csv", _b(b"Summary,Description\nA,As a user I want a\x00b\nB,As a user I want b\n"), ""),
    "nul-after-8k": ("n.md", _b(b"As a user, I want a.\n" + b"x" * 9000 + b"\x00\nAs a user, I want b.\n"), ""),
    "utf32-bom": ("u32.md", _b(codecs.BOM_UTF32_LE + "As a user, I want UTF-32.\n".encode("utf-32-le")), ""),
    "utf32-no-bom-le": ("u32.md", _b("As a user, I want UTF-32 LE.\n".encode("utf-32-le")), ""),
    "utf32-no-bom-be": ("u32.md", _b("As a user, I want UTF-32 BE.\n".encode("utf-32-be")), ""),
    "zip-bomb-as-json": ("bomb.json", _zip_bomb, ""),
    "xlsx-as-csv": ("sheet.csv", _xlsx, ""),
    "pdf-as-md": ("doc.md", _b(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"), ""),
    "gzip-as-jsonl": ("s.jsonl", _b(b"\x1f\x8b\x08\x00" + bytes(64)), ""),
    "csv-one-line-cell": ("cell.csv", _w('Summary,Description\nBig,"As a user, I want ' + "y " * 400_000 + '"'), ""),
    "cr-only-endings": ("cr.md", _b(b"As a user, I want a.\rAs a user, I want b.\rAs a user, I want c.\r"), ""),
    "mixed-line-endings": ("mixed.txt", _b(b"As a user, I want a.\r\nAs a user, I want b.\rAs a user, "
                                           b"I want c.\n\r\nAs a user, I want d."), ""),
    "bom-in-middle": ("bom.md", _b("As a user, I want a.\n\ufeffAs a user, I want b.\n".encode()), ""),
    "one-line-many-stories": ("line.txt", _w("".join(f"As a user, I want feature {i}. " for i in range(5000))), ""),
    "unreadable-folder": ("locked", _locked_dir, "unprivileged"),
    "unreadable-file": ("locked.md", _locked_file, "unprivileged"),
}

LEGACY_ENCODING = {"latin1-md", "utf16-no-bom", "utf8-cut-mid-char", "utf32-bom", "utf32-no-bom-le",
                   "utf32-no-bom-be"}
# Odd but sound files: no warning is due, their stories must all be read (kind -> how many).
READ_CLEANLY = {"cr-only-endings": 3, "mixed-line-endings": 4, "bom-in-middle": 2,
                "one-line-many-stories": 5000}

# Files whose names are odd: written by byte name, read under a safe display name.
ODD_NAMES = {
    "non-utf8-name": b"caf\xe9.md",
    "newline-in-name": b"two\nlines.md",
}


def good_id(kind: str) -> str:
    return f"{kind}/good.md#1"


def build(root: Path, *, unprivileged: bool = True) -> list[Kind]:
    """Every kind under ``root`` (created). ``unprivileged=False`` leaves out the kinds that
    only fail for a user without root's permission override."""
    root.mkdir(parents=True, exist_ok=True)
    kinds: list[Kind] = []
    for n, (name, (filename, write, needs)) in enumerate(KINDS.items()):
        if needs == "unprivileged" and not unprivileged:
            continue
        folder = root / name
        folder.mkdir()
        (folder / "good.md").write_text(
            f"As a tester, I want case {n} ({name}) to be read, so that kind {n} is covered.\n",
            encoding="utf-8")
        bad = folder / filename
        write(bad)
        kinds.append(Kind(name, bad, needs))
    for name, raw in ODD_NAMES.items():
        folder = root / name
        folder.mkdir()
        (folder / "good.md").write_text(f"As a tester, I want {name} read, so that it is covered.\n")
        path = os.fsencode(str(folder)) + b"/" + raw
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("As a user, I want an odd file name, so that it is still read.\n")
        kinds.append(Kind(name, Path(os.fsdecode(path))))
    return kinds


def cleanup(root: Path) -> None:
    """Give locked folders back their permissions so the tree can be deleted."""
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            p = Path(dirpath) / d
            if not p.is_symlink():
                p.chmod(0o755)
        for f in filenames:
            p = Path(dirpath) / f
            if not p.is_symlink() and p.exists():
                try:
                    p.chmod(0o644)
                except OSError:
                    pass
    shutil.rmtree(root, ignore_errors=True)


def display(path: Path) -> str:
    from storytransformer.ingest.walk import safe_name

    return safe_name(str(path))


def as_json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
