#!/bin/bash
# PVM's starter from source (pvm_catchout, pvm_tasks, pvmsleep) runs 3
# copies of spmd and waits for them.
. "$(dirname "$0")/lib.sh"
compat_init starter

compat_build starter spmd
compat_hostfile "$compat_bin"
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$compat_bin/starter" -n 3 spmd
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "starter hung"
expect_grep "$PVM_TMP/out" "^spmd program to be spawned 3 times" "banner"
expect_grep "$PVM_TMP/out" "Pass a token through the +3 tid ring:" \
    "ring announcement"
expect_grep "$PVM_TMP/out" "token ring done" "ring done"
compat_check_loaded 4
exit 0
