"""The measurement loop: for each quantization (one model load), attention kernel and engine,
for each context length and batch size: warm up, then time prefill and decode `repeats`
times and keep the medians, with the peak memory of the measured runs.

A setting that does not fit is a result ("oom"), as is one the machine cannot run
("unsupported"); neither stops the run.
"""

from __future__ import annotations

import logging
import platform
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Callable

from storytransformer.bench import timing
from storytransformer.errors import UnsupportedError

log = logging.getLogger(__name__)

ATTN_CHOICES = ("auto", "sdpa", "sdpa_cudnn", "sdpa_flash", "sdpa_efficient", "sdpa_math", "eager",
                "flash_attention_2", "flash_attention_3", "flex_attention")


@dataclass
class BenchResult:
    model: str
    quant: str
    attn: str
    engine: str
    ctx: int
    batch: int
    new_tokens: int
    status: str = "ok"  # ok | oom | unsupported | error
    reason: str = ""
    device: str = "cpu"
    load_seconds: float | None = None
    weights_bytes: int | None = None
    prefill_seconds: float | None = None
    prefill_tokens_per_s: float | None = None
    ttft_seconds: float | None = None
    decode_seconds: float | None = None
    decode_tokens_per_s: float | None = None  # aggregate over the batch
    decode_tokens_per_s_per_seq: float | None = None
    peak_memory_bytes: int | None = None
    peak_memory_note: str = ""
    planned_bytes: int | None = None  # the runtime's memory planner for this setting
    rss_bytes: int | None = None
    repeats: int = 0
    compile_mode: str = ""
    prefill_samples: list[float] = field(default_factory=list)
    decode_samples: list[float] = field(default_factory=list)
    kv_cache: str = "auto"  # int8/fp8: chunked prefill into runtime/kv_cache.py's one-byte cache
    kv_cache_bytes: int | None = None  # the KV cache's storage after the last measured run
    # What "auto" (or any choice) resolved to on this machine: the quantization the model was
    # built/loaded in, and the attention implementation it ran ("sdpa": PyTorch picks its kernel).
    quant_used: str = ""
    attn_used: str = ""

    @property
    def setup(self) -> str:
        kv = "" if self.kv_cache == "auto" else f"/kv-{self.kv_cache}"
        return f"{self.quant}/{self.attn}/{self.engine}/b{self.batch}{kv}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["setup"] = self.setup
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "BenchResult":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class BenchReport:
    environment: dict
    settings: dict
    results: list[BenchResult]

    def to_dict(self) -> dict:
        return {"environment": self.environment, "settings": self.settings,
                "results": [r.to_dict() for r in self.results]}


def environment(device: str) -> dict:
    import torch
    import transformers

    env = {"python": platform.python_version(), "torch": torch.__version__,
           "transformers": transformers.__version__, "device": device, "platform": platform.platform()}
    if device.startswith("cuda"):
        props = torch.cuda.get_device_properties(0)
        env.update(gpu=props.name, gpu_memory_bytes=int(props.total_memory),
                   compute_capability=f"{props.major}.{props.minor}", cuda=torch.version.cuda,
                   cudnn=torch.backends.cudnn.version())
    else:
        env["cpu"] = platform.processor() or platform.machine()
    for pkg in ("bitsandbytes", "torchao", "flash_attn", "accelerate"):
        try:
            from importlib.metadata import version

            env[pkg] = version(pkg.replace("_", "-"))
        except Exception:  # noqa: BLE001 - not installed is a fact to record, not an error
            env[pkg] = None
    return env


def load_model(model_name: str | None, *, quant: str, attn: str, device: str, seed: int):
    """-> (model, resolved device). `config:NAME` builds a random-weight model; anything else
    goes through the runtime's loader (the bundled model, a directory, a hub id)."""
    from storytransformer.runtime import random_model

    if random_model.is_config_model(model_name):
        model, _, _ = random_model.build(model_name, quant=quant, attn=attn, device=device, seed=seed)
    else:
        from storytransformer.runtime import load_engine

        engine = load_engine(model_name, quant=quant, attn=random_model.model_attn_implementation(attn),
                             device=device)
        model = engine.model
        model.config.storytransformer_quant = engine.info.quantization  # what "auto" chose, for the report
    return model, str(next(model.parameters()).device)


