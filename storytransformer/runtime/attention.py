"""Which attention kernel runs, and why.

``choose_attention`` is a pure function of a ``HardwareInfo`` (plain data) so every branch is
unit-tested without the hardware. ``sdpa_priority`` applies a chosen PyTorch SDPA backend order
around the model calls.

Values of --attn:
  auto               the fastest exact kernel this machine has (see below)
  flash_attention_2  the flash-attn package (NVIDIA sm_80+, or ROCm's build on MI200/MI300)
  flash_attention_3  the flash-attn-3 package (`flash_attn_interface`, Hopper)
  flash_attention_4  the flash-attn-4 package (CuTe DSL, Hopper/Blackwell)
  sdpa               PyTorch scaled_dot_product_attention, PyTorch picks the backend
  sdpa:cudnn | sdpa:flash | sdpa:efficient | sdpa:math
                     SDPA with that backend tried first (others stay as fallbacks, because
                     e.g. the flash backend cannot take the padding mask of a batch)
  flex_attention     PyTorch flex attention (as transformers offers it)
  eager              plain matmul + softmax; materializes heads x ctx x ctx scores
Hub kernels ("org/repo" values transformers accepts) are refused: they download code at run
time, which an air-gapped tool must not do.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from storytransformer.errors import OptionError, UnsupportedError
from storytransformer.runtime.hardware import HardwareInfo

SDPA_BACKENDS = ("cudnn", "flash", "efficient", "math")
ATTN_CHOICES = (
    "auto",
    "flash_attention_2",
    "flash_attention_3",
    "flash_attention_4",
    "sdpa",
    "sdpa:cudnn",
    "sdpa:flash",
    "sdpa:efficient",
    "sdpa:math",
    "flex_attention",
    "eager",
)
# AMD Instinct architectures with AOTriton flash kernels in PyTorch and ROCm flash-attn builds.
ROCM_FLASH_ARCHS = ("gfx90a", "gfx942", "gfx950")  # MI200, MI300, MI350

# Measured on an H100 (PyTorch SDPA, causal, bf16, 32 heads, d=128, 32k tokens), see
# docs/ENVIRONMENT.md: cuDNN 13 ms (658 TFLOP/s), flash 25 ms (348), mem-efficient 49 ms.
_HOPPER_CUDNN_NOTE = ("on an H100 PyTorch's cuDNN attention ran 1.9x faster than its flash kernel "
                      "at 32k tokens (13 ms vs 25 ms)")


@dataclass
class AttentionChoice:
    requested: str
    implementation: str  # the value passed to transformers as attn_implementation
    sdpa_backends: tuple[str, ...] | None = None  # SDPA backend priority, None = PyTorch default
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.implementation == "sdpa" and self.sdpa_backends:
            return f"sdpa ({' > '.join(self.sdpa_backends)})"
        return self.implementation

    @property
    def materializes_scores(self) -> bool:
        """True when the ctx x ctx attention matrix is built in memory (the planner needs this)."""
        return self.implementation == "eager" or (self.sdpa_backends or ("",))[0] == "math"


def _cc(hw: HardwareInfo) -> tuple[int, int]:
    return hw.compute_capability or (0, 0)


def _sdpa(requested: str, order: tuple[str, ...] | None, *reasons: str) -> AttentionChoice:
    return AttentionChoice(requested, "sdpa", order, list(reasons))


def _auto(hw: HardwareInfo) -> AttentionChoice:
    if hw.backend == "cpu":
        return _sdpa("auto", None, "CPU: PyTorch SDPA (fused CPU flash kernel: exact, no ctx x ctx "
                                   "score matrix in memory); flash-attn and cuDNN kernels are GPU-only")
    if hw.backend == "mps":
        return _sdpa("auto", None, "Apple MPS: PyTorch SDPA is the only fused kernel")
    if hw.backend == "rocm":
        return _auto_rocm(hw)
    return _auto_nvidia(hw)


def _auto_rocm(hw: HardwareInfo) -> AttentionChoice:
    arch = hw.gcn_arch or "unknown"
    if arch in ROCM_FLASH_ARCHS:
        if hw.has("flash-attn"):
            return AttentionChoice("auto", "flash_attention_2", None, [
                f"AMD {arch}: ROCm flash-attn {hw.packages['flash-attn']} is installed and imports; "
                "it also keeps padded batches on a flash kernel (varlen), which SDPA cannot"])
        return _sdpa("auto", ("flash", "efficient", "math"),
                     f"AMD {arch}: PyTorch SDPA flash kernel (AOTriton); install ROCm's flash-attn "
                     "build for varlen batches")
    if arch.startswith(("gfx11", "gfx12")):
        return _sdpa("auto", ("efficient", "flash", "math"),
                     f"AMD {arch} (Radeon): SDPA; AOTriton kernels on Radeon are experimental in "
                     "PyTorch (TORCH_ROCM_AOTRITON_ENABLE_EXPERIMENTAL=1), otherwise the math kernel")
    return _sdpa("auto", None, f"AMD {arch}: no flash kernels known for this architecture; SDPA default")


def _auto_nvidia(hw: HardwareInfo) -> AttentionChoice:
    major, minor = _cc(hw)
    sm = f"sm_{major}{minor}"
    fa2_note = ""
    if hw.packages.get("flash-attn") and hw.package_errors.get("flash-attn"):
        fa2_note = f" (flash-attn is installed but does not import: {hw.package_errors['flash-attn']})"
    if major >= 10:
        if hw.has("flash-attn-4"):
            return AttentionChoice("auto", "flash_attention_4", None, [
                f"NVIDIA {sm} (Blackwell): FlashAttention 4 is installed and imports"])
        return _sdpa("auto", ("cudnn", "flash", "efficient", "math"),
                     f"NVIDIA {sm} (Blackwell): SDPA with cuDNN first (cuDNN has Blackwell attention "
                     "kernels; not measured on this project's hardware); install flash-attn-4 to use FA4")
    if major == 9:
        return _auto_hopper(hw, sm, fa2_note)
    if major == 8:
        if hw.has("flash-attn"):
            return AttentionChoice("auto", "flash_attention_2", None, [
                f"NVIDIA {sm} (Ampere/Ada): flash-attn {hw.packages['flash-attn']} is installed and "
                "imports; it keeps padded batches on a flash kernel (varlen), which SDPA cannot"])
        return _sdpa("auto", ("flash", "efficient", "math"),
                     f"NVIDIA {sm} (Ampere/Ada): PyTorch SDPA flash kernel (FlashAttention 2 inside "
                     f"PyTorch); `pip install flash-attn` adds varlen batching{fa2_note}")
    if major == 7:
        return _sdpa("auto", ("efficient", "math"),
                     f"NVIDIA {sm} (Volta/Turing): SDPA memory-efficient kernel; flash kernels need sm_80+")
    return _sdpa("auto", None, f"NVIDIA {sm}: old GPU; SDPA picks what it can (likely the math kernel)")


def _auto_hopper(hw: HardwareInfo, sm: str, fa2_note: str) -> AttentionChoice:
    if hw.has("flash-attn-3"):
        return AttentionChoice("auto", "flash_attention_3", None, [
            f"NVIDIA {sm} (Hopper): FlashAttention 3 is installed and imports (Hopper-specific "
            "TMA/WGMMA kernels)"])
    extra = ""
    if hw.has("flash-attn"):
        extra = ("; flash-attn 2 is installed but not used: PyTorch's SDPA flash backend is "
                 "FlashAttention 2 and cuDNN beat it")
    cudnn = hw.cudnn_version or 0
    if cudnn and cudnn < 90000:
        return _sdpa("auto", ("flash", "efficient", "math"),
                     f"NVIDIA {sm} (Hopper): SDPA flash; cuDNN {cudnn} is too old for cuDNN "
                     f"attention (needs 9.x){extra}")
    return _sdpa("auto", ("cudnn", "flash", "efficient", "math"),
                 f"NVIDIA {sm} (Hopper): SDPA with the cuDNN backend first: {_HOPPER_CUDNN_NOTE}"
                 f"{extra}{fa2_note}")


def _explicit(hw: HardwareInfo, requested: str, compute_dtype: str) -> AttentionChoice:
    if requested == "eager":
        return AttentionChoice(requested, "eager", None, [
            "eager as asked: materializes the heads x ctx x ctx score matrix (slow, memory-hungry at long ctx)"])
    if requested == "flex_attention":
        return AttentionChoice(requested, "flex_attention", None, ["PyTorch flex attention as asked"])
    if requested == "sdpa":
        return _sdpa(requested, None, "PyTorch SDPA as asked; PyTorch picks the backend per call")
    if requested.startswith("sdpa:"):
        backend = requested.split(":", 1)[1]
        _refuse_if(requested, _sdpa_backend_problem(hw, backend, compute_dtype))
        order = (backend,) + tuple(b for b in SDPA_BACKENDS if b != backend and (hw.is_gpu or b in ("flash", "math")))
        return _sdpa(requested, order, f"SDPA with the {backend} backend first, as asked")
    # flash-attn packages
    dist = {"flash_attention_2": "flash-attn", "flash_attention_3": "flash-attn-3",
            "flash_attention_4": "flash-attn-4"}[requested]
    _refuse_if(requested, _flash_package_problem(hw, requested, dist, compute_dtype))
    return AttentionChoice(requested, requested, None, [f"{dist} {hw.packages[dist]} as asked"])


def _refuse_if(requested: str, problem: str | None) -> None:
    if problem:
        raise UnsupportedError(f"--attn {requested}: {problem}")


def _sdpa_backend_problem(hw: HardwareInfo, backend: str, compute_dtype: str) -> str | None:
    """Why SDPA's `backend` kernel cannot run here (None: it can)."""
    major, _ = _cc(hw)
    half = compute_dtype in ("bfloat16", "float16")
    if backend == "flash":
        if hw.backend == "cuda" and major < 8:
            return f"PyTorch's flash kernel needs NVIDIA sm_80+, this GPU is sm_{major}x"
        if hw.backend == "rocm" and (hw.gcn_arch or "") not in ROCM_FLASH_ARCHS:
            return f"AOTriton flash kernels cover {', '.join(ROCM_FLASH_ARCHS)}, not {hw.gcn_arch}"
        if hw.is_gpu and not half:
            return f"flash kernels need float16/bfloat16, the model computes in {compute_dtype}"
    elif backend == "efficient":
        if not hw.is_gpu:
            return "the memory-efficient SDPA kernel is GPU-only"
    elif backend == "cudnn":
        if hw.backend != "cuda":
            return "cuDNN attention needs an NVIDIA GPU"
        if major < 8:
            return f"cuDNN attention needs sm_80+, this GPU is sm_{major}x"
        if hw.cudnn_version and hw.cudnn_version < 90000:
            return f"cuDNN attention needs cuDNN 9, PyTorch has {hw.cudnn_version}"
        if not half:
            return f"cuDNN attention needs float16/bfloat16, the model computes in {compute_dtype}"
    return None


