"""A horizontal rule ends a story (tester report 24, finding 10): "---" and "Notes: ask HR …"
after the last story were glued into it and reached the merged outputs as story text. Notes
after a rule are reported as not read; text that is a story of its own stays one."""

from __future__ import annotations

from storytransformer.ingest import ingest_paths


def _read(tmp_path, name, text, encoding="utf-8"):
    (tmp_path / name).write_bytes(text.encode(encoding))
    corpus = ingest_paths([tmp_path / name])
    assert not any("two stories" in w.message for w in corpus.warnings)
    return corpus, dict(corpus.ledgers[0].not_read)


def test_notes_after_a_rule_under_a_list_of_stories_are_not_story_text(tmp_path):
    corpus, not_read = _read(tmp_path, "backlog.md", (
        "## Notifications\n\n"
        "- **As a nurse**, I want to be notified when my shift changes, so that I come on time.\n"
        "  - AC: Push notification within 5 minutes\n"
        "- **As a nurse**, I want to be notified when my leave is approved, so that I can book.\n"
        "  - AC: Push notification within 5 minutes\n\n"
        "---\n\n"
        "Notes: ask HR about the collective agreement.\n"))
    assert len(corpus.stories) == 2
    assert all("ask HR" not in s.text for s in corpus.stories)
    assert corpus.stories[-1].end_line == 6
    assert not_read[10] == "note after a rule (---), in no story"


def test_a_german_section_story_ends_at_a_rule_followed_only_by_notes(tmp_path):
    corpus, not_read = _read(tmp_path, "urlaub.md", (
        "# Urlaub\n\n## Antrag\n\n"
        "Als Pflegekraft möchte ich Urlaub beantragen, damit ich planen kann.\n\n"
        "- AC: Antwort in 2 Tagen\n\n"
        "***\n\n"
        "Hinweis: Betriebsrat fragen.\nPriority: hoch\n\n"
        "## Tausch\n\n"
        "Als Pflegekraft möchte ich Dienste tauschen, damit ich flexibel bin.\n\n"
        "___\n\n"
        "Die Tauschregeln stehen im Tarifvertrag und gelten für alle Stationen.\n"))
    antrag, tausch = corpus.stories
    assert "Betriebsrat" not in antrag.text and antrag.end_line == 7
    assert antrag.acceptance_criteria == ("Antwort in 2 Tagen",)
    assert not_read[11] == not_read[12] == "note after a rule (---), in no story"
    # prose after a rule inside a story section stays that story's text, as before
    assert "Tarifvertrag" in tausch.text


def test_a_french_remark_after_a_rule_in_a_cp1252_text_backlog_is_reported(tmp_path):
    corpus, not_read = _read(tmp_path, "besoins.txt", (
        "En tant que comptable, je veux exporter les factures afin de les archiver.\n\n"
        "En tant que comptable, je veux relancer les clients afin d'être payé.\n\n"
        "---\n\n"
        "Remarque : demander à l'équipe financière.\n"), encoding="cp1252")
    assert len(corpus.stories) == 2
    assert "Remarque" not in corpus.stories[1].text
    assert not_read[7] == "note after a rule (---), in no story"


def test_a_story_after_a_rule_is_still_a_story(tmp_path):
    corpus, _ = _read(tmp_path, "stories.md", (
        "- As a clerk, I want to print labels, so that parcels ship.\n\n"
        "---\n\n"
        "- As a clerk, I want to weigh parcels, so that postage is right.\n"
        "  - AC: scale reads grams\n"))
    assert [s.goal.split()[0] for s in corpus.stories] == ["print", "weigh"]
