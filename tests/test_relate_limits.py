"""The kinds tester t23 found (podcast, rail, pharmacy and permit backlogs), tested here on other
domains and languages: an inability against the ability it takes away, an exception clause
against a statement of every case, temperatures as quantities, other units of one quantity.
Real reader, relate()."""

from __future__ import annotations

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate
from storytransformer.relate.units import canonical_quantities


def _relation(tmp_path, a: str, b: str, name: str = "s") -> tuple[str, str]:
    """(relation, reason) relate() gives the pair: its merge group's, else its link's."""
    for n, text in enumerate((a, b)):
        suffix = ".feature" if text.lstrip().startswith(("Feature", "Fonctionnalité", "Funktionalität")) else ".md"
        (tmp_path / f"{name}{n}{suffix}").write_text(text, encoding="utf-8")
    x, y = ingest_paths([str(tmp_path)]).stories[:2]
    out = relate([x, y])
    link = next((link for link in out.links if {link.source, link.target} == {x.id, y.id}), None)
    for g in out.groups:
        if not g.is_singleton and {x.id, y.id} <= set(g.story_ids):
            return g.relation, link.reason if link else ""
    return (link.relation, link.reason) if link else ("unrelated", "")


@pytest.mark.parametrize("a, b", [
    ("As a library director, I want volunteers to be unable to waive late fees, so that fees stay fair.\n\n"
     "- Only librarians can waive a late fee",
     "As a volunteer, I want to waive late fees, so that I can help readers in a hurry.\n\n"
     "- Volunteers can waive any late fee"),
    ("As a clinic manager, I want receptionists not to be able to cancel appointments, so that no slot is lost.",
     "As a receptionist, I want to cancel appointments, so that I can free slots for others."),
    ("Als Schulleiterin möchte ich, dass Vertretungslehrer Noten nicht löschen können, damit nichts verloren geht.",
     "Als Vertretungslehrer möchte ich Noten löschen, damit ich Fehler korrigieren kann."),
    ("En tant que gérant, je veux que les serveurs ne puissent pas supprimer une commande, afin d'éviter la fraude.",
     "En tant que serveur, je veux supprimer une commande, afin de corriger une erreur."),
    ("Como jefa de almacén, quiero que los mozos no puedan borrar un pedido, para evitar pérdidas.",
     "Como mozo de almacén, quiero borrar un pedido, para corregir errores."),
    ("Come responsabile, voglio che i volontari non possano eliminare un evento, così l'agenda resta completa.",
     "Come volontario, voglio eliminare un evento, così posso correggere gli errori."),
])
def test_an_inability_against_the_ability_is_never_a_duplicate(tmp_path, a, b):
    relation, _ = _relation(tmp_path, a, b)
    assert relation != "duplicate"


def test_an_inability_against_the_ability_is_a_conflict_in_english(tmp_path):
    relation, reason = _relation(
        tmp_path,
        "As a gym owner, I want trainers to be unable to refund memberships, so that refunds are checked.",
        "As a trainer, I want to refund memberships, so that unhappy members leave on good terms.")
    assert relation == "conflict" and "refund" in reason


@pytest.mark.parametrize("a, b", [
    # an exception against "every day including ..."
    ("As a museum visitor, I want free entry after 17:00, so that I can visit after work.\n\n"
     "- Entry is free after 17:00 on weekdays, except on public holidays",
     "As a museum visitor, I want free entry after 17:00, so that I can visit after work.\n\n"
     "- Entry is free after 17:00 on every day including public holidays"),
    # "unless" against "always"
    ("As a tenant, I want the heating to start at 06:00, so that the flat is warm.\n\n"
     "- The heating starts at 06:00 unless the flat is empty",
     "As a tenant, I want the heating to start at 06:00, so that the flat is warm.\n\n"
     "- The heating always starts at 06:00"),
    # German: außer / jeden Tag
    ("Als Mitglied möchte ich die Sauna ab 7 Uhr nutzen, damit ich vor der Arbeit entspannen kann.\n\n"
     "- Die Sauna öffnet um 7 Uhr, außer sonntags",
     "Als Mitglied möchte ich die Sauna ab 7 Uhr nutzen, damit ich vor der Arbeit entspannen kann.\n\n"
     "- Die Sauna öffnet jeden Tag um 7 Uhr"),
    # French: sauf / tous les jours
    ("En tant que client, je veux la livraison gratuite le soir, afin d'économiser.\n\n"
     "- La livraison du soir est gratuite, sauf le samedi",
     "En tant que client, je veux la livraison gratuite le soir, afin d'économiser.\n\n"
     "- La livraison du soir est gratuite tous les jours"),
])
def test_an_exception_against_every_case_is_a_conflict(tmp_path, a, b):
    relation, reason = _relation(tmp_path, a, b)
    assert relation == "conflict" and "exception" in reason


def test_an_exception_against_never_in_gherkin_is_a_conflict(tmp_path):
    a = ("Feature: Harbour berths\n\n"
         "  Scenario: Late arrival fee waived\n"
         "    Given a booked berth\n"
         "    When the boat arrives after 20:00\n"
         "    Then the late arrival fee is waived, except in August\n\n"
         "  Scenario: Late arrival fee always charged\n"
         "    Given a booked berth\n"
         "    When the boat arrives after 20:00\n"
         "    Then the late arrival fee is never waived on any day\n")
    (tmp_path / "berths.feature").write_text(a, encoding="utf-8")
    x, y = ingest_paths([str(tmp_path)]).stories
    out = relate([x, y])
    assert any(g.relation == "conflict" and {x.id, y.id} <= set(g.story_ids) for g in out.groups)


