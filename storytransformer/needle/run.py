"""The needle run: plan the grid, build the prompts, answer, score, record (resumable)."""

from __future__ import annotations

import logging
import platform
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from storytransformer.errors import InputError, OptionError
from storytransformer.needle import filler
from storytransformer.needle.ctx_limit import check_fits
from storytransformer.needle.decode import Answer, GreedyDecoder, can_share
from storytransformer.needle.grid import cell_key, fmt_tokens, parse_depths, parse_lengths
from storytransformer.needle.haystack import UnitSource, pieces_from_stories, pieces_from_text
from storytransformer.needle.haystack_file import budget_chars, check_regular, is_large, read_head
from storytransformer.needle.model import LoadedModel, trained_context
from storytransformer.needle.needles import build_spec
from storytransformer.needle.prompt import SYSTEM, CellPrompt, Planner
from storytransformer.needle.results import RESULTS_FILE, CellResult, Results, check_resumable, read_results
from storytransformer.needle.score import SCORINGS, score_answer

log = logging.getLogger(__name__)

STORY_SUFFIXES = {".md", ".markdown", ".csv", ".json", ".jsonl", ".feature", ".txt"}
FALLBACK_CTX = 8192


@dataclass
class NeedleOptions:
    ctx: int | None = None  # None: the model's trained context
    lengths: str | None = None
    depths: str | None = None
    mode: str = "single"
    needles: int = 3
    needle: str | None = None
    question: str | None = None
    answer: str | None = None
    scoring: str = "lenient"
    haystack: str | None = None  # None: stories/ when present, else the bundled filler
    out: Path = Path("needle-out")
    resume: bool = False
    share: bool = True  # reuse the KV cache of the common prefix (False: the naive loop)
    rope: dict | None = None  # the RoPE scaling applied to the model, if any
    seed: int = 7


def haystack_source(path: str | None, tokenizer, *, story_mode: bool,
                    warn: Callable[[str], None], max_chars: int | None = None) -> tuple[UnitSource, str]:
    """The haystack material and a description of it for results.json. ``max_chars``: the most
    source text a haystack can use (haystack_file.budget_chars(longest length)); a file is read
    only that far, and a FIFO, socket or device is refused (OptionError naming the path)."""
    if path is None:
        if Path("stories").is_dir():
            path = "stories"
        elif story_mode:
            raise OptionError("--mode", "story mode plants the needle in your own stories: "
                                        "give --haystack PATH (a folder or file of stories)")
        else:
            return UnitSource(pieces_from_text(filler.load()), tokenizer, "bundled filler"), "bundled filler"
    p = Path(path)
    check_regular(p)
    limit = max_chars or budget_chars(FALLBACK_CTX)
    as_stories = p.is_dir() or story_mode or p.suffix.lower() in STORY_SUFFIXES - {".txt"}
    if as_stories and (story_mode or not is_large(p, limit)):  # a huge file: its head, as plain text
        source = _story_source(p, tokenizer, story_mode=story_mode, warn=warn, max_chars=limit)
        if source is not None:
            return source
    text, cut = read_head(p, limit)
    if cut:
        warn(f"haystack: {p} is {p.stat().st_size / 1048576:,.1f} MB; read its first "
             f"{limit / 1048576:,.1f} MB, all the longest haystack can use")
    if not text.strip():
        raise InputError(str(p), "empty file: nothing to build a haystack from")
    return UnitSource(pieces_from_text(text), tokenizer, str(p)), str(p)


