#!/bin/bash
# PvmNoReset and pvm_getnoresets; the console's reset spares the task
# that set PvmNoReset, kills the other and deletes the mailbox entries
# left without an owner.  See tests/regress/noresettest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init api_noreset

prog=$regress_dir/noresettest
need_prog "$prog"
pvmd_start
timeout 30 "$prog" setup >"$PVM_TMP/setup" 2>&1 ||
    { cat "$PVM_TMP/setup"; fail "setup failed"; }
read -r _ spare victim < <(grep '^tids ' "$PVM_TMP/setup")
[ -n "$victim" ] || { cat "$PVM_TMP/setup"; fail "no tids"; }
console 'reset\n' >"$PVM_TMP/reset" 2>&1
timeout 30 "$prog" check "$spare" "$victim" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "noresettest check exited $rc"
expect_grep "$PVM_TMP/out" '^noresettest: OK$' "noresettest OK"
pid_alive "$PVMD_PID" || fail "pvmd died"
exit 0
