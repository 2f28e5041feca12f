"""`storytransformer needle`: needle-in-a-haystack tests of how far a local model really reads.

haystack.py  exact-length haystacks from sentences (bundled filler or the user's corpus)
needles.py   the facts hidden, the question asked, the expected answers (per mode)
prompt.py    cell prompts as token ids (chat template + haystack + question)
decode.py    greedy answers, naive or reusing the KV cache of the shared prefix
score.py     exact / substring / word-recall scoring, lenient or strict
results.py   results.json (resumable), heatmap.py the picture, run.py the whole run
"""
