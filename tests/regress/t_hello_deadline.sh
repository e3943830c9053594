#!/bin/bash
# A connection that never says hello is closed by the daemon after its
# hello deadline (10 s), with a log line, and the daemon keeps serving.
. "$(dirname "$0")/lib.sh"
pvm_test_init hello_deadline

need_prog "$badpeer"
pvmd_start
timeout 30 "$badpeer" -i >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "silent connection not closed (badpeer -i: $rc)"
expect_grep "$pvm_outfile" 'no hello within' "log line for the closed peer"
pvm_enroll || fail "daemon no longer enrolls tasks"
exit 0
