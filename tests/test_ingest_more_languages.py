"""One story per line in Polish, Russian and Chinese: each line a parsed story (were one
unparsed story per paragraph: no narrative was recognised, so nothing told the lines apart)."""

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.ingest.narrative import parse_narrative

FILES = {
    "pl.txt": ["Jako klient, chcę zapłacić kartą, aby szybko kupić bilet.",
               "Jako administrator chciałbym blokować konta żeby zatrzymać nadużycia",
               "Jako kierowca nie chcę widzieć reklam, aby się nie rozpraszać"],
    "ru.txt": ["Как покупатель, я хочу оплатить картой, чтобы быстро купить билет.",
               "В качестве администратора я хочу блокировать учётные записи, чтобы остановить злоупотребления",
               "Как водитель я не хочу видеть рекламу, чтобы не отвлекаться"],
    "zh.txt": ["作为一名顾客，我想要用银行卡付款，以便快速购买车票。",
               "作为管理员，我希望锁定账户，从而阻止滥用。",
               "作为司机，我需要看到路线，以便不迷路。"],
}


def test_one_story_per_line_in_polish_russian_and_chinese(tmp_path):
    for name, lines in FILES.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert len(corpus.stories) == 9 and all(s.parsed and s.goal and s.benefit for s in corpus.stories)
    goals = {s.id: s.goal for s in corpus.stories}
    assert goals["zh.txt#1"] == "用银行卡付款" and goals["ru.txt#1"] == "оплатить картой"
    assert goals["pl.txt#1"] == "zapłacić kartą"


@pytest.mark.parametrize("prose", [
    "Как только я хочу уйти, всё зависает",  # "as soon as I want to leave": not a narrative
    "Jako że system jest wolny, chcę to zgłosić",  # "since the system is slow"
    "Работает как надо.",
])
def test_ordinary_prose_is_not_a_narrative(prose):
    assert parse_narrative(prose).goal is None
