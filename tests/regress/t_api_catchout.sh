#!/bin/bash
# pvm_catchout: a child's stdout and stderr come back to the parent's
# file as "[tTID] text" lines, the last one even without a newline, and
# pvm_exit waits for them.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_catchout

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
timeout 40 "$apitest" catchout >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "apitest catchout exited $rc"
tid=$(sed -n 's/^child t\([0-9a-f]*\)$/\1/p' "$PVM_TMP/out")
[ -n "$tid" ] || fail "no child TID"
for l in "line 1" "line 2" "line 3" "err line" "tail"; do
	expect_grep "$PVM_TMP/out" "^\[t$tid\] $l\$" "output line '$l'"
done
n1=$(grep -n "^\[t$tid\] line 1\$" "$PVM_TMP/out" | cut -d: -f1)
n3=$(grep -n "^\[t$tid\] line 3\$" "$PVM_TMP/out" | cut -d: -f1)
[ "$n1" -lt "$n3" ] || fail "output out of order"
exit 0
