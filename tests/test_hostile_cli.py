"""74 kinds of malformed input, each beside a good file, through the real CLI: `ingest` and
`merge --dry-run` exit 0 with no traceback and no hang, every good story is read, and every
bad item is named in a warning line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import malformed_kinds as mk

REPO = Path(__file__).resolve().parent.parent


def _privilege_drop() -> list[str] | None:
    """A command prefix under which permission bits apply (root ignores them); None: none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    prefix = _privilege_drop()
    kinds = mk.build(root, unprivileged=prefix is not None)
    yield root, kinds, prefix or []
    mk.cleanup(root)


def _run(prefix, *args, timeout=240):
    env = dict(os.environ, PYTHONPATH=str(REPO), STORYTRANSFORMER_MAX_FILE_MB="1",
               OMP_NUM_THREADS="1")
    return subprocess.run([*prefix, sys.executable, "-m", "storytransformer", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def test_there_are_50_plus_kinds(corpus):
    _, kinds, prefix = corpus
    assert len(kinds) >= (50 if prefix is not None else 48)  # root without setpriv: 2 fewer


def _check(summary_warnings, kinds, read_ids, root, decoded=()):
    named = {w["path"] for w in summary_warnings} | set(decoded)
    lines = [f"{w['path']}:{w['line']}: {w['message']}" if w["line"] else f"{w['path']}: {w['message']}"
             for w in summary_warnings]
    assert all("\n" not in line for line in lines)  # each warning is one line
    missing_good = [k.name for k in kinds if mk.good_id(k.name) not in read_ids]
    assert not missing_good, missing_good
    unnamed = [k.name for k in kinds if mk.display(k.bad) not in named and k.name not in mk.READ_CLEANLY]
    assert not unnamed, unnamed


def _read_cleanly(stories, kinds):
    """Odd but sound files (CR-only line ends, a BOM mid-file, a line of 5,000 stories): all
    their stories read."""
    got = {}
    for s in stories:
        got[s["source"]] = got.get(s["source"], 0) + 1
    short = {k.name: got.get(mk.display(k.bad), 0) for k in kinds
             if k.name in mk.READ_CLEANLY and got.get(mk.display(k.bad), 0) != mk.READ_CLEANLY[k.name]}
    assert not short, short


def test_ingest_reads_every_good_story_and_names_every_bad_item(corpus, tmp_path):
    root, kinds, prefix = corpus
    out = tmp_path / "corpus.jsonl"
    proc = _run(prefix, "ingest", str(root), "--json", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr + proc.stdout
    summary = json.loads(proc.stdout)
    stories = mk.as_json_lines(out)
    assert len(stories) == summary["stories"]
    decoded = [f["path"] for f in summary.get("files_not_utf8", [])]
    _check(summary["warnings"], kinds, {s["id"] for s in stories}, root, decoded)
    _read_cleanly(stories, kinds)
    for s in stories:  # what --out wrote is valid UTF-8 JSON, one story per line
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in s["text"] + s["id"] + s["source"])


def test_merge_dry_run_plans_every_good_story(corpus):
    root, kinds, prefix = corpus
    proc = _run(prefix, "merge", str(root), "--dry-run", "--json", "--group-method", "lexical")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr + proc.stdout
    plan = json.loads(proc.stdout)
    warned = "\n".join(plan["ingest_warnings"])
    unnamed = [k.name for k in kinds if mk.display(k.bad) not in warned and not k.legacy_encoding
               and k.name not in mk.READ_CLEANLY]
    assert not unnamed, unnamed
    assert plan["stories"] >= len(kinds)  # every good story at least
