"""The cost arithmetic against values computed by hand: plan, per-request prices, local cost."""

import math
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from storytransformer.cost import prices
from storytransformer.cost.local import LocalAssumptions, local_cost
from storytransformer.cost.plan import Plan, Request, make_plan, story_capacity
from storytransformer.errors import OptionError


# ---- plan -------------------------------------------------------------------------------------


def test_capacity_shares_the_window_with_the_output():
    # (1000 - 100) / (1 + 0.5) = 600 story tokens, leaving 300 for the answer.
    assert story_capacity(1000, 100, 0.5) == 600
    assert story_capacity(1000, 100, 0.0) == 900
    assert story_capacity(1000, 100, 1.0, reserve_output=250) == 650
    assert story_capacity(100, 200, 1.0) == 0


def test_plan_packs_stories_in_order_without_splitting_them():
    plan = make_plan([100, 200, 300, 50], tokenizer="t", ctx=1000, prompt_overhead=100, output_ratio=0.5)
    assert plan.story_capacity == 600
    assert plan.reserved_output == 300
    # 100 + 200 + 300 = 600 fills call 1 exactly; 50 goes to call 2.
    assert [(r.stories, r.story_tokens) for r in plan.requests] == [(3, 600), (1, 50)]
    assert [r.prompt_tokens for r in plan.requests] == [700, 150]
    assert [r.output_tokens for r in plan.requests] == [300, 25]  # ceil(0.5 * tokens)
    assert plan.calls == 2 and plan.min_calls == math.ceil(650 / 600) == 2
    assert plan.prompt_tokens == 850 and plan.output_tokens == 325
    assert plan.max_prompt_tokens == 700
    assert plan.oversized == 0


def test_packing_needs_more_calls_than_the_cut_anywhere_bound():
    # Capacity 600; four 350-token stories never share a call: 4 calls where 1400/600 -> 3.
    plan = make_plan([350] * 4, tokenizer="t", ctx=1000, prompt_overhead=100, output_ratio=0.5)
    assert plan.calls == 4 and plan.min_calls == 3


def test_a_story_too_big_for_any_call_gets_its_own_flagged_call():
    plan = make_plan([10, 700, 10], tokenizer="t", ctx=1000, prompt_overhead=100, output_ratio=0.5)
    assert [(r.story_tokens, r.oversized) for r in plan.requests] == [(10, False), (700, True), (10, False)]
    assert plan.oversized == 1
    assert plan.requests[1].prompt_tokens == 800 and plan.requests[1].output_tokens == 350


def test_reserve_output_overrides_the_ratio_for_capacity_only():
    plan = make_plan([400, 400], tokenizer="t", ctx=1000, prompt_overhead=100, output_ratio=0.25,
                     reserve_output=100)
    assert plan.story_capacity == 800 and plan.reserved_output == 100
    assert plan.calls == 1 and plan.output_tokens == 200


def test_label_tokens_grow_with_the_position_in_a_call():
    # Labels cost 1, 2, 3 tokens for the 1st, 2nd, 3rd story of a call (and 3 after that).
    plan = make_plan([100, 100, 100, 100], tokenizer="t", ctx=400, prompt_overhead=100, output_ratio=0.0,
                     position_tokens=[1, 2, 3])
    assert plan.story_capacity == 300
    # 101 + 102 = 203; a third would make 306 > 300, so it opens call 2 at position 0 again.
    assert [(r.stories, r.story_tokens) for r in plan.requests] == [(2, 203), (2, 203)]
    wide = make_plan([100] * 5, tokenizer="t", ctx=10_000, prompt_overhead=0, output_ratio=0.0,
                     position_tokens=[1, 2, 3])
    assert wide.story_tokens == 500 + 1 + 2 + 3 + 3 + 3
    # The answer re-writes the stories, not their labels: output counts the 500 only.
    ratio = make_plan([100] * 5, tokenizer="t", ctx=10_000, prompt_overhead=0, output_ratio=0.5,
                      position_tokens=[1, 2, 3])
    assert ratio.output_tokens == 250 and ratio.prompt_tokens == 512


def test_empty_corpus_plans_no_calls():
    plan = make_plan([], tokenizer="t", ctx=1000, prompt_overhead=100)
    assert plan.calls == 0 and plan.prompt_tokens == 0 and plan.min_calls == 0


# ---- cloud prices -----------------------------------------------------------------------------


def _plan_of(*requests: tuple[int, int]) -> Plan:
    plan = Plan("o200k_base", 300_000, 0, 0.0, 300_000, 0)
    plan.requests = [Request(p, o, 1, p) for p, o in requests]
    return plan


