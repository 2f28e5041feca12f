"""`storytransformer merge`: consolidate duplicate and overlapping stories, nothing lost."""

from __future__ import annotations

from pathlib import Path

import click

from storytransformer.runtime.batching import BATCHING_CHOICES, STATIC_MIN_OUTPUT_TOKENS
from storytransformer.cli.numbers import FiniteFloat
from storytransformer.cli.options import (
    attn_option,
    ctx_option,
    device_option,
    devices_option,
    encoding_option,
    follow_symlinks_option,
    json_option,
    kv_cache_option,
    judge_options,
    model_option,
    out_option,
    quant_option,
    server_options,
    separate_projects_option,
    strict_duplicates_option,
    verbose_option,
)

def _engine_loader(settings, batching: str = "auto", *, engine: str | None = None, base_url: str | None = None,
                   api_key_env: str | None = None, concurrency: int = 8, announce: bool = True,
                   kv_cache: str = "auto"):
    """Load the engine through the registry, only when some group needs the model.
    ``announce``: say what is loaded (or which server is asked) first; off for a dry run that
    only asks a server for its context, whose failure the plan reports in one note.
    ``kv_cache``: --kv-cache (the hf engine's KV storage, runtime/kv_cache.py)."""

    def load():
        from storytransformer.console import stderr
        from storytransformer.runtime import registry
        from storytransformer.runtime.server_probe import redact

        url = registry.resolve_base_url(base_url)
        name = registry.choose(engine, url)
        options = registry.EngineOptions(model=settings.model, ctx=settings.ctx, quant=settings.quant,
                                         attn=settings.attn, device=settings.device, batching=batching,
                                         base_url=url, api_key_env=api_key_env, concurrency=concurrency,
                                         devices=settings.devices, progress=True, kv_cache=kv_cache)
        if announce:  # a server's model is not loaded here: say what really happens
            stderr.print(f"connecting to the model server at {redact(url)} ({settings.model or 'its only model'}, "
                         f"{name} engine) ..." if url else
                         f"loading {settings.model or 'the bundled model'} ({name} engine) ...", highlight=False)
        loaded = registry.load(name, options)
        from storytransformer.runtime.kv_words import kv_words

        kv = kv_words(getattr(loaded, "kv_cache", "auto"))  # what the engine really stores, not only what was asked
        stderr.print(f"model: {loaded.info.model} on {loaded.info.device}, {loaded.info.quantization}, "
                     f"attention {loaded.info.attention}" + (f", {kv}" if kv else ""), highlight=False)
        return loaded

    from storytransformer.runtime import registry

    # Names the model in cached judgments (relate/judge_cache.py) before it is loaded: the
    # engine and the model, not the server's URL (the same model behind another port or host).
    load.identity = f"{registry.choose(engine, registry.resolve_base_url(base_url))}:{settings.model or 'bundled'}"
    return load


@click.command("merge")
@click.argument("paths", nargs=-1, type=click.Path())  # checked below: one line naming it
@model_option()
@quant_option()
@attn_option()
@kv_cache_option()
@device_option()
@devices_option()
@ctx_option()
@out_option("out", "Folder for merged.md/json/csv, traceability.csv and report.html.", name="out_dir")
@encoding_option()
@follow_symlinks_option()
@click.option("--resume", is_flag=True, help="Continue a killed run in --out; finished groups are not redone.")
@click.option("--force", is_flag=True,
              help="Write into a --out folder this tool did not write (or whose outputs were edited), and "
                   "start over deleting its saved progress (without --resume).")
@click.option("--dry-run", is_flag=True, help="Ingest, group and show the plan; do not load the model.")
@click.option("--threshold", type=FiniteFloat(0, 1, min_open=True), default=None, help="Similarity in (0, 1] at which two stories that their slots (role, need, "
              "criteria) cannot tell apart count as duplicates (default per --group-method: "
              "hybrid 0.425, lexical 0.275, embedding 0.65).")
