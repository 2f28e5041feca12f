"""Gherkin through the Cucumber parser: languages, Rules, tagged Examples, DocStrings, data
tables, and broken files (tests/data/ingest/cases/ are the user reports, gherkin/ our own)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytransformer.ingest import ingest_paths, read_text

DATA = Path(__file__).parent / "data" / "ingest_formats"


def read(*parts: str):
    corpus = ingest_paths([DATA.joinpath(*parts)])
    return corpus, {s.id: s for s in corpus.stories}


def test_french_feature_reads_its_scenarios_and_narrative():
    corpus, by_id = read("cases", "paiement.feature")
    assert list(by_id) == ["PAY-31", "PAY-32"]
    ok = by_id["PAY-31"]
    assert (ok.role, ok.goal, ok.benefit) == ("client", "payer ma commande par carte bancaire",
                                              "recevoir mes articles rapidement")
    assert ok.acceptance_criteria == ("Étant donné un panier de 42 €",
                                      "Quand je paie avec une carte valide",
                                      "Alors la commande est confirmée",
                                      "Et je reçois un e-mail de confirmation")
    assert ok.labels == ("PAY",) and ok.epic == "Paiement par carte"
    assert "Contexte:\n    Étant donné que je suis connecté" in ok.text  # the Background
    refused = by_id["PAY-32"]
    assert refused.acceptance_criteria[-1].startswith("Exemples: | montant | etat | message |")
    assert (refused.line, refused.end_line) == (19, 27)
    assert corpus.warnings == []


def test_rule_tags_and_backgrounds_belong_to_the_scenarios_under_the_rule():
    corpus, by_id = read("cases", "library_loans.feature")
    stories = corpus.stories
    assert [(s.title, s.epic) for s in stories] == [
        ("Copy available", "A loan needs a copy on the shelf"),
        ("No copy left", "A loan needs a copy on the shelf"),
        ("Sixth loan refused", "Members may hold at most 5 loans")]
    # A key tag on a Rule names the rule, not each scenario: it stays a label (two scenarios
    # with one id would be renamed as duplicates).
    assert [s.labels for s in stories] == [("library", "LIB-20", "stock"),
                                           ("library", "LIB-20", "stock"), ("library", "limits")]
    assert 'Given the catalogue shows 2 copies of "Dune"' in stories[0].text
    assert "Given the branch is open" in stories[0].text and "Given the branch is open" in stories[2].text
    assert "catalogue" not in stories[2].text  # the first Rule's Background stops at its Rule
    assert stories[0].goal == "borrow books from the branch"
    assert corpus.warnings == []


def test_examples_tags_stay_on_their_outline_and_keys_never_move():
    corpus, by_id = read("cases", "upload.feature")
    outline, reject = corpus.stories
    assert outline.labels == ("smoke", "nightly") and outline.id == "upload.feature#1"
    assert reject.id == "DOC-77" and reject.labels == ()
    assert outline.acceptance_criteria[-2:] == (
        "Examples: common formats | format | size | | pdf | 2 |",
        "Examples: large and rare formats | format | size | | tiff | 40 | | heic | 12 |")
    assert (outline.line, outline.end_line, reject.line, reject.end_line) == (6, 20, 23, 26)
    assert "@DOC-77" not in outline.text and "@nightly" in outline.text


def test_german_outline_with_examples_blocks_tables_and_docstrings():
    corpus, by_id = read("gherkin", "warenkorb.feature")
    assert list(by_id) == ["WK-1", "WK-2", "WK-3"]  # the key on an Examples block names its outline
    assert (by_id["WK-1"].role, by_id["WK-1"].goal, by_id["WK-1"].benefit) == (
        "Kunde", "Artikel im Warenkorb speichern", "ich später bestellen kann")
    assert by_id["WK-1"].acceptance_criteria[-1] == \
        "Dann enthält der Warenkorb: | Artikel | Menge | | Tee | 1 |"
    assert by_id["WK-2"].labels == ("shop", "grenzfall")
    assert [c.split(" |")[0] for c in by_id["WK-2"].acceptance_criteria[-2:]] == [
        "Beispiele: erlaubt", "Beispiele: zu viel"]
    assert by_id["WK-3"].labels == ("shop",)  # @grenzfall did not slide onto the next scenario
    docstring = by_id["WK-3"].acceptance_criteria[-1]
    assert docstring.startswith("Dann erhalte ich\n") and '{"artikel": "Tee", "menge": 1}' in docstring
    assert by_id["WK-3"].end_line == 36
    assert corpus.warnings == []


def test_spanish_rules_with_background_and_key_tag():
    corpus, _ = read("gherkin", "reservas.feature")
    first, second, third = corpus.stories
    assert (first.role, first.goal, first.benefit) == (
        "cliente del restaurante", "reservar una mesa en línea", "no tener que llamar por teléfono")
    assert first.labels == second.labels == ("mesas", "RES-10") and third.labels == ()
    assert "Dado que el restaurante tiene 3 mesas libres" in second.text
    assert third.epic == "Las reservas se pueden cancelar"
    assert "3 mesas libres" not in third.text
    assert corpus.warnings == []


def test_a_broken_file_gives_one_warning_at_the_parser_location_and_keeps_everything(tmp_path):
    corpus = ingest_paths([DATA / "gherkin" / "broken.feature",
                           DATA / "cases" / "upload.feature"])
    assert [(w.path.rsplit("/", 1)[-1], w.line) for w in corpus.warnings] == [("broken.feature", 14)]
    assert "inconsistent cell count" in corpus.warnings[0].message
    published, rest, *others = corpus.stories
    assert published.id == "ED-1" and published.goal == "publish articles" and published.parsed
    assert not rest.parsed and rest.line == 11 and rest.text.startswith("  Scenario: Schedule")
    assert rest.text.rstrip().endswith("Then it is scheduled")
    assert [s.id for s in others] == ["upload.feature#1", "DOC-77"]  # the rest of the corpus


def test_a_feature_without_scenarios_is_a_story_and_a_file_without_feature_is_kept():
    only = read_text("Feature: Dark mode\n  As a user\n  I want a dark theme\n", format="gherkin")
    assert [(s.title, s.goal, s.parsed) for s in only.stories] == [("Dark mode", "a dark theme", True)]
    garbage = read_text("just some words\nmore words\n", format="gherkin")
    assert [s.parsed for s in garbage.stories] == [False]
    assert garbage.stories[0].text == "just some words\nmore words"
    assert len(garbage.warnings) == 1 and garbage.warnings[0].line == 1


def test_concatenated_features_are_each_read_with_a_warning():
    text = ("# language: fr\nFonctionnalité: Un\n  Scénario: A\n    Soit a\n\n"
            "@compta\nFonctionnalité: Deux\n  En tant que comptable\n  Je veux exporter\n"
            "  @CPT-1\n  Scénario: B\n    Soit b\n")
    corpus = read_text(text, format="gherkin")
    assert [(s.id, s.title, s.epic, s.line, s.labels) for s in corpus.stories] == [
        ("<text>#1", "A", "Un", 3, ()), ("CPT-1", "B", "Deux", 11, ("compta",))]
    assert corpus.stories[1].goal == "exporter"
    assert [(w.line, "second Feature" in w.message) for w in corpus.warnings] == [(6, True)]


def test_a_broken_second_feature_is_kept_whole():
    text = ("Feature: One\n  Scenario: A\n    Given a\n\nFeature: Two\n  As a clerk\n"
            "  I want two\n  Scenario: B\n    Given b\n    | x |\n    | y | z |\n")
    corpus = read_text(text, format="gherkin")
    first, second = corpus.stories
    assert first.title == "A" and not second.parsed
    assert second.text.startswith("Feature: Two") and second.text.endswith("| y | z |")
    assert [w.line for w in corpus.warnings] == [5, 11]


def test_a_scenario_with_its_own_narrative_keeps_it():
    text = ("Feature: Accounts\n  As a visitor\n  I want an account\n\n  Scenario: Admin locks\n"
            "    As an admin I want to lock accounts so that abuse stops\n\n    Given a user\n"
            "    When I lock them\n    Then they cannot sign in\n\n  Scenario: Sign up\n"
            "    Given the form\n    Then I have an account\n")
    lock, sign_up = read_text(text, format="gherkin").stories
    assert (lock.role, lock.goal, lock.benefit) == ("admin", "lock accounts", "abuse stops")
    assert (sign_up.role, sign_up.goal) == ("visitor", "an account")


def test_a_feature_line_inside_a_docstring_is_text():
    text = ('Feature: Editor\n  Scenario: Paste a feature\n    When I paste\n      """\n'
            '      Feature: Pasted\n        Scenario: inner\n      """\n    Then it is kept\n')
    corpus = read_text(text, format="gherkin")
    assert [s.title for s in corpus.stories] == ["Paste a feature"] and corpus.warnings == []
    assert "Feature: Pasted" in corpus.stories[0].acceptance_criteria[0]