def test_an_exception_is_no_conflict_with_an_unrelated_statement(tmp_path):
    relation, _ = _relation(
        tmp_path,
        "As an admin, I want to export all reports except drafts, so that auditors get final numbers.",
        "As a member, I want to see all my invoices, so that I can check my spending.")
    assert relation != "conflict"


def test_temperatures_are_quantities_with_a_unit():
    assert canonical_quantities("above 8 °C") == canonical_quantities("above 8° C") == "above 8 celsius"
    assert canonical_quantities("8 degrees Celsius") == canonical_quantities("8 Grad") == "8 celsius"
    assert canonical_quantities("50 °F") == canonical_quantities("10 °C")
    assert canonical_quantities("a 360 degree view") == "a 360 degree view"  # an angle


@pytest.mark.parametrize("a, b", [
    ("As a greenhouse keeper, I want an alert when the greenhouse gets too cold, so that seedlings survive.\n\n"
     "- Alert when the temperature drops below 5 °C for 30 minutes",
     "As a greenhouse keeper, I want an alert when the greenhouse is too cold, so that seedlings survive.\n\n"
     "- Alert when the temperature falls under 3 °C for 30 minutes"),
    ("As a sommelier, I want the wine cellar kept at 12 degrees Celsius, so that the wine ages well.",
     "As a sommelier, I want the wine cellar kept at 16 °C, so that the wine ages well."),
])
def test_other_temperatures_are_a_conflict_quoted_with_their_unit(tmp_path, a, b):
    relation, reason = _relation(tmp_path, a, b)
    assert relation == "conflict" and ("°C" in reason or "Celsius" in reason)


def test_one_temperature_in_two_units_is_no_conflict(tmp_path):
    relation, _ = _relation(
        tmp_path,
        "As a brewer, I want the fermenter kept at 68 °F, so that the yeast works well.",
        "As a brewer, I want the fermenter kept at 20 °C, so that the yeast works well.")
    assert relation == "duplicate"


def test_a_story_opening_with_italian_markers_is_read_as_italian():
    from storytransformer.relate.slots import story_language
    from storytransformer.stories import Story

    # (its own words, over 80 characters, are mostly English tech words: read alone, "en")
    text = "Come libraio, voglio vedere i download per ebook, in modo da capire quali titoli funzionano nel mercato."
    s = Story("X", text, "s.md", 1, "markdown", role="libraio", goal="vedere i download per ebook",
              benefit="capire quali titoli funzionano nel mercato", title="Statistiche download per ebook")
    assert story_language(s) == "it"


def test_two_italian_stories_with_other_actions_are_not_merged(tmp_path):
    relation, _ = _relation(
        tmp_path,
        "## Programmare un post\nCome redattrice, voglio programmare la pubblicazione di un articolo a una data "
        "futura, in modo che esca mentre sono in ferie.\n\n- Viene usato il fuso orario della redazione",
        "## Statistiche\nCome redattrice, voglio vedere le visite per articolo, in modo da capire quali temi "
        "funzionano.\n\n- Le visite sono contate una volta per lettore")
    assert relation != "duplicate"


def test_stories_in_a_script_without_spaces_are_not_merged_on_similarity_alone(tmp_path):
    (tmp_path / "ja.txt").write_text(
        "店長として、毎日の売上レポートが欲しい。それにより、在庫を計画できる。\n"
        "店長として、スタッフのシフトを編集したい。それにより、人手不足を防げる。\n", encoding="utf-8")
    stories = ingest_paths([str(tmp_path)]).stories
    assert len(stories) == 2
    out = relate(stories)
    assert all(g.is_singleton or g.relation != "duplicate" for g in out.groups)


def test_a_hyphenated_identifier_is_its_parts():
    from storytransformer.relate import decide_stories
    from storytransformer.stories import Story

    a = Story("A", "As a viewer, I want to upload an MP4-Video of up to 2 GB", "a.md", 1, "markdown",
              role="viewer", goal="to upload an MP4-Video of up to 2 GB")
    b = Story("B", "As a viewer, I want to upload an MP4 video of up to 2048 MB", "b.md", 1, "markdown",
              role="viewer", goal="to upload an MP4 video of up to 2048 MB")
    d = decide_stories(a, b, 0.6)
    assert d.relation == "duplicate" and "different object" not in d.reason


def test_an_exception_far_from_the_shared_words_is_no_conflict():
    from storytransformer.relate import decide_stories
    from storytransformer.stories import Story

    # one paragraph read as the need: "each week" is about logging hours, "unless" about comments
    a = Story("A", "As a nurse, I want to log my extra shifts for approval each week, so that we can plan "
              "staffing with facts. Comments stay private unless I share them", "a.md", 1, "markdown",
              role="nurse", goal="to log my extra shifts for approval each week. Comments stay private unless I share them")
    b = Story("B", "As a nurse, I want to log my extra shifts for approval each week, so that I am paid on time",
              "b.md", 1, "markdown", role="nurse", goal="to log my extra shifts for approval each week",
              benefit="I am paid on time")
    assert "exception" not in decide_stories(a, b, 0.6).reason
