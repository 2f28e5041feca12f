"""Messages that say what is wrong (t25 #14): an empty --out, a --base-url that is no URL,
a --model that exists but is a device, a blockquoted story's title, and the text summary
naming the lines it did not read. Real files and the real CLI."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from storytransformer.cli import main


def _story(tmp_path):
    p = tmp_path / "s.md"
    p.write_text("As a user I want x so that y.\n")
    return str(p)


@pytest.mark.parametrize("command", ["merge", "ingest", "needle", "bench"])
@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_out_is_refused_naming_the_option(tmp_path, command, empty):
    args = [command, *([_story(tmp_path)] if command in ("merge", "ingest") else []), "--out", empty]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and "--out" in r.output and "is empty" in r.output, r.output


@pytest.mark.parametrize("url", ["notaurl", "localhost", "ftp://host/v1", "http://", "://x"])
@pytest.mark.parametrize("command", ["doctor", "merge", "needle"])
def test_a_base_url_that_is_not_a_url_says_so(tmp_path, url, command):
    args = [command, *([_story(tmp_path), "--out", str(tmp_path / "o")] if command == "merge" else []),
            "--base-url", url]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and "--base-url" in r.output and "is not a URL" in r.output, r.output


def test_a_base_url_from_the_environment_is_checked_too():
    r = CliRunner().invoke(main, ["doctor"], env={"STORYTRANSFORMER_BASE_URL": "notaurl"})
    assert r.exit_code == 2 and "is not a URL" in r.output


@pytest.mark.parametrize("kind", ["dev_zero", "fifo"])
def test_a_model_path_that_exists_but_is_no_file_is_not_called_missing(tmp_path, kind):
    target = "/dev/zero"
    if kind == "fifo":
        target = str(tmp_path / "model.gguf")
        os.mkfifo(target)
    r = CliRunner().invoke(main, ["doctor", "--model", target])
    assert r.exit_code != 0 and "not a model" in r.output and "no such file" not in r.output, r.output


def test_markup_before_a_narrative_is_no_title(tmp_path):
    p = tmp_path / "q.md"
    p.write_text("> As a user I want quoted text so that d.\n\n"
                 "> Quoted title: As a user I want another so that e.\n\n"
                 ">> > As an admin I want nested quotes so that f.\n\n"
                 "> * As a buyer I want a quoted bullet so that g.\n")
    out = tmp_path / "c.jsonl"
    r = CliRunner().invoke(main, ["ingest", str(p), "--out", str(out)])
    assert r.exit_code == 0, r.output
    titles = {json.loads(line)["goal"]: json.loads(line)["title"] for line in out.read_text().splitlines()}
    assert titles == {"quoted text": "", "another": "Quoted title", "nested quotes": "", "a quoted bullet": ""}


def test_the_text_summary_names_the_lines_not_read(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("# Board\n\nSome words about the board without any story.\n\n"
                 "## Login\n\nAs a user I want to log in so that I see my data.\n")
    r = CliRunner().invoke(main, ["ingest", str(p)])
    line = next(x for x in r.output.splitlines() if x.startswith("Lines"))
    assert "reported as not read" in line
    assert f"{p}:1" in line  # the first lines not read, by file:line, not only counted
