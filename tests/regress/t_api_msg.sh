#!/bin/bash
# apitest msg: see tests/regress/apitest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_msg

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
timeout 60 "$apitest" msg || fail "apitest msg"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
