#!/bin/bash
# apitest nofile: see tests/regress/apitest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_nofile

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
timeout 40 "$apitest" nofile || fail "apitest nofile"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
