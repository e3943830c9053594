#!/bin/bash
# The mailbox on one host: every putinfo/recvinfo flag, the errors of
# the man page, getmboxinfo patterns, owner-exit cleanup, WaitForInfo
# released by another task's put, and pvm_insert/lookup/delete.  See
# tests/regress/mboxtest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_mbox

mboxtest=$regress_dir/mboxtest
need_prog "$mboxtest"
pvmd_start
timeout 60 "$mboxtest" local || fail "mboxtest local"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
