"""What would a merge run cost? Token counts, a call plan, cloud prices and local cost.

One module per question: tokens (count with several tokenizers, offline), plan (model calls
at a context size), prices (cloud prices from the genai-prices database), local (hours,
energy, amortization), report (tables and the --json document). Nothing here imports torch
or transformers: estimate-cost must stay fast.
"""
