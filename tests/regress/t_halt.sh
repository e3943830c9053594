#!/bin/bash
# halt from the console kills the tasks, stops the daemon and removes its
# socket.
. "$(dirname "$0")/lib.sh"
pvm_test_init halt

need_prog "$regress_dir/regtask"
pvmd_start
console 'spawn regtask\nhalt\n' >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
expect_grep "$PVM_TMP/out" "successful" "spawn of regtask"
grep -Eiq "error|cannot|can't|fail" "$PVM_TMP/out" &&
    fail "the console reported an error"
pvmd_wait_exit "$PVMD_PID"
wait_until test ! -e "$pvm_sock" || fail "socket $pvm_sock left behind"

task_gone()
{
	local p

	for p in $(_tagged_pids); do
		grep -q regtask "/proc/$p/cmdline" 2>/dev/null &&
		    pid_alive "$p" && return 1
	done
	return 0
}
wait_until task_gone || fail "regtask survived halt"
exit 0
