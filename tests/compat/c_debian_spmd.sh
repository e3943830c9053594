#!/bin/bash
# Debian's prebuilt spmd, 4 copies, on our library and daemon.
. "$(dirname "$0")/lib.sh"
compat_init debian_spmd

[ -x /usr/bin/spmd ] || skip "no /usr/bin/spmd (pvm-examples)"
need_prog "$apitest"
compat_hostfile /usr/bin
pvmd_start_ldpath
compat_run "$PVM_TMP/out" "$apitest" run 4 spmd
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "apitest run 4 spmd exited $rc"
expect_grep "$PVM_TMP/out" \
    "^\[t4[0-9a-f]{4}\] Pass a token through the +4 tid ring:" \
    "ring announcement"
expect_grep "$PVM_TMP/out" "^\[t4[0-9a-f]{4}\] token ring done" "ring done"
compat_check_loaded 5
exit 0
