"""--encoding is a text encoding checked when parsed, and a forced encoding that garbles a file
is warned per file (t25 #11). Real files through the real CLI."""

from __future__ import annotations

import codecs
import json

import pytest
from click.testing import CliRunner

from storytransformer.cli import main


def _ingest(tmp_path, *args):
    r = CliRunner().invoke(main, ["ingest", *args, "--out", str(tmp_path / "c.jsonl"), "--force", "--json"])
    return r


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "idna", "unicode_escape"])
@pytest.mark.parametrize("command", ["ingest", "merge", "estimate-cost"])
def test_codecs_that_are_not_text_file_encodings_are_refused_when_parsed(tmp_path, codec, command):
    story = tmp_path / "s.md"
    story.write_text("As a user I want x so that y.\n")
    r = CliRunner().invoke(main, [command, str(story), "--encoding", codec, "--out" if command != "estimate-cost"
                                  else "--json", *([str(tmp_path / "o")] if command != "estimate-cost" else [])])
    assert r.exit_code != 0
    assert "--encoding" in r.output and "not a text file encoding" in r.output and "codecs.decode" not in r.output


def _warnings(r):
    return [w for w in json.loads(r.stdout)["warnings"] if "--encoding" in w["message"]]


def test_utf16_forced_on_utf8_files_is_warned_per_file(tmp_path):
    for name, text in (("a.md", "# Reset\n\nAs a user I want to reset my password so that I get in.\n"),
                       ("b.md", "# Export\n\nAs an accountant I want to export invoices so that I file them.\n")):
        (tmp_path / name).write_text(text if len(text) % 2 == 0 else " " + text)  # an even byte count decodes
    r = _ingest(tmp_path, str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--encoding", "utf-16")
    assert r.exit_code == 0, r.output
    warned = _warnings(r)
    assert sorted(w["path"].rsplit("/", 1)[-1] for w in warned) == ["a.md", "b.md"]
    assert all("valid UTF-8" in w["message"] and w["line"] == 1 for w in warned)


@pytest.mark.parametrize("forced", ["latin-1", "cp1252", "cp1251", "shift_jis"])
def test_a_legacy_code_page_forced_on_utf8_umlauts_names_the_line(tmp_path, forced):
    p = tmp_path / "de.md"
    p.write_text("# Größe\n\nAls Nutzerin möchte ich die Schuhgröße filtern, damit ich passende finde.\n")
    r = _ingest(tmp_path, str(p), "--encoding", forced)
    warned = _warnings(r)
    assert len(warned) == 1 and warned[0]["line"] == 1 and "Größe" in warned[0]["message"]


@pytest.mark.parametrize("text,forced", [
    ("As a user I want plain ASCII so that any code page reads it.\n", "cp1252"),  # agrees with UTF-8
    ("Als Nutzerin möchte ich Größen filtern.\n", "utf-8"),
])
def test_no_warning_when_the_forced_reading_agrees(tmp_path, text, forced):
    p = tmp_path / "s.md"
    p.write_text(text, encoding="utf-8")
    assert _warnings(_ingest(tmp_path, str(p), "--encoding", forced)) == []


def test_a_real_cp1252_file_read_as_cp1252_is_not_warned_and_a_bom_file_forced_otherwise_is(tmp_path):
    legacy = tmp_path / "legacy.md"
    legacy.write_bytes("Als Nutzerin möchte ich „Größen“ filtern.\n".encode("cp1252"))
    assert _warnings(_ingest(tmp_path, str(legacy), "--encoding", "cp1252")) == []
    bom = tmp_path / "bom.md"
    bom.write_bytes(codecs.BOM_UTF16_LE + "As a user I want x so that y.\n".encode("utf-16-le"))
    warned = _warnings(_ingest(tmp_path, str(bom), "--encoding", "cp1252"))
    assert len(warned) == 1 and "UTF-16 byte-order mark" in warned[0]["message"]
