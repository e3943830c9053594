#!/bin/bash
# The mailbox across hosts: it lives in the master pvmd.  A task on one
# slave puts, the master's task and a task on the other slave read; a
# WaitForInfo on one slave is released by a put on the other.  Then the
# first slave's pvmd is killed with SIGKILL: its tasks' entries vanish,
# their persistent ones stay with owner 0.  See tests/regress/mboxtest.c.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_mbox
pvm_multi_init

mboxtest=$regress_dir/mboxtest
need_prog "$mboxtest"
pvmd_start_master
pvm_add_hosts 2

out=$PVM_TMP/mbox.out
mkfifo "$PVM_TMP/go" || fail "mkfifo"
timeout 60 "$mboxtest" multi 127.0.0.2 127.0.0.3 <"$PVM_TMP/go" \
    >"$out" 2>&1 &
mpid=$!
pvm_track "$mpid"
exec 3>"$PVM_TMP/go"
wait_secs 30 grep -qx ready "$out" || { cat "$out"; fail "never ready"; }
pid=$(slave_pid 127.0.0.2)
[ -n "$pid" ] || fail "no pvmd for 127.0.0.2"
kill_wait "$pid"
echo go >&3
exec 3>&-
wait "$mpid"
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "mboxtest multi exited $rc"
expect_grep "$out" '^mboxtest: OK$' "mboxtest OK"
pid_alive "$MASTER_PID" || fail "master pvmd died"
exit 0
