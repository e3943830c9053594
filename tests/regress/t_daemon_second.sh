#!/bin/bash
# A second pvmd for the same PVM_VMID refuses to start and leaves the
# running one alone.
. "$(dirname "$0")/lib.sh"
pvm_test_init daemon_second

pvmd_start
ino=$(stat -c %i "$pvm_sock")

timeout 20 "$pvmd" -f "$hostfile" >"$PVM_TMP/second.out" 2>&1 </dev/null
rc=$?
cat "$PVM_TMP/second.out"
[ $rc -eq 124 ] && fail "second pvmd kept running"
[ $rc -ne 0 ] || fail "second pvmd exited 0"
[ -s "$PVM_TMP/second.out" ] || fail "second pvmd said nothing"

pid_alive "$PVMD_PID" || fail "first pvmd died"
[ "$(stat -c %i "$pvm_sock")" = "$ino" ] || fail "socket was replaced"
[ "$(pidfile_pid)" = "$PVMD_PID" ] || fail "pid file was overwritten"
pvm_enroll || fail "first pvmd no longer serves"

# The same in background mode.
timeout 20 "$pvmd" "$hostfile" >"$PVM_TMP/third.out" 2>&1 </dev/null
rc=$?
[ $rc -ne 0 ] || {
	# It may only fail in the child; the first must still be the one.
	note "background pvmd returned 0"
}
pid_alive "$PVMD_PID" || fail "first pvmd died"
[ "$(pidfile_pid)" = "$PVMD_PID" ] || fail "pid file was overwritten"
pvm_enroll || fail "first pvmd no longer serves"
exit 0
