""""Identical copies" (merged with no model call and no review) means identical need text
(tester report 25, finding 10): a copy with an extra paragraph, or with a title that says
something the kept copy does not, goes through the normal merge and its checks; copies that
differ only in case, spacing, markup or a title made of the story's own words stay copies."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storytransformer.merge import copy_to_keep
from storytransformer.stories import Story


def _story(sid, text, title, role, goal, benefit, criteria=()):
    return Story(sid, text, f"{sid}.md", 1, "markdown", title=title, role=role, goal=goal,
                 benefit=benefit, acceptance_criteria=tuple(criteria))


NARRATIVES = [  # (text, role, goal, benefit, criterion), en/de/fr
    ("As an accountant I want to export invoices as CSV so that I can import them in my ledger.",
     "accountant", "export invoices as CSV", "I can import them in my ledger",
     "Given 1000 invoices, the export finishes in 10 seconds."),
    ("Als Buchhalterin möchte ich Rechnungen als CSV exportieren, damit ich sie ins Hauptbuch übernehme.",
     "Buchhalterin", "Rechnungen als CSV exportieren", "ich sie ins Hauptbuch übernehme",
     "1000 Rechnungen sind in 10 Sekunden exportiert."),
    ("En tant que comptable, je veux exporter les factures en CSV afin de les importer dans mon grand livre.",
     "comptable", "exporter les factures en CSV", "les importer dans mon grand livre",
     "1000 factures sont exportées en 10 secondes."),
]


@pytest.mark.parametrize("text, role, goal, benefit, crit", NARRATIVES)
def test_an_extra_paragraph_in_either_copy_is_no_copy(text, role, goal, benefit, crit):
    body = f"{text}\n\n- {crit}"
    plain = _story("A", body, "", role, goal, benefit, [crit])
    extra = _story("B", body + "\n\nThe credit notes of the month are exported too.", "", role, goal,
                   benefit, [crit])
    assert copy_to_keep([plain, extra]) is None
    assert copy_to_keep([extra, plain]) is None
    # the same text again, other case and spacing: a copy
    again = _story("C", body.upper().replace(" ", "  "), "", role.upper(), goal.upper(), benefit.upper(),
                   [crit.upper()])
    assert copy_to_keep([plain, again]) is not None


@pytest.mark.parametrize("text, role, goal, benefit, crit", NARRATIVES)
def test_a_title_with_words_the_story_lacks_is_no_copy(text, role, goal, benefit, crit):
    body = f"{text}\n\n- {crit}"
    a = _story("A", body, "CSV", role, goal, benefit, [crit])
    b = _story("B", body, "GDPR retention 2031", role, goal, benefit, [crit])
    # keeping A would drop the title "GDPR retention 2031"; keeping B drops "CSV", a word B states
    assert copy_to_keep([a, b]) is b and copy_to_keep([b, a]) is b
    d = _story("D", body, "Retention policy", role, goal, benefit, [crit])
    assert copy_to_keep([b, d]) is None  # either way a title is dropped
    # a title made of the story's own words (the goal) drops nothing; nor does no title
    c = _story("C", body, goal.upper(), role, goal, benefit, [crit])
    assert copy_to_keep([a, c]) is not None
    assert copy_to_keep([b, _story("D", body, "", role, goal, benefit, [crit])]) is b


def test_the_cli_plans_no_copy_group_for_a_copy_with_an_extra_paragraph(tmp_path):
    story = ("As an accountant I want to export invoices as CSV so that I can import them in my ledger.\n\n"
             "- Given 1000 invoices, the export finishes in 10 seconds.\n")
    (tmp_path / "c.md").write_text("# Export invoices\n\n" + story, encoding="utf-8")
    (tmp_path / "d.md").write_text("# Invoice CSV export\n\n" + story
                                   + "\nThe export must also contain the credit notes of the month.\n",
                                   encoding="utf-8")
    (tmp_path / "e.md").write_text("# Export invoices\n\n" + story.replace(" ", "  "), encoding="utf-8")

    def plan(*names):
        folder = tmp_path / "-".join(names)
        folder.mkdir()
        for n in names:
            (folder / n).write_bytes((tmp_path / n).read_bytes())
        run = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(folder), "--dry-run",
                              "--json", "--group-method", "lexical"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    extra = plan("c.md", "d.md")
    assert extra["groups"] - extra["singletons"] == 1 and extra["copy_groups"] == 0
    assert plan("c.md", "e.md")["copy_groups"] == 1
