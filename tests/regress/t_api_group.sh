#!/bin/bash
# Dynamic groups with 8 tasks: instances and their reuse, the errors of
# the man pages, barrier, bcast, reduce (PvmSum, PvmMax), gather,
# scatter, freezegroup, and a member killed during a barrier that does
# not leave the others stuck.  See tests/regress/grouptest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_group

grouptest=$regress_dir/grouptest
need_prog "$grouptest"
pvmd_start
timeout 60 "$grouptest" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "grouptest exited $rc"
expect_grep "$PVM_TMP/out" '^grouptest: OK$' "grouptest OK"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
