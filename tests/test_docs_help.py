"""docs/help.md is exactly what `--help` prints today (docs/gen_help.py writes it)."""

from repo_script import ROOT, load_script


def _gen_help():
    return load_script("docs/gen_help.py")


def test_docs_help_matches_the_live_help():
    gen = _gen_help()
    live = gen.render()
    written = (ROOT / "docs" / "help.md").read_text(encoding="utf-8")
    assert written == live, "docs/help.md is out of date: run `python docs/gen_help.py` and commit it"


def test_every_command_and_option_is_in_the_generated_help():
    """The generator itself: each command has its section, with its own options in it."""
    from storytransformer.cli import COMMANDS

    live = _gen_help().render()
    for name in COMMANDS:
        assert f"## storytransformer {name}\n" in live
    merge = live.split("## storytransformer merge\n", 1)[1].split("\n## ", 1)[0]
    assert "--ctx" in merge and "Usage: storytransformer merge" in merge
