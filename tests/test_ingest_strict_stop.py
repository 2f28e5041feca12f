"""--strict stops at the first problem, and its one line says it stopped: the clause saying
what a non-strict run does next ("kept as an unparsed story", "read by position") is gone."""

from __future__ import annotations

import pytest

from storytransformer.errors import InputError
from storytransformer.ingest import ingest_paths
from storytransformer.ingest.strict_stop import stopped_message


@pytest.mark.parametrize("message, expected", [
    ("no 'As a … I want …' narrative found; kept as an unparsed story",
     "no 'As a … I want …' narrative found; stopped (--strict)"),
    ("row has 3 fields, the header has 4; read by position",
     "row has 3 fields, the header has 4; stopped (--strict)"),
    ("cannot read: Permission denied; not read", "cannot read: Permission denied; stopped (--strict)"),
    ("bad CSV quoting (x); the line is kept as an unparsed story; reading resumes on the next line",
     "bad CSV quoting (x); stopped (--strict)"),
    ("duplicate key 'title'; \"Old\" is dropped", "duplicate key 'title'; stopped (--strict)"),
    ("skipped: symlink leaves the input folder -> /etc/passwd; --follow-symlinks to read it",
     "skipped: symlink leaves the input folder -> /etc/passwd; --follow-symlinks to read it; "
     "stopped (--strict)"),
    ("no stories found in this file", "no stories found in this file; stopped (--strict)"),
])
def test_the_what_we_did_clause_becomes_stopped(message, expected):
    assert stopped_message(message) == expected


@pytest.mark.parametrize("name, content, line", [
    ("bad.jsonl", '{"title": "Ok", "description": "As a nurse, I want a rota."}\n{title: broken\n', 2),
    ("rows.csv", "Summary,Description\nExport,\"As a clerk, I want CSV\"\n,Der Export ist kaputt\n", 3),
    ("notas.txt", "Como enfermera, quiero ver mi turno, para planificar.\n"
                  "Como médico, quiero firmar recetas, para ahorrar tiempo.\nZeile ohne Geschichte.\n", 3),
])
def test_strict_errors_say_they_stopped(tmp_path, name, content, line):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        ingest_paths([tmp_path], strict=True)
    assert err.value.line == line
    text = str(err.value)
    assert text.endswith("; stopped (--strict)") and " kept" not in text and "read by" not in text
