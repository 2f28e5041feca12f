import os

# The product promises to work air-gapped; the tests hold it to that.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Property tests run derandomized by default, so CI never fails on an example no earlier run
# met (and a failure reproduces exactly). HYPOTHESIS_PROFILE=explore searches anew each run;
# the opt-in fuzz run (STORYTRANSFORMER_FUZZ=1) sets its own example counts.
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("deterministic", derandomize=True)
_hypothesis.register_profile("explore", derandomize=False)
_hypothesis.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
