#!/bin/bash
# A target whose pvmd stops while the image streams to it, then dies
# (issue 6): the image goes straight from the task to the target's
# restart helper, so the move must still fail cleanly.  The task, frozen
# with 400 MB of heap, is told to stop sending and runs on at the
# source in its own process; the helper, which may have the whole image,
# never lets a second copy run (it waits for its pvmd's go).
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_midfail
pvm_multi_init
. "$(dirname "$0")/migrate_lib.sh"

pvmd_start_master
pvm_add_hosts 1
run=$PVM_TMP/run
console "spawn -$PVM_MASTER_ADDR migtest $run 100000 400\n" >/dev/null 2>&1
POLL_MAX=1200 wait_until steps_in "$run" 2 || fail "migtest does not run"
tid=$(tid_of "$run")
track_pids "$run"
spid=$(slave_pid 127.0.0.2)
[ -n "$spid" ] || fail "no pid for the slave pvmd"
( console "migrate t$tid 127.0.0.2\n" >"$PVM_TMP/m" 2>&1 ) &
cpid=$!
pvm_track $cpid
# Stop the target the moment the task stops: its image is under way.
for i in $(seq 1 20000); do
	grep -q "t$tid: frozen for host" "$pvm_outfile" && break
done
kill -STOP "$spid"
grep -q "t$tid: frozen for host" "$pvm_outfile" || fail "the move did not start"
grep -q "t$tid: moved to host" "$pvm_outfile" &&
    skip "the move ended before the target stopped"
# Not a synchronisation: whatever part of the image is under way when
# the target dies, the move must fail the same way.
sleep 1
kill -KILL "$spid"
wait_until pid_gone "$cpid" || fail "migrate hangs after the target died"
cat "$PVM_TMP/m"
expect_grep "$PVM_TMP/m" "migrate: t$tid: the move failed" \
    "a failed move is reported"
n=$(grep -c '^step ' "$run")
POLL_MAX=400 wait_until steps_in "$run" $((n + 20)) ||
    fail "the task does not go on at the source"
track_pids "$run"
[ "$(sed -n 's/^step [0-9]* pid //p' "$run" | sort -u | wc -l)" -eq 1 ] ||
    fail "another process ran the task"
pid_alive "$MASTER_PID" || fail "the master died"
console "kill t$tid\n" >/dev/null 2>&1
exit 0
