"""Code and checklists in the outputs (tester t23, finding 12): merged.md showed a fenced
block's ``<itunes:explicit>`` as ``&lt;itunes:explicit&gt;`` (escaping inside code is printed
as is), and the Jira merged.csv escaped a checklist to ``* \\[ \\] …`` and repeated every
criterion (once in the body, once under "Acceptance criteria"). Through the real CLI with
the extractive merger (no model)."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from storytransformer.cli import main

BACKLOG = """# Feeds

## RSS feed validation
As a podcaster, I want the RSS feed to validate against Apple's rules, so that the show is accepted.

```xml
<itunes:explicit>false</itunes:explicit>
<script>alert(1)</script>
```

- [ ] The feed contains `<itunes:explicit>` for every episode
- [x] The feed & its items use <b>UTF-8</b>

## Exportación
Como contable, quiero exportar las facturas en JSON, para cuadrar la contabilidad.

~~~json
{"total": 3 < 4, "moneda": "EUR"}
~~~

- [ ] El fichero incluye `<factura>` por cada factura
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("code")
    (d / "stories").mkdir()
    (d / "stories" / "feeds.md").write_text(BACKLOG, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(d / "stories"), "--out", str(d / "out"),
                                    "--merger", "extractive"])
    assert res.exit_code == 0, res.output
    return d / "out"


def test_code_is_shown_as_written_in_merged_md(out):
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "<itunes:explicit>false</itunes:explicit>" in md  # in the fence, as written
    assert '{"total": 3 < 4, "moneda": "EUR"}' in md
    assert "`<itunes:explicit>`" in md and "`<factura>`" in md  # code spans as written
    # outside code, HTML is still text; inside code, an active element is still escaped
    assert "&amp; its items use &lt;b&gt;UTF-8&lt;/b&gt;" in md
    assert "<script" not in md and "&lt;script>alert(1)&lt;/script>" in md


def _rows(out):
    with open(out / "merged.csv", encoding="utf-8", newline="") as f:
        return {r["Summary"]: r["Description"] for r in csv.DictReader(f)}


def test_jira_description_has_criteria_once_and_code_as_a_macro(out):
    rows = _rows(out)
    rss = next(v for k, v in rows.items() if "RSS" in k)
    assert rss.count("for every episode") == 1 and rss.count("UTF-8") == 1
    assert "\\[" not in rss and "[ ]" not in rss
    assert "{code:xml}\n<itunes:explicit>false</itunes:explicit>" in rss and rss.count("{code}") == 1
    assert "h4. Acceptance criteria\n* " in rss
    es = next(v for k, v in rows.items() if "Como contable" in k or "Exportaci" in k)
    assert es.count("por cada factura") == 1 and "{code:json}" in es


def test_azure_description_has_code_as_pre_and_criteria_once(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "feeds.md").write_text(BACKLOG, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "stories"), "--out", str(tmp_path / "out"),
                                    "--merger", "extractive", "--csv-format", "azure"])
    assert res.exit_code == 0, res.output
    with open(tmp_path / "out" / "merged.csv", encoding="utf-8", newline="") as f:
        rss = next(r for r in csv.DictReader(f) if "RSS" in r["Title"])
    assert "<pre><code>&lt;itunes:explicit&gt;false&lt;/itunes:explicit&gt;\n&lt;script&gt;" in rss["Description"]
    assert "```" not in rss["Description"] and "every episode" not in rss["Description"]
    assert rss["Acceptance Criteria"].count("every episode") == 1