def _flash_package_problem(hw: HardwareInfo, requested: str, dist: str, compute_dtype: str) -> str | None:
    """Why the FlashAttention package `dist` cannot run `requested` here (None: it can)."""
    major, _ = _cc(hw)
    if not hw.is_gpu:
        return f"FlashAttention runs on NVIDIA/AMD GPUs only, this run is on {hw.backend}"
    if not hw.packages.get(dist):
        return f"the {dist} package is not installed (pip install {dist})"
    if dist in hw.package_errors:
        return f"{dist} is installed but does not import: {hw.package_errors[dist]}"
    if compute_dtype not in ("bfloat16", "float16"):
        return f"FlashAttention needs float16/bfloat16, the model computes in {compute_dtype}"
    if requested == "flash_attention_2":
        if hw.backend == "cuda" and major < 8:
            return f"flash-attn 2 needs sm_80+ (Ampere or newer), this GPU is sm_{major}x"
        if hw.backend == "rocm" and (hw.gcn_arch or "") not in ROCM_FLASH_ARCHS:
            return f"ROCm flash-attn supports {', '.join(ROCM_FLASH_ARCHS)}, not {hw.gcn_arch}"
    elif requested == "flash_attention_3" and (hw.backend != "cuda" or major != 9):
        return "FlashAttention 3 is built for NVIDIA Hopper (sm_90)"
    elif requested == "flash_attention_4" and (hw.backend != "cuda" or major < 9):
        return "FlashAttention 4 needs NVIDIA Hopper or Blackwell (sm_90+)"
    return None


