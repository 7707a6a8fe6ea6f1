#!/usr/bin/env bash
# README's second command: install what is missing, configure and build (Release, CUDA backend
# when nvcc is found), then run the whole CTest suite, sanitizer build included.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/setup/install-deps.sh
export PATH="/usr/local/cuda/bin:$PATH"   # nvcc, when the CUDA toolkit is installed there
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
