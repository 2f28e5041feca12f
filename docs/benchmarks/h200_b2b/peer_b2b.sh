#!/usr/bin/env bash
# llama.cpp peer on the device: build (once), random 8B GGUF (once), Q4_K_M (once), then benches.
# Each step is skipped when its output exists, so a second call resumes. Stops starting steps near $DEADLINE.
set -u
START=$(date +%s); DEADLINE=$((START + ${BUDGET:-560}))
left() { echo $((DEADLINE - $(date +%s))); }
D=$PWD/.dev; B=$D/lcb; S=$D/lcsrc; M=$D/models; mkdir -p $M $OUT
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv | tee $OUT/gpu.txt
[ -d $S ] || { mkdir -p $S && tar xzf $D/llamacpp-src.tgz -C $S; }
if [ ! -s $M/r8b-f16.gguf ] && [ ! -s $M/r8b-q4km.gguf ]; then
  (PYTHONPATH=$S/gguf-py python3 $D/tools/make_gguf.py $D/ggml-vocab-llama-bpe.gguf $M/r8b-f16.gguf.tmp > $OUT/mkgguf.log 2>&1 && mv $M/r8b-f16.gguf.tmp $M/r8b-f16.gguf) &
fi
if [ ! -x $B/bin/llama-batched-bench ]; then
  cmake -S $S -B $B -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release > $OUT/cmake.log 2>&1
  timeout $(( $(left) - 20 )) cmake --build $B -j 16 --target llama-bench llama-batched-bench llama-quantize > $OUT/build.log 2>&1
  echo "build rc=$? at $(( $(date +%s) - START )) s"; tail -3 $OUT/build.log
fi
wait
ls -la $M
if [ ! -s $M/r8b-q4km.gguf ] && [ -x $B/bin/llama-quantize ] && [ $(left) -gt 150 ]; then
  $B/bin/llama-quantize $M/r8b-f16.gguf $M/r8b-q4km.gguf.tmp Q4_K_M 16 > $OUT/quant.log 2>&1 && mv $M/r8b-q4km.gguf.tmp $M/r8b-q4km.gguf && rm -f $M/r8b-f16.gguf
  echo "quantize done at $(( $(date +%s) - START )) s"; tail -2 $OUT/quant.log
fi
if [ -s $M/r8b-q4km.gguf ] && [ ! -s $OUT/../llama-bench.done ] && [ $(left) -gt 120 ]; then
  timeout $(( $(left) - 60 )) $B/bin/llama-bench -m $M/r8b-q4km.gguf -ngl 99 -fa 1 -p 32768 -n 128 -r 2 -o md 2>&1 | tee $OUT/llama-bench.md | grep -v "^ggml\|^load" 
fi
if [ -s $M/r8b-q4km.gguf ] && [ $(left) -gt 60 ]; then
  timeout $(( $(left) - 10 )) $B/bin/llama-batched-bench -m $M/r8b-q4km.gguf -ngl 99 -fa on -c 72000 -b 2048 -ub 512 -npp 1024 -ntg 64 -npl 1,64 2>&1 | tee $OUT/batched-bench.txt | grep "^|"
fi
echo "peer.sh total $(( $(date +%s) - START )) s"
