"""`storytransformer bench`: prefill/decode throughput, time to first token and peak memory
per attention kernel, quantization, engine, context length and batch size, measured on the
user's own hardware. runner = the measurement loop, timing = clocks and memory counters,
plots = the PNGs. Heavy imports stay inside functions."""