def chosen(model, quant: str, attn: str) -> dict[str, str]:
    """{"quant_used", "attn_used"}: what the loaded model really runs for the asked ``quant``
    and ``attn`` ("auto" resolved; an SDPA backend pinned by name stays that name)."""
    from storytransformer.runtime import random_model

    impl = str(getattr(model.config, "_attn_implementation", "") or random_model.model_attn_implementation(attn))
    if attn in random_model.SDPA_VARIANTS:
        impl = attn
    elif impl == "sdpa":
        impl = "sdpa (PyTorch picks the kernel)"
    return {"quant_used": str(getattr(model.config, "storytransformer_quant", "") or quant), "attn_used": impl}


def set_attention(model, attn: str) -> None:
    """Switch the attention implementation of a loaded model (cheaper than reloading it)."""
    from storytransformer.runtime import random_model

    impl = random_model.model_attn_implementation(attn)
    setter = getattr(model, "set_attn_implementation", None)
    try:
        if setter is not None:
            setter(impl)
        else:
            model.config._attn_implementation = impl
    except (ImportError, ValueError) as err:
        raise UnsupportedError(f"--attn {attn}: {str(err).splitlines()[0]}") from None


def _random_ids(batch: int, length: int, vocab: int, seed: int, device: str):
    import torch

    gen = torch.Generator().manual_seed(seed)
    # Never zeros (they can hide wrong indexing and run faster); token 0 is often special too.
    return torch.randint(1, vocab, (batch, length), generator=gen).to(device)


def measure(model, decoder, *, ctx: int, batch: int, new_tokens: int, repeats: int, device: str,
            seed: int, attn: str, result: BenchResult) -> BenchResult:
    """Fill `result` with medians of `repeats` timed prefill+decode runs (after a warm-up)."""
    from storytransformer.runtime import random_model

    vocab = model.config.vocab_size

    def pinned_prefill(ids):
        # sdpa_* names pin the prefill's kernel (where kernels differ); one-token decode steps
        # run on PyTorch's own choice, since some pinned kernels take no single-query input.
        with random_model.sdpa_backend_context(attn):
            return decoder.prefill(ids)

    # Warm-up: kernels chosen and loaded, compiled graphs recorded (3 decode steps: CUDA
    # graphs are recorded on the second or third call), at this exact shape.
    warm = _random_ids(batch, ctx, vocab, seed + 999, device)
    decoder.decode(pinned_prefill(warm), min(3, new_tokens))
    del warm
    timing.reset_peak(device)
    prefill, decode = [], []
    for r in range(repeats):
        ids = _random_ids(batch, ctx, vocab, seed + r, device)
        with timing.DeviceTimer(device) as t_prefill:
            first = pinned_prefill(ids)
        with timing.DeviceTimer(device) as t_decode:
            decoder.decode(first, new_tokens)
        prefill.append(t_prefill.seconds)
        decode.append(t_decode.seconds)
        del ids, first
    result.peak_memory_bytes, result.peak_memory_note = timing.peak_bytes(device)
    result.rss_bytes = timing.rss_bytes()
    result.prefill_samples, result.decode_samples = prefill, decode
    cache = getattr(decoder, "cache", None)
    if cache is not None and result.kv_cache != "auto":
        from storytransformer.runtime.kv_cache import kv_cache_bytes

        result.kv_cache_bytes = kv_cache_bytes(cache)
    result.repeats = repeats
    result.prefill_seconds = timing.median(prefill)
    result.decode_seconds = timing.median(decode)
    result.ttft_seconds = result.prefill_seconds
    result.prefill_tokens_per_s = batch * ctx / result.prefill_seconds
    result.decode_tokens_per_s = batch * new_tokens / result.decode_seconds
    result.decode_tokens_per_s_per_seq = new_tokens / result.decode_seconds
    return result


