#!/usr/bin/env bash
# The checks that need a CUDA GPU, in one go: the CUDA tests, then the GPU timings.
# CI has no GPU (tests/capture/test_cuda.py skips there). On a machine with torch (CUDA build), the
# package's other dependencies (google-crc32c, orjson and isal included), transformers, scikit-learn and pytest:
#   scripts/gpu_check.sh OUT_DIR [arguments for benchmarks/cuda_timing.py]
# writes OUT_DIR/tests.log, OUT_DIR/timing.log and OUT_DIR/cuda_timing.json.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(realpath "${1:-.}")
shift || true
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())"
python3 -m pytest -q -p no:cacheprovider -rs tests/capture/test_cuda.py tests/capture/test_host_copies.py \
    tests/capture/test_statistics.py tests/capture/test_batched_stats.py tests/capture/test_activation_samples.py tests/capture/test_structure_key.py \
    tests/capture/test_one_forward.py tests/capture/test_steady_guards.py tests/capture/test_copy_buffer.py 2>&1 | tee "$out/tests.log"
tests=${PIPESTATUS[0]}
(cd benchmarks && python3 cuda_timing.py --out "$out/cuda_timing.json" "$@") 2>&1 | tee "$out/timing.log"
exit $((tests || PIPESTATUS[0]))
