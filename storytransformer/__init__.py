"""StoryTransformer: consolidate user-story backlogs with a local long-context LLM.

The pipeline, one module (or package) per stage:
    ingest -> group -> prompt -> generate -> verify -> write
with the model runtime in ``runtime/`` and the proving tools (cost, needle, bench) beside it.
"""

__version__ = "0.1.0"
