#!/bin/sh
# Builds and runs the C baselines of bench/RESULTS.md on the large tree (16 GiB in 4 KiB pages).
# Usage: bench/c/run.sh [bytes mapped] [walks] [most threads, default 2]; needs gcc.
set -e
here=$(dirname "$0")
out=${TMPDIR:-/tmp}/ptdesc-walk-c
gcc -O2 -march=native -std=c11 -pthread -o "$out" "$here/walk.c"
gcc --version | head -1
"$out" "$@"
