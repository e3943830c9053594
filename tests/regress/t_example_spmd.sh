#!/bin/bash
# examples/spmd_mpi, the MPI-style SPMD program: ranks from a group, a token
# around the ring, PvmSum/PvmMax reductions, a broadcast checked by every
# rank, barriers.  Its own output says whether every rank agreed.
. "$(dirname "$0")/lib.sh"
pvm_test_init example_spmd

need_prog "$examples_dir/spmd_mpi"
pvmd_start

timeout 50 "$examples_dir/spmd_mpi" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "spmd_mpi exited $rc"
expect_grep "$PVM_TMP/out" \
    '^spmd_mpi: 4 tasks, ring 3 x 10, sum of squares 14, max rank 3: OK$' \
    "default run"

timeout 50 "$examples_dir/spmd_mpi" 9 20 >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "spmd_mpi 9 20 exited $rc"
expect_grep "$PVM_TMP/out" \
    '^spmd_mpi: 9 tasks, ring 20 x 45, sum of squares 204, max rank 8: OK$' \
    "9 tasks"

timeout 20 "$examples_dir/spmd_mpi" 0 >"$PVM_TMP/out" 2>&1 &&
    fail "spmd_mpi 0 succeeded"
exit 0
