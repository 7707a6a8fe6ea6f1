#!/usr/bin/env bash
# README's first command: install what is missing, build, and run the quickstart data set on two
# MPI ranks with the CPU backend (summary printed, quickstart.h5 and quickstart.png written).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/setup/install-deps.sh
export PATH="/usr/local/cuda/bin:$PATH"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 build/lensgen -options_file inputs/quickstart.opts
