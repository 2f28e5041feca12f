"""What this machine can run: device kind, compute capability / GPU architecture, memory,
driver, torch build and the optional kernel packages.

Detection (``detect_hardware``) touches torch; everything downstream (attention and
quantization choices, the memory planner) takes the resulting ``HardwareInfo`` as plain data,
so the decision logic is tested for GPUs this CI machine does not have.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
from dataclasses import asdict, dataclass, field

from storytransformer.errors import OptionError, UnsupportedError

# Optional packages that change what can run, by distribution name -> import name.
KERNEL_PACKAGES = {
    "bitsandbytes": "bitsandbytes",
    "flash-attn": "flash_attn",  # FlashAttention 2 (CUDA build, or ROCm's CK/Triton build)
    "flash-attn-3": "flash_attn_interface",  # FlashAttention 3, Hopper
    "flash-attn-4": "flash_attn",  # FlashAttention 4 (CuTe DSL), Hopper/Blackwell
    "gemlite": "gemlite",  # int4 Triton kernels behind --quant int4-gemlite
    "gguf": "gguf",
    "kernels": "kernels",
    "accelerate": "accelerate",
}


@dataclass
class HardwareInfo:
    """One device as the runtime sees it. Memory in bytes; versions as strings or None."""

    backend: str = "cpu"  # "cuda" (NVIDIA) | "rocm" (AMD, torch.version.hip) | "mps" | "cpu"
    device: str = "cpu"  # torch device string: "cuda:0", "cpu", ...
    name: str = ""
    device_count: int = 0
    compute_capability: tuple[int, int] | None = None  # NVIDIA (major, minor); ROCm reports e.g. (9, 4)
    gcn_arch: str | None = None  # ROCm architecture, e.g. "gfx942" (MI300X), "gfx90a" (MI200)
    total_memory: int = 0
    free_memory: int = 0
    driver: str | None = None
    torch_version: str = ""
    cuda_version: str | None = None  # torch.version.cuda
    hip_version: str | None = None  # torch.version.hip
    cudnn_version: int | None = None
    bf16: bool = False  # native bfloat16 matmuls
    cpu_capability: str | None = None  # torch's CPU ISA level: "AVX2", "AVX512", ...
    cpu_count: int = 0
    packages: dict[str, str | None] = field(default_factory=dict)  # distribution -> version | None
    package_errors: dict[str, str] = field(default_factory=dict)  # installed but not importable

    @property
    def is_gpu(self) -> bool:
        return self.backend in ("cuda", "rocm")

    def has(self, dist: str) -> bool:
        """Installed and importable (a flash-attn wheel built for another CUDA fails on import)."""
        return bool(self.packages.get(dist)) and dist not in self.package_errors

    def to_dict(self) -> dict:
        d = asdict(self)
        d["compute_capability"] = (
            f"{self.compute_capability[0]}.{self.compute_capability[1]}" if self.compute_capability else None
        )
        return d


def _dist_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def package_status(*, try_import: bool) -> tuple[dict[str, str | None], dict[str, str]]:
    """Installed versions of the kernel packages, and import errors where we tried importing.

    Importing flash-attn loads CUDA extensions, so it is only attempted on a GPU machine."""
    versions = {dist: _dist_version(dist) for dist in KERNEL_PACKAGES}
    errors: dict[str, str] = {}
    if try_import:
        import importlib

        for dist in ("flash-attn", "flash-attn-3", "flash-attn-4"):
            if versions.get(dist):
                try:
                    importlib.import_module(KERNEL_PACKAGES[dist])
                except Exception as err:  # ImportError, OSError (undefined CUDA symbol), ...
                    errors[dist] = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
    return versions, errors


def _ram() -> tuple[int, int]:
    """(total, available) system memory in bytes, from /proc/meminfo where there is one."""
    try:
        info = {}
        with open("/proc/meminfo") as fh:
            for line in fh:
                key, rest = line.split(":", 1)
                info[key] = int(rest.split()[0]) * 1024
        return info.get("MemTotal", 0), info.get("MemAvailable", info.get("MemFree", 0))
    except OSError:
        return 0, 0


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _nvidia_driver() -> str | None:
    try:
        with open("/proc/driver/nvidia/version") as fh:
            first = fh.readline()
        # "NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.124.06  ..."
        for tok in first.split():
            if tok.count(".") >= 1 and tok.replace(".", "").isdigit():
                return tok
    except OSError:
        pass
    return None


def detect_hardware(device: str = "auto") -> HardwareInfo:
    """Look at the machine. ``device``: "auto" (first GPU, else CPU), "cpu", "cuda", "cuda:N"."""
    import torch

    hw = HardwareInfo(torch_version=torch.__version__, cpu_count=os.cpu_count() or 0)
    hw.cuda_version = torch.version.cuda
    hw.hip_version = getattr(torch.version, "hip", None)
    try:
        hw.cpu_capability = torch.backends.cpu.get_cpu_capability()
    except Exception:
        hw.cpu_capability = None
    gpu_ok = torch.cuda.is_available()
    want = device.lower()
    if want not in ("auto", "cpu") and not want.startswith(("cuda", "rocm", "gpu")):
        raise OptionError("--device", f"unknown device {device!r} (use auto, cpu, cuda or cuda:N)")
    if want.startswith(("cuda", "rocm", "gpu")) and not gpu_ok:
        raise UnsupportedError(
            f"--device {device}: no GPU is visible to PyTorch (torch {torch.__version__}"
            f"{' built for CPU only' if not hw.cuda_version and not hw.hip_version else ''}); use --device cpu"
        )
    use_gpu = gpu_ok and want != "cpu"
    versions, errors = package_status(try_import=use_gpu)
    hw.packages, hw.package_errors = versions, errors
    if not use_gpu:
        total, free = _ram()
        hw.backend, hw.device = "cpu", "cpu"
        hw.name = _cpu_model() or platform.processor() or platform.machine()
        hw.total_memory, hw.free_memory = total, free
        # bf16 matmuls are only fast with AVX512-BF16 / AMX; elsewhere they are emulated.
        hw.bf16 = bool(hw.cpu_capability and "AMX" in hw.cpu_capability.upper())
        return hw
    index = 0
    if ":" in want:
        try:
            index = int(want.split(":", 1)[1])
        except ValueError:
            raise OptionError("--device", f"bad device index in {device!r}") from None
    hw.device_count = torch.cuda.device_count()
    if index >= hw.device_count:
        raise OptionError("--device", f"{device}: only {hw.device_count} GPU(s) visible")
    props = torch.cuda.get_device_properties(index)
    hw.device = f"cuda:{index}"
    hw.name = props.name
    hw.compute_capability = (props.major, props.minor)
    hw.backend = "rocm" if hw.hip_version else "cuda"
    if hw.backend == "rocm":
        hw.gcn_arch = (getattr(props, "gcnArchName", "") or "").split(":")[0] or None
    free, total = torch.cuda.mem_get_info(index)
    hw.total_memory, hw.free_memory = int(total), int(free)
    hw.bf16 = native_bf16(hw.backend, props.major, torch.cuda.is_bf16_supported)
    try:
        hw.cudnn_version = torch.backends.cudnn.version()
    except Exception:
        hw.cudnn_version = None
    if hw.backend == "cuda":
        hw.driver = _nvidia_driver()
    else:
        hw.driver = _amdgpu_driver() or f"HIP {hw.hip_version}"
    return hw


def native_bf16(backend: str, major: int, is_bf16_supported) -> bool:
    """Whether this GPU computes bfloat16 natively (so it beats float16 as the compute dtype).

    On NVIDIA, ``torch.cuda.is_bf16_supported()`` also says True where bf16 is only emulated
    (a T4, sm_75, runs it many times slower than fp16), so emulation is excluded and the
    compute capability decides: bf16 tensor cores start with Ampere (sm_80). ROCm's answer is
    taken as it is (MI100 and newer have bf16 units)."""
    if backend == "cuda":
        if major < 8:
            return False
        try:
            return bool(is_bf16_supported(including_emulation=False))
        except TypeError:  # torch < 2.3 has no including_emulation
            return True
        except Exception:
            return True
    try:
        return bool(is_bf16_supported())
    except Exception:
        return False


def _amdgpu_driver() -> str | None:
    try:
        with open("/sys/module/amdgpu/version") as fh:
            return "amdgpu " + fh.read().strip()
    except OSError:
        return None


def describe_device(hw: HardwareInfo) -> str:
    """One line for humans: 'NVIDIA H100 80GB HBM3 (CUDA 13.0, sm_90, 79.2 GiB free of 79.6)'."""
    gib = 1024**3
    if hw.backend == "cpu":
        return (f"CPU {hw.name or ''} ({hw.cpu_count} cores, {hw.cpu_capability or 'unknown ISA'}, "
                f"{hw.free_memory / gib:.1f} GiB RAM available of {hw.total_memory / gib:.1f})").replace("CPU  ", "CPU ")
    if hw.backend == "rocm":
        arch = hw.gcn_arch or "unknown arch"
        build = f"ROCm/HIP {hw.hip_version}"
    else:
        cc = hw.compute_capability
        arch = f"sm_{cc[0]}{cc[1]}" if cc else "unknown arch"
        build = f"CUDA {hw.cuda_version}"
    return (f"{hw.name} ({build}, {arch}, {hw.free_memory / gib:.1f} GiB free of "
            f"{hw.total_memory / gib:.1f})")