@click.option("--group-method", type=click.Choice(["hybrid", "lexical", "embedding"]), default="hybrid",
              show_default=True, help="How candidate groups are found.")
@click.option("--max-new-tokens", type=click.IntRange(16, 32768), default=1024, show_default=True,
              help="Output tokens reserved per model call.")
@click.option("--grounding", type=FiniteFloat(0, 1), default=0.8, show_default=True,
              help="Merged stories whose words are less supported by their sources than this are flagged.")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=None,
              help="Groups sent to the engine at once; each batch is journaled as it ends "
                   "(default: 64 on a GPU or a server, 8 for the model on the CPU; per copy with --devices).")
@click.option("--batching", type=click.Choice(BATCHING_CHOICES), default="auto",
              show_default=True,
              help="How the engine runs a batch: static (static KV cache, decode step compiled into CUDA graphs; "
                   f"auto's choice on CUDA for jobs of {STATIC_MIN_OUTPUT_TOKENS:,}+ output tokens), padded (transformers' generate; auto's choice on CPU), continuous "
                   "(transformers' paged attention).")
@click.option("--throughput", type=FiniteFloat(0, min_open=True), default=None,
              help="Output tokens/s of your setup (from `bench`), for the --dry-run time estimate.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable story file instead of skipping it.")
