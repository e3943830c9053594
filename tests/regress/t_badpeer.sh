#!/bin/bash
# Broken frames from a local peer: each is refused, the link closed, the
# daemon keeps serving.
. "$(dirname "$0")/lib.sh"
pvm_test_init badpeer

need_prog "$badpeer"
pvmd_start
timeout 50 "$badpeer" -v || fail "badpeer reported failures"
pid_alive "$PVMD_PID" || fail "pvmd died"
pvm_enroll || fail "pvmd no longer serves"
exit 0
