#!/bin/bash
# Two virtual machines side by side for one user: two PVM_VMIDs, two
# daemons, two sockets, independent of each other.
. "$(dirname "$0")/lib.sh"
pvm_test_init daemon_vmids

pvm_use_vmid "t$$-a"
pvmd_start
pid_a=$PVMD_PID
sock_a=$pvm_sock

pvm_use_vmid "t$$-b"
pvmd_start
pid_b=$PVMD_PID
sock_b=$pvm_sock
[ "$sock_a" != "$sock_b" ] || fail "both VMIDs use $sock_a"

pvm_use_vmid "t$$-a"
pvm_enroll || fail "VM a does not serve"
pvm_use_vmid "t$$-b"
pvm_enroll || fail "VM b does not serve"

# A task in each sees its own machine: hello runs in both.
need_prog "$examples_dir/hello"
for v in a b; do
	pvm_use_vmid "t$$-$v"
	timeout 20 "$examples_dir/hello" >"$PVM_TMP/hello.$v" 2>&1 ||
	    { cat "$PVM_TMP/hello.$v"; fail "hello failed in VM $v"; }
	expect_grep "$PVM_TMP/hello.$v" "^from t[0-9a-f]+: hello, world" \
	    "hello in VM $v"
done

# Stopping one leaves the other running.
kill -TERM "$pid_a"
pvmd_wait_exit "$pid_a"
pid_alive "$pid_b" || fail "VM b died with VM a"
pvm_use_vmid "t$$-b"
pvm_enroll || fail "VM b stopped serving"
exit 0