@click.option("--prompts", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder with merge_system.md, merge_user.md, repair.md (default: the bundled storytransformer/prompts/).")
@click.option("--merger", type=click.Choice(["model", "extractive"]), default="model", show_default=True,
              help="How a duplicate group is merged: model (the model; an answer that fails parsing or "
                   "verification falls back to an extractive merge), extractive (no model at all: the most "
                   "complete story plus the union of acceptance criteria, each citing its source; flagged).")
@click.option("--merge-overlaps", is_flag=True,
              help="Also merge groups whose stories overlap (one contains the other); default: keep them, linked.")
@click.option("--csv-format", type=click.Choice(["auto", "jira", "azure"]), default="auto", show_default=True,
              help="merged.csv as a Jira import (wiki markup, Parent/Epic Link, Relates links) or an Azure "
                   "DevOps Boards import (HTML, Acceptance Criteria field, tags). auto: Azure when every "
                   "CSV row of the input is an Azure DevOps work item (State/Area Path), else Jira.")
@click.option("--jira-parent", type=click.Choice(["parent", "epic-link"]), default="parent", show_default=True,
              help="Jira column that places a story under its epic: Parent (Jira Cloud since 2024) or Epic "
                   "Link (Jira Data Center).")
@strict_duplicates_option
@separate_projects_option
@judge_options
@server_options
@json_option()
@verbose_option()
def merge(paths, model, quant, attn, device, devices, ctx, out_dir, encoding, resume, force, dry_run, threshold, group_method,
          max_new_tokens, grounding, batch_size, batching, throughput, strict, prompts, merger, merge_overlaps, engine,
          base_url, api_key_env, concurrency, as_json, csv_format="auto", jira_parent="parent", judge=False,
          judge_limit=2000, strict_duplicates=False, kv_cache="auto", follow_symlinks=False,
          separate_projects=False):
    """Merge duplicate and overlapping user stories with the local model.

    Every input story ends up in exactly one output story (merged, unchanged, or flagged
    for review with its originals beside it). Merged stories are checked word by word
    against their sources; invented numbers or names are flagged, never accepted.

    \b
    Examples:
      storytransformer merge examples/stories --out out/
      storytransformer merge backlog.csv --dry-run
      storytransformer merge stories/ --ctx 32k --model Qwen/Qwen2.5-7B-Instruct
      storytransformer merge stories/ --out out/ --resume     # after a crash or Ctrl-C
      storytransformer merge stories/ --batching padded       # compare with transformers' generate
      storytransformer merge stories/ --base-url http://localhost:8000/v1 --model Qwen/Qwen2.5-7B-Instruct
      storytransformer merge stories/ --merger extractive     # no model: base story + union of criteria
      storytransformer merge stories/ --judge --base-url http://localhost:8000/v1 --model Qwen/Qwen2.5-7B-Instruct
    """
    from storytransformer.console import print_json, stdout
    from storytransformer.merge import MergeSettings, dry_run as plan_only, run_merge

    paths = list(paths) or ["stories"]
    from storytransformer.ingest.input_paths import check_inputs_exist

    check_inputs_exist(paths)
    settings = MergeSettings(
        model=model, quant=quant, attn=attn, device=device, devices=devices, encoding=encoding, csv_format=csv_format,
        jira_parent=jira_parent, ctx=ctx, max_new_tokens=max_new_tokens, threshold=threshold,
        group_method=group_method, grounding_threshold=grounding, prompts=prompts, strict=strict,
        batch_size=batch_size, throughput=throughput, merger=merger, merge_overlaps=merge_overlaps,
        judge=judge, judge_limit=judge_limit, strict_duplicates=strict_duplicates,
        follow_symlinks=follow_symlinks, separate_projects=separate_projects,
    )
    loader = _engine_loader(settings, batching, engine=engine, base_url=base_url, api_key_env=api_key_env,
                            concurrency=concurrency, kv_cache=kv_cache)
    _check_kv_cache(kv_cache, engine, base_url)
    _warn_small_judge(judge, model, engine, base_url)
    _check_engine_choices(settings, engine, base_url, resolve_devices=not dry_run)
    if dry_run:
        source = "--throughput" if throughput else None
        if not throughput:
            settings.throughput, source = _last_run_throughput(Path(out_dir))
        # A server engine is only asked for its context (no weights load): plan with it too.
        from storytransformer.runtime import registry

        served = registry.choose(engine, registry.resolve_base_url(base_url)) != "hf"
        if served and not judge:  # only asked for its context: a failure is one note, below
            loader = _engine_loader(settings, batching, engine=engine, base_url=base_url, api_key_env=api_key_env,
                                    concurrency=concurrency, announce=False)
        plan = plan_only(paths, settings, show_progress=True,
                         load_engine=loader if judge or served else None)
        _note_unreachable(plan)
        if source:
            plan["throughput_source"] = source
        if as_json:
            print_json(plan)
        else:
            _show_plan(plan, stdout)
        return
    _prepare_out(paths, Path(out_dir), resume, force)
    try:
        run = run_merge(paths, settings, out_dir=out_dir, resume=resume, load_engine=loader)
    except KeyboardInterrupt:
        from storytransformer.console import stderr

        from storytransformer.cli import resume_command

        stderr.print(f"interrupted; finished groups are saved in {out_dir}. Resume with:\n  {resume_command()}",
                     highlight=False, markup=False, soft_wrap=True)
        raise SystemExit(130) from None
    _report(run, Path(out_dir), as_json, csv_format)


def _report(run, out_dir: Path, as_json: bool, csv_format: str) -> None:
    """After a run: the summary (or its JSON) on stdout, the input warnings and cut cells on stderr."""
    from storytransformer.console import print_json

    from storytransformer.write.csv_choice import chosen_format, choice_line

    chose = choice_line(csv_format, run.originals.values())  # "auto" resolved as write_all did
    csv_format, _ = chosen_format(csv_format, run.originals.values())
    c = run.metadata["counts"]
    files = {name: str(out_dir / name) for name in
             ("merged.md", "merged.json", "merged.csv", "traceability.csv", "report.html")}
    if as_json:
        from storytransformer.write.headline import outcome_counts

        print_json({"counts": {**c, "outcome": outcome_counts(run)}, "timing": run.metadata["timing"], "files": files})
    else:
        _print_summary(run, files, out_dir)
    from storytransformer.console import stderr  # a renamed duplicate id, an unread line: never only in a file

    _print_warnings(stderr, run.warnings, "report.html, Input warnings; merged.json, ingest_warnings")
    _warn_cut_cells(stderr, run, csv_format)
    if chose:
        stderr.print("note: " + chose, highlight=False, markup=False, soft_wrap=True)
    from storytransformer.write.source_fields import not_carried_line  # Issue id, ...: said once, not lost silently

    if not_carried_line(run, csv_format):
        stderr.print("note: " + not_carried_line(run, csv_format), highlight=False, markup=False, soft_wrap=True)


def _warn_cut_cells(console, run, csv_format: str) -> None:
    """One warning per merged.csv cell cut to the tracker's cell limit (write/cell_limit.py)."""
    from storytransformer.write.cell_limit import CELL_LIMIT, oversized_cells

    for sid, column, chars in oversized_cells(run, csv_format):
        console.print(f"warning: merged.csv: {sid}'s {column} has {chars:,} characters, over the {CELL_LIMIT:,} a "
                      "tracker cell takes: cut there with a note; the whole story is in merged.md and merged.json",
                      highlight=False, markup=False, soft_wrap=True)


def _note_unreachable(plan: dict) -> None:
    """One line on stderr when the dry run could not ask the server for its context: why, and
    what the plan assumed instead."""
    if plan.get("server_unreachable"):
        from storytransformer.console import stderr

        stderr.print(f"note: {plan['server_unreachable']}; the plan assumes {plan['ctx']:,} tokens of context "
                     "(give --ctx to plan with the server's)", highlight=False, markup=False, soft_wrap=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_summary(run, files: dict, out_dir: Path) -> None:
    """The finished run in a few lines on stdout (the headline, calls and tokens, what was kept)."""
    from storytransformer.console import stdout
    from storytransformer.write.headline import headline

    c = run.metadata["counts"]
    stdout.print(headline(run), soft_wrap=True, highlight=False, markup=False)
    no_call = [text for n, text in ((c["copy_groups"], _plural(c["copy_groups"], "group") + " of identical copies"),
                                    (c.get("extractive_groups"), f"{_plural(c.get('extractive_groups'), 'group')} "
                                                                 "merged extractively"),
                                    (c.get("kept_groups"), f"{_plural(c.get('kept_groups'), 'group')} kept unmerged"),
                                    (c["singletons"], _plural(c["singletons"], "singleton"))) if n]
    no_call = ", ".join(no_call[:-1]) + " and " + no_call[-1] if len(no_call) > 1 else "".join(no_call)
    if c["model_calls"] or c["model_groups"]:
        calls = (_calls(c) + f" for {_plural(c['model_groups'], 'group')}"
                 + (f" (no call for {no_call})" if no_call else "") + ", "
                 f"{c['prompt_tokens']:,} prompt + {c['output_tokens']:,} output tokens")
    else:  # "0 model calls for 0 groups, 0 prompt + 0 output tokens" said nothing
        calls = "no model calls" + (f" (none needed for {no_call})" if no_call else "")
    stdout.print(f"{calls}, {_took(run.metadata['timing'])}", soft_wrap=True, highlight=False)
    kept = [text for n, text in (  # parts with nothing in them are left out
        (c.get("extractive"), f"{_plural(c.get('extractive'), 'extractive merge')} (flagged for review)"),
        (c.get("kept_groups"), f"{_plural(c.get('kept_groups'), 'group')} kept unmerged"
                               + (f" ({_plural(c['conflict_groups'], 'conflict')} for a person to decide)"
                                  if c.get("conflict_groups") else "")),
        (c.get("links"), f"{_plural(c.get('links'), 'link')} between stories"
                         + (f" ({_plural(c['possible_duplicates'], 'possible duplicate')} to review)"
                            if c.get("possible_duplicates") else ""))) if n]
    if kept:
        stdout.print(", ".join(kept), soft_wrap=True, highlight=False)
    if run.metadata.get("judge"):
        stdout.print(_judge_line(run.metadata["judge"]), soft_wrap=True, highlight=False, markup=False)
    stdout.print(f"wrote {', '.join(files)} to {out_dir}/ (open {files['report.html']})", soft_wrap=True, highlight=False)


def _print_warnings(console, warnings, more_in: str, shown: int = 10) -> None:
    """The input's warnings (a file:line each), the first ``shown``, then where the rest are.
    The text is the corpus's (file names, ids): printed as is, never read as rich markup."""
    from rich.markup import escape

    from storytransformer.ingest.warning_digest import digest, verbosity

    warnings, folded = digest(list(warnings), verbosity())  # no-narrative stories: one line
    if folded:
        console.print(folded, highlight=False, markup=False, soft_wrap=True)
    for w in warnings[:shown]:
        console.print(f"[yellow]warning[/]: {escape(str(w))}", highlight=False, soft_wrap=True)
    if len(warnings) > shown:
        console.print(f"and {len(warnings) - shown} more warnings ({more_in})", highlight=False, markup=False)


def _calls(c: dict) -> str:
    """'12 model calls', or after --resume '3 model calls this run (12 in total with the earlier
    run)': the earlier run's calls are in the journal's records, not made again."""
    earlier = c.get("model_calls_earlier") or 0
    if not earlier:
        return _plural(c["model_calls"], "model call")
    return (f"{_plural(c['model_calls'] - earlier, 'model call')} this run "
            f"({c['model_calls']} in total with the earlier run)")


def _took(timing: dict) -> str:
    """'635.7 s', or on a resumed run '4.5 s this run (33 groups from the journal of an earlier
    run)': the calls and tokens above count every run, the seconds only this one."""
    took = f"{timing['wall_seconds']:.1f} s"
    resumed = timing.get("resumed_groups")
    if resumed:
        took += f" this run ({_plural(resumed, 'group')} done by an earlier run, read from its journal)"
    elif timing.get("resumed"):  # killed before a group finished: say so, not nothing
        took += " (--resume: the earlier run had finished no group, all were done now)"
    return took


def _warn_small_judge(judge: bool, model, engine, base_url) -> None:
    """--judge with the bundled model: allowed (it shows the stage working), said to be a poor judge."""
    from storytransformer.runtime import registry

    if judge and model in (None, "bundled") and registry.choose(engine, registry.resolve_base_url(base_url)) == "hf":
        from storytransformer.console import stderr

        stderr.print("warning: --judge with the bundled 135M model, which is a poor judge (docs/grouping.md); "
                     "give a capable model with --model or --base-url URL --model NAME", highlight=False,
                     markup=False, soft_wrap=True)


def _judge_line(summary: dict) -> str:
    """One line on what the judge did (relate/judge.py Judge.summary)."""
    line = (f"judge {summary['model']}: {summary['unsure_pairs']} unsure pairs, {summary['asked']} asked, "
            f"{summary['cached']} answers from the cache, {summary['changed']} relations changed")
    controls = summary.get("controls") or {}
    if controls and not controls.get("trusted"):
        line += (f"; NOT USED: the judge got {controls['right']} of {controls['of']} control pairs right (needs "
                 f"{controls['pass']}), {summary['distrusted']} answers kept out, every no-model decision stands")
    kept = summary["unusable"] + summary["error"]
    if kept:
        line += f", {kept} answers unusable (no-model decision kept)"
    if summary["not_sent"]:
        line += f", {summary['not_sent']} not sent (a story looks like instructions to the model)"
    if summary["over_limit"]:
        line += f", {summary['over_limit']} over --judge-limit (no-model decision kept)"
    return line


def _last_run_throughput(out_dir: Path) -> tuple[float | None, str | None]:
    """Output tokens/s measured by the last finished run in --out, if there is one."""
    import json

    try:
        meta = json.loads((out_dir / "merged.json").read_text(encoding="utf-8"))["metadata"]
        tokens, seconds = meta["counts"]["output_tokens"], meta["timing"]["model_seconds"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    if not tokens or not seconds:
        return None, None
    engine = (meta.get("engine") or {}).get("model") or meta.get("model")
    return round(tokens / seconds, 1), f"measured by the last run in {out_dir} ({engine})"


def _check_engine_choices(settings, engine: str | None, base_url: str | None, resolve_devices: bool = True) -> None:
    """An explicit --attn/--quant/--device the in-process engine cannot run fails now, not after loading;
    ``settings.devices`` (--devices) becomes the device list (resolved only when a model may run)."""
    from storytransformer.runtime import registry
    from storytransformer.runtime.preflight import check_kernel_choices

    if registry.choose(engine, registry.resolve_base_url(base_url)) == "hf":
        check_kernel_choices(attn=settings.attn, quant=settings.quant, device=settings.device)
    if settings.devices and resolve_devices:
        settings.devices = _check_devices(settings.devices, settings.device, engine, base_url)


def _check_devices(devices, device: str, engine: str | None, base_url: str | None):
    """--devices resolved before anything slow: GPUs that are not there, or --devices with
    --device or a server, fail in one line naming --devices."""
    if not devices:
        return None
    from storytransformer.errors import OptionError
    from storytransformer.runtime import registry
    from storytransformer.runtime.replicas import resolve_devices

    if registry.choose(engine, registry.resolve_base_url(base_url)) != "hf":
        raise OptionError("--devices", "runs copies of the model in this process; a server places its own "
                                       "(e.g. vLLM --data-parallel-size): drop --devices or --base-url")
    if device != "auto":
        raise OptionError("--devices", f"give --device {device} or --devices, not both")
    return tuple(resolve_devices(devices))


def _check_kv_cache(kv_cache: str, engine: str | None, base_url: str | None) -> None:
    """--kv-cache int8/fp8 is the in-process engine's storage: with a server, one line."""
    if kv_cache == "auto":
        return
    from storytransformer.errors import OptionError
    from storytransformer.runtime import registry

    if registry.choose(engine, registry.resolve_base_url(base_url)) != "hf":
        raise OptionError("--kv-cache", "sets the in-process engine's KV cache; a model server keeps its own "
                                        "(e.g. vLLM --kv-cache-dtype fp8): drop --kv-cache or --base-url")


def _prepare_out(paths, out_dir: Path, resume: bool, force: bool) -> None:
    """Ours, writable, with room: checked before the model loads (see write/out_dir.py)."""
    from storytransformer.journal import JOURNAL_NAME
    from storytransformer.write import OUTPUT_FILES
    from storytransformer.write.out_dir import OUTPUT_PER_INPUT, input_bytes, prepare_out_dir

    prepare_out_dir(out_dir, outputs=OUTPUT_FILES, journal=JOURNAL_NAME, resume=resume, force=force,
                    need_bytes=OUTPUT_PER_INPUT * input_bytes(paths))


def _show_groups(plan: dict, console) -> None:
    """The largest groups with a short title, relation and handling; the relations found
    (conflicts for a person to decide, with their reasons; related links)."""
    from rich.table import Table

    groups = [g for g in plan.get("planned_groups") or plan["largest_groups"] if g["size"] > 1]
    if groups:
        table = Table(title="largest groups")
        for col in ("group", "stories", "relation", "handling", "title", "ids"):
            table.add_column(col)
        for g in groups[:10]:
            ids = ", ".join(g["story_ids"][:6]) + (" ..." if len(g["story_ids"]) > 6 else "")
            table.add_row(g["id"], str(g["size"]), g.get("relation", ""), g.get("handling", ""),
                          g.get("title", ""), ids)
        console.print(table)
    counts = plan.get("relations", {}).get("links") or {}
    if counts:
        left = plan["relations"].get("related_links_left_out")  # past linking.MAX_RELATED per story
        console.print("relations: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) + " (links"
                      + (f"; {left} weaker related links left out, as the outputs leave them out)" if left else ")"),
                      soft_wrap=True, highlight=False, markup=False)
    from storytransformer.write.possible_duplicates import plan_lines

    titles = {g["story_ids"][0]: g.get("title", "") for g in plan.get("planned_groups") or [] if g["size"] == 1}
    for line in plan_lines(plan.get("links", []), titles=titles):  # kept apart by a soft rule: a person decides
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    conflicts = [link for link in plan.get("links", []) if link.get("relation") == "conflict"]
    for link in conflicts[:10]:
        console.print(f"conflict to decide: {link['source']} vs {link['target']}: {link.get('reason', '')}",
                      soft_wrap=True, highlight=False, markup=False)
    if len(conflicts) > 10:
        console.print(f"and {len(conflicts) - 10} more conflicts (--json, under links)", highlight=False)


def _kept_kinds(plan: dict) -> str:
    """"2 conflict, 1 overlap": the relations of the groups kept unmerged, from planned_groups."""
    from collections import Counter

    kinds = Counter(g["relation"] for g in plan.get("planned_groups", []) if g["handling"] == "kept")
    return ", ".join(f"{n} {rel}" for rel, n in sorted(kinds.items())) or "conflict or overlap"


def _show_plan(plan: dict, console) -> None:
    console.print(
        f"{plan['stories']} stories from {plan['files']} files -> {plan['groups']} groups: "
        f"{plan['model_groups']} for the model, {plan['copy_groups']} of identical copies and {plan['singletons']} singletons (no model call)"
        + (f", {plan['extractive_groups']} merged extractively (no model)" if plan.get("extractive_groups") else "")
        + (f", {plan['kept_groups']} kept unmerged ({_kept_kinds(plan)})" if plan.get("kept_groups") else ""),
        soft_wrap=True, highlight=False,
    )
    source = "as given with --ctx" if plan["ctx_source"] == "--ctx" else plan["ctx_source"]
    console.print(  # the source may hold parentheses of its own: not nested in more
        f"context {plan['ctx']} tokens: {source}; per call {plan['prompt_overhead_tokens']} of them are "
        f"instructions, {plan['prompt_budget_tokens']} left for stories",
        soft_wrap=True, highlight=False,
    )
    console.print(
        f"plan: {plan['model_calls']} model calls, ~{plan['prompt_tokens']:,} prompt tokens, "
        f"~{plan['estimated_output_tokens']:,} output tokens (estimated with {plan['tokenizer']}; at most "
        f"{plan['max_model_calls']} calls and {plan['output_token_limit']:,} output tokens if every answer "
        "needs its repair and runs to its limit)",
        soft_wrap=True, highlight=False,
    )
    if "estimated_seconds" in plan:
        console.print(f"estimated generation time: {plan['estimated_seconds']:.0f} s "
                      f"(at most {plan['worst_case_seconds']:.0f} s) at "
                      f"{plan['throughput_tokens_per_s']} output tokens/s ({plan.get('throughput_source', '')})",
                      soft_wrap=True, highlight=False)
    else:
        console.print("estimated time: give --throughput (output tokens/s, e.g. from `storytransformer bench`)")
    _show_groups(plan, console)
    if plan.get("judge"):
        console.print(_judge_line(plan["judge"]) + " (each under judge.pairs in --json)", soft_wrap=True,
                      highlight=False, markup=False)
    elif plan.get("relations", {}).get("unsure_pairs"):
        console.print(f"{plan['relations']['unsure_pairs']} pairs decided on similarity alone near the cutoff: "
                      "--judge asks a capable model about them", soft_wrap=True, highlight=False, markup=False)
    if plan.get("planned_groups"):
        console.print(f"every group with its story ids: --json, under planned_groups "
                      f"({len(plan['planned_groups'])} groups)", highlight=False, soft_wrap=True)
    from storytransformer.console import stderr  # warnings never mix with the plan on stdout

    _print_warnings(stderr, plan["ingest_warnings"], "--json, under ingest_warnings")
    for sid, reasons in list(plan.get("flagged_as_instructions", {}).items())[:10]:  # guard.py
        console.print(f"not sent to the model (looks like instructions to it): {sid}: {'; '.join(reasons)}",
                      highlight=False, markup=False, soft_wrap=True)
