"""A table of stories with text after it never puts a row in two stories (tester report 25,
finding 8: a section's story ran from its heading over the table to a <details> block below,
so each row was a story and also part of the section's story)."""

from __future__ import annotations

from storytransformer.ingest import ingest_paths


def test_a_table_row_is_in_one_story_when_text_follows_the_table(tmp_path):
    (tmp_path / "tabella.md").write_text(
        "# Magazzino\n\n"
        "| Story | Punti |\n"
        "|-------|-------|\n"
        "| Come magazziniere vorrei stampare le etichette in modo da spedire prima | 3 |\n"
        "| Come magazziniere vorrei contare le scorte in modo da riordinare | 5 |\n\n"
        "<details><summary>Altro</summary>\n\n"
        "Come responsabile vorrei un riepilogo settimanale in modo da pianificare.\n\n"
        "</details>\n\n"
        "# Cassa\n\n"
        "Come cassiere vorrei chiudere la cassa in modo da andare a casa.\n\n"
        "| Key | Story |\n"
        "|-----|-------|\n"
        "| K-1 | Come cassiere vorrei stampare lo scontrino in modo da darlo al cliente |\n\n"
        "Notes: chiedere al negozio di Roma.\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    said = [w.message for w in corpus.warnings]
    assert not any("two stories" in m or "two 'As a" in m for m in said), said
    texts = [s.text for s in corpus.stories]
    assert sum("stampare le etichette" in t for t in texts) == 1
    assert sum("contare le scorte" in t for t in texts) == 1
    assert sum("stampare lo scontrino" in t for t in texts) == 1
    assert any(t.startswith("Come responsabile vorrei") for t in texts)
    cassa = next(s for s in corpus.stories if "chiudere la cassa" in s.text)
    assert "scontrino" not in cassa.text and cassa.end_line == 16
    assert dict(corpus.ledgers[0].not_read).get(22) == "text after a table of stories"


def test_a_code_block_under_a_table_of_stories_is_reported_as_code(tmp_path):
    (tmp_path / "front.md").write_text(
        "# Story A\n\nAs a user I want front matter ignored so that it is clean.\n\n"
        "| ID | Story |\n|----|-------|\n| T1 | As a user I want table stories so that rows work |\n\n"
        "```\nAs a user I want code fence content so that this should not be a story\n```\n",
        encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert [s.id for s in corpus.stories] == ["front.md#1", "T1"]
    not_read = dict(corpus.ledgers[0].not_read)
    assert [not_read.get(n) for n in (9, 10, 11)] == ["code block outside a story"] * 3, not_read
