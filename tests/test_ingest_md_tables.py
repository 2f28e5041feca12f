"""Pipe tables in Markdown: a table of stories is read row by row; a key/value table or a
table of details under a story stays in that story's text. No row drops a cell, no story
heading becomes an epic because a table follows it, no line is in two stories."""

from __future__ import annotations

from storytransformer.ingest import read_text
from storytransformer.ingest.conservation import totals


def _clean(corpus):
    t = totals(corpus.ledgers)
    assert t["lines"] == t["lines_in_stories"] + t["lines_reported"]
    assert t["lines_in_two_stories"] == 0 and t["lines_not_read_unexplained"] == 0
    return t


def test_a_key_value_table_under_a_story_is_part_of_it():
    text = ("# Barrierefreiheit\n\n"
            "### Screenreader\nAls blinde Nutzerin möchte ich beschriftete Felder, damit ich allein buche.\n\n"
            "### Kontrast\nAls Nutzer mit Sehschwäche möchte ich einen Kontrastmodus, damit ich lesen kann.\n\n"
            "| Hinweise | |\n|---|---|\n| geprüft von | UX-Team |\n")
    corpus = read_text(text, format="markdown")
    assert [s.title for s in corpus.stories] == ["Screenreader", "Kontrast"]
    kontrast = corpus.stories[1]
    assert "UX-Team" in kontrast.text and "geprüft von" in kontrast.text
    assert kontrast.epic == "Barrierefreiheit" and (kontrast.line, kontrast.end_line) == (6, 11)
    assert all(s.epic != "Kontrast" for s in corpus.stories)
    _clean(corpus)


def test_a_table_of_details_under_a_story_is_its_text():
    text = ("## Export invoices\n"
            "As an accountant, I want to export invoices, so that I can file taxes.\n\n"
            "| Field | Description |\n|---|---|\n| Format | PDF and CSV |\n| Deadline | 24 hours |\n")
    corpus = read_text(text, format="markdown")
    (story,) = corpus.stories
    assert "24 hours" in story.text and story.end_line == 7
    _clean(corpus)


def test_a_story_table_after_a_story_ends_it_and_takes_the_parent_epic():
    text = ("# Webshop\n\n## Checkout\n"
            "As a shopper, I want to pay by card, so that checkout is quick.\n\n"
            "| Key | Story |\n|--|--|\n"
            "| SHOP-2 | As a shopper, I want to pay by invoice, so that I pay later. |\n"
            "| SHOP-3 | Como comprador, quiero pagar con Bizum, para no usar tarjeta. |\n")
    corpus = read_text(text, format="markdown")
    assert [(s.id, s.line, s.end_line, s.epic) for s in corpus.stories] == [
        ("<text>#1", 3, 4, "Webshop"), ("SHOP-2", 8, 8, "Webshop"), ("SHOP-3", 9, 9, "Webshop")]
    assert "SHOP-2" not in corpus.stories[0].text
    _clean(corpus)


def test_a_story_table_under_an_introduction_takes_the_heading_as_epic():
    text = ("## Sprint 9\nStories agreed in planning on Monday:\n\n"
            "| Story | Owner |\n|---|---|\n"
            "| As a driver, I want my route on the phone, so that I skip the office. | Ana |\n"
            "| Als Fahrer möchte ich Pausen erfassen, damit die Lenkzeit stimmt. | Jonas |\n")
    corpus = read_text(text, format="markdown")
    assert [(s.line, s.epic) for s in corpus.stories] == [(6, "Sprint 9"), (7, "Sprint 9")]
    assert dict(corpus.stories[1].source_fields) == {"Owner": "Jonas"}
    assert dict(corpus.ledgers[0].not_read)[2] == "section text without a story"
    _clean(corpus)


def test_a_cell_past_the_header_is_kept_in_the_story():
    text = ("| Story |\n|---|\n"
            "| As a nurse, I want my rota, so that I plan my week. | ask the ward manager |\n")
    corpus = read_text(text, format="markdown")
    (story,) = corpus.stories
    assert story.text.endswith("ask the ward manager") and story.role == "nurse"
    _clean(corpus)
