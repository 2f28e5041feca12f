"""verify/tokens.py reads words of any script: "être" is one word, not "tre"; a Japanese
sentence is its kanji, kana and katakana runs; ASCII text gives the words it always gave."""

import re

from hypothesis import given
from hypothesis import strategies as st

from storytransformer.stories import Story
from storytransformer.verify import tokenize, verify

_ASCII_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|[A-Za-z0-9]+(?:['’.][A-Za-z0-9]+)*")  # the old tokenizer


def words(text):
    return [t.text for t in tokenize(text)]


def test_words_of_french_german_polish_and_japanese():
    assert words("Le conducteur doit être notifié") == ["Le", "conducteur", "doit", "être", "notifié"]
    assert words("Die Straße wird für Fußgänger gesperrt") == ["Die", "Straße", "wird", "für", "Fußgänger", "gesperrt"]
    assert words("Użytkownik może pobrać źródło.") == ["Użytkownik", "może", "pobrać", "źródło"]
    assert words("注文をキャンセルできる。") == ["注文", "を", "キャンセル", "できる"]
    assert words("caf\u00e9 and e\u0301te") == ["café", "and", "e\u0301te"]  # a decomposed accent stays inside


@given(st.text(alphabet="abcXYZ019 ,.'’_-!?\n", max_size=40))
def test_ascii_text_gives_the_words_it_always_gave(text):
    assert [(t.text, t.start) for t in tokenize(text)] == [(m.group(), m.start()) for m in _ASCII_WORD.finditer(text)]


def _fields(goal, criteria):
    return {"title": "", "role": "", "goal": goal, "benefit": "", "acceptance_criteria": criteria}


def test_an_invented_french_name_is_flagged_whole():
    src = Story("R-1", "En tant que conducteur, je veux être notifié de chaque réservation.", "r.md", 1, "markdown")
    v = verify(_fields("être notifié de chaque réservation par Zoé", []), [src], threshold=0.1)
    assert v.invented_names == ["Zoé"]
    assert "par Zoé" in [s.text for s in v.unsupported]  # (was "par Zo")


def test_polish_and_japanese_merges_are_grounded_word_by_word():
    pl = Story("P-1", "Jako księgowa chcę pobrać fakturę w PDF.", "p.md", 1, "markdown")
    assert verify(_fields("pobrać fakturę w PDF", []), [pl]).score == 1.0
    v = verify(_fields("pobrać źródło faktury", []), [pl], threshold=0.1)
    assert "źródło faktury" in [s.text for s in v.unsupported]  # (an inflection is another word)
    ja = Story("J-1", "利用者として、注文をキャンセルしたい。", "j.md", 1, "markdown")
    assert verify(_fields("注文をキャンセルしたい", []), [ja]).score == 1.0
    v = verify(_fields("注文を返品したい", []), [ja], threshold=0.1)
    assert v.score == 0.75 and not v.passed  # 注文 を 返品 したい: "返品" (return) no source says
