#!/usr/bin/env bash
# Installs, idempotently, every Debian package lensgen needs to build, test and run.
# Called by README's two commands and by .ci/run. Debian 12 (bookworm), as root (or with sudo).
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config git
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libfftw3-dev libfftw3-mpi-dev
  libpetsc-real3.18-dev
  libpng-dev
  clang libclang-rt-14-dev
  python3 python3-numpy python3-scipy python3-h5py python3-matplotlib python3-torch
  slurmctld slurmd slurm-client munge
)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
