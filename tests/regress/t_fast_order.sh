#!/bin/bash
# Direct routes on one host: messages sent through the daemon
# (PvmDontRoute), then over a ring (PvmRouteDirect) arrive in order, and
# the ring appears only after the switch.  Large messages through the
# daemon keep their bytes and order.  See tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_order

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
pvmd_start
out=$PVM_TMP/fast.out
timeout 60 "$fasttest" order >"$out" 2>&1 || { cat "$out"; fail "fasttest order"; }
cat "$out"
expect_grep "$out" '^order: .* direct route ring$' "ring used"
expect_grep "$out" '^fasttest: OK$' "fasttest OK"
# Large messages through the daemon (bodies moved, not copied).
timeout 60 "$fasttest" daemon >"$out" 2>&1 ||
    { cat "$out"; fail "fasttest daemon"; }
expect_grep "$out" '^fasttest: OK$' "fasttest daemon OK"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
