"""The --out folder through the real CLI: a user's files survive, a journal is never deleted
without --force, Ctrl-C prints the command that resumes, and a read-only, unwritable or full
target is one line before any model loads."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.errors import OutputError
from storytransformer.write.out_dir import MANIFEST, prepare_out_dir
from scripted_server import ScriptedServer
from test_merge_cli import write_corpus

# Nothing listens there: a test that sees another error than "server down" proves the check
# ran before the engine was loaded.
NO_ENGINE = "http://127.0.0.1:9/v1"


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "stories")


@pytest.fixture(scope="module")
def server():
    with ScriptedServer(["good", "separate"]) as s:
        yield s


@pytest.fixture
def merge(server):
    def run(*args, engine=None):
        argv = ["merge", *map(str, args), "--group-method", "lexical", "--model", "scripted",
                "--base-url", engine or server.url]
        return CliRunner().invoke(main, argv)

    return run


def one_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_a_users_own_file_survives_unless_force(corpus, tmp_path, merge):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "merged.md"
    mine.write_text("# my own notes, not from the tool\n", encoding="utf-8")
    res = merge(corpus, "--out", out, engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert str(out) in line and "did not write" in line and "--force" in line
    assert mine.read_text(encoding="utf-8") == "# my own notes, not from the tool\n"
    res = merge(corpus, "--out", out, "--force")
    assert res.exit_code == 0, res.output
    assert "my own notes" not in mine.read_text(encoding="utf-8")
    assert json.loads((out / MANIFEST).read_text())["files"]["merged.md"]


def test_an_output_edited_after_the_run_is_not_overwritten(corpus, tmp_path, merge):
    out = tmp_path / "out"
    assert merge(corpus, "--out", out).exit_code == 0
    (out / ".merge-journal.jsonl").unlink()  # only the edit stands in the way
    md = out / "merged.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nreviewed by Ana: keep story 3\n", encoding="utf-8")
    res = merge(corpus, "--out", out, engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert str(md) in line and "changed" in line
    assert "reviewed by Ana" in md.read_text(encoding="utf-8")


def test_a_folder_the_tool_wrote_is_reused_with_resume(corpus, tmp_path, merge):
    out = tmp_path / "out"
    assert merge(corpus, "--out", out).exit_code == 0
    again = merge(corpus, "--out", out, "--resume")
    assert again.exit_code == 0, again.output
    (out / "notes.txt").write_text("the user's file beside ours\n")
    assert merge(corpus, "--out", out, "--resume").exit_code == 0
    assert (out / "notes.txt").read_text() == "the user's file beside ours\n"


def test_rerunning_a_finished_run_says_it_is_finished_not_to_resume_it(corpus, tmp_path, merge):
    out = tmp_path / "out"
    assert merge(corpus, "--out", out).exit_code == 0
    res = merge(corpus, "--out", out, engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert "holds a finished run" in line and "--force" in line and "new --out" in line
    assert "continue it" not in line
    (out / "merged.json").unlink()  # outputs not (all) written: a run that stopped, to be resumed
    (out / "merged.md").unlink()
    line = one_line(merge(corpus, "--out", out, engine=NO_ENGINE).output)
    assert "saved progress of an earlier run" in line and "--resume" in line


def test_a_file_where_the_folder_should_be(corpus, tmp_path, merge):
    target = tmp_path / "out"
    target.write_text("x")
    res = merge(corpus, "--out", target, engine=NO_ENGINE)
    assert res.exit_code != 0 and "Traceback" not in res.output and str(target) in res.output


def test_unwritable_target_is_one_line_before_the_model(corpus, merge):
    # /sys refuses new entries for every user (root included), on every Linux.
    if not Path("/sys/kernel").is_dir():
        pytest.skip("needs Linux /sys")
    res = merge(corpus, "--out", "/sys/storytransformer-out", engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert "/sys/storytransformer-out" in line and "not permitted" in line


@pytest.fixture
def small_mount(tmp_path):
    """A 64 KiB tmpfs (needs mount rights: root in a container, else skipped)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_full_disk_is_one_line_before_the_model(corpus, small_mount, merge):
    res = merge(corpus, "--out", small_mount / "out", engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert str(small_mount / "out") in line and "MiB free" in line


def test_read_only_target_is_one_line_before_the_model(corpus, small_mount, merge):
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    res = merge(corpus, "--out", small_mount / "out", engine=NO_ENGINE)
    assert res.exit_code == 1
    line = one_line(res.output)
    assert str(small_mount / "out") in line and "read-only" in line


def test_space_check_names_the_need(tmp_path):
    with pytest.raises(OutputError, match=r"MiB free, the outputs need about"):
        prepare_out_dir(tmp_path / "o", outputs=("merged.md",), journal=".j", resume=False, force=False,
                        need_bytes=1 << 60)


def test_temp_files_of_a_killed_conversion_are_removed_on_the_next_run(tmp_path, monkeypatch):
    from storytransformer.runtime import bundled

    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "cache"))
    gguf = bundled.bundled_gguf_path()
    target = bundled.gguf_cache_dir(gguf)
    target.mkdir(parents=True)
    (target / ".complete").write_text("done\n")  # a finished conversion: the run needs no new one
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    killed = target.parent / f".{target.name}.{dead_pid}.x1y2"
    killed.mkdir()
    (killed / "model.safetensors").write_bytes(b"\0" * (1 << 20))
    live = target.parent / f".{target.name}.{os.getpid()}.z3"  # a conversion running right now
    live.mkdir()
    assert bundled.convert_gguf(gguf) == target
    assert not killed.exists() and live.exists()


def test_ingest_out_replaces_only_its_own_file(tmp_path, corpus):
    mine = tmp_path / "notes.jsonl"
    mine.write_text('{"todo": "buy milk"}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["ingest", str(corpus), "--out", str(mine)])
    assert res.exit_code == 1 and "--force" in one_line(res.output)
    assert mine.read_text(encoding="utf-8") == '{"todo": "buy milk"}\n'
    ours = tmp_path / "corpus.jsonl"
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--out", str(ours)]).exit_code == 0
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--out", str(ours)]).exit_code == 0  # ours: replaced
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--out", str(mine), "--force"]).exit_code == 0
    assert "buy milk" not in mine.read_text(encoding="utf-8")


def test_a_run_of_an_older_version_is_named_as_such(corpus, tmp_path, merge):
    out = tmp_path / "out"
    out.mkdir()
    (out / "merged.json").write_text('{"metadata": {"tool": "storytransformer 0.1.0"}, "stories": []}')
    (out / "merged.md").write_text("# Merged backlog\n")
    res = merge(corpus, "--out", out, engine=NO_ENGINE)
    assert res.exit_code == 1 and "older storytransformer" in one_line(res.output)


def test_disk_full_mid_run_is_one_line_naming_the_journal(tmp_path):
    """The space check passed, then the disk filled up while groups were being journaled."""
    from storytransformer.journal import Journal

    j = Journal(Path("/dev/full"), "fp")  # every write to /dev/full fails with ENOSPC
    j._fh = open("/dev/full", "w", encoding="utf-8")
    with pytest.raises(OutputError, match=r"^/dev/full: cannot save progress: no space left on the device"):
        j._write({"kind": "x"})
