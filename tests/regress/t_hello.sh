#!/bin/bash
# hello, run from the shell, spawns hello_other (found through ep=) and
# prints its greeting with this host's name.
. "$(dirname "$0")/lib.sh"
pvm_test_init hello

need_prog "$examples_dir/hello"
pvmd_start
timeout 20 "$examples_dir/hello" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "hello exited $rc"
host=$(uname -n)
expect_grep "$PVM_TMP/out" "^i'm t4[0-9a-f]{4}$" "hello's TID"
expect_grep "$PVM_TMP/out" "^from t4[0-9a-f]{4}: hello, world from $host$" \
    "greeting"
me=$(sed -n "s/^i'm t//p" "$PVM_TMP/out")
other=$(sed -n 's/^from t\([0-9a-f]*\):.*/\1/p' "$PVM_TMP/out")
[ "$me" != "$other" ] || fail "hello and hello_other have one TID"
exit 0
