#!/bin/bash
# conf lists the one host, by name, with its architecture.
. "$(dirname "$0")/lib.sh"
pvm_test_init console_conf

pvmd_start
console 'conf\n' >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
host=$(uname -n)
expect_grep "$PVM_TMP/out" "$host" "host name in conf"
expect_grep "$PVM_TMP/out" "$host.*LINUX64|LINUX64.*$host" \
    "host line with its architecture"
expect_grep "$PVM_TMP/out" "1 host" "host count"
exit 0
