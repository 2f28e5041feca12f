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

