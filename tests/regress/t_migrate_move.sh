#!/bin/bash
# Migration between hosts (issue 6, items 1, 2, 7): a task computing a
# long deterministic result is moved from the master to a slave, back
# with "migrate TID" (the runtime picks the host) and over again; it
# keeps its TID, ps -a shows it on its new host each time, and its
# result equals an unmoved run.  Then a move to a host whose pvmd dies
# mid-move fails and leaves the task running where it was, unharmed.
# pvm_tidtohost names the host the task moved to, and a PvmTaskExit
# notify asked while it runs elsewhere fires when it ends there; pstat
# and kill reach a task that moved away.
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_move
pvm_multi_init

. "$(dirname "$0")/migrate_lib.sh"
STEPS=1500

pvmd_start_master
pvm_add_hosts 1
master=$(console 'conf\n' 2>/dev/null | awk '$2 == "40000" { print $1 }')
[ -n "$master" ] || fail "no master host name in conf"

# host_of TID: the host ps -a lists the task on.
host_of()
{
	console 'ps -a\n' 2>/dev/null |
	    awk -v t="$1" '$2 == t || $2 == "t" t { print $1; exit }'
}
moved_to()
{
	[ "$(host_of "$1")" = "$2" ]
}

ref=$PVM_TMP/ref run=$PVM_TMP/run
console "spawn -$master migtest $ref $STEPS\nspawn -$master migtest $run $STEPS\n" \
    >"$PVM_TMP/c1" 2>&1
POLL_MAX=400 wait_until steps_in "$run" 10 || {
	cat "$PVM_TMP/c1"; fail "migtest does not run"; }
tid=$(tid_of "$run")
[ -n "$tid" ] || fail "no TID in $run"
[ "$(host_of "$tid")" = "$master" ] || fail "t$tid not on $master"

n=0
for to in 127.0.0.2 "" 127.0.0.2; do
	n=$((n + 1))
	steps_in "$run" $((10 + n * 15)) ||
	    POLL_MAX=400 wait_until steps_in "$run" $((10 + n * 15)) ||
	    fail "t$tid does not step before move $n"
	has_done "$run" && fail "t$tid ended before move $n: too fast"
	console "migrate t$tid $to\n" >"$PVM_TMP/m$n" 2>&1
	cat "$PVM_TMP/m$n"
	track_pids "$run"
	expect_grep "$PVM_TMP/m$n" "^t$tid migrated" "move $n"
	want=${to:-$master}
	wait_secs 10 moved_to "$tid" "$want" ||
	    fail "after move $n ps -a shows t$tid on $(host_of "$tid"), not $want"
	note "move $n: t$tid now on $want"
	if [ "$want" = 127.0.0.2 ]; then
		h=$("$migtest" -h "$tid")
		[ "$h" = 80000 ] ||
		    fail "pvm_tidtohost(t$tid) is $h, not 80000 (127.0.0.2)"
	fi
done
# Someone asks to hear when the task (on 127.0.0.2 now) exits.
("$migtest" -w "$tid" >"$PVM_TMP/watch" 2>&1 &
echo $! >"$PVM_TMP/watch.pid")
pvm_track "$(cat "$PVM_TMP/watch.pid")"
wait_until grep -q watching "$PVM_TMP/watch" || fail "watcher does not run"
POLL_MAX=800 wait_until has_done "$run" || {
	track_pids "$run"; tail -3 "$run"; fail "moved task does not finish"; }
track_pids "$run"
POLL_MAX=600 wait_until has_done "$ref" || fail "reference run hangs"
[ "$(result_of "$run")" = "$(result_of "$ref")" ] ||
    fail "result $(result_of "$run") after moves, $(result_of "$ref") unmoved"
expect_grep "$run" "^mytid t$tid\$" "the moved task keeps its TID"
expect_grep "$run" "^hosts 2\$" "the moved task talks to its pvmd"
[ "$(sed -n 's/^step [0-9]* pid //p' "$run" | sort -u | wc -l)" -ge 4 ] ||
    fail "the task did not run in four processes"
wait_until grep -q "exited\\|no notify" "$PVM_TMP/watch"
expect_grep "$PVM_TMP/watch" "^exited t$tid\$" \
    "the exit notify of a moved task"

# pstat and kill from the console reach a task that moved away.
run3=$PVM_TMP/run3
console "spawn -$master migtest $run3 100000
" >/dev/null 2>&1
POLL_MAX=400 wait_until steps_in "$run3" 5 || fail "third migtest"
tid3=$(tid_of "$run3")
console "migrate t$tid3 127.0.0.2
" >"$PVM_TMP/m10" 2>&1
expect_grep "$PVM_TMP/m10" "^t$tid3 migrated" "move of the third task"
# The moved process: a step written by a pid other than the first.
oldpid=$(sed -n 's/^start t[0-9a-f]* pid //p' "$run3")
[ -n "$oldpid" ] || fail "no start line in $run3"
moved_pid() { sed -n 's/^step [0-9]* pid //p' "$run3" | grep -vx "$oldpid" |
    tail -1; }
has_moved() { [ -n "$(moved_pid)" ]; }
POLL_MAX=400 wait_until has_moved || fail "no step of the moved t$tid3"
track_pids "$run3"
newpid=$(moved_pid)
console "pstat t$tid3
kill t$tid3
" >"$PVM_TMP/m11" 2>&1
cat "$PVM_TMP/m11"
expect_grep "$PVM_TMP/m11" "t *$tid3 +run" "pstat of a moved task"
wait_until pid_gone "$newpid" || fail "kill did not reach the moved task"
# A target that dies mid-move: the task stays, nothing lost.
run2=$PVM_TMP/run2
console "spawn -$master migtest $run2 $STEPS\n" >/dev/null 2>&1
POLL_MAX=400 wait_until steps_in "$run2" 10 || fail "second migtest"
tid2=$(tid_of "$run2")
spid=$(slave_pid 127.0.0.2)
[ -n "$spid" ] || fail "no pid for the slave pvmd"
kill -STOP "$spid"
( console "migrate t$tid2 127.0.0.2\n" >"$PVM_TMP/m9" 2>&1 ) &
cpid=$!
pvm_track $cpid
# The source streams the image to the stopped pvmd; then it dies.
wait_secs 10 grep -q "t$tid2: leaving for host" "$pvm_outfile" ||
    fail "the move did not start"
kill -KILL "$spid"
wait_until pid_gone "$cpid" || fail "migrate hangs after the target died"
cat "$PVM_TMP/m9"
expect_grep "$PVM_TMP/m9" "migrate: t$tid2: the move failed" \
    "a failed move is reported"
POLL_MAX=600 wait_until has_done "$run2" || {
	tail -3 "$run2"; fail "the task did not go on after a failed move"; }
[ "$(result_of "$run2")" = "$(result_of "$ref")" ] ||
    fail "a failed move changed the result"
[ "$(sed -n 's/^step [0-9]* pid //p' "$run2" | sort -u | wc -l)" -eq 1 ] ||
    fail "the task of a failed move changed process"
pid_alive "$MASTER_PID" || fail "the master died"
exit 0
