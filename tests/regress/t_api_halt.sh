#!/bin/bash
# pvm_halt from a task: the daemon kills every task, exits and removes
# its socket.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_halt

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
# apitest itself may be killed by the halt: its status is not checked.
timeout 20 "$apitest" halt >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
grep -q '^FAIL' "$PVM_TMP/out" && fail "apitest halt"
expect_grep "$PVM_TMP/out" '^child t4[0-9a-f]{4}$' "spawned task"
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
wait_until task_gone || fail "regtask survived the halt"
exit 0
