#!/bin/bash
# Direct routes and dying peers: a sender killed (SIGKILL) while it
# streams a 64 MB message over a ring: the receiver does not hang, gets
# no part of the message, and keeps no mapping or descriptor of the
# ring.  A receiver that dies while a 64 MB message is sent to it: the
# send returns.  A sender that writes a forged frame header into its
# ring: the receiver drops the ring, and a new one works.  See tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_death

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
pvmd_start
out=$PVM_TMP/fast.out
for mode in killsender deadrecv badring; do
	timeout 60 "$fasttest" $mode >"$out" 2>&1 ||
	    { cat "$out"; fail "fasttest $mode"; }
	cat "$out"
	expect_grep "$out" '^fasttest: OK$' "fasttest $mode OK"
done
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
