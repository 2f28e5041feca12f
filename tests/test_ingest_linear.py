"""Reading stays linear in the size of the text, whatever its shape (issue 17): twice the text
costs about twice the CPU, never four times.

Measured as a ratio of CPU times (this process, best of three) of the same shape at two
sizes, so a loaded 2-core machine does not make it flaky: a linear reader gives ~2, a
quadratic one ~4. Before the fix, one line of repeated narratives cost 11 s at 80 KB, 36 s at
160 KB and 214 s at 320 KB (each sentence gap rescanned the rest of the line)."""

from __future__ import annotations

import time

import pytest

from storytransformer.ingest import read_text

SHAPES = {
    # one line holding many stories, cut at each sentence end
    "repeated narratives on one line": lambda n: "As a user, I want to export the report. " * n,
    "numbered narratives on one line": lambda n: "".join(
        f"As a user {i}, I want to export report {i}. " for i in range(n)),
    "keyed narratives on one line": lambda n: "".join(
        f"US-{i}: As a user, I want report {i}! " for i in range(n)),
    # narratives that never start a story: each lead is the whole line so far
    "narratives mid-sentence": lambda n: "Foo. bar as a user I want x. " * n,
    "narratives without a sentence end": lambda n: "As a user I want x and as a user I want y " * n,
    "sentence ends before two narratives": lambda n: "x. " * (10 * n)
    + "As a user, I want it. As an admin, I want B.",
    "symbols before two narratives": lambda n: "→ . " * (10 * n)
    + "As a user I want x. As an admin I want y.",
    # many lines, each cut in two
    "two narratives per line": lambda n: "".join(
        f"As a user, I want A{i}. As an admin, I want B{i}.\n" for i in range(n // 2)),
}


def _cpu(text: str, fmt: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        read_text(text, format=fmt)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_twice_the_text_costs_about_twice_the_time(shape):
    make = SHAPES[shape]
    n = 1500
    small = _cpu(make(n), "text")
    while small < 0.05 and n < 50_000:  # too short to time: grow until it is measurable
        n *= 2
        small = _cpu(make(n), "text")
    large = _cpu(make(2 * n), "text")
    assert large / small < 3.0, f"{shape}: {small:.3f} s at n={n}, {large:.3f} s at 2n"


def test_a_line_of_many_narratives_is_read_as_many_stories():
    line = "As a user, I want to export report A. As an admin, I want B! US-3: As a guest, " \
           "I want C. See notes. As a clerk, I want D."
    corpus = read_text(line, format="text")
    assert [s.text for s in corpus.stories] == [
        "As a user, I want to export report A.", "As an admin, I want B!",
        # a sentence between two stories opens the next one (as a title would)
        "US-3: As a guest, I want C.", "See notes. As a clerk, I want D."]
    assert [s.goal.rstrip("!") for s in corpus.stories] == ["export report A", "B", "C", "D"]
    assert corpus.ledgers[0].in_stories == 1 and corpus.ledgers[0].in_two_stories == []


def test_a_megabyte_line_of_narratives_is_read_in_seconds_not_minutes():
    line = "".join(f"As a user {i}, I want to export report {i}. " for i in range(24_000))
    t0 = time.process_time()
    corpus = read_text(line, format="text")
    elapsed = time.process_time() - t0
    assert len(corpus.stories) == 24_000 and len(line) > 1_000_000
    assert corpus.ledgers[0].in_two_stories == []
    assert elapsed < 5.0, f"{elapsed:.1f} s of CPU"  # ~1 s on the 2-core box; it took hours
