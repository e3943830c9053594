#!/bin/bash
# Messages across migrations (issue 6, items 3 and 7): a task computing
# a long deterministic result while it receives a steady stream of
# numbered messages from a task on another host is moved back and forth
# four times mid-stream; it receives every message exactly once and in
# order, and its result equals an unmoved run.
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_msgs
pvm_multi_init

. "$(dirname "$0")/migrate_lib.sh"
STEPS=1500
COUNT=1500

pvmd_start_master
pvm_add_hosts 1
master=$(console 'conf\n' 2>/dev/null | awk '$2 == "40000" { print $1 }')
[ -n "$master" ] || fail "no master host name in conf"


ref=$PVM_TMP/ref run=$PVM_TMP/run
console "spawn -$master migtest $ref $STEPS\nspawn -$master migtest -r $run $STEPS\n" \
    >"$PVM_TMP/c1" 2>&1
POLL_MAX=400 wait_until steps_in "$run" 5 || {
	cat "$PVM_TMP/c1"; fail "migtest does not run"; }
tid=$(tid_of "$run")
# The sender runs on 127.0.0.2 (TCP routes to the task's first host,
# the daemons' route while it is a guest), or with MIG_SENDER=master on
# the task's home (a shared-memory ring, then TCP routes to the guest).
sender=127.0.0.2
[ "${MIG_SENDER:-}" = master ] && sender=$master
console "spawn -$sender migtest -s $tid $COUNT 2\n" >"$PVM_TMP/c2" 2>&1
cat "$PVM_TMP/c2"

n=0
for to in 127.0.0.2 "$master" 127.0.0.2 "$master"; do
	n=$((n + 1))
	POLL_MAX=400 wait_until steps_in "$run" $((5 + n * 20)) ||
	    fail "t$tid stalls before move $n"
	has_done "$run" && fail "t$tid ended before move $n: too fast"
	console "migrate t$tid $to\n" >"$PVM_TMP/m$n" 2>&1
	cat "$PVM_TMP/m$n"
	track_pids "$run"
	expect_grep "$PVM_TMP/m$n" "^t$tid migrated" "move $n"
done
POLL_MAX=1200 wait_until has_done "$run" || {
	track_pids "$run"; tail -3 "$run"; fail "moved task does not finish"; }
track_pids "$run"
POLL_MAX=600 wait_until has_done "$ref" || fail "reference run hangs"
cat "$run" | grep -v '^step'
[ "$(result_of "$run")" = "$(result_of "$ref")" ] ||
    fail "result $(result_of "$run") after moves, $(result_of "$ref") unmoved"
expect_grep "$run" "^received $COUNT in order\$" \
    "every message exactly once, in order"
exit 0
