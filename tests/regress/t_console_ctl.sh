#!/bin/bash
# Console task control: spawn -count, sig (a real signal reaches the
# task), reset (kills every task but the console), mstat of this host and
# of an unknown one, and spawn output to a file with ->file and ->>file.
. "$(dirname "$0")/lib.sh"
pvm_test_init console_ctl

need_prog "$regress_dir/regtask"
pvmd_start

# Three tasks from one spawn; all listed.
console 'spawn -3 regtask\nps -a\n' >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
n=$(grep -c 'regtask' "$PVM_TMP/out")
[ "$n" -ge 3 ] || fail "spawn -3: $n regtask lines in ps -a"
tids=$(grep -E 'regtask' "$PVM_TMP/out" | grep -Eo '\<t?4[0-9a-f]{4}\>' |
    sed 's/^t//' | sort -u)
set -- $tids
[ $# -eq 3 ] || fail "expected 3 TIDs, got: $tids"

# sig 9 (SIGKILL) to the first one: it dies and leaves the table.
victim=$1
console "sig 9 t$victim\n" >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
victim_gone()
{
	console 'ps -a\n' >"$PVM_TMP/ps" 2>&1
	! grep -Eq "\\<t?$victim\\>" "$PVM_TMP/ps"
}
wait_until victim_gone || { cat "$PVM_TMP/ps"; fail "sig 9 t$victim"; }

# reset kills the other two; the daemon and a new console go on.
console 'reset\n' >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
all_gone()
{
	console 'ps -a\n' >"$PVM_TMP/ps" 2>&1
	! grep -q regtask "$PVM_TMP/ps"
}
wait_until all_gone || { cat "$PVM_TMP/ps"; fail "reset left tasks"; }
pid_alive "$PVMD_PID" || fail "reset stopped the daemon"

# mstat: this host is ok, an unknown one is not.
host=$(uname -n)
console "mstat $host nosuchhost.invalid\n" >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
expect_grep "$PVM_TMP/out" "$host.*ok" "mstat of this host"
expect_grep "$PVM_TMP/out" "nosuchhost.invalid.*(No such host|no such host)" \
    "mstat of an unknown host"

# ->file writes the job's output to a file, ->>file appends to it.
console "spawn ->$PVM_TMP/job.out regtask print 2\n" >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
console "spawn ->>$PVM_TMP/job.out regtask print 1\n" >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
job_done()
{
	[ "$(grep -c 'line 1' "$PVM_TMP/job.out" 2>/dev/null)" -ge 2 ] &&
	    [ "$(grep -c 'tail' "$PVM_TMP/job.out")" -ge 2 ]
}
wait_until job_done || { cat "$PVM_TMP/job.out"; fail "->file / ->>file"; }
cat "$PVM_TMP/job.out"
expect_grep "$PVM_TMP/job.out" 'line 2' "first job's output kept"
exit 0
