"""`storytransformer ingest`: read a backlog and say what was found (and what was not)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from storytransformer.cli.options import (encoding_option, follow_symlinks_option, json_option, out_option,
                                          verbose_option)


def summarize(corpus) -> dict:
    """The numbers the summary shows, as plain data (also the --json schema)."""
    by_format = Counter(s.format for s in corpus.stories)
    files_by_format: Counter = Counter()
    seen = set()
    for s in corpus.stories:
        if s.source not in seen:
            seen.add(s.source)
            files_by_format[s.format] += 1
    return {
        "files": len(corpus.files),
        "files_skipped": sorted({w.path for w in corpus.warnings if w.skipped}),
        "stories": len(corpus.stories),
        "stories_by_format": dict(sorted(by_format.items())),
        "files_by_format": dict(sorted(files_by_format.items())),
        "unparsed": sum(1 for s in corpus.stories if not s.parsed),
        "with_acceptance_criteria": sum(1 for s in corpus.stories if s.acceptance_criteria),
        "words": sum(len(s.text.split()) for s in corpus.stories),
        "warnings": [{"path": w.path, "line": w.line, "message": w.message,
                      "skipped": w.skipped} for w in corpus.warnings],
        # Tracker parent rows (Epic/Feature): read, named on their children, not stories.
        "parents": [{"path": p.path, "line": p.line, "key": p.key, "title": p.title,
                     "kind": p.kind, "children": p.children}
                    for p in getattr(corpus, "parents", [])],
        **_conservation(corpus),
    }


def _conservation(corpus) -> dict:
    """Where every line went (ingest/conservation.py) and which files were not UTF-8."""
    from storytransformer.ingest.conservation import totals

    ledgers = getattr(corpus, "ledgers", [])
    return {
        "conservation": totals(ledgers),
        "files_not_utf8": [{"path": led.path, "encoding": led.encoding, "guessed": led.guessed}
                           for led in ledgers if led.encoding not in ("utf-8", "utf-8-sig")],
    }


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option("Print the summary as JSON on stdout (only JSON).")
@out_option(None, "Write every story as one JSON object per line (JSON Lines) to this file.", file=True)
@click.option("--strict", is_flag=True,
              help="Stop at the first unreadable file, row or line (exit 1) instead of "
                   "warning and going on.")
@encoding_option()
@follow_symlinks_option()
@click.option("--max-warnings", default=50, show_default=True,
              help="How many warnings to list in the text summary (all are in --json).")
@click.option("--force", is_flag=True, help="Replace an --out file this tool did not write.")
@verbose_option()
def ingest(paths, as_json, out, strict, encoding, max_warnings, force, follow_symlinks=False):
    """Read user stories from folders or files and summarize them.

    Reads Markdown/text (heading sections, list items, paragraphs), Jira and Azure DevOps
    CSV exports, JSON, JSON Lines and Gherkin .feature files. Problems are listed as
    file:line; unreadable files are skipped and everything else is still read.

    \b
    Examples:
      storytransformer ingest examples/stories
      storytransformer ingest backlog.csv features/ --out corpus.jsonl
      storytransformer ingest stories/ --json | jq .stories_by_format
      storytransformer ingest legacy.csv --encoding cp1252 --strict
    """
    from storytransformer.console import print_json, stdout
    from storytransformer.ingest import ingest_paths

    if out is not None:  # checked before reading: a user's file is never replaced without --force
        from storytransformer.write.out_dir import check_jsonl_target

        check_jsonl_target(out, force)
    corpus = ingest_paths(paths, strict=strict, progress=True, encoding=encoding,
                          follow_symlinks=follow_symlinks)
    summary = summarize(corpus)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for story in corpus.stories:
                fh.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
        summary["out"] = str(out)
    if as_json:
        print_json(summary)
        return
    _print_summary(stdout, summary, max_warnings)


def _first_lines(cons: dict, why: str, shown: int = 3) -> str:
    """' at a.md:7, b.md:3, …': where the first lines not read for ``why`` are, so the text
    summary names them, not only --json (a user can open the file at that line)."""
    where = [f"{r['path']}:{r['line']}" for r in cons.get("not_read", []) if r["why"] == why]
    if not where:
        return ""
    return " at " + ", ".join(where[:shown]) + (f", +{len(where) - shown:,} more" if len(where) > shown else "")


def _print_conservation(console, summary: dict) -> None:
    from storytransformer.ingest.conservation import checked_label

    cons = summary["conservation"]
    if cons["files_checked"]:
        reasons = "; ".join(f"{n:,} {why}{_first_lines(cons, why)}" for why, n in cons["lines_reported_by_reason"].items())
        defects = cons["stories_with_two_narratives"] + cons["lines_not_read_unexplained"] + \
            cons["lines_in_two_stories"]
        style = "[red]" if defects else ""
        console.print(
            f"{style}Lines ({checked_label(cons['files_checked_by_format'])}): "
            f"{cons['lines']:,} non-blank, {cons['lines_in_stories']:,} in exactly one story, "
            f"{cons['lines_reported']:,} reported as not read"
            + (f" ({reasons})" if reasons else "")
            + f"; {cons['stories_with_two_narratives']:,} story(ies) with two narratives.",
            highlight=False, soft_wrap=True, markup=bool(style))
    if summary["files_not_utf8"]:
        names = ", ".join(f"{f['path']} ({f['encoding']}{', detected' if f['guessed'] else ''})"
                          for f in summary["files_not_utf8"])
        console.print(f"{len(summary['files_not_utf8'])} file(s) not UTF-8: {names}",
                      highlight=False, soft_wrap=True, markup=False)


def _print_summary(console, summary: dict, max_warnings: int) -> None:
    from rich.table import Table

    table = Table(title="Stories read", title_justify="left")
    table.add_column("format")
    table.add_column("files", justify="right")
    table.add_column("stories", justify="right")
    for fmt, n in summary["stories_by_format"].items():
        table.add_row(fmt, f"{summary['files_by_format'].get(fmt, 0):,}", f"{n:,}")
    table.add_row("[bold]total", f"[bold]{summary['files']:,}", f"[bold]{summary['stories']:,}")
    console.print(table)
    console.print(
        f"{summary['stories']:,} stories, {summary['words']:,} words; "
        f"{summary['with_acceptance_criteria']:,} with acceptance criteria, "
        f"{summary['unparsed']:,} kept as raw text (unparsed); "
        f"{len(summary['files_skipped'])} file(s) skipped.", highlight=False, soft_wrap=True)
    if summary.get("parents"):
        console.print(f"{len(summary['parents']):,} parent row(s) (epics/features) read as the "
                      "epic of their children, not as stories (listed in --json).",
                      highlight=False, soft_wrap=True)
    _print_conservation(console, summary)
    if not summary["stories"]:
        console.print("[yellow]No stories found.[/] Supported: Markdown/text (.md, .txt), CSV "
                      "(.csv), JSON (.json), JSON Lines (.jsonl), Gherkin (.feature).")
    from storytransformer.ingest.warning_digest import digest, verbosity

    warnings, folded = digest(summary["warnings"], verbosity())  # no-narrative stories: one line
    if folded:
        console.print(folded, highlight=False, markup=False, soft_wrap=True)
    if warnings:
        console.print(f"[yellow]{len(warnings)} warning(s):")
        for w in warnings[:max_warnings]:
            where = f"{w['path']}:{w['line']}" if w["line"] else w["path"]
            console.print(f"  {where}: {w['message']}", highlight=False, markup=False, soft_wrap=True)
        if len(warnings) > max_warnings:
            console.print(f"  … and {len(warnings) - max_warnings} more (see --json)")
    if "out" in summary:
        console.print(f"Wrote {summary['stories']:,} stories to {summary['out']}", soft_wrap=True)
