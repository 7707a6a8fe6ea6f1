# Shared by the end-to-end test scripts: paths, an mpirun wrapper and assertions.
# Each script gets: $1 = lensgen binary, $2 = source dir, $3 = work dir (created empty).
set -u
LENSGEN=$1
SRC=$2
WORK=$3
PY=/usr/bin/python3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
unset PETSC_OPTIONS
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
FAILS=0

# lg NP ARGS...: runs lensgen on NP ranks; output in $WORK/last.out, $WORK/last.err; returns its status
lg() {
  local np=$1
  shift
  if [ "$np" = 1 ]; then
    # an MPI singleton (no mpirun): the same program, started in a quarter of the time
    "$LENSGEN" "$@" >last.out 2>last.err
  else
    mpirun -n "$np" "$LENSGEN" "$@" >last.out 2>last.err
  fi
}

fail() {
  echo "FAIL: $*"
  FAILS=$((FAILS + 1))
}

pass() { echo "ok: $*"; }

finish() {
  if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS failure(s)"
    exit 1
  fi
  echo "all passed"
  exit 0
}

# A small, fast configuration shared by the invariance and resume tests.
small_opts() {
  cat >small.opts <<OPTS
-data_n ${1:-37}
-data_seed 7
-data_products kappa,alpha,psi,gamma,magnification
-grid_npix 24
-grid_fov 5
-lens_components sie,shear,sis1
-lens_z uniform:0.3,0.6
-src_z uniform:1.5,2.5
-lens_sie_theta_e uniform:0.8,1.5
-lens_sie_q uniform:0.4,1
-lens_sie_phi uniform:-90,90
-lens_sie_x normal:0,0.05
-lens_shear_gamma1 uniform:-0.1,0.1
-lens_shear_gamma2 uniform:-0.1,0.1
-lens_sis1_x uniform:-2,2
-lens_sis1_y uniform:-2,2
-lens_sis1_theta_e loguniform:0.01,0.3
-run_backend cpu
-data_preview none
OPTS
}

# refused OUT OPTS_FILE "WANT|OPTIONS" ...: lensgen (1 rank) with -options_file OPTS_FILE OPTIONS
# -data_output OUT -data_overwrite must exit non-zero, print WANT on stderr and leave OUT's bytes as
# they were. OPTIONS of the form "-name=" drop that option from OPTS_FILE instead of adding one.
refused() {
  local out=$1 opts_file=$2 before c want opts
  shift 2
  before=$(md5sum "$out" | cut -d' ' -f1)
  for c in "$@"; do
    want=${c%%|*}
    opts=${c#*|}
    if [[ $opts == *= ]]; then
      grep -v -- "^${opts%=} " "$opts_file" >refused.opts
      lg 1 -options_file refused.opts -data_output "$out" -data_overwrite && { fail "[$opts] exited 0"; continue; }
    else
      # shellcheck disable=SC2086
      lg 1 -options_file "$opts_file" -data_output "$out" -data_overwrite $opts && { fail "[$opts] exited 0"; continue; }
    fi
    grep -qF -- "$want" last.err || { fail "[$opts] stderr lacks '$want': $(head -c 300 last.err)"; continue; }
    [ "$(md5sum "$out" | cut -d' ' -f1)" = "$before" ] || { fail "[$opts] changed $out"; continue; }
    pass "[$opts] refused: $(head -n1 last.err | cut -c1-120)"
  done
}