def run_bench(model_name: str | None, *, quants, attns, ctxs, batches, engines=("plain",),
              new_tokens: int = 32, repeats: int = 3, device: str = "auto", seed: int = 0,
              on_result: Callable[[BenchResult], None] | None = None, kv_cache: str = "auto") -> BenchReport:
    """``kv_cache`` int8/fp8: every setting prefills in chunks into the one-byte KV cache and
    decodes eagerly over it (runtime/long_context.py's ChunkedDecoder) instead of `engines`' loops."""
    from storytransformer.runtime import random_model

    device = random_model.resolve_device(device)
    sweep = _Sweep(model_name, model_name or "bundled", device, tuple(attns), tuple(engines), tuple(ctxs),
                   tuple(batches), new_tokens, repeats, seed, on_result, kv_cache=kv_cache)
    settings = {"model": sweep.label, "quants": list(quants), "attns": list(attns), "ctxs": list(ctxs),
                "batches": list(batches), "engines": list(engines), "new_tokens": new_tokens,
                "repeats": repeats, "seed": seed, "kv_cache": kv_cache}
    for quant in quants:
        sweep.run_quant(quant)
    return BenchReport(environment(sweep.device), settings, sweep.results)


@dataclass
class _Sweep:
    """One bench run: the grid of settings, and the rows measured so far (one per setting,
    measured or skipped with its reason)."""

    model_name: str | None
    label: str
    device: str
    attns: tuple[str, ...]
    engines: tuple[str, ...]
    ctxs: tuple[int, ...]
    batches: tuple[int, ...]
    new_tokens: int
    repeats: int
    seed: int
    on_result: Callable[[BenchResult], None] | None
    results: list[BenchResult] = field(default_factory=list)
    kv_cache: str = "auto"

    def emit(self, res: BenchResult) -> None:
        self.results.append(res)
        if self.on_result:
            self.on_result(res)

    def skip_all(self, quant: str, attns, status: str, reason: str, **extra) -> None:
        for attn in attns:
            for engine in self.engines:
                for ctx in self.ctxs:
                    for batch in self.batches:
                        self.emit(BenchResult(self.label, quant, attn, engine, ctx, batch, self.new_tokens,
                                              status=status, reason=reason, device=self.device,
                                              kv_cache=self.kv_cache, **extra))

    def run_quant(self, quant: str) -> None:
        """Load the model once in `quant`, then measure every attention x engine x ctx x batch."""
        loaded = self.load(quant)
        if loaded is None:
            return
        model, load_seconds = loaded
        weights = timing.allocated_bytes(self.device)
        for attn in self.attns:
            try:
                set_attention(model, attn)
            except UnsupportedError as err:
                self.skip_all(quant, [attn], "unsupported", str(err), load_seconds=load_seconds)
                continue
            for engine in self.engines:
                for ctx in self.ctxs:
                    for batch in self.batches:
                        res = BenchResult(self.label, quant, attn, engine, ctx, batch, self.new_tokens,
                                          device=self.device, load_seconds=load_seconds, weights_bytes=weights,
                                          kv_cache=self.kv_cache, **chosen(model, quant, attn))
                        self.emit(self.measure_one(model, res))
                _reset_compiler()
        del model
        timing.free_memory(self.device)

    def load(self, quant: str):
        """(model, load seconds), or None after recording every row of `quant` as skipped."""
        timing.free_memory(self.device)
        timing.reset_peak(self.device)
        t0 = time.perf_counter()
        try:
            # Load once with PyTorch SDPA (always there) and switch kernels per setting, so
            # one unsupported --attn choice is one unsupported row, not a lost quantization.
            model, self.device = load_model(self.model_name, quant=quant, attn="sdpa", device=self.device,
                                            seed=self.seed)
        except UnsupportedError as err:
            self.skip_all(quant, self.attns, "unsupported", str(err))
            return None
        except Exception as err:  # noqa: BLE001 - an OOM while loading is a result too
            if timing.is_out_of_memory(err):
                timing.free_memory(self.device)
                self.skip_all(quant, self.attns, "oom", f"loading: {str(err).splitlines()[0]}")
                return None
            raise
        if self.device.startswith("cuda"):
            import torch

            torch.cuda.synchronize()
        return model, time.perf_counter() - t0

    def measure_one(self, model, res: BenchResult) -> BenchResult:
        """Measure one setting into `res`; a failure is recorded in it (status, reason)."""
        from storytransformer.runtime import fast_decode

        decoder = None
        try:
            max_len = _round_up(res.ctx + self.new_tokens + 4, 256)
            if res.kv_cache != "auto":
                from storytransformer.runtime.long_context import ChunkedDecoder

                decoder = ChunkedDecoder(model, max_len=max_len, kv_cache=res.kv_cache)
            else:
                decoder = fast_decode.make_decoder(res.engine, model, max_len=max_len)
            measure(model, decoder, ctx=res.ctx, batch=res.batch, new_tokens=self.new_tokens,
                    repeats=self.repeats, device=self.device, seed=self.seed, attn=res.attn, result=res)
            res.compile_mode = getattr(decoder, "compile_mode", "none")
            res.planned_bytes = planned_bytes(model, res.quant, res.attn, res.ctx + self.new_tokens, res.batch,
                                              kv_cache=res.kv_cache)
            if getattr(decoder, "fallback_reasons", None):
                res.reason = "compile fell back: " + "; ".join(decoder.fallback_reasons)
        except Exception as err:  # noqa: BLE001 - recorded per setting, run goes on
            res.status, res.reason = _classify(err)
            if res.status == "oom":
                res.peak_memory_bytes, res.peak_memory_note = timing.peak_bytes(self.device)
            log.debug("bench %s ctx=%d failed", res.setup, res.ctx, exc_info=True)
        finally:
            if decoder is not None:
                decoder.release()
            del decoder
            timing.free_memory(self.device)
        return res


