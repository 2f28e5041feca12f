"""Keep other libraries' chatter off the user's screen: their progress bars (transformers'
"Loading weights", sentence-transformers' "Batches", huggingface_hub's downloads) and
warnings meant for their developers (torch/transformers FutureWarning, DeprecationWarning).
Our own progress and one-line messages are what a user reads. With -vv everything shows.

Set through environment variables and the warnings filter, so nothing heavy is imported here.
"""

from __future__ import annotations

import logging
import os
import warnings

_ENV = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # huggingface_hub's bars, and transformers' (it reads this too)
    "TRANSFORMERS_VERBOSITY": "error",  # transformers' logger (and so its loading bars' notes)
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "TOKENIZERS_PARALLELISM": "false",  # the fork warning of the tokenizers library
    # Plain tqdm bars (transformers' "Converting and de-quantizing GGUF tensors" on the first
    # run of the bundled model: 67 bar updates in a merge log); our own progress is rich.
    "TQDM_DISABLE": "1",
}
_NOISY_LOGGERS = ("transformers", "sentence_transformers", "huggingface_hub", "accelerate", "torch")


def silence_libraries(verbose: int = 0) -> None:
    """Call once at start-up, before torch/transformers are imported. ``verbose >= 2`` leaves
    everything on (debugging). A user's own setting of one of these variables wins."""
    if verbose >= 2:
        return
    for key, value in _ENV.items():
        os.environ.setdefault(key, value)
    for category in (DeprecationWarning, UserWarning):
        warnings.filterwarnings("ignore", category=category, module=r"(torch|transformers|sentence_transformers|"
                                                                   r"huggingface_hub|accelerate|bitsandbytes)(\.|$)")
    warnings.filterwarnings("ignore", category=FutureWarning)  # always for developers, never for users
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR if verbose == 0 else logging.WARNING)
    _quiet_teardown_once()


_teardown_registered = False


def _quiet_teardown_once() -> None:
    """At interpreter exit, after every atexit handler of ours and of the libraries (ours is
    registered first, so it runs last), send the process's stderr to /dev/null. What native
    extensions print while Python tears their modules down is not for users: triton (pulled
    in by xgrammar, imported by torch._dynamo through sentence-transformers) prints ~27 lines
    of nanobind "leaked function ..." after every merge. Everything the tool says has been
    said (and flushed) by then."""
    global _teardown_registered
    if _teardown_registered:
        return
    _teardown_registered = True
    import atexit
    import sys

    def silence() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
        except OSError:
            pass

    atexit.register(silence)

