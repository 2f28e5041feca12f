"""Ingest defects found by trying realistic backlogs (QA pass, 2026-11-30), each kept fixed:
damaged UTF-8, other line separators, nested story lists, "AC" inside a criterion."""

from storytransformer.ingest import ingest_paths
from storytransformer.ingest.decode import decode_file

GOOD = "As a shopper, I want to see the café menu with crème brûlée, so that I choose.\n" * 3


def test_utf8_cut_inside_a_character_is_read_as_utf8_with_a_warning(tmp_path):
    data = GOOD.encode() + "As a chef I want the naïve résumé".encode()[:-1]
    (tmp_path / "cut.txt").write_bytes(data)
    corpus = ingest_paths([tmp_path])
    texts = " ".join(s.text for s in corpus.stories)
    assert "café" in texts and "Ã" not in texts
    assert "résum\ufffd" in texts
    assert any("not valid UTF-8" in w.message and w.line == 4 for w in corpus.warnings)


def test_a_legacy_file_is_still_detected_not_taken_for_damaged_utf8():
    for text in (GOOD, "As a user I want ’quotes’ – dashes, so that it reads well"):
        decoded = decode_file(text.encode("cp1252"))
        assert decoded.encoding == "cp1252" and decoded.text.startswith(text.strip()[:20])
        assert decoded.replaced is None


def test_many_broken_sequences_are_not_waved_through_as_utf8():
    # Half valid UTF-8, half Latin-1 bytes: not "a few" broken sequences.
    data = ("é" * 5).encode() + ("é" * 20).encode("latin-1")
    assert decode_file(data).replaced is None


def test_a_short_utf8_file_cut_at_its_end_stays_utf8():
    data = "As a guest I want the café menu\nAs a chef I want the résumé".encode()[:-1]
    decoded = decode_file(data)
    assert decoded.encoding == "utf-8" and "café" in decoded.text and decoded.replaced is not None


def test_other_line_separators_split_stories(tmp_path):
    stories = ["As a user, I want to log in, so that I see my orders",
               "As an admin, I want to lock accounts, so that abuse stops",
               "As a guest, I want to browse, so that I can decide",
               "As a clerk, I want to print labels, so that parcels ship"]
    (tmp_path / "seps.txt").write_text(stories[0] + "\u2028" + stories[1] + "\x0b" + stories[2] + "\x85"
                                       + stories[3] + "\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert [s.goal for s in corpus.stories] == ["log in", "lock accounts", "browse", "print labels"]


def test_stories_listed_under_a_category_bullet_are_each_a_story(tmp_path):
    # A nested list: the category bullet holds no narrative, its sub-bullets each do.
    (tmp_path / "a.md").write_text(
        "- Payments\n  - As a shopper, I want to pay by card, so that I can check out\n"
        "  - As a shopper, I want to pay by PayPal, so that I need no card\n"
        "- Delivery\n  - As a shopper, I want to track my parcel, so that I know when it comes\n"
        "- As a clerk, I want to print labels, so that parcels ship\n"
        "  - Labels fit A6\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert [s.goal for s in corpus.stories] == ["pay by card", "pay by PayPal", "track my parcel", "print labels"]
    assert corpus.stories[-1].acceptance_criteria == ("Labels fit A6",)  # a story's sub-bullets stay its criteria


def test_a_criterion_starting_with_ac_keeps_its_words():
    from storytransformer.ingest import read_text

    text = ("As a user, I want to log in, so that I see orders.\nAcceptance criteria:\n"
            "- AC one works\n- AC: two\n")
    (story,) = read_text(text, format="markdown").stories
    assert story.acceptance_criteria == ("AC one works", "two")
