#!/bin/bash
# PVM's master1/slave1 from source: pvm_config, spawn of 3 slaves,
# pvm_mcast, a ring between the slaves, float results.
. "$(dirname "$0")/lib.sh"
compat_init master1

compat_build master1 slave1
compat_hostfile "$compat_bin"
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$compat_bin/master1"
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "master1 hung"
. "$(dirname "$0")/master1_check.sh"
master1_check "$PVM_TMP/out"
compat_check_loaded 4
exit 0
