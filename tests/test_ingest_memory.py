"""Reading holds memory within a small multiple of the file (issue 17), measured with
tracemalloc (what Python allocates: deterministic, unlike RSS on a shared machine). Before
the fix a file that is mostly blank lines peaked at ~60x its size (a tuple per line) and a
JSON array at ~10x (the decoded document and a second decoded copy of every item held
together)."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from storytransformer.ingest import ingest_paths

WORDS = "user admin shopper export report login password cart checkout invoice".split()


def _story(i: int) -> str:
    return (f"As a {WORDS[i % 10]}, I want to {WORDS[(i * 3) % 10]} the {WORDS[(i * 7) % 10]} "
            f"number {i}, so that the {WORDS[(i * 5) % 10]} works.")


# Bytes of peak per byte of file; measured 4.2 and 6.4 (2026-11-30), ~60 and ~10 before.
BARS = {"blank-heavy.md": 6.0, "array.json": 8.0}


def _blank_heavy(path, size):
    with path.open("w") as fh:
        i = 0
        while fh.tell() < size:
            fh.write(_story(i) + "\n" + "\n" * 200)
            i += 1


def _json_array(path, size):
    items, total, i = [], 0, 0
    while total < size:
        item = {"key": f"BIG-{i}", "summary": f"Story {i}", "description": _story(i),
                "acceptance_criteria": [f"criterion {i} {w}" for w in WORDS[:3]]}
        items.append(item)
        total += len(json.dumps(item)) + 2
        i += 1
    path.write_text(json.dumps(items, indent=1))


def _peak(path) -> int:
    tracemalloc.start()
    try:
        corpus = ingest_paths([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert corpus.stories and not corpus.warnings
    return peak


@pytest.mark.slow  # two reads under tracemalloc: ~20 s of CPU
@pytest.mark.parametrize("kind, make, bar", [
    ("blank-heavy.md", _blank_heavy, BARS["blank-heavy.md"]),
    ("array.json", _json_array, BARS["array.json"]),
])
def test_peak_memory_is_a_small_multiple_of_the_file(tmp_path, kind, make, bar):
    """The peak grows by a small multiple of each added byte: measured between a 1 MB and a
    3 MB file, so fixed costs (imports, caches) do not count."""
    small, large = tmp_path / f"s-{kind}", tmp_path / f"l-{kind}"
    make(small, 1_000_000)
    make(large, 3_000_000)
    ingest_paths([small])  # imports and first-use caches: not counted
    per_byte = (_peak(large) - _peak(small)) / (large.stat().st_size - small.stat().st_size)
    assert per_byte < bar, f"{kind}: {per_byte:.1f} bytes of peak per byte of file"
