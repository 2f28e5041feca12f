"""needle's per-cell line shows the part of the answer around the expected passphrase: a
tester saw every answer cut at 'The secret passphrase for the Kestrel Island li…', before
the value that decides the score (results.json has them whole)."""

from storytransformer.cli.needle_cmd import _clip

ANSWER = "The secret passphrase for the Kestrel Island lighthouse archive is crimson-thistle-7468."
EXPECTED = ["crimson-thistle-7468"]


def test_the_expected_answer_is_in_the_shown_part():
    shown = _clip(ANSWER, expected=EXPECTED)
    assert "crimson-thistle-7468" in shown and len(shown) <= 48 and shown.startswith("…")


def test_a_near_miss_shows_the_wrong_value():
    shown = _clip(ANSWER.replace("7468", "7488"), expected=EXPECTED)
    assert "crimson-thistle-7488" in shown


def test_an_answer_without_it_shows_its_end_and_short_ones_stay_whole():
    shown = _clip("I could not find any passphrase in the document you gave me, sorry about that.", expected=EXPECTED)
    assert shown.endswith("sorry about that.") and len(shown) <= 48
    assert _clip("crimson-thistle-7468", expected=EXPECTED) == "crimson-thistle-7468"
    long = "crimson-thistle-7468 " + "and then the model kept on talking about lighthouses " * 3
    assert _clip(long, expected=EXPECTED).startswith("crimson-thistle-7468")
