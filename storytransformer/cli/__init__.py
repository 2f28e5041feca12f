"""The `storytransformer` command: a thin Click layer over the library.

Each subcommand lives in its own module and is imported only when it is run (or listed by
--help), so that `storytransformer --help` never pays for torch or transformers.
"""

from __future__ import annotations

import errno
import importlib
import sys

import click

from storytransformer import __version__
from storytransformer.errors import StoryTransformerError

_IO_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EIO}

# name -> "module:attribute"; modules must stay import-light (heavy imports inside functions).
COMMANDS = {
    "ingest": "storytransformer.cli.ingest_cmd:ingest",
    "estimate-cost": "storytransformer.cli.cost_cmd:estimate_cost",
    "merge": "storytransformer.cli.merge_cmd:merge",
    "needle": "storytransformer.cli.needle_cmd:needle",
    "doctor": "storytransformer.cli.doctor_cmd:doctor",
    "bench": "storytransformer.cli.bench_cmd:bench",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def invoke(self, ctx):
        # The one place where user-facing errors become a single line and a non-zero exit.
        try:
            return super().invoke(ctx)
        except StoryTransformerError as err:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise click.ClickException(str(err)) from None
        except OSError as err:
            # Disk full, read-only or unwritable output met mid-run: one line naming the path.
            if (ctx.obj and ctx.obj.get("verbose")) or err.errno not in _IO_ERRNOS:
                raise
            from storytransformer.write.out_dir import describe_os_error

            where = f"{err.filename}: " if err.filename else ""
            raise click.ClickException(f"{where}{describe_os_error(err)}") from None
        except KeyboardInterrupt:
            if ctx.invoked_subcommand == "needle":  # finished cells are in results.json
                click.echo(f"interrupted; finished cells are kept. Resume with:\n  {resume_command()}", err=True)
            elif _has_resume(self, ctx):
                click.echo("interrupted; finished work is kept (use --resume where offered)", err=True)
            else:  # estimate-cost, ingest, doctor: nothing to resume, say so plainly
                click.echo(f"interrupted; {ctx.invoked_subcommand or 'storytransformer'} stopped before it "
                           "finished (it keeps no partial results: run it again)", err=True)
            sys.exit(130)


def _has_resume(group: click.Group, ctx: click.Context) -> bool:
    """Does the interrupted subcommand offer --resume (merge, needle, bench)?"""
    try:
        sub = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    except Exception:  # an import failing here must not hide the interrupt
        return False
    return sub is not None and any(p.name == "resume" for p in sub.params)


def resume_command() -> str:
    """This process's command line with --resume (and without --force, which would start over)."""
    import shlex

    args = [a for a in sys.argv[1:] if a != "--force"]
    if "--resume" not in args:
        args.append("--resume")
    return shlex.join(["storytransformer", *args])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More detail (-vv: debug logs, tracebacks).")
@click.version_option(__version__, prog_name="storytransformer")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Consolidate user-story backlogs with a private, local, long-context LLM.

    \b
    Examples:
      storytransformer ingest examples/stories
      storytransformer estimate-cost examples/stories --ctx 32k
      storytransformer merge examples/stories --out out/
      storytransformer needle --ctx 8k
      storytransformer doctor --ctx 32k
      storytransformer bench --ctx 1k,8k
    """
    from storytransformer.cli.options import configure_logging
    from storytransformer.quiet import silence_libraries

    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    configure_logging(verbose)
    silence_libraries(verbose)
    _sigterm_as_interrupt()


def _sigterm_as_interrupt() -> None:
    """`kill`, `timeout` or `docker stop` (SIGTERM) ends a run like Ctrl-C: finished work is
    kept and the resume command printed. Python's default ended the process without a word."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:  # leave a host program's handler alone
            signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: an application calling main() from a worker
        pass
