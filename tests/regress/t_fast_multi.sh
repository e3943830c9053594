#!/bin/bash
# Direct routes across hosts (TCP links authenticated by a token of the
# receiver's pvmd): order across the switch from the daemon route,
# back-pressure and 8 MB messages (also PvmDataInPlace), two tasks
# sending each other 32 MB at once, and 16 tasks all to all over two
# hosts (rings and TCP links mixed).  See tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_multi
pvm_multi_init

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
pvmd_start_master
pvm_add_hosts 1

out=$PVM_TMP/fast.out
for mode in order wrap xchg; do
	timeout 120 "$fasttest" $mode 127.0.0.2 >"$out" 2>&1 ||
	    { cat "$out"; fail "fasttest $mode 127.0.0.2"; }
	cat "$out"
	expect_grep "$out" '^fasttest: OK$' "fasttest $mode OK"
	[ $mode = order ] && expect_grep "$out" 'direct route tcp$' "tcp route"
done
expect_grep "$out" '^xchg:' "xchg ran"
timeout 120 "$fasttest" mesh 16 >"$out" 2>&1 ||
    { cat "$out"; fail "fasttest mesh 16"; }
cat "$out"
expect_grep "$out" '^fasttest: OK$' "fasttest mesh OK"
pid_alive "$MASTER_PID" || fail "master pvmd died"
exit 0
