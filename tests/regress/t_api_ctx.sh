#!/bin/bash
# Contexts, message handlers, pvm_pkmesg, pvm_hostsync: see
# tests/regress/ctxtest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_ctx

ctxtest=$regress_dir/ctxtest
need_prog "$ctxtest"
pvmd_start
timeout 60 "$ctxtest" || fail "ctxtest"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
