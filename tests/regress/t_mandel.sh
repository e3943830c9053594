#!/bin/bash
# The mandel batch job: workers spawned by name through ep=, rows dealt
# out and gathered, the result checked against a serial computation.
. "$(dirname "$0")/lib.sh"
pvm_test_init mandel

need_prog "$examples_dir/mandel"
pvmd_start

timeout 50 "$examples_dir/mandel" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "mandel exited $rc"
expect_grep "$PVM_TMP/out" \
    '^mandel: 4 workers, 256x256, checksum 788763286 OK$' "default run"

timeout 50 "$examples_dir/mandel" 7 100 37 >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "mandel 7 100 37 exited $rc"
expect_grep "$PVM_TMP/out" '^mandel: 7 workers, 100x37, checksum [0-9]+ OK$' \
    "7 workers"

# Bad arguments are refused before anything is spawned.
timeout 20 "$examples_dir/mandel" 0 >"$PVM_TMP/out" 2>&1 &&
    fail "mandel 0 succeeded"
exit 0
