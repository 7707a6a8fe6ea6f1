#!/usr/bin/env bash
# Configures a sanitizer build ($2) of the source tree ($1) and runs its unit and physics tests.
set -euo pipefail
src=$1
bin=$2
cmake -S "$src" -B "$bin" -DCMAKE_BUILD_TYPE=Debug -DLG_SANITIZE=ON -DGPU=OFF >"$bin.configure.log" 2>&1 \
  || { cat "$bin.configure.log"; exit 1; }
cmake --build "$bin" -j"$(nproc)" >"$bin.build.log" 2>&1 || { tail -n 50 "$bin.build.log"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$bin" -L "unit|physics" --output-on-failure -j"$(nproc)" -E "^fuzz"
# The MPI program itself under the sanitizers: a small 2-rank run with a kill and a resume. Leak
# checking is off here: Open MPI and HDF5 keep allocations until exit that LeakSanitizer reports.
work="$bin.mpi"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
opts=(-data_n 24 -grid_npix 16 -lens_components sie,shear,nfw -run_batch 4 -data_preview none -run_backend cpu)
mpirun -n 2 "$bin/lensgen" "${opts[@]}" -data_output ref.h5 >ref.log 2>&1 || { cat ref.log; exit 1; }
mpirun -n 2 "$bin/lensgen" "${opts[@]}" -data_output cut.h5 -run_fault_inject kill:after_done:2 >cut.log 2>&1 && exit 1
mpirun -n 2 "$bin/lensgen" "${opts[@]}" -data_output cut.h5 -data_resume >res.log 2>&1 || { cat res.log; exit 1; }
/usr/bin/python3 "$src/tools/inspect/lgcompare.py" ref.h5 cut.h5
echo "sanitized MPI run, kill and resume: ok"
# Images with a pixelised source read from a file (reader, broadcast, interpolation) and counts units.
/usr/bin/python3 -c "import numpy as np; k, y, x = np.mgrid[0:2, 0:20, 0:24]; np.save('src.npy', np.exp(-((x - 11.5 - 3 * k) ** 2 + (y - 9.5) ** 2) / 20.0))"
mpirun -n 2 "$bin/lensgen" "${opts[@]}" -data_output img.h5 -data_products image,image_noiseless -grid_supersample 2 \
  -src_components pixel,sersic -src_pixel_file src.npy -src_pixel_pixel 0.05 -obs_units counts >img.log 2>&1 \
  || { cat img.log; exit 1; }
echo "sanitized image run with a pixelised source: ok"
