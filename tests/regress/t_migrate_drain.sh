#!/bin/bash
# Draining a host (issue 6, item 4): "delete -m HOST" moves each task of
# HOST to the other hosts, one progress line per task, then deletes the
# host; the tasks keep running elsewhere and finish with the result of
# an unmoved run.  A drain with no other host to go to deletes nothing.
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_drain
pvm_multi_init
. "$(dirname "$0")/migrate_lib.sh"
STEPS=1500
N=3

pvmd_start_master
pvm_add_hosts 2

ref=$PVM_TMP/ref
console "spawn migtest $ref $STEPS\n" >"$PVM_TMP/c0" 2>&1
for i in $(seq 1 $N); do
	console "spawn -127.0.0.2 migtest $PVM_TMP/d.$i $STEPS\n" \
	    >"$PVM_TMP/c$i" 2>&1
done
for i in $(seq 1 $N); do
	POLL_MAX=400 wait_until steps_in "$PVM_TMP/d.$i" 5 ||
	    fail "task $i does not run"
	has_done "$PVM_TMP/d.$i" && fail "task $i ended before the drain"
done

console "delete -m 127.0.0.2\n" >"$PVM_TMP/drain" 2>&1
cat "$PVM_TMP/drain"
for i in $(seq 1 $N); do
	track_pids "$PVM_TMP/d.$i"
	tid=$(tid_of "$PVM_TMP/d.$i")
	expect_grep "$PVM_TMP/drain" "^127.0.0.2: t$tid moved to .* of $N)\$" \
	    "progress line for t$tid"
done
expect_grep "$PVM_TMP/drain" "^1 successful" "the host is deleted"
console 'conf\n' >"$PVM_TMP/conf" 2>&1
grep -q '127\.0\.0\.2' "$PVM_TMP/conf" && fail "127.0.0.2 still in conf"

POLL_MAX=600 wait_until has_done "$ref" || fail "reference run hangs"
for i in $(seq 1 $N); do
	POLL_MAX=1200 wait_until has_done "$PVM_TMP/d.$i" ||
	    fail "moved task $i does not finish"
	track_pids "$PVM_TMP/d.$i"
	[ "$(result_of "$PVM_TMP/d.$i")" = "$(result_of "$ref")" ] ||
	    fail "task $i: result changed by the move"
done

# Nowhere to go: the last slave cannot be drained onto itself alone
# when the master is being deleted too; nothing is deleted.
console "delete -m 127.0.0.3 $(console 'conf\n' 2>/dev/null |
    awk '$2 == "40000" { print $1 }')\n" >"$PVM_TMP/none" 2>&1
cat "$PVM_TMP/none"
expect_grep "$PVM_TMP/none" "no other host" "refusal with no host left"
console 'conf\n' >"$PVM_TMP/conf2" 2>&1
grep -q '127\.0\.0\.3' "$PVM_TMP/conf2" || fail "127.0.0.3 was deleted"
exit 0
