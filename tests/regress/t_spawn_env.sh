#!/bin/bash
# A spawned task gets the variables named in its spawner's PVM_EXPORT and
# no others from the spawner, runs in the host's wd=, and gets its
# arguments; its output reaches the console's spawn ->.
. "$(dirname "$0")/lib.sh"
pvm_test_init spawn_env

pvmd_start
need_prog "$regress_dir/regtask"
export PVMREG_Y=exported PVMREG_Z=private PVM_EXPORT=PVMREG_Y
console 'spawn -> regtask env PVMREG_Y\nspawn -> regtask env PVMREG_Z\nquit\n' \
    >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
expect_grep "$PVM_TMP/out" '^\[1:t4[0-9a-f]{4}\] PVMREG_Y=exported$' \
    "exported variable reaches the task"
expect_grep "$PVM_TMP/out" '^\[2:t4[0-9a-f]{4}\] PVMREG_Z unset$' \
    "unexported variable stays with the spawner"
expect_grep "$PVM_TMP/out" "^\\[1:t4[0-9a-f]{4}\\] cwd=$PVM_TMP\$" \
    "the task runs in wd="
exit 0
