#!/bin/bash
# pvmd without -f puts itself in the background: the command returns,
# the pid file names a live pvmd that serves the socket.
. "$(dirname "$0")/lib.sh"
pvm_test_init daemon_background

timeout 20 "$pvmd" "$hostfile" >"$pvm_outfile" 2>&1 </dev/null
rc=$?
[ $rc -eq 0 ] || fail "pvmd exited $rc"
need_prog "$badpeer"
wait_until sock_exists || fail "no socket $pvm_sock"
wait_until "$badpeer" -c || fail "nobody listens on $pvm_sock"
wait_until test -s "$pvm_pidfile" || fail "no pid file $pvm_pidfile"
pid=$(pidfile_pid)
[ -n "$pid" ] || fail "pid file $pvm_pidfile holds no pid"
pvm_track "$pid"
pid_alive "$pid" || fail "pid $pid from the pid file is not running"
exe=$(readlink -f "/proc/$pid/exe")
case $exe in
"$top_builddir"/*pvmd)
	;;
*)
	fail "pid $pid runs $exe, not our pvmd"
	;;
esac
pvm_enroll || fail "a task cannot enroll"

kill -TERM "$pid"
pvmd_wait_exit "$pid"
exit 0
