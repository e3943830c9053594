#!/bin/bash
# The console spawns hello with its output sent to the console, then
# halts the machine.
. "$(dirname "$0")/lib.sh"
pvm_test_init console_hello

need_prog "$examples_dir/hello"
pvmd_start
console 'spawn -> hello\nhalt\n' >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
host=$(uname -n)
expect_grep "$PVM_TMP/out" "i'm t4[0-9a-f]{4}" "hello's own line"
expect_grep "$PVM_TMP/out" "from t4[0-9a-f]{4}: hello, world from $host" \
    "hello_other's greeting"
pvmd_wait_exit "$PVMD_PID"
exit 0
