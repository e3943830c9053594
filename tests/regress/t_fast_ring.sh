#!/bin/bash
# Rings of 64 KiB: many messages of odd sizes while the receiver is busy
# (the ring fills, wraps, and the sender waits), then 8 MB messages
# (PvmDataDefault and PvmDataInPlace) streamed through the small ring.
# Then two tasks send each other 32 MB at once (no deadlock).  See
# tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_ring

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
PVM_RING_SIZE=65536 pvmd_start
out=$PVM_TMP/fast.out
for mode in wrap xchg precv; do
	timeout 120 "$fasttest" $mode >"$out" 2>&1 ||
	    { cat "$out"; fail "fasttest $mode"; }
	cat "$out"
	expect_grep "$out" '^fasttest: OK$' "fasttest $mode OK"
done
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