def choose_attention(
    hw: HardwareInfo,
    requested: str = "auto",
    *,
    compute_dtype: str = "bfloat16",
    offered: frozenset[str] | set[str] | None = None,
) -> AttentionChoice:
    """Pick the attention kernel. ``offered``: attn_implementation values the installed
    transformers knows (None skips that check, for unit tests)."""
    requested = (requested or "auto").strip()
    if requested.startswith("sdpa_") and requested[5:] in SDPA_BACKENDS:  # bench spells sdpa_cudnn
        requested = "sdpa:" + requested[5:]
    if "/" in requested:
        raise UnsupportedError(
            f"--attn {requested}: hub kernels download code at run time; this tool runs offline. "
            f"Use one of: {', '.join(ATTN_CHOICES)}")
    if requested not in ATTN_CHOICES:
        raise OptionError("--attn", f"unknown attention {requested!r}; choose from {', '.join(ATTN_CHOICES)}")
    choice = _auto(hw) if requested == "auto" else _explicit(hw, requested, compute_dtype)
    if offered is not None and choice.implementation not in offered and choice.implementation != "eager":
        if requested == "auto":  # cannot happen for sdpa; keeps auto from ever failing
            return _sdpa("auto", None, f"{choice.implementation} is not offered by this transformers; SDPA")
        raise UnsupportedError(f"--attn {requested}: this transformers version does not offer it")
    return choice


