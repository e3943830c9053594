#!/bin/bash
# The migration demo (examples/migrate, issue 6 item 7): on one host it
# checkpoints its worker, stopping it, and restarts it; on three hosts
# it moves the worker around all of them (moves between two hosts that
# are not the worker's home included).  Every progress message arrives
# in order and the result matches the serial computation.
. "$(dirname "$0")/lib.sh"
pvm_test_init migrate_demo
pvm_multi_init

demo=$examples_dir/migrate
need_prog "$demo"
[ "$(uname -m)" = x86_64 ] || skip "migration is x86-64 only"
if readelf -d "$top_builddir/.libs/libpvm3.so.3" 2>/dev/null |
    grep -q libasan; then
	skip "a sanitizer build cannot checkpoint (shadow memory)"
fi
pvmd_start_master

# the worker's processes: restarted ones lose the tag the cleanup uses;
# ours run in this test's directory (a restart keeps the directory)
track_workers()
{
	local p

	for p in $(pgrep migrate_work); do
		[ "$(readlink "/proc/$p/cwd")" = "$PVM_TMP" ] && pvm_track "$p"
	done
}

(cd "$PVM_TMP" && timeout 50 "$demo" 3) >"$PVM_TMP/one" 2>&1
rc=$?
track_workers
cat "$PVM_TMP/one"
[ $rc -eq 0 ] || fail "migrate on one host exited $rc"
[ "$(grep -c 'checkpointed, stopped and restarted' "$PVM_TMP/one")" -eq 3 ] ||
    fail "not three checkpoints and restarts"
expect_grep "$PVM_TMP/one" "^migrate: 3 moves, result [0-9a-f]+ OK" \
    "result after restarts"

pvm_add_hosts 2
(cd "$PVM_TMP" && timeout 50 "$demo" 4) >"$PVM_TMP/three" 2>&1
rc=$?
track_workers
cat "$PVM_TMP/three"
[ $rc -eq 0 ] || fail "migrate on three hosts exited $rc"
[ "$(grep -c 'moved, worker now on 127\.0\.0\.[23]' "$PVM_TMP/three")" -ge 3 ] ||
    fail "the worker did not visit the other hosts"
expect_grep "$PVM_TMP/three" "moved, worker now on 127\.0\.0\.3" \
    "a move to the third host"
expect_grep "$PVM_TMP/three" "^migrate: 4 moves, result [0-9a-f]+ OK" \
    "result after moves"
exit 0
