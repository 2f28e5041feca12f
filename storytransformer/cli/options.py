"""The options every command shares, defined once (names, short options, defaults, checks).

Each decorator adds one option; a command that offers an option takes it from here, so
`--model`, `--ctx`, `--json`, `--device`, `--out`, `--encoding`, `--quant`, `--attn` and `-v`
mean the same thing and are spelled the same in merge, ingest, estimate-cost, needle, doctor
and bench (tests/test_cli_options.py walks every command to keep it so). Values are checked
when the command line is parsed, before anything slow happens.

The value parsers live in ``storytransformer.parsing`` so library code never imports the CLI.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from storytransformer.errors import OptionError
from storytransformer.parsing import (  # noqa: F401  (parse_token_count: re-exported for old imports)
    attn_choices,
    check_encoding,
    normalize_attn,
    normalize_device,
    normalize_quant,
    parse_token_count,
    quant_choices,
    split_list,
)

CTX_HELP = "Context per model call: 8k, 32k, 128k or 32768 (default: the model's trained context)."
MODEL_HELP = ("A local directory, a .gguf file, a Hugging Face id (from the local cache; downloaded only "
              "when the hub is allowed), config:NAME, or 'bundled' (default: the configured model, else "
              "the bundled SmolLM2-135M). With --base-url: the name the server serves.")


class TokenCount(click.ParamType):
    """Click type for --ctx style options."""

    name = "tokens"

    def convert(self, value, param, ctx):
        try:
            n = parse_token_count(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)
        if n <= 0:
            self.fail("must be positive", param, ctx)
        return n


class TokenCountList(click.ParamType):
    """Comma-separated token counts: '1k,8k,32k'."""

    name = "tokens,..."

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        try:
            values = [parse_token_count(v) for v in split_list(value)]
        except ValueError as err:
            self.fail(str(err), param, ctx)
        if not values or min(values) <= 0:
            self.fail("give positive token counts, e.g. 1k,8k", param, ctx)
        return values


class _Normalized(click.ParamType):
    """A choice with one canonical spelling (aliases accepted), optionally a comma list."""

    def __init__(self, name: str, normalize, choices, many: bool = False, metavar: str | None = None):
        self.name = name
        self._normalize = normalize
        self.choices = tuple(choices)
        self.many = many
        self._metavar = metavar

    def get_metavar(self, param, ctx=None):
        return (self._metavar or "[" + "|".join(self.choices) + "]") + (",..." if self.many else "")

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        try:
            if self.many:
                items = split_list(value)
                if not items:
                    raise OptionError(f"--{self.name}", "give at least one value")
                return [self._normalize(v) for v in items]
            return self._normalize(value)
        except OptionError as err:
            self.fail(str(err).split(": ", 1)[-1], param, ctx)


def model_option(help: str = MODEL_HELP, check: bool = True):
    """--model/-m. With ``check`` the value is resolved when parsed (local path, HF cache, one
    quick hub lookup only when the hub is allowed), so a wrong name fails in one line at once."""
    return click.option("--model", "-m", "model", default=None, metavar="MODEL", help=help,
                        callback=_check_model if check else None)


def _check_model(ctx, param, value):
    if value is None or ctx.resilient_parsing:
        return value
    if ctx.params.get("base_url") or ctx.params.get("engine") not in (None, "hf"):
        return value  # a served model's name (server_options, parsed first): the engine checks it on load
    from storytransformer.errors import StoryTransformerError
    from storytransformer.runtime.resolve import resolve_model

    try:
        resolve_model(value)
    except OptionError:
        raise
    except StoryTransformerError as err:
        raise OptionError("--model", str(err)) from None
    return value


def ctx_option(help: str = CTX_HELP, many: bool = False):
    """--ctx: a token count (8k, 32k); ``many`` for bench's comma list."""
    return click.option("--ctx", type=TokenCountList() if many else TokenCount(), default=None, help=help)


def json_option(help: str = "Print only JSON on stdout (messages stay on stderr)."):
    return click.option("--json", "as_json", is_flag=True, help=help)


def device_option(help: str = "Where the model runs: auto (the first GPU, else CPU), cpu, cuda or cuda:N."):
    return click.option("--device", default="auto", show_default=True, help=help,
                        type=_Normalized("device", normalize_device, ("auto", "cpu", "cuda", "cuda:N")))


