#!/bin/bash
# pvmd -f runs in the foreground, writes its pid file, creates its
# socket in a 0700 directory, enrolls a task, and exits on SIGTERM.
. "$(dirname "$0")/lib.sh"
pvm_test_init daemon_start

pvmd_start
[ "$(stat -c %a "$pvm_dir")" = 700 ] ||
    fail "$pvm_dir has mode $(stat -c %a "$pvm_dir"), not 700"
[ "$(stat -c %u "$pvm_sock")" = "$(id -u)" ] || fail "socket not ours"
pvm_enroll || fail "a task cannot enroll"
pvm_enroll || fail "a second task cannot enroll"

kill -TERM "$PVMD_PID"
pvmd_wait_exit "$PVMD_PID"
exit 0
