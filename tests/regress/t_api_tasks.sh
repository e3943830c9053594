#!/bin/bash
# apitest tasks: see tests/regress/apitest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_tasks

need_prog "$apitest"
need_prog "$regress_dir/regtask"
pvmd_start
timeout 40 "$apitest" tasks || fail "apitest tasks"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
