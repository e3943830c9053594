#!/bin/bash
# apitest nobuf: see tests/regress/apitest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_nobuf

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
timeout 40 "$apitest" nobuf || fail "apitest nobuf"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
