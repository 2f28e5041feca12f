"""The model runtime shared by merge, needle and bench: resolve a model, load it (quantized,
with the fastest exact attention), generate in batches. Heavy imports stay inside functions."""
