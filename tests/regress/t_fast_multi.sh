#!/bin/bash
# Direct routes across hosts (TCP links authenticated by a token of the
# receiver's pvmd): order across the switch from the daemon route,
# back-pressure and 8 MB messages (also PvmDataInPlace), two tasks
# sending each other 32 MB at once, a sender killed mid-message and a
# receiver dead while a message is sent, large messages through the
# daemons (PvmDontRoute), and 16 tasks all to all over two
# hosts (rings and TCP links mixed).  See tests/regress/fasttest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init fast_multi
pvm_multi_init

fasttest=$regress_dir/fasttest
need_prog "$fasttest"
pvmd_start_master
pvm_add_hosts 1

out=$PVM_TMP/fast.out
for mode in order wrap xchg killsender deadrecv daemon precv; do
	timeout 120 "$fasttest" $mode 127.0.0.2 >"$out" 2>&1 ||
	    { cat "$out"; fail "fasttest $mode 127.0.0.2"; }
	cat "$out"
	expect_grep "$out" '^fasttest: OK$' "fasttest $mode OK"
	[ $mode = order ] || continue
	expect_grep "$out" 'direct route tcp$' "tcp route"

	# The master's data port (opened for the child's hello) refuses
	# a connection with a forged token: closed, no acknowledgement.
	port=$(sed -n 's/.*task data port on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
	    "$pvm_outfile" | tail -1)
	[ -n "$port" ] || fail "no data port in the master's log"
	exec 5<>"/dev/tcp/127.0.0.1/$port" || fail "connect to $port"
	printf 'PVDL0123456789abcdef\0\4\0\1\0\4\0\2' >&5
	timeout 10 cat <&5 >"$PVM_TMP/tok"
	rc=$?
	exec 5<&-
	[ $rc -ne 124 ] || fail "the data port kept a forged token's connection"
	got=$(wc -c <"$PVM_TMP/tok")
	[ "$got" = 0 ] || fail "forged token answered with $got bytes"
	expect_grep "$pvm_outfile" 'data port: connection refused' \
	    "forged token refused"
done
timeout 120 "$fasttest" mesh 16 >"$out" 2>&1 ||
    { cat "$out"; fail "fasttest mesh 16"; }
cat "$out"
expect_grep "$out" '^fasttest: OK$' "fasttest mesh OK"
pid_alive "$MASTER_PID" || fail "master pvmd died"
# Every task has gone: the daemons hold no doorbell any more.
no_bells()
{
	! ls -l /proc/$MASTER_PID/fd 2>/dev/null | grep -q eventfd
}
wait_until no_bells || fail "pvmd still holds doorbells"
exit 0
