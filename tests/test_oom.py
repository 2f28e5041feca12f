"""The one out-of-memory test (runtime/oom.py) that the engine's batch splitting, bench,
needle and the loader share: it must know a real allocator failure from any other error."""

import pytest
import torch

from storytransformer.runtime.oom import free_accelerator_cache, is_out_of_memory


def test_a_real_cpu_allocation_failure_is_out_of_memory():
    with pytest.raises(RuntimeError) as caught:
        torch.empty(1 << 50, dtype=torch.uint8)  # a petabyte: the CPU allocator refuses it
    assert is_out_of_memory(caught.value)


def test_cuda_and_kernel_messages_count_other_errors_do_not():
    class OutOfMemoryError(RuntimeError):  # torch.OutOfMemoryError's name, without CUDA here
        pass

    assert is_out_of_memory(OutOfMemoryError("CUDA error"))
    assert is_out_of_memory(RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert is_out_of_memory(ValueError("Triton Error [CUDA]: out of memory"))
    assert not is_out_of_memory(RuntimeError("shape mismatch: [2, 3] vs [3, 2]"))
    assert not is_out_of_memory(ValueError("can't allocate memory"))  # only the allocator's RuntimeError says so
    free_accelerator_cache(collect=True)  # never raises, with or without CUDA
