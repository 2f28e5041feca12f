"""Cloud prices from the genai-prices database (bundled snapshot, offline), per request.

Long-context tiers are decided per request by that request's input tokens (a request over
200k input tokens may pay a higher rate for all its tokens), so every planned request is
priced on its own, never the corpus total as one request. genai_prices is imported inside
the functions: listing --help never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from storytransformer.cost.plan import Plan, request_shapes
from storytransformer.errors import OptionError

# The fixed part of the default set (older reference points people still compare against);
# the newest models of each family are added from the database itself (see current_models).
FIXED_DEFAULTS: tuple[tuple[str, str], ...] = (
    ("anthropic", "claude-3-haiku"),
    ("anthropic", "claude-3-sonnet"),
    ("anthropic", "claude-3-opus"),
    ("openai", "gpt-4o"),
    ("openai", "gpt-4o-mini"),
    ("google", "gemini-1.5-flash"),
    ("google", "gemini-1.5-pro"),
    ("google", "gemini-2.0-flash"),
    ("google", "gemini-2.5-flash"),
    ("google", "gemini-2.5-pro"),
)

# Newest model per family: (provider, family name, pattern whose groups are the version).
_CURRENT_FAMILIES = (
    ("anthropic", "haiku", re.compile(r"^claude-haiku-(\d+)(?:-(\d+))?$")),
    ("anthropic", "sonnet", re.compile(r"^claude-sonnet-(\d+)(?:-(\d+))?$")),
    ("anthropic", "opus", re.compile(r"^claude-opus-(\d+)(?:-(\d+))?$")),
    ("openai", "gpt", re.compile(r"^gpt-(\d+)(?:\.(\d+))?$")),
    ("openai", "gpt-mini", re.compile(r"^gpt-(\d+)(?:\.(\d+))?-mini$")),
    ("google", "gemini-pro", re.compile(r"^gemini-(\d+)(?:\.(\d+))?-pro(?:-preview)?$")),
    ("google", "gemini-flash", re.compile(r"^gemini-(\d+)(?:\.(\d+))?-flash(?:-preview)?$")),
)

# OpenAI publishes its encodings; the model decides which one. Everyone else's tokenizer is
# not available offline, so their requests are counted with o200k_base and marked approximate.
_OPENAI_O200K = re.compile(r"^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-6|gpt-oss|o1|o3|o4|codex)")
_OPENAI_CL100K = re.compile(r"^(gpt-4|gpt-3\.5|text-embedding)")


@dataclass
class CloudQuote:
    provider: str
    model: str  # the database's model id
    model_name: str
    requested: str  # what the user (or the default set) asked for
    tokenizer: str
    tokenizer_exact: bool
    context_window: int | None
    calls: int
    prompt_tokens: int
    output_tokens: int
    input_usd: Decimal
    output_usd: Decimal
    total_usd: Decimal
    per_request_min_usd: Decimal
    per_request_max_usd: Decimal
    requests_over_window: int
    tiers: dict[str, int] = field(default_factory=dict)  # tier label -> requests priced at it
    input_per_mtok: str = ""
    output_per_mtok: str = ""

    @property
    def fits(self) -> bool | None:
        if self.context_window is None:
            return None
        return self.requests_over_window == 0

    def to_dict(self) -> dict:
        return {
            "provider": self.provider,
            "model": self.model,
            "model_name": self.model_name,
            "requested": self.requested,
            "tokenizer": self.tokenizer,
            "tokenizer_exact": self.tokenizer_exact,
            "context_window": self.context_window,
            "fits_context_window": self.fits,
            "requests_over_window": self.requests_over_window,
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "output_tokens": self.output_tokens,
            "input_usd": float(self.input_usd),
            "output_usd": float(self.output_usd),
            "total_usd": float(self.total_usd),
            "per_request_usd": {
                "min": float(self.per_request_min_usd),
                "max": float(self.per_request_max_usd),
                "mean": float(self.total_usd / self.calls) if self.calls else 0.0,
            },
            "tiers": self.tiers,
            "input_usd_per_mtok": self.input_per_mtok,
            "output_usd_per_mtok": self.output_per_mtok,
        }


def _snapshot():
    from genai_prices import data_snapshot

    return data_snapshot.get_snapshot()


def database_version() -> str:
    from importlib.metadata import version

    return version("genai-prices")


def resolve(provider: str | None, model: str, option: str = "--cloud-model"):
    """(Provider, ModelInfo) for a model reference, or a one-line OptionError naming the option."""
    try:
        return _snapshot().find_provider_model(model, None, provider, None)
    except LookupError as err:
        where = f"{provider}:{model}" if provider else model
        raise OptionError(option, f"unknown model {where!r} in the genai-prices database ({err})") from None


def parse_model_args(models: tuple[str, ...], providers: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """--cloud-model values ("model" or "provider:model"), paired with --provider values:
    one --provider applies to every model; several pair up with the models in order."""
    if providers and len(providers) not in (1, len(models)):
        raise OptionError(
            "--provider", f"give one --provider for all models or one per --cloud-model "
            f"(got {len(providers)} for {len(models)})"
        )
    pairs: list[tuple[str | None, str]] = []
    for i, m in enumerate(models):
        prov: str | None = None
        if ":" in m:
            prov, m = m.split(":", 1)
        elif providers:
            prov = providers[0] if len(providers) == 1 else providers[i]
        if not m.strip():
            raise OptionError("--cloud-model", "empty model name")
        pairs.append((prov, m.strip()))
    return pairs


def current_models() -> list[tuple[str, str]]:
    """The newest model of each family the database knows (by version number, deprecated
    ones skipped): what "current models" means without a hand-kept list going stale."""
    found: list[tuple[str, str]] = []
    providers = {p.id: p for p in _snapshot().providers}
    for pid, _family, pattern in _CURRENT_FAMILIES:
        best: tuple[tuple[int, int], str] | None = None
        for m in getattr(providers.get(pid), "models", ()):
            match = pattern.match(m.id)
            if not match or m.deprecated:
                continue
            version = (int(match.group(1)), int(match.group(2) or 0))
            if best is None or version > best[0]:
                best = (version, m.id)
        if best:
            found.append((pid, best[1]))
    return found


def default_models() -> list[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for pair in (*FIXED_DEFAULTS, *current_models()):
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def tokenizer_for(provider_id: str, model_id: str) -> tuple[str, bool]:
    """(encoding to count this model's requests with, whether that is its real tokenizer)."""
    if provider_id in ("openai", "azure"):
        if _OPENAI_O200K.match(model_id):
            return "o200k_base", True
        if _OPENAI_CL100K.match(model_id):
            return "cl100k_base", True
    return "o200k_base", False


def _price_label(price) -> str:
    from genai_prices.types import TieredPrices

    if price is None:
        return ""
    if isinstance(price, TieredPrices):
        tiers = ", ".join(f"{t.price} above {t.start:,}" for t in price.tiers)
        return f"{price.base} ({tiers})"
    return str(price)


def _tier_label(price, input_tokens: int) -> str:
    """Which input-price tier a request with this many input tokens pays (genai-prices' rule:
    the highest tier whose start is below the request's input tokens)."""
    from genai_prices.types import TieredPrices

    if not isinstance(price, TieredPrices):
        return "flat"
    for tier in reversed(price.tiers):
        if input_tokens > tier.start:
            return f">{tier.start:,}"
    return "base"


def quote(plan: Plan, provider: str | None, model: str, *, tokenizer_exact: bool,
          when: datetime | None = None, option: str = "--cloud-model") -> CloudQuote:
    """Price every request of ``plan`` on one cloud model."""
    from genai_prices import Usage

    prov, info = resolve(provider, model, option)
    when = when or datetime.now(tz=UTC)
    model_price = info.get_prices(when)
    total_in = total_out = Decimal(0)
    lo: Decimal | None = None
    hi = Decimal(0)
    tiers: dict[str, int] = {}
    over = 0
    for prompt, output, n in request_shapes(plan):
        calc = info.calc_price(Usage(input_tokens=prompt, output_tokens=output), prov,
                               genai_request_timestamp=when)
        total_in += calc.input_price * n
        total_out += calc.output_price * n
        lo = calc.total_price if lo is None else min(lo, calc.total_price)
        hi = max(hi, calc.total_price)
        label = _tier_label(getattr(model_price, "input_mtok", None), prompt)
        tiers[label] = tiers.get(label, 0) + n
        # The window holds the prompt and the answer together.
        if info.context_window is not None and prompt + output > info.context_window:
            over += n
    return CloudQuote(
        provider=prov.id,
        model=info.id,
        model_name=info.name or info.id,
        requested=f"{provider}:{model}" if provider else model,
        tokenizer=plan.tokenizer,
        tokenizer_exact=tokenizer_exact,
        context_window=info.context_window,
        calls=plan.calls,
        prompt_tokens=plan.prompt_tokens,
        output_tokens=plan.output_tokens,
        input_usd=total_in,
        output_usd=total_out,
        total_usd=total_in + total_out,
        per_request_min_usd=lo or Decimal(0),
        per_request_max_usd=hi,
        requests_over_window=over,
        tiers=tiers,
        input_per_mtok=_price_label(getattr(model_price, "input_mtok", None)),
        output_per_mtok=_price_label(getattr(model_price, "output_mtok", None)),
    )
