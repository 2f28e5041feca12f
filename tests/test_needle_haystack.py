"""Haystacks of exact token length, sentence-boundary trimming, needle placement, prompts."""

from __future__ import annotations

import re

import pytest
from needle_fixtures import smol_tokenizer  # noqa: F401  (session fixture)

from storytransformer.errors import OptionError
from storytransformer.needle import filler
from storytransformer.needle.haystack import (
    UnitSource,
    build_body,
    pieces_from_stories,
    pieces_from_text,
    split_sentences,
)
from storytransformer.needle.needles import build_spec
from storytransformer.needle.prompt import Planner
from storytransformer.stories import Story


@pytest.fixture(scope="module")
def filler_source(smol_tokenizer):  # noqa: F811
    return UnitSource(pieces_from_text(filler.load()), smol_tokenizer, "bundled filler")


def test_bundled_filler_is_long_and_small():
    text = filler.load()
    assert 150_000 < len(text.encode()) < 400_000  # "a few hundred KB at most"
    assert text == filler.generate()  # reproducible from the generator in the package


def test_filler_holds_more_than_32k_tokens(filler_source):
    assert filler_source.total_tokens() > 40_000


def test_split_sentences_keeps_separators():
    parts = split_sentences("One here. Two there!\nLine two? Yes.\n\nNew para.")
    assert parts == [("", "One here."), (" ", "Two there!"), ("\n", "Line two?"), (" ", "Yes."),
                     ("\n\n", "New para.")]


@pytest.mark.parametrize("target", [17, 100, 999, 1000, 4093, 8000, 32000])
def test_body_has_exact_token_count(filler_source, smol_tokenizer, target):  # noqa: F811
    body = build_body(filler_source, target)
    assert body.exact and body.tokens == target
    # The count is what the model sees: re-tokenizing the text gives the same number.
    assert len(smol_tokenizer(body.text, add_special_tokens=False)["input_ids"]) == target


def test_body_is_made_of_whole_sentences(filler_source):
    sentences = {s for _, s in split_sentences(filler.load())}
    body = build_body(filler_source, 3000)
    for unit in body.units:
        assert unit.text.strip() in sentences
        assert re.search(r"[.!?]$", unit.text.strip())


def test_source_wraps_when_too_short(smol_tokenizer):  # noqa: F811
    source = UnitSource(pieces_from_text("A short text. It has three sentences. That is all."), smol_tokenizer, "t")
    body = build_body(source, 200)
    assert body.wrapped and body.exact
    assert "\n\nA short text." in body.text  # the repeat starts a new paragraph


def test_depth_picks_the_nearest_sentence_boundary(filler_source):
    body = build_body(filler_source, 2000)
    for depth in (0, 10, 33, 50, 90, 100):
        k = body.boundary_for_depth(depth)
        want = 2000 * depth / 100
        assert all(abs(body.offsets[k] - want) <= abs(o - want) for o in body.offsets)
    assert body.boundary_for_depth(0) == 0
    assert body.boundary_for_depth(100) == len(body.units)


@pytest.mark.parametrize("mode", ["single", "multi", "distractor"])
def test_prompt_fits_the_cell_length_exactly(filler_source, smol_tokenizer, mode):  # noqa: F811
    spec = build_spec(mode)
    planner = Planner(smol_tokenizer, filler_source, spec)
    for length in (600, 2048):
        for depth in (0, 50, 100):
            cell = planner.cell(length, depth)
            # template + instructions + haystack + question, plus room for the answer == length
            assert cell.prompt_tokens + spec.max_new_tokens == length
            text = smol_tokenizer.decode(cell.ids)
            assert smol_tokenizer(text, add_special_tokens=False)["input_ids"] == cell.ids
            assert text.count(spec.question) == 1
            for fact in spec.facts + spec.distractors:
                assert text.count(fact.sentence) == 1
            assert text.rstrip().endswith("assistant")  # generation prompt last


def test_needle_position_follows_depth(filler_source, smol_tokenizer):  # noqa: F811
    planner = Planner(smol_tokenizer, filler_source, build_spec("single"))
    head = len(planner.frame.head)
    cells = [planner.cell(4096, d) for d in (0, 25, 50, 75, 100)]
    offsets = [c.needle_offsets[0] - head for c in cells]
    assert offsets == sorted(offsets) and offsets[0] == 0
    haystack = cells[0].haystack_tokens
    for c, d in zip(cells, (0, 25, 50, 75, 100), strict=True):
        assert abs((c.needle_offsets[0] - head) - haystack * d / 100) < 60  # within a sentence or two
    # Every cell shares the ids before its needle with the shallowest one: what the KV reuse needs.
    for c in cells[1:]:
        assert c.ids[:c.shared_prefix][:cells[0].shared_prefix] == cells[0].ids[:cells[0].shared_prefix]
        assert c.ids[:c.shared_prefix] == cells[-1].ids[:c.shared_prefix]


