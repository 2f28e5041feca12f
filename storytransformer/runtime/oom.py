"""Out of memory: the one test for it, and the one way to hand cached memory back.

Every part that survives running out of memory (the engine splitting a batch, bench and
needle marking a cell "OOM", the loader's one-line error) asks ``is_out_of_memory``, so they
agree on what counts: CUDA raises ``torch.OutOfMemoryError``; the CPU allocator raises a
RuntimeError saying it cannot allocate; some kernels (bitsandbytes, Triton) raise their own
error whose message says "out of memory". No torch import: the check reads the type's name.
"""

from __future__ import annotations

import gc


def is_out_of_memory(err: BaseException) -> bool:
    """True when ``err`` says the device (or the host) ran out of memory."""
    if type(err).__name__ == "OutOfMemoryError":
        return True
    text = str(err).lower()
    return "out of memory" in text or (isinstance(err, RuntimeError) and "can't allocate memory" in text)


def free_accelerator_cache(collect: bool = False) -> None:
    """Give the CUDA caching allocator's free blocks back (after an out-of-memory), so the
    retry sees them; ``collect``: run the garbage collector first (frees tensors held only
    by reference cycles, e.g. a traceback's frames). Never raises."""
    if collect:
        gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception:  # noqa: BLE001 - freeing memory must never be the error
        pass
