#!/bin/bash
# Debian's prebuilt timing and timing_slave on our library and daemon.
. "$(dirname "$0")/lib.sh"
compat_init debian_timing

[ -x /usr/bin/timing ] && [ -x /usr/bin/timing_slave ] ||
    skip "no /usr/bin/timing (pvm-examples)"
compat_hostfile /usr/bin
pvmd_start_ldpath
compat_run "$PVM_TMP/out" /usr/bin/timing
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "timing hung"
. "$(dirname "$0")/timing_check.sh"
timing_check "$PVM_TMP/out"
compat_check_loaded 2
exit 0
