"""Local cost: hours from throughput, energy from watts, optional hardware amortization.

hours  = prompt tokens / prefill tok/s + output tokens / decode tok/s   (one GPU, calls in turn)
energy = watts x hours / 1000 kWh, cost = kWh x price per kWh
amortization = hardware cost x hours / amortization hours
Every default below says where it comes from; none is presented as a measurement of the
user's machine.
"""

from __future__ import annotations

from dataclasses import dataclass

# Measured on one H100 by this project with llama.cpp (CUDA, flash attention on) running a
# random-weight Llama-3.1-8B-shaped model in Q4_K_M: 7,721 tok/s prefill at 32k and 259 tok/s
# decode at batch 1 (recorded in the project's environment notes). Batch-1 decode is the
# conservative case: batched decoding measured 3,530 tok/s aggregate at batch 64.
DEFAULT_PREFILL_TPS = 7721.0
DEFAULT_DECODE_TPS = 259.0
THROUGHPUT_SOURCE = (
    "default: measured by this project on one H100, llama.cpp Q4_K_M, Llama-3.1-8B shape "
    "(32k prefill, batch-1 decode); measure yours with `storytransformer bench`"
)
DEFAULT_GPU_WATTS = 700.0
WATTS_SOURCE = "default: H100 SXM board power limit (a spec, not a measurement)"
DEFAULT_KWH_PRICE = 0.30
KWH_SOURCE = "default: assumed electricity price in USD per kWh; set yours with --kwh-price"
DEFAULT_AMORTIZE_HOURS = 3 * 365 * 24.0
AMORTIZE_SOURCE = "default: 3 years of 24/7 use"


@dataclass(frozen=True)
class LocalAssumptions:
    prefill_tps: float = DEFAULT_PREFILL_TPS
    decode_tps: float = DEFAULT_DECODE_TPS
    gpu_watts: float = DEFAULT_GPU_WATTS
    kwh_price: float = DEFAULT_KWH_PRICE
    hardware_cost: float | None = None
    amortize_hours: float = DEFAULT_AMORTIZE_HOURS

    def __post_init__(self):
        for name in ("prefill_tps", "decode_tps", "amortize_hours"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in ("gpu_watts", "kwh_price"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        if self.hardware_cost is not None and self.hardware_cost < 0:
            raise ValueError("hardware_cost must be >= 0")


@dataclass(frozen=True)
class LocalCost:
    prompt_tokens: int
    output_tokens: int
    prefill_hours: float
    decode_hours: float
    kwh: float
    energy_usd: float
    amortization_usd: float | None

    @property
    def hours(self) -> float:
        return self.prefill_hours + self.decode_hours

    @property
    def total_usd(self) -> float:
        return self.energy_usd + (self.amortization_usd or 0.0)

    def to_dict(self) -> dict:
        return {
            "prompt_tokens": self.prompt_tokens,
            "output_tokens": self.output_tokens,
            "prefill_hours": self.prefill_hours,
            "decode_hours": self.decode_hours,
            "hours": self.hours,
            "kwh": self.kwh,
            "energy_usd": self.energy_usd,
            "amortization_usd": self.amortization_usd,
            "total_usd": self.total_usd,
        }


def local_cost(prompt_tokens: int, output_tokens: int, a: LocalAssumptions) -> LocalCost:
    prefill_h = prompt_tokens / a.prefill_tps / 3600.0
    decode_h = output_tokens / a.decode_tps / 3600.0
    hours = prefill_h + decode_h
    kwh = a.gpu_watts * hours / 1000.0
    amort = None if a.hardware_cost is None else a.hardware_cost * hours / a.amortize_hours
    return LocalCost(prompt_tokens, output_tokens, prefill_h, decode_h, kwh, kwh * a.kwh_price, amort)
