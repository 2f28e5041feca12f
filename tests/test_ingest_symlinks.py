"""Symlinks that leave the input folders are not read unless --follow-symlinks (a tester's
backlog folder held ``passwd_link.txt -> /etc/passwd`` and /etc/passwd reached merged.csv
and report.html). Links that stay inside keep working; a path given on the command line is
read even when it is a link; loops stay refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storytransformer.errors import InputError
from storytransformer.ingest import ingest_paths

REPO = Path(__file__).resolve().parent.parent
SECRET = "As a payroll clerk, I want to see every salary, so that the ledger balances. XYZZY-SECRET\n"


@pytest.fixture
def tree(tmp_path):
    """backlog/ (the folder a user gives) beside outside/ (a folder they did not give)."""
    backlog, outside = tmp_path / "backlog", tmp_path / "outside"
    (backlog / "sub").mkdir(parents=True)
    outside.mkdir()
    (backlog / "tienda.md").write_text(
        "Como cliente, quiero guardar mi carrito, para comprar más tarde.\n", encoding="utf-8")
    (backlog / "sub" / "bahn.txt").write_text(
        "Als Pendler möchte ich meine Monatskarte verlängern, damit ich pünktlich fahre.\n",
        encoding="utf-8")
    (outside / "salaries.txt").write_text(SECRET)
    (outside / "more").mkdir()
    (outside / "more" / "hr.md").write_text(SECRET.replace("payroll clerk", "HR partner"))
    return backlog, outside


def _skipped(corpus):
    return {Path(w.path).name: w.message for w in corpus.warnings if w.skipped}


def test_links_leaving_the_folder_are_reported_not_read(tree):
    backlog, outside = tree
    (backlog / "contraseñas.txt").symlink_to("/etc/passwd")  # absolute, a system file
    (backlog / "sub" / "pay.txt").symlink_to(Path("..") / ".." / "outside" / "salaries.txt")
    (backlog / "hr").symlink_to(outside / "more")  # a folder outside
    corpus = ingest_paths([backlog])
    assert sorted(s.id for s in corpus.stories) == ["sub/bahn.txt#1", "tienda.md#1"]
    assert all("XYZZY" not in s.text and "root:" not in s.text for s in corpus.stories)
    skipped = _skipped(corpus)
    assert skipped["contraseñas.txt"] == ("skipped: symlink leaves the input folder -> /etc/passwd; "
                                         "--follow-symlinks to read it")
    assert skipped["pay.txt"].endswith(f"-> {outside / 'salaries.txt'}; --follow-symlinks to read it")
    assert f"-> {outside / 'more'};" in skipped["hr"]


def test_follow_symlinks_reads_them(tree):
    backlog, outside = tree
    (backlog / "pay.txt").symlink_to(outside / "salaries.txt")
    (backlog / "hr").symlink_to(outside / "more")
    corpus = ingest_paths([backlog], follow_symlinks=True)
    assert sorted(s.id for s in corpus.stories) == ["hr/hr.md#1", "pay.txt#1", "sub/bahn.txt#1",
                                                    "tienda.md#1"]
    assert not _skipped(corpus)


def test_a_chain_of_links_is_judged_by_its_final_target(tree):
    backlog, _ = tree
    (backlog / "hop2.txt").symlink_to(backlog.parent / "outside" / "salaries.txt")
    (backlog / "sub" / "hop1.txt").symlink_to(backlog / "hop2.txt")  # inside -> inside -> outside
    corpus = ingest_paths([backlog])
    assert set(_skipped(corpus)) == {"hop1.txt", "hop2.txt"}
    assert all("XYZZY" not in s.text for s in corpus.stories)


def test_links_inside_the_given_folders_keep_working(tree):
    backlog, outside = tree
    (backlog / "alias.md").symlink_to(backlog / "sub" / "bahn.txt")  # same file: read once
    (backlog / "sub" / "shop").symlink_to(Path(".."))  # a cycle: still refused
    (backlog / "salary-link.txt").symlink_to(outside / "salaries.txt")  # outside/ given too: fine
    corpus = ingest_paths([backlog, outside])
    texts = [s.text for s in corpus.stories]
    assert sum("Monatskarte" in t for t in texts) == 1
    assert sum("payroll clerk" in t for t in texts) == 1  # once, though reached twice
    assert "symlinked folder points to" in _skipped(corpus)["shop"]
    assert "salary-link.txt" not in _skipped(corpus)


def test_a_path_given_on_the_command_line_is_read_even_as_a_link(tree, tmp_path):
    backlog, outside = tree
    named = tmp_path / "named.txt"
    named.symlink_to(outside / "salaries.txt")
    root_link = tmp_path / "backlog-link"
    root_link.symlink_to(backlog)  # the folder given is itself a link: its contents are inside
    (backlog / "inner.md").symlink_to(backlog / "tienda.md")
    corpus = ingest_paths([named, root_link])
    assert sum("XYZZY" in s.text for s in corpus.stories) == 1
    assert not _skipped(corpus)


def test_strict_stops_at_a_link_that_leaves(tree):
    backlog, outside = tree
    (backlog / "pay.txt").symlink_to(outside / "salaries.txt")
    with pytest.raises(InputError, match=r"pay\.txt: skipped: symlink leaves the input folder"):
        ingest_paths([backlog], strict=True)


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-m", "storytransformer", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300)


def test_cli_merge_keeps_the_outside_file_out_of_every_output(tree, tmp_path):
    backlog, outside = tree
    (backlog / "pay.txt").symlink_to(outside / "salaries.txt")
    out = tmp_path / "out"
    res = _cli("merge", backlog, "--merger", "extractive", "--group-method", "lexical", "--out", out)
    assert res.returncode == 0, res.stderr
    assert "pay.txt: skipped: symlink leaves the input folder" in res.stderr
    written = [p for p in out.iterdir() if p.is_file()]
    assert {"merged.md", "merged.csv", "merged.json", "report.html"} <= {p.name for p in written}
    for path in written:
        assert "XYZZY" not in path.read_text(encoding="utf-8", errors="replace"), path.name
    ing = _cli("ingest", backlog, "--json")
    summary = json.loads(ing.stdout)
    assert str(backlog / "pay.txt") in summary["files_skipped"] and summary["stories"] == 2
    followed = _cli("ingest", backlog, "--json", "--follow-symlinks")
    assert json.loads(followed.stdout)["stories"] == 3
    cost = _cli("estimate-cost", backlog, "--json", "--follow-symlinks")
    assert cost.returncode == 0, cost.stderr