def _story_source(p: Path, tokenizer, *, story_mode: bool, warn: Callable[[str], None],
                  max_chars: int) -> tuple[UnitSource, str] | None:
    """Stories read by ingest (its guarded walk), as many as ``max_chars`` of text; None for a
    single non-story-mode file without stories (read as plain text instead)."""
    from storytransformer.ingest import ingest_paths

    corpus = ingest_paths([p])
    for w in corpus.warnings[:5]:
        warn(f"haystack: {w}")
    if len(corpus.warnings) > 5:
        warn(f"haystack: {len(corpus.warnings) - 5} more ingest warnings")
    if corpus.stories:
        stories, used = [], 0
        for story in corpus.stories:  # the stories a haystack can use; the rest are not split and tokenized
            if used > max_chars:
                break
            stories.append(story)
            used += len(story.text)
        return (UnitSource(pieces_from_stories(stories), tokenizer, str(p)),
                f"{p} ({len(corpus.stories)} stories)")
    if story_mode or p.is_dir():
        raise OptionError("--haystack", f"{p}: no stories found")
    return None


def versions() -> dict[str, str]:
    import torch
    import transformers

    from storytransformer import __version__

    return {"storytransformer": __version__, "torch": torch.__version__, "transformers": transformers.__version__,
            "python": platform.python_version()}


