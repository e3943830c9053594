#!/bin/bash
# A task spawned from the console shows up in ps -a, with its TID and
# name; pstat and kill by TID work on it.
. "$(dirname "$0")/lib.sh"
pvm_test_init console_ps

need_prog "$regress_dir/regtask"
pvmd_start
console 'spawn regtask\nps -a\n' >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
expect_grep "$PVM_TMP/out" "[0-9a-f]{5}.*regtask" "ps -a line of regtask"
tid=$(grep -E "regtask" "$PVM_TMP/out" | grep -Eo '\<t?4[0-9a-f]{4}\>' |
    head -1)
tid=${tid#t}
[ -n "$tid" ] || fail "no TID for regtask in ps -a"
note "regtask is t$tid"

console "pstat t$tid\nkill t$tid\n" >"$PVM_TMP/out2" 2>&1
cat "$PVM_TMP/out2"
expect_grep "$PVM_TMP/out2" "[Rr]un" "pstat of a running task"

gone()
{
	console 'ps -a\n' >"$PVM_TMP/out3" 2>&1
	! grep -q regtask "$PVM_TMP/out3"
}
wait_until gone || { cat "$PVM_TMP/out3"; fail "killed regtask still listed"; }
exit 0