def devices_option(help: str = "One copy of the model per device, sharing the work: auto (every visible GPU, "
                                "else the CPU; alone), cpu, or a list such as cuda:0,cuda:1; a device named twice "
                                "gets two copies (cpu,cpu: two CPU engines, half the threads each) (default: "
                                "--device's one device). For a model too big for one GPU, serve it (vLLM tensor parallel) "
                                "and use --base-url."):
    """--devices: in-process replicas (runtime/replicas.py); checked when parsed."""

    def check(ctx, param, value):
        if value is None or ctx.resilient_parsing:
            return None
        from storytransformer.runtime.replicas import parse_devices

        if not str(value).strip(" ,") or "" in [v.strip() for v in str(value).split(",")]:
            raise click.BadParameter(f"{value!r} has an empty device: give auto, cpu, or a list such as "
                                     "cuda:0,cuda:1", ctx=ctx, param=param)
        try:
            parsed = parse_devices(value)
        except OptionError as err:
            raise click.BadParameter(str(err).split(": ", 1)[-1], ctx=ctx, param=param) from None
        return tuple(parsed) if parsed else None

    return click.option("--devices", "devices", default=None, metavar="auto|cpu|cuda:0,cuda:1,...",
                        callback=check, help=help)


class _NonEmptyPath(click.Path):
    """click.Path that refuses "": ``--out ""`` silently meant the current folder."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("is empty: give a folder or file name (e.g. out/)", param, ctx)
        return super().convert(value, param, ctx)


def _check_url(ctx, param, value):
    """--base-url must be an http(s) URL: 'notaurl' was sent requests and reported as a
    server that 'did not answer JSON'."""
    if value is None or ctx.resilient_parsing:
        return value
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not a URL (give http://HOST:PORT/v1, e.g. "
                                 "http://localhost:8000/v1)", ctx, param)
    return value.strip()


def out_option(default, help: str, *, file: bool = False, name: str = "out"):
    """--out/-o: the folder (or, for ingest, the file) this command writes."""
    kind = _NonEmptyPath(dir_okay=not file, file_okay=file, path_type=Path)
    return click.option("--out", "-o", name, type=kind, default=default, show_default=default is not None,
                        help=help)


def encoding_option(help: str = "Decode every story file with this encoding (e.g. cp1252) instead of "
                                "detecting each file's own (BOM, UTF-8, UTF-16, legacy code pages)."):
    def check(ctx, param, value):
        return check_encoding(value) if not ctx.resilient_parsing else value

    return click.option("--encoding", default=None, metavar="NAME", help=help, callback=check)


def follow_symlinks_option(help: str = "Also read symlinks inside the given folders whose target lies outside "
                                       "them (default: such a link is reported as not read, so a link to "
                                       "/etc/passwd in a backlog folder never reaches the outputs)."):
    """--follow-symlinks: read links that leave the input folders (ingest/walk.py)."""
    return click.option("--follow-symlinks", "follow_symlinks", is_flag=True, help=help)


def quant_option(help: str = "Weight quantization: auto (4-bit NF4 on a GPU, none on CPU), 4bit, 8bit, none, "
                             "int4-gemlite (int4 kernels, NVIDIA + gemlite).",
                 many: bool = False, extra: tuple[str, ...] = ()):
    choices = quant_choices(extra)
    kind = _Normalized("quant", lambda v: normalize_quant(v, extra), choices, many)
    return click.option("--quant", type=kind, default="auto", show_default=True, help=help)


def attn_option(help: str = "Attention kernel; auto picks the fastest exact one this machine has.",
                many: bool = False):
    kind = _Normalized("attn", normalize_attn, attn_choices(), many, metavar="KERNEL")
    return click.option("--attn", type=kind, default="auto", show_default=True,
                        help=f"{help} One of: {', '.join(attn_choices())}.")


def kv_cache_option(help: str = "KV cache storage: auto (the model's dtype: 16-bit on a GPU), int8 or fp8 "
                                "(one byte per key/value with a scale per token and head: half the memory of "
                                "16-bit; int8 cost +0.05% perplexity, docs/benchmarks.md section 11)."):
    """--kv-cache: how keys and values are stored (runtime/kv_cache.py); checked when parsed."""
    from storytransformer.runtime.kv_quant import KV_CACHE_CHOICES, normalize_kv_cache

    kind = _Normalized("kv-cache", normalize_kv_cache, KV_CACHE_CHOICES)
    return click.option("--kv-cache", "kv_cache", type=kind, default="auto", show_default=True, help=help)


def verbose_option():
    """-v/--verbose after the subcommand too (`merge x -v`); adds to a -v given before it."""

    def raise_level(ctx, param, value):
        if not value:
            return
        obj = ctx.find_root().ensure_object(dict)
        obj["verbose"] = (obj.get("verbose") or 0) + value
        configure_logging(obj["verbose"])

    return click.option("-v", "--verbose", count=True, expose_value=False, callback=raise_level, is_eager=True,
                        help="More detail (-vv: debug logs and tracebacks).")


def configure_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose >= 2 else logging.INFO if verbose == 1 else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)


# ---------------------------------------------------------------------------- engine (server) options
# One definition for every command that runs a model (merge, needle, bench): the same names,
# defaults and help everywhere. What they mean: storytransformer/runtime/registry.py.


def engine_option():
    return click.option("--engine", "engine", default=None, metavar="NAME", is_eager=True,
                        help="Engine by name (default: openai with --base-url, else hf, in-process); "
                             "plug-ins add more (entry points 'storytransformer.engines').")


def base_url_option():
    # Eager (parsed before --model): with a server, --model is a served name, not resolved locally.
    return click.option("--base-url", "base_url", default=None, metavar="URL", envvar="STORYTRANSFORMER_BASE_URL",
                        is_eager=True, callback=_check_url,
                        help="An OpenAI-compatible server (vLLM, llama-server, Ollama, ...), e.g. "
                             "http://localhost:8000/v1; --model is then the served name. "
                             "Also $STORYTRANSFORMER_BASE_URL.")


def api_key_env_option():
    return click.option("--api-key-env", "api_key_env", default=None, metavar="VAR",
                        help="Environment variable holding the server's API key (default: OPENAI_API_KEY "
                             "if set; local servers need none). The key is never printed or saved.")


def concurrency_option(many: bool = False):
    """--concurrency: requests in flight to a server (``many``: bench's comma list of levels)."""
    if many:
        return click.option("--concurrency", "concurrency", default="1,8", show_default=True, metavar="N,N,...",
                            help="With --base-url: requests in flight, each level measured in turn.")
    return click.option("--concurrency", "concurrency", type=click.IntRange(1, 1024), default=8, show_default=True,
                        help="Requests in flight to the server at once.")


def server_options(func):
    """--engine, --base-url, --api-key-env, --concurrency: which engine runs the model and how
    to reach a server. Adds the parameters ``engine``, ``base_url``, ``api_key_env``,
    ``concurrency`` to the command."""
    for decorate in reversed([engine_option(), base_url_option(), api_key_env_option(), concurrency_option()]):
        func = decorate(func)
    return func


# ---------------------------------------------------------------------------- the judge (merge)


def strict_duplicates_option(func):
    """--strict-duplicates: a duplicate decided without hard evidence must show that its two
    needs are one need (relate/sameness.py), else it is linked "related". Adds the parameter
    ``strict_duplicates``."""
    return click.option("--strict-duplicates", "strict_duplicates", is_flag=True,
                        help="Merge fewer, surer duplicates: a pair decided a duplicate on similarity or "
                             "meaning alone is merged only if every content word of each need is matched in the "
                             "other story (same word, a synonym, a close word embedding); else it is linked as "
                             "related, with the unmatched words as the reason. Without it this check applies only "
                             "to needs of at most four content words (docs/grouping.md has the precision/recall "
                             "cost of each).")(func)


def separate_projects_option(func):
    """--separate-projects: stories of two projects (top folders under the input root, Jira
    project keys) are never merged or linked (relate/projects.py). Adds ``separate_projects``."""
    return click.option("--separate-projects", "separate_projects", is_flag=True,
                        help="The input holds several products: never merge or link stories of two projects "
                             "(the first folders under the input root, and the project keys of Jira issue keys "
                             "such as CLM-108). Default: one product, duplicates are sought across all folders.")(func)


def judge_options(func):
    """--judge, --judge-limit: the model judges the pairs the no-model relation stage is unsure
    of (storytransformer/relate/judge.py). Adds the parameters ``judge`` and ``judge_limit``."""
    func = click.option("--judge-limit", "judge_limit", type=click.IntRange(1, 1_000_000), default=2000,
                        show_default=True, help="With --judge: unsure pairs asked at most (decided by meaning "
                        "first, then nearest the duplicate cutoff); the rest keep their no-model decision.")(func)
    return click.option("--judge", "judge", is_flag=True,
                        help="Ask the model (--model, or --base-url's) to judge the pairs the no-model stage is "
                             "unsure of (decided on similarity or meaning alone, near the cutoff): duplicate, "
                             "overlap, conflict, related or unrelated. Hard evidence (other numbers, a negation, "
                             "another object) is never overridden, and a judge that fails five control pairs is not "
                             "used. Off by default; with --dry-run the judge still runs. For a capable model: the "
                             "bundled one is a poor judge.")(func)
