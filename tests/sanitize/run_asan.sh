#!/usr/bin/env bash
# Configures a sanitizer build ($2) of the source tree ($1) and runs its unit and physics tests.
set -euo pipefail
src=$1
bin=$2
cmake -S "$src" -B "$bin" -DCMAKE_BUILD_TYPE=Debug -DLG_SANITIZE=ON -DGPU=OFF >"$bin.configure.log" 2>&1 \
  || { cat "$bin.configure.log"; exit 1; }
cmake --build "$bin" -j"$(nproc)" >"$bin.build.log" 2>&1 || { tail -n 50 "$bin.build.log"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$bin" -L "unit|physics" --output-on-failure -j"$(nproc)"