def test_a_rule_without_scenarios_is_a_story_with_its_lines():
    text = ("Feature: Loans\n  Rule: Fines are capped\n    As a member\n    I want fines capped\n\n"
            "  Rule: Renewals\n    Scenario: Renew\n      Given a loan\n")
    corpus = read_text(text, format="gherkin")
    capped, renew = corpus.stories
    assert (capped.title, capped.goal, capped.line, capped.end_line) == (
        "Fines are capped", "fines capped", 2, 4)
    assert renew.epic == "Renewals" and corpus.warnings == []


def test_a_localized_feature_in_a_txt_file_is_read_as_gherkin(tmp_path):
    f = tmp_path / "paiement.txt"
    f.write_text((DATA / "cases" / "paiement.feature").read_text(encoding="utf-8"),
                 encoding="utf-8")
    corpus = ingest_paths([f])
    assert [(s.id, s.format) for s in corpus.stories] == [("PAY-31", "gherkin"),
                                                          ("PAY-32", "gherkin")]


GHERKINISH = st.lists(st.sampled_from([
    "", "Feature: F", "Fonctionnalité: G", "# language: fr", "  As a user", "  I want x",
    "  Background:", "  Rule: R", "  @T-1 @smoke", "  Scenario: S", "  Scenario Outline: O",
    "    Given a", "    When b <v>", "    Then c", "    And d", "    Examples:", "    @EX-2",
    "      | v |", "      | 1 |", "      | 1 | 2 |", '      """', "      doc text", "# comment",
    "  Example: E", "stray words"]), max_size=30)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GHERKINISH.map("\n".join))
def test_any_gherkin_text_is_read_whole(text):
    """Whatever the parser makes of it: no crash, and every non-blank line is inside exactly
    one story's [line, end_line] or declared as kept out (header, tags, comments)."""
    from storytransformer.ingest import READERS
    from storytransformer.ingest.context import FileContext

    ctx = FileContext(display="x.feature", rel="x.feature", format="gherkin")
    READERS["gherkin"](text, ctx)
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            holders = [s.id for s in ctx.stories if s.line <= n <= (s.end_line or 0)]
            assert len(holders) == 1 or (not holders and n in ctx.context_lines), (n, line)
