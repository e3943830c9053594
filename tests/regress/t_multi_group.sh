#!/bin/bash
# Dynamic groups across hosts: the group table lives in the master pvmd;
# the 7 members run on two slaves, so every group call of theirs is
# forwarded, and the member killed during a barrier is a task of another
# host (its exit reaches the master as TASK_EXITED).  See
# tests/regress/grouptest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_group
pvm_multi_init

grouptest=$regress_dir/grouptest
need_prog "$grouptest"
pvmd_start_master
pvm_add_hosts 2

out=$PVM_TMP/group.out
timeout 60 "$grouptest" 127.0.0.2 127.0.0.3 >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "grouptest exited $rc"
expect_grep "$out" '^grouptest: OK$' "grouptest OK"
pid_alive "$MASTER_PID" || fail "master pvmd died"
exit 0
