"""A needle cell that does not fit in memory is a result ("oom"), drawn as a marked gap and
left out of the mean score; the other cells still run (tiny random Llama, a real allocation
failure: an eager attention mask of 200k x 200k tokens)."""

from __future__ import annotations

import dataclasses
import os

import pytest
from needle_fixtures import smol_tokenizer, tiny_loaded  # noqa: F401

from storytransformer.needle import heatmap
from storytransformer.needle.decode import GreedyDecoder
from storytransformer.needle.results import CellResult, Results
from test_needle_run import _prompts


def _refuses_huge_allocations() -> bool:
    mode = open("/proc/sys/vm/overcommit_memory").read().strip() if os.path.exists("/proc/sys/vm/overcommit_memory") else "?"
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return mode != "1" and ram < 48 * 2**30


@pytest.mark.parametrize("share", [True, False])
def test_an_out_of_memory_cell_is_a_result_and_the_rest_still_run(tiny_loaded, share):  # noqa: F811
    if not _refuses_huge_allocations():
        pytest.skip("this kernel would grant the allocation lazily; refusing it is what the test needs")
    model = tiny_loaded.model
    model.config._attn_implementation = "eager"  # materializes the ctx x ctx mask: 200k tokens cannot fit
    try:
        small = _prompts(tiny_loaded.tokenizer, lengths=(400,), depths=(0, 100))
        for p in small:
            p.spec = dataclasses.replace(p.spec, max_new_tokens=2)
        huge = dataclasses.replace(small[0], length=200_000, ids=small[0].ids * (200_000 // len(small[0].ids)))
        answers = GreedyDecoder(model, tiny_loaded.tokenizer).answer([small[0], huge, small[1]], share=share)
    finally:
        model.config._attn_implementation = "sdpa"
    assert [a.finish_reason for a in answers][1] == "oom"
    assert answers[1].text == "" and all(a.finish_reason in ("stop", "length") for a in (answers[0], answers[2]))


def _cell(length, depth, score, reason="stop"):
    return CellResult(length=length, depth=depth, score=score, exact=score == 1, substring=score == 1, recall=score,
                      answer="x", expected=["x"], prompt_tokens=length, haystack_tokens=length, needle_offsets=[0],
                      seconds=0.1, time_to_first_token=0.01, prefill_tokens=length, output_tokens=1,
                      finish_reason=reason)


def test_oom_cells_are_a_marked_gap_not_a_zero(tmp_path):
    results = Results(settings={"model": "m", "device": "NVIDIA H200", "lengths": [1024, 2048],
                                "depths": [0.0, 100.0], "mode": "single", "scoring": "lenient"},
                      cells=[_cell(1024, 0.0, 1.0), _cell(1024, 100.0, 1.0), _cell(2048, 0.0, 0.0, "oom"),
                             _cell(2048, 100.0, 0.0, "oom")])
    summary = results.summary()
    assert summary["oom_cells"] == 2 and summary["mean_score"] == 1.0  # OOM is not "missed"
    path = heatmap.draw(results, tmp_path / "heatmap.png")
    assert path.read_bytes().startswith(b"\x89PNG")
