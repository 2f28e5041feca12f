"""Lines made only of HTML tags ("</details>", '<div align="center">', "<br/>") are markup with
no text: reported as not read, never a story (tester report 25: "</details>" became an
unparsed story that reached every output). Tags inside a sentence or a code fence stay text."""

from __future__ import annotations

from storytransformer.ingest import ingest_paths


def test_tag_only_lines_are_not_stories(tmp_path):
    (tmp_path / "backlog.md").write_text(
        '<div align="center">\n\n'
        "# Kasse\n\n"
        "- Als Kassierer möchte ich die Kasse schließen, damit ich nach Hause gehen kann.\n"
        "- Als Kassierer möchte ich einen Bon drucken, damit der Kunde ihn bekommt.\n\n"
        "<details>\n"
        "<summary>Mehr</summary>\n\n"
        "- Als Filialleiterin möchte ich eine Tagesübersicht, damit ich planen kann.\n"
        "- Press <Enter> to save, and <br/> breaks a line.\n\n"
        "</details>\n"
        "<br/>\n\n"
        "```html\n</details>\n```\n\n"
        "</div>\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    texts = [s.text for s in corpus.stories]
    assert not any(t.strip() in ("</details>", "<details>", "<br/>", "</div>") for t in texts), texts
    assert any("Press <Enter> to save" in t for t in texts)
    not_read = dict(corpus.ledgers[0].not_read)
    assert [not_read.get(n) for n in (1, 8, 14, 15, 21)] == ["HTML tag line (no text)"] * 5, not_read
    assert any(t.endswith("```html\n</details>\n```") for t in texts)  # a fence keeps its tags
    assert not any("two stories" in w.message or "not read into any" in w.message for w in corpus.warnings)


def test_tag_only_lines_in_a_utf16_text_backlog(tmp_path):
    (tmp_path / "notes.txt").write_text(
        "En tant que client, je veux payer par carte afin de gagner du temps.\n"
        "</p>\n"
        "En tant que client, je veux payer par virement afin de ne pas avancer d'argent.\n",
        encoding="utf-16")
    corpus = ingest_paths([tmp_path])
    assert len(corpus.stories) == 2 and all("</p>" not in s.text for s in corpus.stories)
