#!/bin/bash
# PVM's timing/timing_slave from source: direct route option, round
# trips and PvmDataRaw messages up to 1 MB, pvm_kill of the slave.
. "$(dirname "$0")/lib.sh"
compat_init timing

compat_build timing timing_slave
compat_hostfile "$compat_bin"
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$compat_bin/timing"
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "timing hung"
. "$(dirname "$0")/timing_check.sh"
timing_check "$PVM_TMP/out"
compat_check_loaded 2
exit 0
