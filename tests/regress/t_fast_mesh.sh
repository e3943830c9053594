#!/bin/bash
# Direct routes between many pairs: 16 tasks send to each other all to
# all; each checks the order of every sender's messages.  See
# tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_mesh

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
pvmd_start
out=$PVM_TMP/fast.out
timeout 120 "$fasttest" mesh 16 >"$out" 2>&1 ||
    { cat "$out"; fail "fasttest mesh"; }
cat "$out"
expect_grep "$out" '^fasttest: OK$' "fasttest mesh OK"
pid_alive "$PVMD_PID" || fail "pvmd died"
# Every task has gone: the daemon holds no doorbell, ring or fd of theirs.
no_bells()
{
	! ls -l /proc/$PVMD_PID/fd 2>/dev/null | grep -Eq 'eventfd|memfd'
}
wait_until no_bells || fail "pvmd still holds doorbells or rings"
exit 0