class NeedleRun:
    """One needle test: ``plan()`` then ``run()``. The CLI drives it; tests call it directly."""

    def __init__(self, loaded: LoadedModel, opts: NeedleOptions, *, warn: Callable[[str], None] = log.warning):
        if opts.scoring not in SCORINGS:
            raise OptionError("--scoring", f"choose from {', '.join(SCORINGS)}")
        self.loaded = loaded
        self.opts = opts
        self.warn = warn
        self.warnings: list[str] = []
        for note in loaded.notes:  # e.g. a server whose token counts are approximate
            self._warn(note)
        self.trained = trained_context(loaded.model, loaded.info)
        if opts.ctx is None and opts.lengths:  # --lengths alone: the longest one is the context
            self.ctx = parse_lengths(opts.lengths, 2**40)[-1]
        else:
            self.ctx = opts.ctx or self.trained or FALLBACK_CTX
        self.lengths = parse_lengths(opts.lengths, self.ctx)
        check_fits(max(self.lengths), loaded, "--ctx" if opts.ctx else "--lengths")
        self.depths = parse_depths(opts.depths)
        self.spec = build_spec(opts.mode, needles=opts.needles, needle=opts.needle, question=opts.question,
                               answer=opts.answer, seed=opts.seed)
        self.source, self.haystack_desc = haystack_source(opts.haystack, loaded.tokenizer,
                                                          story_mode=opts.mode == "story", warn=self._warn,
                                                          max_chars=budget_chars(max(self.lengths)))
        self.planner = Planner(loaded.tokenizer, self.source, self.spec)
        self.results = Results(self.settings())
        self.done: set[str] = set()

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        self.warn(message)

    def settings(self) -> dict:
        info = self.loaded.info
        return {
            "model": info.model, "quantization": info.quantization, "attention": info.attention,
            "device": info.device, "dtype": info.dtype, "trained_context": self.trained, "ctx": self.ctx,
            "lengths": self.lengths, "depths": self.depths, "mode": self.opts.mode, "scoring": self.opts.scoring,
            "needle": self.spec.to_dict(), "haystack": self.haystack_desc, "rope_scaling": self.loaded.rope,
            "sharing": self._sharing(), "kv_cache": self.loaded.kv_cache,
            "decoding": "greedy", "max_new_tokens": self.spec.max_new_tokens, "system_prompt": SYSTEM,
            "versions": versions(), "warnings": self.warnings, "out": str(self.opts.out),
        }

    def _sharing(self) -> str:
        if self.loaded.decoder is not None:
            return "server"  # the server's own prefix cache, if it has one
        return "prefix-kv" if self.opts.share and can_share(self.loaded.model) else "naive"

    def beyond_trained(self) -> list[int]:
        return [n for n in self.lengths if self.trained and n > self.trained]

    def plan(self) -> list[CellPrompt]:
        """Check the grid, warn where it goes past the trained context, handle --resume, and
        build the prompts of the cells still to run."""
        out = Path(self.opts.out)
        path = out / RESULTS_FILE
        if path.exists():
            if self.opts.resume:
                previous = read_results(path)
                check_resumable(previous, self.results.settings, path)
                wanted = {cell_key(n, d) for n in self.lengths for d in self.depths}
                for c in previous.cells:  # re-score: --scoring may differ from the first run
                    s = score_answer(c.answer, c.expected, forbidden=c.forbidden, scoring=self.opts.scoring)
                    c.score, c.exact, c.substring, c.recall = s.score, s.exact, s.substring, s.recall
                    self.results.cells.append(c)
                    if c.key in wanted:
                        self.done.add(c.key)
            else:
                backup = out / "results.prev.json"
                shutil.copyfile(path, backup)
                self._warn(f"{path} exists: starting over (the old one is kept as {backup}; "
                           "--resume continues a run instead)")
        beyond = self.beyond_trained()
        if beyond:
            rope = self.loaded.rope
            hint = (f"running with {rope['type']} RoPE scaling x{rope['factor']:g}" if rope else
                    f"expect retrieval to fail there; try --rope-scaling yarn --rope-factor "
                    f"{_factor_hint(max(beyond), self.trained)} to see what RoPE scaling does")
            self._warn(f"{', '.join(fmt_tokens(n) for n in beyond)} "
                       f"{'is' if len(beyond) == 1 else 'are'} beyond the model's trained context "
                       f"({fmt_tokens(self.trained)}): {hint}")
        too_short = [n for n in self.lengths if n < self.planner.min_length()]
        if too_short:
            raise OptionError("--lengths", f"{too_short[0]} tokens is too short for this prompt; "
                                           f"use at least {self.planner.min_length()}")
        prompts = []
        for n in self.lengths:
            for d in self.depths:
                if cell_key(n, d) in self.done:
                    continue
                prompts.append(self.planner.cell(n, d))
        wrapped = sorted({p.length for p in prompts if p.wrapped})
        if wrapped:
            self._warn(f"the haystack source ({self.haystack_desc}) is shorter than "
                       f"{fmt_tokens(wrapped[0])} tokens: its text repeats")
        inexact = sorted({p.length for p in prompts if not p.exact})
        if inexact:
            self._warn(f"could not fill {', '.join(map(fmt_tokens, inexact))} to the exact token count "
                       "with whole sentences; the prompt is slightly shorter (see prompt_tokens)")
        return prompts

    def run(self, prompts: list[CellPrompt], *, on_cell: Callable[[CellResult], None] | None = None,
            on_start: Callable[[CellPrompt], None] | None = None) -> Results:
        decoder = self.loaded.decoder or GreedyDecoder(self.loaded.model, self.loaded.tokenizer,
                                                       kv_cache=self.loaded.kv_cache)
        out = Path(self.opts.out)
        self.results.settings["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.results.write(out)

        def record(ans: Answer) -> None:
            p = ans.prompt
            s = score_answer(ans.text, p.spec.answers, forbidden=p.spec.forbidden, scoring=self.opts.scoring)
            cell = CellResult(
                length=p.length, depth=p.depth, score=s.score, exact=s.exact, substring=s.substring,
                recall=s.recall, answer=ans.text, expected=list(p.spec.answers), prompt_tokens=p.prompt_tokens,
                haystack_tokens=p.haystack_tokens, needle_offsets=p.needle_offsets, seconds=round(ans.seconds, 4),
                time_to_first_token=round(ans.time_to_first_token, 4), prefill_tokens=ans.prefill_tokens,
                output_tokens=len(ans.output_ids), finish_reason=ans.finish_reason,
                distractor_hits=list(s.distractor_hits), forbidden=list(p.spec.forbidden), story_id=p.story_id,
                exact_length=p.exact,
            )
            self.results.cells = [c for c in self.results.cells if c.key != cell.key] + [cell]
            self.results.settings["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            self.results.write(out)
            if on_cell:
                on_cell(cell)

        decoder.answer(prompts, share=self.opts.share, on_answer=record, on_start=on_start)
        return self.results


def _factor_hint(longest: int, trained: int) -> str:
    factor = 1
    while trained * factor < longest:
        factor *= 2
    return str(factor)
