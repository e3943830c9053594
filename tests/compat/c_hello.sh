#!/bin/bash
# PVM's hello, built from source on our library: hello spawns
# hello_other through ep= and prints its greeting.
. "$(dirname "$0")/lib.sh"
compat_init hello

compat_build hello hello_other
compat_hostfile "$compat_bin"
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$compat_bin/hello"
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "hello exited $rc"
expect_grep "$PVM_TMP/out" "^i'm t4[0-9a-f]{4}$" "hello's TID"
expect_grep "$PVM_TMP/out" \
    "^from t4[0-9a-f]{4}: hello, world from $(uname -n)" "the greeting"
compat_check_loaded 2
exit 0
