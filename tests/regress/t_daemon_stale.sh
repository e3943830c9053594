#!/bin/bash
# A pvmd killed with SIGKILL leaves its socket and pid file behind; the
# next pvmd notices nobody listens, replaces them and serves.
. "$(dirname "$0")/lib.sh"
pvm_test_init daemon_stale

pvmd_start
first=$PVMD_PID
kill -KILL "$first"
pvmd_wait_exit "$first"
sock_exists || fail "the killed pvmd's socket is gone: nothing to test"

pvmd_start
[ "$PVMD_PID" != "$first" ] || fail "same pid"
pvm_enroll || fail "new pvmd does not serve on the old path"
exit 0
