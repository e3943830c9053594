#!/bin/bash
# PVM's inherita/inherit1/inherit2 from source: a task in a new context
# spawns a child that spawns a grandchild; every one reports the context
# it started in, and the messages only reach the parent in that context.
. "$(dirname "$0")/lib.sh"
compat_init inherit

compat_build inherita inherit1 inherit2
compat_hostfile "$compat_bin"
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$compat_bin/inherita" inherit1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "inherita hung"
[ $rc -eq 0 ] || fail "inherita exited $rc"

out=$PVM_TMP/out
orig=$(sed -n 's/.*with original context \([0-9-]*\)\..*/\1/p' "$out" |
    head -1)
ctx=$(sed -n 's/.*with changed context \([0-9-]*\)\..*/\1/p' "$out" |
    head -1)
[ "$orig" = 0 ] || fail "original context is '$orig', not 0"
[ -n "$ctx" ] && [ "$ctx" -gt 0 ] || fail "no new context ('$ctx')"
grep -q "inherit1 t[0-9a-f]* on machine <.*> with context $ctx\." "$out" ||
    fail "inherit1 did not start in context $ctx"
grep -q "inherit2 .*context $ctx\b" "$out" ||
    fail "inherit2 did not report context $ctx"
grep -q "END" "$out" || fail "no END from inherit1"
tail -1 "$out" | grep -q "with original context 0\." ||
    fail "context not restored at the end"
compat_check_loaded 3
exit 0