def planned_bytes(model, quant: str, attn: str, tokens: int, batch: int, kv_cache: str = "auto") -> int | None:
    """What the runtime's memory planner predicts for this setting (None where it has no
    model of the weight format), so every bench row checks the planner against a measurement."""
    from storytransformer.runtime.fits import plan_kwargs
    from storytransformer.runtime.memory import plan_memory

    from storytransformer.runtime.quant_modes import MODES

    actual = getattr(model.config, "storytransformer_quant", quant)
    if actual not in MODES or not MODES[actual].planned_in_bench:
        return None
    dtype = str(getattr(model, "dtype", "bfloat16")).replace("torch.", "")
    try:
        plan = plan_memory(model.config.to_dict(), ctx=tokens, batch=batch, quant=actual, dtype=dtype,
                           materializes_scores=attn in ("eager", "sdpa_math", "sdpa:math"),
                           **plan_kwargs(kv_cache))  # int8/fp8 rows prefill in chunks (ChunkedDecoder)
    except Exception:  # noqa: BLE001 - a planner gap must not sink a measurement
        log.debug("planner failed", exc_info=True)
        return None
    return int(plan.total_bytes)


def _classify(err: BaseException) -> tuple[str, str]:
    first = (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
    if timing.is_out_of_memory(err):
        return "oom", first
    if isinstance(err, UnsupportedError) or isinstance(err, (ImportError, NotImplementedError)):
        return "unsupported", first
    # SDPA pinned to one kernel that cannot run these inputs says "No available kernel".
    if isinstance(err, RuntimeError) and ("No available kernel" in first or "No viable backend" in first):
        return "unsupported", first
    return "error", f"{type(err).__name__}: {first}"


def _round_up(n: int, multiple: int) -> int:
    return (n + multiple - 1) // multiple * multiple


def _reset_compiler() -> None:
    """Each attention/engine setup compiles its own graphs; drop the old ones so the
    recompile limit never silently sends a later setup back to eager."""
    try:
        import torch

        torch._dynamo.reset()
    except Exception:  # noqa: BLE001
        pass
