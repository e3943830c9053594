#!/bin/bash
# Checkpoint to a file and restart (issue 6, items 1, 4, 5, 7):
#  - a task computing a long deterministic result is checkpointed with
#    -s (stopped) mid-run and restarted from the file: it keeps its TID,
#    runs in another process, writes on in the file it had open, talks
#    to the daemon and ends with the result of an untouched run;
#  - a checkpoint without -s lets the task finish, and its image
#    restarted afterwards finishes the same way again;
#  - a task with two threads is refused and runs on unharmed;
#  - a file that is no image, and an image whose TID is in use, are
#    refused;
#  - the task's pvm_ckpt_hook sees save, then resume or restore.
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_ckpt

. "$(dirname "$0")/migrate_lib.sh"
STEPS=1200

pvmd_start

task_listed()
{
	console 'ps -a\n' 2>&1 | grep -q "\<t\?$1\>"
}
task_unlisted()
{
	! task_listed "$1"
}

ref=$PVM_TMP/ref run=$PVM_TMP/run run2=$PVM_TMP/run2 run3=$PVM_TMP/run3
console "spawn migtest $ref $STEPS\nspawn migtest $run $STEPS\n" \
    >"$PVM_TMP/c1" 2>&1
POLL_MAX=400 wait_until steps_in "$run" 20 || fail "migtest does not run"
tid=$(tid_of "$run")
[ -n "$tid" ] || fail "no TID in $run"
has_done "$run" && fail "migtest ended before the checkpoint: too fast"

# 1. Checkpoint and stop, then restart.
console "checkpoint -s t$tid $PVM_TMP/img\n" >"$PVM_TMP/c2" 2>&1
cat "$PVM_TMP/c2"
expect_grep "$PVM_TMP/c2" "t$tid checkpointed to .*img, stopped" \
    "checkpoint -s"
[ -s "$PVM_TMP/img" ] || fail "no image file"
wait_until task_unlisted "$tid" || fail "t$tid still runs after -s"
has_done "$run" && fail "the stopped task ended its run"
oldpid=$(sed -n 's/^start t[0-9a-f]* pid //p' "$run")
nsteps=$(grep -c '^step ' "$run")
note "t$tid stopped after $nsteps steps, image $(stat -c %s "$PVM_TMP/img") bytes"

console "restart $PVM_TMP/img\n" >"$PVM_TMP/c3" 2>&1
cat "$PVM_TMP/c3"
expect_grep "$PVM_TMP/c3" "^t$tid restarted" "restart keeps the TID"
POLL_MAX=600 wait_until has_done "$run" || {
	tail -5 "$run"; track_pids "$run"
	fail "restarted task does not finish"; }
POLL_MAX=600 wait_until has_done "$ref" || fail "reference run hangs"
[ -n "$(result_of "$ref")" ] || fail "no reference result"
[ "$(result_of "$run")" = "$(result_of "$ref")" ] ||
    fail "result $(result_of "$run") after restart, $(result_of "$ref") untouched"
expect_grep "$run" "^mytid t$tid\$" "the restarted task keeps its TID"
expect_grep "$run" "^hosts 1\$" "the restarted task talks to its pvmd"
expect_grep "$run" "^hook save\$" "the save hook ran"
expect_grep "$run" "^hook restore\$" "the restore hook ran"
newpids=$(sed -n 's/^step [0-9]* pid //p' "$run" | sort -u | grep -vx "$oldpid")
[ -n "$newpids" ] || fail "no step ran in another process"
[ "$(grep -c '^step ' "$run")" -eq $STEPS ] ||
    fail "$(grep -c '^step ' "$run") step lines, not $STEPS"
note "restarted t$tid as pid $newpids: same result"

# 2. Checkpoint without stopping; the image runs again afterwards.
console "spawn migtest $run2 $STEPS\n" >"$PVM_TMP/c4" 2>&1
POLL_MAX=400 wait_until steps_in "$run2" 20 || fail "second migtest"
tid2=$(tid_of "$run2")
console "checkpoint t$tid2 $PVM_TMP/img2\n" >"$PVM_TMP/c5" 2>&1
cat "$PVM_TMP/c5"
expect_grep "$PVM_TMP/c5" "t$tid2 checkpointed" "checkpoint"
POLL_MAX=600 wait_until has_done "$run2" || fail "t$tid2 does not finish"
[ "$(result_of "$run2")" = "$(result_of "$ref")" ] ||
    fail "a checkpoint changed the result of t$tid2"
expect_grep "$run2" "^hook resume\$" "the resume hook ran"
wait_until task_unlisted "$tid2" || fail "t$tid2 still listed"
mv "$run2" "$run2.first"
: >"$run2"
console "restart $PVM_TMP/img2\n" >"$PVM_TMP/c6" 2>&1
cat "$PVM_TMP/c6"
expect_grep "$PVM_TMP/c6" "^t$tid2 restarted" "second restart"
POLL_MAX=600 wait_until has_done "$run2" ||
    { track_pids "$run2"; fail "second restart hangs"; }
[ "$(result_of "$run2")" = "$(result_of "$ref")" ] ||
    fail "the image of t$tid2 ends with another result"

# 3. Two threads: refused, the task goes on.
console "spawn migtest -t $run3 $STEPS\n" >"$PVM_TMP/c7" 2>&1
POLL_MAX=400 wait_until steps_in "$run3" 10 || fail "migtest -t"
tid3=$(tid_of "$run3")
console "checkpoint t$tid3 $PVM_TMP/img3\n" >"$PVM_TMP/c8" 2>&1
cat "$PVM_TMP/c8"
expect_grep "$PVM_TMP/c8" "checkpoint: t$tid3: .*more than one thread" \
    "a two-thread task is refused"
[ -e "$PVM_TMP/img3" ] && fail "an image of a refused checkpoint"
POLL_MAX=600 wait_until has_done "$run3" || fail "refused task hangs"
[ "$(result_of "$run3")" = "$(result_of "$ref")" ] ||
    fail "a refused checkpoint changed the result"

# 4. Bad images.
head -c 1000 "$PVM_TMP/img" >"$PVM_TMP/bad"
console "restart $PVM_TMP/bad\nrestart $PVM_TMP/nonexistent\n" \
    >"$PVM_TMP/c9" 2>&1
cat "$PVM_TMP/c9"
expect_grep "$PVM_TMP/c9" "bad: not a complete checkpoint image" \
    "truncated image refused"
expect_grep "$PVM_TMP/c9" "nonexistent: " "missing image refused"
console "spawn migtest $PVM_TMP/run4 100000\n" >/dev/null 2>&1
POLL_MAX=400 wait_until steps_in "$PVM_TMP/run4" 2 || fail "fourth migtest"
tid4=$(tid_of "$PVM_TMP/run4")
console "checkpoint t$tid4 $PVM_TMP/img4\nrestart $PVM_TMP/img4\n" \
    >"$PVM_TMP/c10" 2>&1
cat "$PVM_TMP/c10"
expect_grep "$PVM_TMP/c10" "img4: its task id is in use" \
    "restart of a running TID refused"
console "kill t$tid4\n" >/dev/null 2>&1
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
