"""Reading is bounded and total: hostile files are refused or read, never a crash or a hang."""

from __future__ import annotations

import json
import os

import pytest

from storytransformer.errors import InputError
from storytransformer.ingest import ingest_paths
from storytransformer.ingest.json_limits import MAX_DEPTH

GOOD = "As a shopper, I want to save my cart, so that I can buy later.\n"


def _messages(corpus):
    return [str(w) for w in corpus.warnings]


def test_fifo_device_link_and_loops_are_refused_without_opening(tmp_path):
    (tmp_path / "good.md").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.md")  # open() would block forever
    (tmp_path / "zero.md").symlink_to("/dev/zero")  # reading would never end
    (tmp_path / "self.md").symlink_to("self.md")
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    corpus = ingest_paths([tmp_path])
    assert [s.text.strip() for s in corpus.stories] == [GOOD.strip()]
    msgs = "\n".join(_messages(corpus))
    assert f"{tmp_path / 'pipe.md'}: named pipe (FIFO)" in msgs
    assert f"{tmp_path / 'zero.md'}: symlink to /dev/zero" in msgs
    for name in ("self.md", "a.md", "b.md"):
        assert f"{tmp_path / name}: symlink loop" in msgs
    assert f"{tmp_path / 'gone.md'}: broken symlink" in msgs
    assert len(corpus.warnings) == 6 and all(w.skipped for w in corpus.warnings)


def test_symlinked_folders_followed_once_cycles_reported(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "s.md").write_text(GOOD)
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "r.md").write_text("As an admin, I want to ban users, so that spam stops.\n")
    (root / "link").symlink_to(shared)  # outside the tree: followed with follow_symlinks
    (root / "sub" / "up").symlink_to(root)  # a cycle: reported
    (root / "again").symlink_to(root / "sub")  # a second way into a folder read: reported
    assert [s.id for s in ingest_paths([root]).stories] == ["sub/r.md#1"]  # default: not followed
    corpus = ingest_paths([root], follow_symlinks=True)
    assert sorted(s.id for s in corpus.stories) == ["link/s.md#1", "sub/r.md#1"]
    msgs = _messages(corpus)
    assert any(m.startswith(f"{root / 'sub' / 'up'}: symlinked folder points to {root}") for m in msgs)
    assert any(m.startswith(f"{root / 'again'}: symlinked folder points to {root / 'sub'}") for m in msgs)


def test_non_utf8_file_name_is_read_under_a_printable_name(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.md"
    with open(name, "w") as fh:
        fh.write(GOOD)
    corpus = ingest_paths([tmp_path])
    (story,) = corpus.stories
    assert story.id == "caf\ufffd.md#1" and story.source.endswith("caf\ufffd.md")
    json.dumps(story.to_dict(), ensure_ascii=False).encode("utf-8")  # writable


def test_size_limit_reports_the_file_and_reads_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYTRANSFORMER_MAX_FILE_MB", "0.001")  # 1 KB
    (tmp_path / "big.md").write_text(GOOD * 100)
    (tmp_path / "small.md").write_text(GOOD)
    corpus = ingest_paths([tmp_path])
    assert len(corpus.stories) == 1
    (w,) = corpus.warnings
    assert w.path.endswith("big.md") and "over the 0 MB limit per file" in w.message
    assert "STORYTRANSFORMER_MAX_FILE_MB" in w.message


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deep_json_is_defused_and_the_other_items_read(tmp_path, suffix):
    deep = "[" * 3000 + "]" * 3000
    if suffix == ".json":
        text = '[{"title": "Save cart"},\n{"title": "Deep", "x": ' + deep + '},\n{"title": "Pay"}]'
    else:
        text = '{"title": "Save cart"}\n{"title": "Deep", "x": ' + deep + '}\n{"title": "Pay"}\n'
    (tmp_path / f"d{suffix}").write_text(text)
    corpus = ingest_paths([tmp_path])
    assert [s.title for s in corpus.stories] == ["Save cart", "Deep", "Pay"]
    (w,) = corpus.warnings
    assert w.line == 2 and f"nested deeper than {MAX_DEPTH} levels" in w.message


def test_huge_integer_kept_as_text_with_a_warning(tmp_path):
    (tmp_path / "n.json").write_text('[{"title": "Big",\n "estimate": ' + "7" * 5000 + '},'
                                     '{"title": "x 1.' + "5" * 5000 + ' y", "f": 1.' + "2" * 5000 + "}]")
    corpus = ingest_paths([tmp_path])
    assert [s.title for s in corpus.stories][0] == "Big"
    assert len(corpus.stories) == 2
    (w,) = corpus.warnings
    assert w.line == 2 and "integer of 5,000 digits" in w.message


def test_duplicate_keys_are_reported_with_the_dropped_value(tmp_path):
    (tmp_path / "d.json").write_text('[{"title": "Save cart"},\n{"title": "Old title",\n'
                                     ' "title": "New title"}]')
    corpus = ingest_paths([tmp_path])
    assert [s.title for s in corpus.stories] == ["Save cart", "New title"]
    (w,) = corpus.warnings
    assert w.line == 2 and "duplicate key 'title'" in w.message and '"Old title" is dropped' in w.message
    with pytest.raises(InputError, match="duplicate key"):
        ingest_paths([tmp_path], strict=True)


def test_lone_surrogates_are_replaced_and_reported(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"title": "Cut \\ud83d here", "description": '
                                      '"As a user, I want \\udc00 stuff, so that ok."}\n'
                                      '{"title": "Whole \\ud83d\\ude00 emoji"}\n')
    corpus = ingest_paths([tmp_path])
    first, second = corpus.stories
    assert first.title == "Cut \ufffd here" and "\ufffd stuff" in first.text
    assert second.title == "Whole \U0001f600 emoji"  # a valid pair is one character, untouched
    (w,) = corpus.warnings
    assert w.line == 1 and "U+FFFD" in w.message
    for s in corpus.stories:
        json.dumps(s.to_dict(), ensure_ascii=False).encode("utf-8")
