#!/bin/bash
# Debian's prebuilt master1 and slave1 on our library and daemon.
. "$(dirname "$0")/lib.sh"
compat_init debian_master1

[ -x /usr/bin/master1 ] && [ -x /usr/bin/slave1 ] ||
    skip "no /usr/bin/master1 (pvm-examples)"
compat_hostfile /usr/bin
pvmd_start_ldpath
compat_run "$PVM_TMP/out" /usr/bin/master1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "master1 hung"
. "$(dirname "$0")/master1_check.sh"
master1_check "$PVM_TMP/out"
compat_check_loaded 4
exit 0
