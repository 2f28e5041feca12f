"""A tracker row's values never vanish: a repeated text column (two Summary, Description or
Acceptance Criteria columns) keeps every value in the story's text, a repeated one-value
column that disagrees is kept with the row's other columns and reported, and cells past the
header's last column are kept at the end of the text (tester report 25, finding 2)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storytransformer.errors import InputError
from storytransformer.ingest import ingest_paths


def _by_key(corpus):
    return {s.id: s for s in corpus.stories}


def test_repeated_text_columns_keep_every_value_in_several_languages(tmp_path):
    # A German Jira export in Windows-1252 with two "Zusammenfassung" and two "Beschreibung"
    # columns; a French one with ';' and two "Critères d'acceptation" columns.
    (tmp_path / "jira_de.csv").write_bytes(
        ("Vorgangsschlüssel,Zusammenfassung,Zusammenfassung,Beschreibung,Beschreibung\r\n"
         "DE-1,Rechnung drucken,Druckansicht für Rechnungen,"
         "\"Als Buchhalterin möchte ich Rechnungen drucken, damit ich sie ablegen kann.\","
         "Zweite Beschreibung: Größe A4 und Querformat\r\n").encode("cp1252"))
    (tmp_path / "export_fr.csv").write_text(
        "Clé;Résumé;Description;Critères d'acceptation;Critères d'acceptation\n"
        "FR-7;Exporter les factures;En tant que comptable, je veux exporter les factures "
        "afin de les archiver.;Le fichier est au format PDF;Le fichier ne dépasse pas 5 Mo\n",
        encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    stories = _by_key(corpus)
    de = stories["DE-1"]
    assert de.title == "Rechnung drucken"
    assert "Druckansicht für Rechnungen" in de.text and "Größe A4 und Querformat" in de.text
    fr = stories["FR-7"]
    assert "5 Mo" in fr.text and "format PDF" in fr.text
    assert any("5 Mo" in c for c in fr.acceptance_criteria)
    assert any("format PDF" in c for c in fr.acceptance_criteria)


def test_a_repeated_key_column_that_disagrees_is_kept_and_reported(tmp_path):
    (tmp_path / "ado.csv").write_text(
        "ID,Title,Work Item Type,Work Item Type,ID\n"
        "41,Exportar informes,User Story,Bug,41\n"
        "42,Importar clientes,User Story,User Story,99\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    stories = _by_key(corpus)
    assert stories["41"].item_type == "User Story"
    assert ("Work Item Type", "Bug") in stories["41"].source_fields
    assert ("ID", "99") in stories["42"].source_fields
    said = [f"{w.line}: {w.message}" for w in corpus.warnings]
    assert any(s.startswith("2: column 'Work Item Type' is repeated") for s in said), said
    assert any(s.startswith("3: column 'ID' is repeated") and "'99'" in s for s in said), said
    with pytest.raises(InputError) as err:
        ingest_paths([tmp_path], strict=True)
    assert err.value.line == 2 and "stopped (--strict)" in str(err.value)


def test_values_past_the_header_are_kept_and_reported(tmp_path):
    (tmp_path / "short_header.csv").write_text(
        "Summary,Description,Issue key\n"
        "Riordina elenco,\"Come magazziniere vorrei riordinare l'elenco, in modo da trovare tutto.\","
        "IT-3,priorità alta,rivisto da Anna\n", encoding="utf-16")
    corpus = ingest_paths([tmp_path])
    story = _by_key(corpus)["IT-3"]
    assert story.text.endswith("priorità alta\nrivisto da Anna")
    assert any(w.line == 2 and "2 value(s) past the header kept" in w.message for w in corpus.warnings)


def test_the_cli_keeps_the_second_summary_and_strict_passes_when_nothing_is_lost(tmp_path):
    (tmp_path / "dup.csv").write_text("Summary,Summary,Issue key,Labels,Labels\n"
                                      "Dup A,Dup B,DUP-1,x,y\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(tmp_path / "dup.csv"),
                          "--strict", "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    story = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert story["text"] == "Dup A\n\nDup B" and story["labels"] == ["x", "y"]