def test_tiers_apply_per_request_not_to_the_total():
    # Read the model's real prices (and tier threshold) from the database, then price by hand.
    _, info = prices.resolve("anthropic", "claude-sonnet-4-5")
    mp = info.get_prices(datetime.now(tz=UTC))
    tin, tout = mp.input_mtok, mp.output_mtok
    start = tin.tiers[0].start
    assert tout.tiers[0].start == start
    small, large = (start - 50_000, 2_000), (start + 50_000, 3_000)

    q = prices.quote(_plan_of(small, large), "anthropic", "claude-sonnet-4-5", tokenizer_exact=False)

    per_m = Decimal(1_000_000)
    want_small = small[0] * tin.base / per_m + small[1] * tout.base / per_m
    want_large = large[0] * tin.tiers[0].price / per_m + large[1] * tout.tiers[0].price / per_m
    assert q.total_usd == want_small + want_large
    assert q.input_usd == (small[0] * tin.base + large[0] * tin.tiers[0].price) / per_m
    assert q.per_request_min_usd == want_small and q.per_request_max_usd == want_large
    assert q.tiers == {"base": 1, f">{start:,}": 1}
    # Pricing the sum as one request would put every token in the upper tier: a different number.
    one = _plan_of((small[0] + large[0], small[1] + large[1]))
    assert prices.quote(one, "anthropic", "claude-sonnet-4-5", tokenizer_exact=False).total_usd != q.total_usd


def test_context_window_fit_counts_prompt_and_output():
    _, info = prices.resolve("openai", "gpt-4o")
    cw = info.context_window
    fits = prices.quote(_plan_of((cw - 1000, 1000)), "openai", "gpt-4o", tokenizer_exact=True)
    over = prices.quote(_plan_of((cw - 1000, 1001), (10, 10)), "openai", "gpt-4o", tokenizer_exact=True)
    assert fits.fits is True and fits.requests_over_window == 0
    assert over.fits is False and over.requests_over_window == 1
    # Flat-priced model: the price is just tokens x rate.
    mp = info.get_prices(datetime.now(tz=UTC))
    assert fits.total_usd == ((cw - 1000) * mp.input_mtok + 1000 * mp.output_mtok) / Decimal(1_000_000)
    assert fits.tiers == {"flat": 1}


def test_unknown_model_and_provider_are_option_errors():
    with pytest.raises(OptionError, match="--cloud-model.*no-such-model-xyz"):
        prices.resolve("openai", "no-such-model-xyz")
    with pytest.raises(OptionError, match="--cloud-model.*nosuchprovider"):
        prices.resolve("nosuchprovider", "gpt-4o")


def test_model_arguments_pair_with_providers():
    assert prices.parse_model_args(("gpt-4o", "anthropic:claude-3-haiku"), ()) == \
        [(None, "gpt-4o"), ("anthropic", "claude-3-haiku")]
    assert prices.parse_model_args(("a", "b"), ("openai",)) == [("openai", "a"), ("openai", "b")]
    assert prices.parse_model_args(("a", "b"), ("x", "y")) == [("x", "a"), ("y", "b")]
    with pytest.raises(OptionError, match="--provider"):
        prices.parse_model_args(("a", "b", "c"), ("x", "y"))


def test_default_set_has_the_named_families_and_the_newest_of_each():
    defaults = prices.default_models()
    for pair in prices.FIXED_DEFAULTS:
        assert pair in defaults
    current = prices.current_models()
    assert {p for p, _ in current} == {"anthropic", "openai", "google"}
    assert len(current) == 7  # haiku, sonnet, opus, gpt, gpt-mini, gemini pro, gemini flash
    for provider, model in defaults:
        prices.resolve(provider, model)  # every default exists in the bundled database


def test_openai_models_get_their_own_encoding():
    assert prices.tokenizer_for("openai", "gpt-4o") == ("o200k_base", True)
    assert prices.tokenizer_for("openai", "gpt-4-turbo") == ("cl100k_base", True)
    assert prices.tokenizer_for("openai", "gpt-3.5-turbo") == ("cl100k_base", True)
    assert prices.tokenizer_for("anthropic", "claude-3-haiku") == ("o200k_base", False)


# ---- local cost -------------------------------------------------------------------------------


def test_local_cost_by_hand():
    a = LocalAssumptions(prefill_tps=1000, decode_tps=100, gpu_watts=400, kwh_price=0.25,
                         hardware_cost=20_000, amortize_hours=10_000)
    c = local_cost(3_600_000, 180_000, a)
    assert c.prefill_hours == pytest.approx(1.0)  # 3.6M / 1000 tok/s = 3600 s
    assert c.decode_hours == pytest.approx(0.5)  # 180k / 100 tok/s = 1800 s
    assert c.hours == pytest.approx(1.5)
    assert c.kwh == pytest.approx(0.6)  # 400 W x 1.5 h
    assert c.energy_usd == pytest.approx(0.15)
    assert c.amortization_usd == pytest.approx(3.0)  # 20,000 x 1.5 / 10,000
    assert c.total_usd == pytest.approx(3.15)


def test_local_cost_without_hardware_has_no_amortization():
    c = local_cost(0, 0, LocalAssumptions())
    assert c.hours == 0 and c.amortization_usd is None and c.total_usd == 0


@pytest.mark.parametrize("field", ["prefill_tps", "decode_tps", "amortize_hours"])
def test_local_assumptions_reject_non_positive_rates(field):
    with pytest.raises(ValueError, match=field):
        LocalAssumptions(**{field: 0})
