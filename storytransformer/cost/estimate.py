"""The whole estimate: count, plan, price. The library behind `storytransformer estimate-cost`.

Stories are counted the way the merge prompt shows them (storytransformer.prompt: a label
line, then the title when the text lacks it, then the raw text), and every call pays the
prompt templates' tokens. Each tokenizer gets its own plan, and each cloud model is priced
with the plan of its own tokenizer (or o200k_base, marked approximate, where the provider's
tokenizer is not available offline).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from dataclasses import dataclass, field
from typing import Callable, Sequence

from storytransformer.cost import prices
from storytransformer.cost.chunked import count_texts
from storytransformer.cost.local import (
    AMORTIZE_SOURCE,
    KWH_SOURCE,
    THROUGHPUT_SOURCE,
    WATTS_SOURCE,
    LocalAssumptions,
    LocalCost,
    local_cost,
)
from storytransformer.cost.plan import (
    CHAT_FRAMING,
    DEFAULT_OUTPUT_RATIO,
    DEFAULT_PROMPT_OVERHEAD,
    MERGE_GROUP_MIN,
    Plan,
    make_plan,
)
from storytransformer.cost.tokens import LOCAL, OPENAI_ENCODINGS, Counter, load_counters
from storytransformer.errors import OptionError
from storytransformer.stories import Story

log = logging.getLogger(__name__)

# Any label: only the body after the label line is taken from the rendering.
LABEL = "S1"
SEPARATOR = "\n\n"


@dataclass
class Assumption:
    name: str
    value: object
    source: str  # "option" | "default: ..." | "measured: ..."

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "source": self.source}


@dataclass
class TokenizerCount:
    name: str
    description: str
    available: bool
    reason: str = ""
    corpus_tokens: int = 0  # the stories' raw text
    prompt_story_tokens: int = 0  # the stories as the prompt shows them (labels, titles, joins)
    per_story: list[int] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        d = {"name": self.name, "description": self.description, "available": self.available}
        if self.available:
            d.update(corpus_tokens=self.corpus_tokens, prompt_story_tokens=self.prompt_story_tokens)
        else:
            d["reason"] = self.reason
        return d


@dataclass
class Settings:
    ctx: int = 32768
    output_ratio: float | None = None  # None: measured per tokenizer (see measure_output_ratio)
    reserve_output: int | None = None
    prompt_overhead: int | None = None  # None: measured from the prompt templates
    prompts_dir: str | None = None
    cloud_models: list[tuple[str | None, str]] = field(default_factory=list)
    default_models: bool = True
    local_tokenizer: bool = True
    local_model: str | None = None  # --model: whose tokenizer is "local" (None: configured/bundled)
    local: LocalAssumptions = field(default_factory=LocalAssumptions)
    local_sources: dict[str, str] = field(default_factory=dict)  # field -> "option" when given


@dataclass
class Estimate:
    stories: int
    characters: int
    words: int
    counts: list[TokenizerCount]
    plans: dict[str, Plan]
    overhead_source: str
    quotes: list[prices.CloudQuote]
    skipped_models: list[tuple[str, str]]  # (model, reason): default models the database lacks
    local_plan: str | None
    local: LocalCost | None
    assumptions: list[Assumption]
    price_database: str
    priced_at: str = ""  # ISO timestamp the prices were looked up for


def _template_overhead_texts(prompts_dir: str | None) -> tuple[str | None, str]:
    """(text every call carries besides the stories, where it came from)."""
    from storytransformer.prompt import load_templates

    try:
        t = load_templates(prompts_dir)
    except Exception as err:  # unreadable templates: the plan still works, with a stated default
        if prompts_dir is not None:  # but a folder the user named must be right
            raise
        return None, f"default ({DEFAULT_PROMPT_OVERHEAD} tokens): templates unreadable ({err})"
    text = t.system + "\n" + t.user.replace("{{stories}}", "") + CHAT_FRAMING
    return text, f"measured: {t.folder}/merge_system.md + merge_user.md + ChatML framing"


def _render(story: Story) -> tuple[str, str]:
    """(label line, body): the story as the merge prompt shows it, split after the label."""
    from storytransformer.prompt import render_story

    head = f"[{LABEL}]\n"
    rendered = render_story(LABEL, story)
    return (head, rendered[len(head):]) if rendered.startswith(head) else ("", rendered)


def _join_tokens(c: Counter, bodies: Sequence[str]) -> int:
    """Tokens a separator costs between two stories *in context*: BPE splits differ at the seam
    (".\n\n[" is not "." + "\n\n" + "["), so measure it on real neighbours and take the median."""
    import statistics

    # Only the text near the seam matters: a 50 MB story is measured by its last 2,000 characters.
    probes = [b[-2000:] for b in bodies[:64] if b]
    if len(probes) < 2:
        return c.count(SEPARATOR)
    nxt = f"[S1]\n{probes[1][:2000]}"
    seams = []
    for body in probes[:-1]:
        seams.append(c.count(body + SEPARATOR + nxt) - c.count(body) - c.count(nxt))
    return int(statistics.median(seams))


def label_tokens(c: Counter, n: int, has_label: bool = True) -> list[int]:
    """Tokens of the label line of the 1st, 2nd, ... n-th story of a call."""
    if not has_label or n == 0:
        return []
    return count_texts(c.count_batch, [f"[S{k}]\n" for k in range(1, n + 1)])


def count_corpus(stories: Sequence[Story], counters: dict[str, Counter],
                 on_done: Callable[[str], None] | None = None,
                 on_chars: Callable[[int], None] | None = None,
                 on_total: Callable[[int], None] | None = None) -> dict[str, TokenizerCount]:
    """Raw text tokens, and per story the tokens it adds to a prompt besides its label line
    (body + the separator's cost in context); label tokens depend on the story's position in
    its call and are added by the plan.

    The body is the raw text for almost every story, so only the few that differ (a title
    added, whitespace stripped) are counted twice: a million-token corpus stays one pass.
    Tokenizer calls are bounded (cost/chunked.py); ``on_chars(n)``: n more characters counted."""
    raw = [s.text for s in stories]
    parts = [_render(s) for s in stories]
    bodies = [b for _, b in parts]
    differ = [i for i, (r, b) in enumerate(zip(raw, bodies, strict=True)) if r != b]
    if on_total:  # every character each tokenizer will read, for a truthful progress figure
        on_total(len(counters) * (sum(map(len, raw)) + sum(len(bodies[i]) for i in differ)))
    out: dict[str, TokenizerCount] = {}
    for name, c in counters.items():
        raw_counts = count_texts(c.count_batch, raw, on_chars=on_chars)
        body_counts = list(raw_counts)
        for i, n in zip(differ, count_texts(c.count_batch, [bodies[i] for i in differ], on_chars=on_chars),
                        strict=True):
            body_counts[i] = n
        join = _join_tokens(c, bodies)
        per_story = [n + join for n in body_counts]
        out[name] = TokenizerCount(name, c.description, True, "", sum(raw_counts), sum(per_story), per_story)
        if on_done:
            on_done(name)
    return out


OUTPUT_SAMPLE = 1000
# The sample skips giant stories (a 50 MB pasted log) and stops at this many characters: the
# ratio of a typical story is what is measured, in a second or so, not a second full pass.
OUTPUT_SAMPLE_STORY_CHARS = 65536
OUTPUT_SAMPLE_CHARS = 2_000_000


def answer_json(story: Story) -> str:
    """The story as the merge answer would re-emit it unchanged (merge_user.md's JSON shape)."""
    import json

    return json.dumps({
        "title": story.title or "",
        "role": story.role or "",
        "goal": story.goal or ("" if story.parsed and story.role else story.text.strip()),
        "benefit": story.benefit or "",
        "acceptance_criteria": list(story.acceptance_criteria),
        "sources": ["S1"],
    }, ensure_ascii=False)


def measure_output_ratio(c: Counter, stories: Sequence[Story], per_story: Sequence[int]) -> float:
    """Output tokens per prompted story token if the model re-emitted every story it reads as
    JSON: what it writes when nothing merges, so the most a merge writes. Measured on up to
    OUTPUT_SAMPLE stories spread evenly over the corpus."""
    if not stories:
        return DEFAULT_OUTPUT_RATIO
    step = max(1, len(stories) // OUTPUT_SAMPLE)
    spread = list(range(0, len(stories), step))[:OUTPUT_SAMPLE]
    idx, chars = [], 0
    for i in [i for i in spread if len(stories[i].text) <= OUTPUT_SAMPLE_STORY_CHARS] or spread[:1]:
        if chars > OUTPUT_SAMPLE_CHARS:
            break
        idx.append(i)
        chars += len(stories[i].text)
    sent = sum(per_story[i] for i in idx)
    if sent == 0:
        return DEFAULT_OUTPUT_RATIO
    return round(sum(count_texts(c.count_batch, [answer_json(stories[i]) for i in idx])) / sent, 3)


def estimate(stories: Sequence[Story], s: Settings, *, on_tokenizer: Callable[[str], None] | None = None,
             tokenizer_names: Sequence[str] | None = None,
             on_chars: Callable[[int], None] | None = None,
             on_total: Callable[[int], None] | None = None) -> Estimate:
    """Count `stories` with every tokenizer, plan the model calls at `s.ctx` per tokenizer,
    price them on the cloud models and locally. Raises OptionError (a named cloud model
    unknown or unpriceable, or --ctx leaving no room for stories)."""
    # Resolve every named cloud model first: a typo should fail before any counting work.
    named = [(p, m) for p, m in s.cloud_models]
    for p, m in named:
        prices.resolve(p, m)

    names = list(tokenizer_names or [*OPENAI_ENCODINGS, *([LOCAL] if s.local_tokenizer else [])])
    counters, missing = load_counters(names, local_model=s.local_model)
    counted = count_corpus(stories, counters, on_tokenizer, on_chars, on_total)
    counts = [counted.get(n) or TokenizerCount(n, "", False, missing.get(n, "not requested")) for n in names]
    for c in counts:
        if not c.available and not c.description:
            c.description = {"o200k_base": "OpenAI GPT-4o / 4.1 / 5, o-series", "cl100k_base": "OpenAI GPT-4 / GPT-3.5",
                             LOCAL: "local model"}.get(c.name, c.name)

    overhead_text, overhead_source = _template_overhead_texts(s.prompts_dir)
    if s.prompt_overhead is not None:
        overhead_source = "option --prompt-overhead"
    plans = {name: _plan_for(name, c, counters[name], stories, s, overhead_text) for name, c in counted.items()}

    when = datetime.now(tz=UTC)  # prices change over time: every model priced at the same moment
    quotes, skipped = _cloud_quotes(plans, named, s.default_models, when)

    local_plan = LOCAL if LOCAL in plans else next((e for e in OPENAI_ENCODINGS if e in plans), None)
    local = None
    if local_plan:
        lp = plans[local_plan]
        local = local_cost(lp.prompt_tokens, lp.output_tokens, s.local)
    return Estimate(
        stories=len(stories),
        characters=sum(len(st.text) for st in stories),
        words=sum(len(st.text.split()) for st in stories),
        counts=counts,
        plans=plans,
        overhead_source=overhead_source,
        quotes=quotes,
        skipped_models=skipped,
        local_plan=local_plan,
        local=local,
        assumptions=_assumptions(s, overhead_source, local_plan),
        price_database=f"genai-prices {prices.database_version()} (bundled snapshot, offline)",
        priced_at=when.isoformat(timespec="seconds"),
    )


def _plan_for(name: str, c: TokenizerCount, counter: Counter, stories: Sequence[Story], s: Settings,
              overhead_text: str | None) -> Plan:
    """The model calls for one tokenizer's counts; sets c.prompt_story_tokens. Raises
    OptionError when --ctx leaves no room for a story."""
    if s.prompt_overhead is not None:
        overhead = s.prompt_overhead
    elif overhead_text is not None:
        overhead = counter.count(overhead_text)
    else:
        overhead = DEFAULT_PROMPT_OVERHEAD
    has_label = bool(stories) and bool(_render(stories[0])[0])
    ratio = s.output_ratio if s.output_ratio is not None else measure_output_ratio(counter, stories, c.per_story)
    plan = make_plan(c.per_story, tokenizer=name, ctx=s.ctx, prompt_overhead=overhead,
                     output_ratio=ratio, reserve_output=s.reserve_output,
                     position_tokens=label_tokens(counter, len(stories), has_label),
                     max_stories=MERGE_GROUP_MIN)  # one call per group of 2+: bounds merge's plan
    c.prompt_story_tokens = plan.story_tokens  # labels included, as the plan placed them
    if plan.story_capacity <= 0:
        what = f"--reserve-output {s.reserve_output} and " if s.reserve_output is not None else ""
        raise OptionError("--ctx", f"{s.ctx} tokens leave no room for stories after {what}the "
                                   f"{overhead}-token prompt overhead ({name})")
    return plan


def _cloud_quotes(plans: dict[str, Plan], named: list[tuple[str | None, str]], default_models: bool,
                  when: datetime) -> tuple[list[prices.CloudQuote], list[tuple[str, str]]]:
    """-> (quotes cheapest first, [(provider:model, why it was skipped)]). The models named on
    the command line raise when they cannot be priced; the default ones are skipped."""
    quotes: list[prices.CloudQuote] = []
    skipped: list[tuple[str, str]] = []
    wanted: list[tuple[str | None, str, bool]] = [(p, m, True) for p, m in named]
    if default_models:
        wanted += [(p, m, False) for p, m in prices.default_models() if (p, m) not in named]
    seen: set[tuple[str, str]] = set()
    for p, m, explicit in wanted:
        try:
            prov, info = prices.resolve(p, m)
        except Exception as err:
            if explicit:
                raise
            skipped.append((f"{p}:{m}", str(err)))
            continue
        if (prov.id, info.id) in seen:
            continue
        seen.add((prov.id, info.id))
        enc, exact = prices.tokenizer_for(prov.id, info.id)
        if enc not in plans:  # its tokenizer is unavailable: use any OpenAI one, marked approximate
            enc = next((e for e in OPENAI_ENCODINGS if e in plans), None)
            exact = False
            if enc is None:
                skipped.append((f"{prov.id}:{info.id}", "no tokenizer available to plan with"))
                continue
        try:
            quotes.append(prices.quote(plans[enc], p, m, tokenizer_exact=exact, when=when))
        except Exception as err:  # a database entry genai-prices cannot price (odd units, bad data)
            if explicit:
                raise OptionError("--cloud-model", f"{m}: cannot be priced ({type(err).__name__}: {err})") from None
            skipped.append((f"{prov.id}:{info.id}", f"cannot be priced ({type(err).__name__}: {err})"))
    quotes.sort(key=lambda q: (q.total_usd, q.provider, q.model))
    return quotes, skipped


def _assumptions(s: Settings, overhead_source: str, local_plan: str | None) -> list[Assumption]:
    """Every assumption the estimate rests on, with where its value came from."""
    src = s.local_sources
    a = s.local
    return [
        Assumption("ctx", s.ctx, src.get("ctx", "default: 32k")),
        Assumption("prompt_overhead", "per tokenizer, see plans" if s.prompt_overhead is None else s.prompt_overhead,
                   overhead_source),
        Assumption("output_ratio", "per tokenizer, see plans" if s.output_ratio is None else s.output_ratio,
                   src.get("output_ratio", f"measured: up to {OUTPUT_SAMPLE} stories re-emitted as the merge "
                           "answer's JSON (title, role, goal, benefit, criteria, sources): the output if nothing "
                           "merges, so an upper bound")),
        Assumption("reserve_output", s.reserve_output if s.reserve_output is not None else "from output_ratio",
                   src.get("reserve_output", "default: story tokens x output_ratio must fit beside the prompt")),
        Assumption("story_packing", f"every story once, in corpus order, never split, at most "
                   f"{MERGE_GROUP_MIN} per call",
                   "upper bound: merge sends one call per group of related stories (2 or more), so at most "
                   "n/2 calls; repair calls (at most one per group) come on top"),
        Assumption("story_rendering", "label line [S<n>] + title if missing + text + blank line",
                   "as storytransformer.prompt renders stories; label tokens by position, "
                   "separator cost measured in context"),
        Assumption("cloud_tokenizer", "OpenAI models: their own encoding; others: o200k_base",
                   "approximate for Anthropic and Google: their tokenizers are not available offline"),
        Assumption("cloud_output_limit", "not checked",
                   "the price database has no per-answer output limits; many models cap one answer well "
                   "below their context window, so a large --ctx may need more, smaller calls"),
        Assumption("prefill_tokens_per_second", a.prefill_tps, src.get("prefill_tps", THROUGHPUT_SOURCE)),
        Assumption("decode_tokens_per_second", a.decode_tps, src.get("decode_tps", THROUGHPUT_SOURCE)),
        Assumption("gpu_watts", a.gpu_watts, src.get("gpu_watts", WATTS_SOURCE)),
        Assumption("kwh_price_usd", a.kwh_price, src.get("kwh_price", KWH_SOURCE)),
        Assumption("hardware_cost_usd", a.hardware_cost, src.get("hardware_cost", "not given: no amortization")),
        Assumption("amortize_hours", a.amortize_hours, src.get("amortize_hours", AMORTIZE_SOURCE)),
        Assumption("local_plan_tokenizer", local_plan,
                   "the local model's tokenizer" if local_plan == LOCAL else "local tokenizer unavailable: OpenAI count used"),
    ]
