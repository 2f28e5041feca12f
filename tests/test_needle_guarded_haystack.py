"""needle reads its haystack like ingest reads stories: regular files only, bounded by what
the longest haystack needs, and absurd contexts are option errors (t25 findings 1 and 4).
Real files, a real FIFO, /dev/zero and the real CLI in a subprocess (a hang or an unbounded
read would show as a timeout / MemoryError there, not in this process)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest
from needle_fixtures import smol_tokenizer  # noqa: F401

from storytransformer.errors import InputError
from storytransformer.needle.haystack import build_body
from storytransformer.needle.haystack_file import MAX_PIECE_CHARS, budget_chars, read_head
from storytransformer.needle.run import haystack_source


def _cli(*args, cwd, timeout=60):
    def limit():  # 4 GB of address space: an unbounded read fails fast instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))

    return subprocess.run([sys.executable, "-m", "storytransformer", "needle", *args], cwd=cwd, timeout=timeout,
                          capture_output=True, text=True, preexec_fn=limit)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "fifo_with_story_suffix"])
def test_special_files_are_refused_in_one_line_before_the_model_loads(tmp_path, kind):
    if kind == "dev_zero":
        target = "/dev/zero"
    else:
        target = str(tmp_path / ("pipe.md" if kind.endswith("suffix") else "pipe"))
        os.mkfifo(target)
    started = time.monotonic()
    r = _cli("--haystack", target, "--ctx", "512", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode != 0
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "--haystack" in err and target in err and "not a regular file" in err
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("ctx", ["10000000k", "99999999999"])
def test_an_absurd_ctx_is_an_option_error(tmp_path, ctx):
    r = _cli("--ctx", ctx, "--out", str(tmp_path / "out"), cwd=tmp_path, timeout=30)
    assert r.returncode != 0 and "--ctx" in r.stderr and "more than any model reads" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_ctx_whose_kv_cache_cannot_fit_memory_is_an_option_error(tmp_path):
    # The bundled 135M model: 30 layers x 3 KV heads x 64 x 2 x 4 bytes = 92 KB per token on
    # the CPU; 8M tokens need ~700 GiB, more than any machine this runs on.
    r = _cli("--ctx", "8000k", "--out", str(tmp_path / "out"), cwd=tmp_path, timeout=120)
    assert r.returncode != 0, r.stdout
    assert "--ctx" in r.stderr and "KV" in r.stderr and "doctor" in r.stderr
    assert not (tmp_path / "out" / "results.json").exists()


def test_a_huge_one_line_file_is_read_only_as_far_as_the_haystack_needs(tmp_path, smol_tokenizer):  # noqa: F811
    big = tmp_path / "big.md"  # 30 MB, one line, no sentence end: was split and tokenized whole
    with big.open("w") as f:
        for i in range(1_500_000):
            f.write(f"word{i % 97} lorem ")
    warnings = []
    started = time.monotonic()
    source, desc = haystack_source(str(big), smol_tokenizer, story_mode=False, warn=warnings.append,
                                   max_chars=budget_chars(512))
    body = build_body(source, 512)
    assert time.monotonic() - started < 20
    assert body.tokens <= 512 and body.tokens > 400
    assert sum(len(p.text) for p in source.pieces) <= budget_chars(512) + len(source.pieces)
    assert max(len(p.text) for p in source.pieces) <= MAX_PIECE_CHARS + 1
    assert any("big.md" in w and "first" in w for w in warnings)


def test_read_head_keeps_whole_characters_and_names_bad_bytes(tmp_path):
    p = tmp_path / "de.txt"
    p.write_text("Größe " * 1000, encoding="utf-8")
    text, cut = read_head(p, 1001)  # cuts inside a two-byte character
    assert cut and text and "\ufffd" not in text and len(text.encode()) <= 1001
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Größe".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt"):
        read_head(bad, 1000)