def test_multi_needles_are_spread_after_the_depth(filler_source, smol_tokenizer):  # noqa: F811
    spec = build_spec("multi", needles=4)
    cell = Planner(smol_tokenizer, filler_source, spec).cell(4096, 40)
    assert len(cell.needle_offsets) == 4 and cell.needle_offsets == sorted(cell.needle_offsets)
    assert len(spec.answers) == 4 and len(set(spec.answers)) == 4
    for fact in spec.facts:
        assert fact.key in spec.question


def test_distractors_are_near_misses_with_other_values():
    spec = build_spec("distractor", needles=3)
    real = spec.facts[0]
    assert len(spec.distractors) == 3
    for fake in spec.distractors:
        assert fake.value != real.value and fake.key != real.key
        assert len(set(fake.key.split()) & set(real.key.split())) >= 3  # near miss, not unrelated
    assert spec.forbidden == tuple(f.value for f in spec.distractors)


def test_custom_needle_needs_all_three_and_answer_inside():
    spec = build_spec(needle="The vault code is 4417.", question="What is the vault code?", answer="4417")
    assert spec.answers == ("4417",) and spec.facts[0].sentence == "The vault code is 4417."
    with pytest.raises(OptionError, match="together"):
        build_spec(needle="The vault code is 4417.")
    with pytest.raises(OptionError, match="must appear"):
        build_spec(needle="The vault code is 4417.", question="Code?", answer="9999")


def _stories(n: int) -> list[Story]:
    return [Story(id=f"SHOP-{i}", text=f"As a shopper number {i}, I want to save basket {i} for later, "
                                       f"so that I can finish buying it. The basket keeps {i % 7 + 1} items.",
                  source="s.md", line=i + 1, format="markdown") for i in range(n)]


def test_story_mode_plants_criterion_at_a_story_end(smol_tokenizer):  # noqa: F811
    source = UnitSource(pieces_from_stories(_stories(200)), smol_tokenizer, "stories")
    spec = build_spec("story")
    planner = Planner(smol_tokenizer, source, spec)
    for depth in (0, 50, 100):
        cell = planner.cell(2048, depth)
        text = smol_tokenizer.decode(cell.ids)
        assert cell.story_id and cell.spec.answers == (cell.story_id, spec.answers[1])
        before = text[:text.index(spec.facts[0].sentence)]
        last_story = before.rstrip().rsplit("Story ", 1)[1]
        assert last_story.startswith(f"{cell.story_id}:")  # the criterion belongs to that story
        assert before.endswith("items.\n")  # after the story's last sentence, on its own line
        assert cell.prompt_tokens + spec.max_new_tokens <= 2048


def test_too_short_length_is_a_clear_error(filler_source, smol_tokenizer):  # noqa: F811
    planner = Planner(smol_tokenizer, filler_source, build_spec("single"))
    with pytest.raises(OptionError, match="too short"):
        planner.cell(64, 50)


def test_haystack_source_defaults_and_files(smol_tokenizer, tmp_path, monkeypatch):  # noqa: F811
    from storytransformer.needle.run import haystack_source

    warnings: list[str] = []
    monkeypatch.chdir(tmp_path)
    source, desc = haystack_source(None, smol_tokenizer, story_mode=False, warn=warnings.append)
    assert desc == "bundled filler"
    with pytest.raises(OptionError, match="story mode"):
        haystack_source(None, smol_tokenizer, story_mode=True, warn=warnings.append)

    (tmp_path / "essay.txt").write_text("Rivers move slowly. Bridges cross them.\n\nTowns grow near them.\n")
    source, desc = haystack_source("essay.txt", smol_tokenizer, story_mode=False, warn=warnings.append)
    assert desc == "essay.txt" and [p.text for p in source.pieces] == [
        " Rivers move slowly.", " Bridges cross them.", "\n\nTowns grow near them."]

    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "backlog.md").write_text(
        "- As a shopper, I want to save my basket, so that I can buy later.\n"
        "- As an admin, I want to export orders, so that I can audit them.\n")
    source, desc = haystack_source(None, smol_tokenizer, story_mode=True, warn=warnings.append)
    assert desc.startswith("stories (2 stories)")
    assert all(p.story_id for p in source.pieces) and source.pieces[0].text.startswith("Story ")

    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    from storytransformer.errors import InputError

    with pytest.raises(InputError, match="bad.txt"):
        haystack_source("bad.txt", smol_tokenizer, story_mode=False, warn=warnings.append)
    with pytest.raises(OptionError, match="no such file"):
        haystack_source("nowhere.txt", smol_tokenizer, story_mode=False, warn=warnings.append)
