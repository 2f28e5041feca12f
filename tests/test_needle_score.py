"""Scoring with known answers, and the grid options."""

from __future__ import annotations

import pytest

from storytransformer.errors import OptionError
from storytransformer.needle.grid import default_lengths, fmt_tokens, parse_depths, parse_lengths
from storytransformer.needle.score import match, score_answer, words

ANSWER = "amber-falcon-7391"


def test_words_normalize_case_punctuation_and_unicode():
    assert words("Amber‐Falcon–7391!") == ["amber", "falcon", "7391"]
    assert words("ＡＭＢＥＲ falcon") == ["amber", "falcon"]  # NFKC folds full-width letters


@pytest.mark.parametrize("answer, exact, substring, recall", [
    ("amber-falcon-7391", True, True, 1.0),
    ("AMBER FALCON 7391.", True, True, 1.0),
    ("The secret passphrase is amber-falcon-7391.", False, True, 1.0),
    ("amber-falcon-73910", False, False, 2 / 3),  # a longer number is not the number
    ("falcon amber 7391", False, False, 1.0),  # every word, wrong order: recall only
    ("amber-otter-1234", False, False, 1 / 3),
    ("I do not know.", False, False, 0.0),
    ("", False, False, 0.0),
])
def test_match_known_answers(answer, exact, substring, recall):
    m = match(answer, ANSWER)
    assert (m.exact, m.substring) == (exact, substring)
    assert m.recall == pytest.approx(recall)


def test_lenient_gives_partial_credit_strict_does_not():
    assert score_answer("amber-otter-1234", [ANSWER]).score == pytest.approx(0.3333, abs=1e-4)
    assert score_answer("amber-otter-1234", [ANSWER], scoring="strict").score == 0.0
    assert score_answer("It is amber-falcon-7391.", [ANSWER], scoring="strict").score == 1.0


def test_multi_answers_score_the_fraction_found():
    expected = ["amber-falcon-7391", "cobalt-heron-2210", "willow-quill-5555"]
    answer = "Kestrel: amber-falcon-7391\nMarrowgate: cobalt-heron-2210\nCopperfield: no idea"
    s = score_answer(answer, expected)
    assert s.score == pytest.approx(2 / 3, abs=1e-4) and not s.substring
    assert score_answer(answer, expected, scoring="strict").score == 0.0
    full = answer.replace("no idea", "willow-quill-5555")
    assert score_answer(full, expected, scoring="strict").score == 1.0


def test_strict_fails_when_a_distractor_value_appears():
    forbidden = ["cobalt-lantern-9779"]
    both = "amber-falcon-7391 or maybe cobalt-lantern-9779"
    assert score_answer(both, [ANSWER], forbidden=forbidden).score == 1.0  # lenient: found it
    s = score_answer(both, [ANSWER], forbidden=forbidden, scoring="strict")
    assert s.score == 0.0 and s.distractor_hits == ("cobalt-lantern-9779",)
    assert score_answer("cobalt-lantern-9779", [ANSWER], forbidden=forbidden).score == 0.0


def test_story_answer_needs_id_and_code():
    expected = ["SHOP-42", "amber-falcon-7391"]
    assert score_answer("Story SHOP-42: code amber-falcon-7391", expected, scoring="strict").score == 1.0
    assert score_answer("Story SHOP-41: code amber-falcon-7391", expected).score == pytest.approx(0.75)
    assert score_answer("Story SHOP-41: code amber-falcon-7391", expected, scoring="strict").score == 0.0


def test_default_length_ladders():
    assert default_lengths(8192) == [1024, 2048, 4096, 8192]
    assert default_lengths(32768) == [4096, 8192, 16384, 32768]
    assert default_lengths(1000) == [1000]
    assert default_lengths(131072)[-1] == 131072


def test_parse_lengths_and_depths():
    assert parse_lengths("1k,512,2k", 8192) == [512, 1024, 2048]
    assert parse_lengths(None, 32768) == [4096, 8192, 16384, 32768]
    with pytest.raises(OptionError, match="more than --ctx 8k"):
        parse_lengths("16k", 8192)
    with pytest.raises(OptionError, match="--lengths"):
        parse_lengths("1k,lots", 8192)
    assert parse_depths(None) == [0, 25, 50, 75, 100]
    assert parse_depths("0:100:10") == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert parse_depths("50%,10") == [10, 50]
    with pytest.raises(OptionError, match="outside 0..100"):
        parse_depths("0,120")
    with pytest.raises(OptionError, match="--depths"):
        parse_depths("middle")


def test_fmt_tokens():
    assert [fmt_tokens(n) for n in (8192, 1536, 300, 131072)] == ["8k", "1.5k", "300", "128k"]
