"""estimate-cost counts in bounded tokenizer calls (t25 #5): a 50 MB one-line story took
minutes at 4.9 GB with no progress, and ~50 s to honour Ctrl-C. Real tokenizers, real files,
the real CLI in a subprocess interrupted with SIGINT."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time

import pytest

from storytransformer.cost.chunked import CHUNK_CHARS, MAX_RUN, count_texts, pieces
from storytransformer.cost.tokens import load_counters

WORDS = ("invoice", "export", "Kunde", "möchte", "réservation", "user", "wants", "so", "that", "日本語", "42", "%")


def _text(n_chars: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    out, size = [], 0
    while size < n_chars:
        w = rnd.choice(WORDS) + (".\n" if rnd.random() < 0.05 else " ")
        out.append(w)
        size += len(w)
    return "".join(out)


@pytest.mark.parametrize("text", [
    _text(3 * CHUNK_CHARS + 17),
    "x" * (2 * CHUNK_CHARS),  # one whitespace-free run, as in the 50 MB line
    "short story",
    _text(5000) + "y" * (MAX_RUN * 3 + 5) + _text(5000, seed=2),
])
def test_pieces_cover_the_text_and_are_bounded(text):
    parts = pieces(text)
    assert "".join(parts) == text
    assert max(len(p) for p in parts) <= CHUNK_CHARS
    assert all(len(run) <= MAX_RUN for p in parts for run in re.findall(r"\S+", p))


def test_chunked_counts_equal_or_nearly_equal_one_call_and_calls_stay_bounded():
    counters, missing = load_counters(["o200k_base", "cl100k_base", "local"])
    assert counters, missing
    texts = [_text(200, seed=i) for i in range(300)] + [_text(3 * CHUNK_CHARS, seed=99)]
    for name, c in counters.items():
        sizes = []

        def recording(batch, c=c, sizes=sizes):
            sizes.append(sum(map(len, batch)))
            return c.count_batch(batch)

        whole = c.count_batch(texts)
        chunked = count_texts(recording, texts)
        assert chunked[:300] == whole[:300], name  # small stories: exactly the same counts
        assert abs(chunked[-1] - whole[-1]) <= 0.001 * whole[-1], name  # a cut moves a token or two per MiB
        assert max(sizes) <= CHUNK_CHARS and len(sizes) >= 4


def test_progress_and_ctrl_c_on_a_big_corpus(tmp_path):
    corpus = tmp_path / "big"
    corpus.mkdir()
    with (corpus / "big.md").open("w") as f:  # one story whose line is 17 MB without a space
        f.write("As a user I want big lines so that " + "x" * 17_000_000 + "\n\n")
        f.write("As a user I want small things so that they fit.\n")
    proc = subprocess.Popen([sys.executable, "-m", "storytransformer", "estimate-cost", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(12)  # past ingest (a few seconds), inside the token count
    if proc.poll() is not None:
        pytest.skip("this machine counted 17 MB in under 12 s: nothing left to interrupt")
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    waited = time.monotonic() - sent
    assert proc.returncode == 130 and waited < 3, (waited, err)
    assert "interrupted" in err and "--resume" not in err
    assert "done " not in err  # an interrupted count is not reported as done
    assert "reading " in err and "big.md (16.2 MB)" in err  # a big file is announced in a log