def transformers_attention_values() -> frozenset[str]:
    """attn_implementation values the installed transformers registers (plus eager)."""
    from transformers.modeling_utils import ALL_ATTENTION_FUNCTIONS

    return frozenset(k for k in ALL_ATTENTION_FUNCTIONS.keys() if "|" not in k) | {"eager"}


@contextlib.contextmanager
def sdpa_priority(choice: AttentionChoice | None, device_type: str):
    """Run the enclosed model calls with the chosen SDPA backend order (a no-op otherwise)."""
    if choice is None or choice.implementation != "sdpa" or not choice.sdpa_backends:
        yield
        return
    from torch.nn.attention import SDPBackend, sdpa_kernel

    names = {"cudnn": SDPBackend.CUDNN_ATTENTION, "flash": SDPBackend.FLASH_ATTENTION,
             "efficient": SDPBackend.EFFICIENT_ATTENTION, "math": SDPBackend.MATH}
    backends = [names[b] for b in choice.sdpa_backends]
    if device_type == "cpu":  # PyTorch has only flash and math on CPU
        backends = [b for b in backends if b in (SDPBackend.FLASH_ATTENTION, SDPBackend.MATH)]
    try:
        ctx = sdpa_kernel(backends, set_priority=True)
    except TypeError:  # torch < 2.6: no priority order, only a set
        ctx = sdpa_kernel(backends)
    with ctx:
        yield
